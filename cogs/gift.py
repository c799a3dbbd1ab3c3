"""/gift info and /gift list: the gift catalogue as this server sees it (custom gifts included)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.errors import InvalidInput, NotFound
from bot.core.ui import OwnedView
from bot.money.model.catalogue import Catalogue, Gift
from bot.money.model.economy import Rates, format_int
from bot.money.render import GIFTS_PER_PAGE, choice_name, gift_info_embed, gift_list_embed

if TYPE_CHECKING:
    from bot.core.app import LiveCoach

MAX_FILTER_COINS = 10_000_000
PRIVATE = "Only you see the answer (default: everyone in the channel)"


def unknown_gift(name: str, catalogue: Catalogue) -> NotFound:
    """ "I don't know the gift …" with the closest names and their prices."""
    shown = " ".join(name.split())[:40] or "(empty)"
    closest = catalogue.closest(name[:80], 3)
    if closest:
        hint = ", ".join(f"{g.name} ({format_int(g.coins)} coins)" for g in closest)
        return NotFound(f"I don't know the gift “{shown}”. Closest: {hint}. Pick one from the list.")
    return NotFound(f"I don't know the gift “{shown}”. Pick one from the list or see /gift list.")


def gift_choices(catalogue: Catalogue, current: str) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=choice_name(g), value=g.name) for g in catalogue.search(current, 25)]


class GiftListView(OwnedView):
    """Previous/Next over a filtered gift list; only the member who ran /gift list can page."""

    def __init__(
        self, owner_id: int, gifts: Sequence[Gift], rates: Rates, catalogue_date: date, heading: str
    ) -> None:
        super().__init__(owner_id)
        self.gifts = gifts
        self.rates = rates
        self.catalogue_date = catalogue_date
        self.heading = heading
        self.page = 0
        self.pages = max(1, -(-len(gifts) // GIFTS_PER_PAGE))
        self._sync_buttons()

    def embed(self) -> discord.Embed:
        return gift_list_embed(self.gifts, self.page, self.rates, self.catalogue_date, self.heading)

    def _sync_buttons(self) -> None:
        self.previous.disabled = self.page <= 0
        self.next.disabled = self.page >= self.pages - 1

    async def _show(self, interaction: discord.Interaction[Any], page: int) -> None:
        self.page = min(max(page, 0), self.pages - 1)
        self._sync_buttons()
        await interaction.response.edit_message(embed=self.embed(), view=self)

    @discord.ui.button(label="Previous", style=discord.ButtonStyle.secondary, custom_id="gift-list:previous")
    async def previous(self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]) -> None:
        await self._show(interaction, self.page - 1)

    @discord.ui.button(label="Next", style=discord.ButtonStyle.primary, custom_id="gift-list:next")
    async def next(self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]) -> None:
        await self._show(interaction, self.page + 1)


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
        ctx = await self.bot.money.context(interaction.guild_id or 0)
        gift = ctx.catalogue.get(name)
        if gift is None:
            raise unknown_gift(name, ctx.catalogue)
        embed = ctx.memo(("gift info", gift.name), lambda: gift_info_embed(gift, ctx.catalogue, ctx.rates))
        await interaction.response.send_message(embed=embed, ephemeral=private)

    @info.autocomplete("name")
    async def info_name(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        guild_id = interaction.guild_id or 0
        ctx = self.bot.money.cached(guild_id) or await self.bot.money.context(guild_id)
        return gift_choices(ctx.catalogue, current)

    @app_commands.command(name="list", description="Every gift with its price, page by page")
    @app_commands.describe(
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
        min_coins: app_commands.Range[int, 0, MAX_FILTER_COINS] | None = None,
        max_coins: app_commands.Range[int, 0, MAX_FILTER_COINS] | None = None,
        sort: str = "coins",
        private: bool = False,
    ) -> None:
        low = 0 if min_coins is None else min_coins
        high = MAX_FILTER_COINS if max_coins is None else max_coins
        if not 0 <= low <= MAX_FILTER_COINS or not 0 <= high <= MAX_FILTER_COINS:
            raise InvalidInput(f"Use coin limits from 0 to {MAX_FILTER_COINS:,}.")
        if low > high:
            raise InvalidInput("Set min_coins at or below max_coins.")
        ctx = await self.bot.money.context(interaction.guild_id or 0)
        gifts = [g for g in ctx.catalogue.gifts if low <= g.coins <= high]
        if sort == "name":
            gifts.sort(key=lambda g: (g.name.casefold(), g.coins))
        if not gifts:
            raise NotFound("No gift costs between those amounts: widen min_coins or max_coins.")
        heading = _heading(len(gifts), min_coins, max_coins, sort)
        view = GiftListView(interaction.user.id, gifts, ctx.rates, ctx.catalogue.date, heading)
        if view.pages == 1:
            await interaction.response.send_message(embed=view.embed(), ephemeral=private)
            view.stop()
            return
        await interaction.response.send_message(embed=view.embed(), view=view, ephemeral=private)
        view.message = await interaction.original_response()


def _heading(count: int, min_coins: int | None, max_coins: int | None, sort: str) -> str:
    parts = [f"{format_int(count)} gifts"]
    if min_coins is not None:
        parts.append(f"from {format_int(min_coins)} coins")
    if max_coins is not None:
        parts.append(f"up to {format_int(max_coins)} coins")
    parts.append("by name" if sort == "name" else "cheapest first")
    return ", ".join(parts[:1]) + (" " + " ".join(parts[1:-1]) if len(parts) > 2 else "") + f" ({parts[-1]})."


async def setup(bot: LiveCoach) -> None:
    await bot.add_cog(GiftCog(bot))
