"""/gift info and /gift list: the gift catalogue as this server sees it (custom gifts included)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.errors import InvalidInput, NotFound
from bot.core.interaction import guild_id
from bot.core.ui import Pager, send_pager
from bot.i18n import _, ngettext
from bot.i18n import current as current_locale
from bot.money.model.catalogue import Catalogue, Gift
from bot.money.model.economy import Rates, format_int
from bot.money.render import GIFTS_PER_PAGE, choice_name, clip, coins_text, gift_info_embed, gift_list_embed
from bot.money.reply import PRIVATE

if TYPE_CHECKING:
    from bot.core.app import LiveCoach

MAX_FILTER_COINS = 10_000_000
MAX_SEARCH_LENGTH = 60
JUMP_OPTIONS = 25  # Discord's limit for one select menu


def unknown_gift(name: str, catalogue: Catalogue) -> NotFound:
    """ "I don't know the gift …" with the closest names and their prices."""
    shown = " ".join(name.split())[:40] or _("(empty)")
    closest = catalogue.closest(name[:80], 3)
    if closest:
        hint = ", ".join(f"{g.name} ({coins_text(g.coins)})" for g in closest)
        return NotFound(
            _(
                "I don't know the gift “{name}”. Closest: {hint}. Pick one from the list.",
                name=shown,
                hint=hint,
            )
        )
    return NotFound(
        _("I don't know the gift “{name}”. Pick one from the list or see /gift list.", name=shown)
    )


def gift_choices(catalogue: Catalogue, current: str) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=choice_name(g), value=g.name) for g in catalogue.search(current, 25)]


def page_label(chunk: Sequence[Gift], sort: str) -> str:
    """What a page holds, for the jump menu: ``"Galaxy … Lion"`` by name, ``"1,000–29,999 coins"`` by price."""
    first, last = chunk[0], chunk[-1]
    if sort == "name":
        return clip(f"{first.name} … {last.name}", 90)
    if first.coins == last.coins:
        return coins_text(first.coins)
    return f"{format_int(first.coins)}–{coins_text(last.coins)}"


class JumpSelect(discord.ui.Select[Pager]):
    """Go straight to a page of a long gift list (Previous/Next stay for small steps)."""

    def __init__(self, pager: Pager, labels: Sequence[str]) -> None:
        options = [
            discord.SelectOption(
                label=clip(_("Page {page}: {label}", page=i + 1, label=label), 100), value=str(i)
            )
            for i, label in enumerate(labels[:JUMP_OPTIONS])
        ]
        super().__init__(
            placeholder=_("Jump to a page…"),
            options=options,
            custom_id=f"gift-list:jump:{secrets.token_hex(4)}",
        )
        self.pager = pager

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        target = int(self.values[0])
        await self.pager._turn(interaction, target - self.pager.page)


def gift_pager(
    owner_id: int, gifts: Sequence[Gift], rates: Rates, catalogue: Catalogue, heading: str, sort: str
) -> Pager:
    pager = Pager.of_items(
        owner_id,
        gifts,
        GIFTS_PER_PAGE,
        lambda chunk, page, pages: gift_list_embed(chunk, page, pages, rates, catalogue, heading),
        prefix="gift-list",
    )
    if pager.pages > 2:
        chunks = [gifts[i : i + GIFTS_PER_PAGE] for i in range(0, len(gifts), GIFTS_PER_PAGE)]
        pager.add_item(JumpSelect(pager, [page_label(chunk, sort) for chunk in chunks]))
    return pager


@app_commands.guild_only()
class GiftCog(
    commands.GroupCog, group_name="gift", group_description="Look up TikTok gifts and their prices"
):
    """The gift catalogue: prices, payouts, history."""

    help_section = (20, "Gift catalogue")

    def __init__(self, bot: LiveCoach) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="info", description="One gift: price, creator payout, viewer cost and history")
    @app_commands.describe(name="The gift's name, e.g. Lion", private=PRIVATE)
    async def info(
        self, interaction: discord.Interaction, name: app_commands.Range[str, 1, 100], private: bool = False
    ) -> None:
        ctx, rates = await self.bot.money.for_member(guild_id(interaction), interaction.user.id)
        gift = ctx.catalogue.get(name)
        if gift is None:
            raise unknown_gift(name, ctx.catalogue)
        embed = ctx.memo(
            ("gift info", gift.name, rates, current_locale()),
            lambda: gift_info_embed(gift, ctx.catalogue, rates),
        )
        await interaction.response.send_message(embed=embed, ephemeral=private)

    @info.autocomplete("name")
    async def info_name(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        server = guild_id(interaction)
        ctx = self.bot.money.cached(server) or await self.bot.money.context(server)
        return gift_choices(ctx.catalogue, current)

    @app_commands.command(
        name="list", description="Every gift with its price: search, filter, jump to a page"
    )
    @app_commands.describe(
        search="Only gifts whose name matches, e.g. heart or universe",
        min_coins="Only gifts costing at least this many coins",
        max_coins="Only gifts costing at most this many coins",
        sort="Order by price (default) or by name",
        private=PRIVATE,
    )
    @app_commands.choices(
        sort=[
            app_commands.Choice(name="coins", value="coins"),
            app_commands.Choice(name="name", value="name"),
        ]
    )
    async def list_gifts(
        self,
        interaction: discord.Interaction,
        search: app_commands.Range[str, 1, MAX_SEARCH_LENGTH] | None = None,
        min_coins: app_commands.Range[int, 0, MAX_FILTER_COINS] | None = None,
        max_coins: app_commands.Range[int, 0, MAX_FILTER_COINS] | None = None,
        sort: str = "coins",
        private: bool = False,
    ) -> None:
        low = 0 if min_coins is None else min_coins
        high = MAX_FILTER_COINS if max_coins is None else max_coins
        if not 0 <= low <= MAX_FILTER_COINS or not 0 <= high <= MAX_FILTER_COINS:
            raise InvalidInput(_("Use coin limits from 0 to {max}.", max=format_int(MAX_FILTER_COINS)))
        if low > high:
            raise InvalidInput(_("Set min_coins at or below max_coins."))
        query = " ".join((search or "").split())
        if search is not None and (not query or len(query) > MAX_SEARCH_LENGTH):
            raise InvalidInput(
                _("Search with a word from a gift's name (up to {max} characters).", max=MAX_SEARCH_LENGTH)
            )
        ctx, rates = await self.bot.money.for_member(guild_id(interaction), interaction.user.id)
        pool = ctx.catalogue.containing(query) if query else list(ctx.catalogue.gifts)
        gifts = [g for g in pool if low <= g.coins <= high]
        if sort == "name":
            gifts.sort(key=lambda g: (g.name.casefold(), g.coins))
        elif query:
            gifts.sort(key=lambda g: (g.coins, g.name.casefold()))
        if not gifts:
            if query:
                raise NotFound(
                    _(
                        "No gift matches “{query}” at those prices: try another word or /gift list.",
                        query=query[:40],
                    )
                )
            raise NotFound(_("No gift costs between those amounts: widen min_coins or max_coins."))
        heading = _heading(len(gifts), query, min_coins, max_coins, sort)
        pager = gift_pager(interaction.user.id, gifts, rates, ctx.catalogue, heading, sort)
        if pager.pages == 1:
            await interaction.response.send_message(embed=await pager.first_page(), ephemeral=private)
            pager.stop()
        elif private:
            await send_pager(interaction, pager)
        else:
            await interaction.response.send_message(embed=await pager.first_page(), view=pager)
            pager.message = await interaction.original_response()


def _heading(count: int, query: str, min_coins: int | None, max_coins: int | None, sort: str) -> str:
    parts = [ngettext("{n} gift", "{n} gifts", count)]
    if query:
        parts.append(_("matching “{query}”", query=query[:40]))
    if min_coins is not None:
        parts.append(_("from {coins}", coins=coins_text(min_coins)))
    if max_coins is not None:
        parts.append(_("up to {coins}", coins=coins_text(max_coins)))
    order = _("by name") if sort == "name" else _("cheapest first")
    return " ".join(parts) + f" ({order})."


async def setup(bot: LiveCoach) -> None:
    await bot.add_cog(GiftCog(bot))
