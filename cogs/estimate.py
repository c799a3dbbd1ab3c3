"""/estimate: what gifts, coins and diamonds are worth, what a target needs, and what likes (don't) pay."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.errors import InvalidInput
from bot.core.format import count
from bot.core.interaction import guild_id
from bot.core.ui import OwnedView
from bot.i18n import _
from bot.i18n import current as current_locale
from bot.money.model.amounts import SYMBOLS, parse_amount
from bot.money.model.catalogue import Catalogue, Gift
from bot.money.model.economy import (
    MAX_COINS,
    MAX_DIAMONDS,
    MemberRate,
    Rates,
    estimate_gifts,
    format_money,
    load_currencies,
    target_plan,
    to_decimal,
    unusual_rates,
    with_member_rate,
)
from bot.money.model.gift_parser import MAX_TEXT_LENGTH, ParsedGifts, parse_gifts
from bot.money.render import (
    choice_label,
    coins_embed,
    diamonds_embed,
    gift_estimate_embed,
    likes_estimate_embed,
    member_rate_embed,
    pending_embed,
    pending_placeholder,
    target_embed,
)
from bot.money.reply import PRIVATE, respond

if TYPE_CHECKING:
    from bot.core.app import LiveCoach

MAX_LIKES = 10**10
MAX_VIEWERS = 10**8
MAX_MINUTES = 1440


def check_range(value: int, low: int, high: int, sentence: str) -> int:
    """``value`` if ``low <= value <= high`` (Discord's own bounds are not re-checked by discord.py)."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(sentence)
    return value


def estimate_answer(parsed: ParsedGifts, rates: Rates, catalogue: Catalogue) -> discord.Embed:
    return gift_estimate_embed(estimate_gifts(parsed.lines, rates), catalogue, parsed)


class GiftChoiceView(OwnedView):
    """One select menu per ambiguous name; once each is picked, the estimate replaces the question."""

    def __init__(self, owner_id: int, parsed: ParsedGifts, rates: Rates, catalogue: Catalogue) -> None:
        super().__init__(owner_id)
        self.parsed = parsed
        self.rates = rates
        self.catalogue = catalogue
        self.picks: dict[int, Gift] = {}
        for index, pending in enumerate(parsed.pending):
            self.add_item(_ChoiceSelect(self, index, pending.choices, pending_placeholder(pending)))

    async def picked(self, interaction: discord.Interaction[Any], index: int, gift: Gift) -> None:
        self.picks[index] = gift
        if len(self.picks) < len(self.parsed.pending):
            for item in self.children:
                if isinstance(item, _ChoiceSelect) and item.index == index:
                    item.disabled = True
                    item.placeholder = f"{gift.name} ✓"[:150]
            await interaction.response.edit_message(view=self)
            return
        embed = estimate_answer(self.parsed.choose(self.picks), self.rates, self.catalogue)
        await interaction.response.edit_message(embed=embed, view=None)
        self.stop()


class _ChoiceSelect(discord.ui.Select[GiftChoiceView]):
    def __init__(
        self, owner: GiftChoiceView, index: int, choices: tuple[Gift, ...], placeholder: str
    ) -> None:
        options = [
            discord.SelectOption(label=choice_label(gift), value=str(position))
            for position, gift in enumerate(choices[:25])
        ]
        super().__init__(
            placeholder=placeholder, options=options, custom_id=f"estimate-choice:{index}:{id(owner):x}"
        )
        self.owner = owner
        self.index = index
        self.choices = choices

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        gift = self.choices[int(self.values[0])]
        await self.owner.picked(interaction, self.index, gift)


def target_amount(text: str, rates: Rates) -> tuple[Decimal, str | None]:
    """The target in the server currency, and a note on how the text was read (or converted)."""
    amount = parse_amount(text, frozenset(load_currencies()))
    value, note = amount.value, amount.note
    currency = amount.currency
    server = rates.currency
    if currency is not None and currency != server:
        server_symbol = load_currencies()[server].symbol
        typed_symbol = next((sym for sym, code in SYMBOLS.items() if code == currency and sym in text), None)
        if typed_symbol is not None and typed_symbol == server_symbol:
            currency = server  # "$" in a CAD server means CAD
        elif currency == "USD":
            converted = value * rates.currency_per_usd
            conversion = _(
                "Converted {usd} to {converted} at {rate} {currency} per USD.",
                usd=format_money(value, "USD"),
                converted=format_money(converted, server),
                rate=format(rates.currency_per_usd.normalize(), "f"),
                currency=server,
            )
            note = f"{note} {conversion}" if note else conversion
            value = converted
        else:
            if server == "USD":
                raise InvalidInput(_("This server counts money in USD: write the target in USD, e.g. 100."))
            raise InvalidInput(
                _(
                    "This server counts money in {currency}: write the target in {currency} or USD, e.g. 100.",
                    currency=server,
                )
            )
    return value, note


def parse_percent(text: str) -> Decimal:
    cleaned = text.strip().removesuffix("%").strip().replace(",", ".")
    if not cleaned or len(cleaned) > 10:
        raise InvalidInput(_("Write the agency cut as a percentage, e.g. 20 for 20 %."))
    return to_decimal(cleaned, _("the agency cut"))


@app_commands.guild_only()
class Estimate(commands.GroupCog, group_name="estimate", group_description="What TikTok gifts are worth"):
    """Money answers: gifts, coins, diamonds, targets and likes."""

    help_section = (10, "Money estimates")

    def __init__(self, bot: LiveCoach) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="gifts", description="What a list of gifts is worth, e.g. 2 lions, 100 roses")
    @app_commands.describe(
        text="Gifts with counts, e.g. “3 lions 50 roses” or “2 Lions + 1 Galaxy”", private=PRIVATE
    )
    async def gifts(
        self,
        interaction: discord.Interaction,
        text: app_commands.Range[str, 1, MAX_TEXT_LENGTH],
        private: bool = False,
    ) -> None:
        ctx, rates = await self.bot.money.for_member(guild_id(interaction), interaction.user.id)
        locale = current_locale()
        parsed = ctx.memo(("parse gifts", text, locale), lambda: parse_gifts(text, ctx.catalogue))
        if parsed.pending:
            view = GiftChoiceView(interaction.user.id, parsed, rates, ctx.catalogue)
            await respond(interaction, pending_embed(parsed), private, view=view)
            view.message = await interaction.original_response()
            return
        embed = ctx.memo(
            ("estimate gifts", text, rates, locale), lambda: estimate_answer(parsed, rates, ctx.catalogue)
        )
        await interaction.response.send_message(embed=embed, ephemeral=private)

    @app_commands.command(name="coins", description="What gifts worth this many coins pay the creator")
    @app_commands.describe(coins="Coins of gifts, e.g. 1000", private=PRIVATE)
    async def coins(
        self,
        interaction: discord.Interaction,
        coins: app_commands.Range[int, 1, MAX_COINS],
        private: bool = False,
    ) -> None:
        check_range(coins, 1, MAX_COINS, _("Use a number of coins from 1 to {max}.", max=count(MAX_COINS)))
        ctx, rates = await self.bot.money.for_member(guild_id(interaction), interaction.user.id)
        await interaction.response.send_message(
            embed=coins_embed(coins, rates, ctx.catalogue.date), ephemeral=private
        )

    @app_commands.command(name="diamonds", description="What diamonds pay out and what viewers spent on them")
    @app_commands.describe(diamonds="Diamonds received, e.g. 40000", private=PRIVATE)
    async def diamonds(
        self,
        interaction: discord.Interaction,
        diamonds: app_commands.Range[int, 1, MAX_DIAMONDS],
        private: bool = False,
    ) -> None:
        check_range(
            diamonds, 1, MAX_DIAMONDS, _("Use a number of diamonds from 1 to {max}.", max=count(MAX_DIAMONDS))
        )
        ctx, rates = await self.bot.money.for_member(guild_id(interaction), interaction.user.id)
        await interaction.response.send_message(
            embed=diamonds_embed(diamonds, rates, ctx.catalogue.date), ephemeral=private
        )

    @app_commands.command(name="target", description="What viewers must gift for you to earn an amount")
    @app_commands.describe(amount="Payout you want, e.g. 100, 1,000.50, 50k, $500 or 500 €", private=PRIVATE)
    async def target(
        self, interaction: discord.Interaction, amount: app_commands.Range[str, 1, 30], private: bool = False
    ) -> None:
        ctx, rates = await self.bot.money.for_member(guild_id(interaction), interaction.user.id)
        embed = ctx.memo(
            ("estimate target", amount, rates, current_locale()),
            lambda: self._target(amount, rates, ctx.catalogue),
        )
        await interaction.response.send_message(embed=embed, ephemeral=private)

    @staticmethod
    def _target(amount: str, rates: Rates, catalogue: Catalogue) -> discord.Embed:
        value, note = target_amount(amount, rates)
        return target_embed(target_plan(value, rates, catalogue), catalogue.date, note)

    @app_commands.command(
        name="my-rate", description="Your own payout per diamond and agency cut (your answers only)"
    )
    @app_commands.describe(
        usd_per_diamond="What you are paid per diamond in USD, e.g. 0.0048 (default: this server's rate)",
        agency_cut="Percent your agency keeps, e.g. 20 (default: none)",
        reset="Forget your own figures and use this server's again",
    )
    async def my_rate(
        self,
        interaction: discord.Interaction,
        usd_per_diamond: app_commands.Range[str, 1, 30] | None = None,
        agency_cut: app_commands.Range[str, 1, 10] | None = None,
        reset: bool = False,
    ) -> None:
        server = guild_id(interaction)
        user_id = interaction.user.id
        ctx = await self.bot.money.context(server)
        if reset:
            if usd_per_diamond or agency_cut:
                raise InvalidInput(
                    _("Use reset on its own, then set your figures with another /estimate my-rate.")
                )
            await self.bot.money.set_member_rate(server, user_id, None)
            embed = member_rate_embed(None, ctx.rates, ctx.catalogue, _("Back to this server's rate"))
            await interaction.response.send_message(embed=embed, ephemeral=True)
            return
        current = await self.bot.money.member_rate(server, user_id)
        if not usd_per_diamond and not agency_cut:
            rates = with_member_rate(ctx.rates, current)
            embed = member_rate_embed(current, rates, ctx.catalogue, _("Your payout figures here"))
            await interaction.response.send_message(embed=embed, ephemeral=True)
            return
        per = (
            to_decimal(usd_per_diamond.strip().lstrip("$").replace(",", "."), _("USD per diamond"))
            if usd_per_diamond
            else None
        )
        cut = parse_percent(agency_cut) if agency_cut else None
        own = MemberRate(
            per if per is not None else (current.usd_per_diamond if current else None),
            cut if cut is not None else (current.agency_cut if current else None),
        )
        rates = with_member_rate(ctx.rates, own)  # validates: one sentence for an impossible value
        await self.bot.money.set_member_rate(server, user_id, own)
        embed = member_rate_embed(own, rates, ctx.catalogue, _("Your payout figures are saved"))
        warnings = unusual_rates(rates, ["usd_per_diamond"] if per is not None else ["-"])
        if warnings:
            embed.description = (
                " ".join(warnings) + " " + _("Saved anyway: fix it with another /estimate my-rate.")
            )
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="likes", description="Do likes pay? What they go along with in this server")
    @app_commands.describe(
        likes="Likes in a LIVE, e.g. 50000",
        viewers="Peak viewers in that LIVE (optional)",
        minutes="How long the LIVE lasted, in minutes (optional)",
        private=PRIVATE,
    )
    async def likes(
        self,
        interaction: discord.Interaction,
        likes: app_commands.Range[int, 1, MAX_LIKES],
        viewers: app_commands.Range[int, 1, MAX_VIEWERS] | None = None,
        minutes: app_commands.Range[int, 1, MAX_MINUTES] | None = None,
        private: bool = False,
    ) -> None:
        check_range(likes, 1, MAX_LIKES, _("Use a number of likes from 1 to {max}.", max=count(MAX_LIKES)))
        if viewers is not None:
            check_range(
                viewers, 1, MAX_VIEWERS, _("Use a number of viewers from 1 to {max}.", max=count(MAX_VIEWERS))
            )
        if minutes is not None:
            check_range(
                minutes,
                1,
                MAX_MINUTES,
                _("Use a LIVE length from 1 to {max} minutes.", max=count(MAX_MINUTES)),
            )
        data = await self.bot.money.likes_data(
            guild_id(interaction),
            lambda: interaction.response.defer(ephemeral=private, thinking=True),
            run=self.bot.offload.run,
        )
        await respond(interaction, likes_estimate_embed(likes, viewers, minutes, data), private)


async def setup(bot: LiveCoach) -> None:
    await bot.add_cog(Estimate(bot))
