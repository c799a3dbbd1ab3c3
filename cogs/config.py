"""/config: this server's money assumptions, custom gifts, time zone and log channel (Manage Server)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import TYPE_CHECKING

import discord
from babel import numbers as babel_numbers
from discord import app_commands
from discord.ext import commands
from discord.utils import escape_markdown

from bot.core.checks import admin_command
from bot.core.errors import InvalidInput, NotFound
from bot.core.format import babel_locale, decimal_symbols
from bot.core.interaction import guild_id as get_guild_id
from bot.core.options import TextChannelOption, TimeZone
from bot.core.text import isolated, require_visible
from bot.core.ui import ConfirmView, send_owned
from bot.i18n import N_, _, ngettext, pgettext
from bot.i18n.context import DEFAULT_LOCALE, NATIVE_NAMES, SUPPORTED, post_locale
from bot.i18n.context import current as current_locale
from bot.money.model.catalogue import MAX_CUSTOM_GIFT_COINS, make_custom_gift
from bot.money.model.economy import get_currency, load_currencies, to_decimal, unusual_rates
from bot.money.rates import rates_for
from bot.money.render import clip, config_embed, rates_changed_embed

if TYPE_CHECKING:
    from bot.core.app import LiveCoach

TIMEZONE_CHANGED_EVENT = "livecoach_timezone_changed"
"""Dispatched as ``on_livecoach_timezone_changed(guild_id, zone)`` after /config timezone."""

_NUMBER_OPTIONS = {
    "usd_per_diamond": ("usd_per_diamond", N_("USD per diamond")),
    "diamonds_per_coin": ("diamonds_per_coin", N_("diamonds per coin")),
    "viewer_low": ("viewer_usd_per_coin_low", N_("the low viewer price per coin")),
    "viewer_high": ("viewer_usd_per_coin_high", N_("the high viewer price per coin")),
}
_EXCHANGE_RATE = N_("the exchange rate")


def parse_number(text: str, what: str) -> Decimal:
    """An exact Decimal from what the admin typed ("0.0045", "$0.004", "1_000"; "0,004" where "," is decimal).

    ``what`` is an English :func:`N_` name, translated here. A lone comma is the decimal mark
    in the languages that write one (de, pt-BR, fr…), so ``0,004`` is never read as 4.
    """
    shown = _(what)
    cleaned = text.strip().lstrip("$").strip()
    if not cleaned or len(cleaned) > 30:
        raise InvalidInput(
            _("Write {what} as a plain number, e.g. {example}.", what=shown, example=_example())
        )
    if decimal_symbols()[0] == "," and cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    return to_decimal(cleaned, shown)


def _example() -> str:
    """``0.005`` written with the member's decimal mark (``0,005`` in de)."""
    return "0" + decimal_symbols()[0] + "005"


def currency_choices(current: str) -> list[app_commands.Choice[str]]:
    """Currencies whose code, English name or name in the member's language contains ``current``."""
    needle = current.strip().casefold()
    currencies = load_currencies()
    names = {code: currency_name(code, info.name) for code, info in currencies.items()}
    ranked = sorted(
        (
            (0 if code.casefold().startswith(needle) else 1, code)
            for code, info in currencies.items()
            if needle in code.casefold() or needle in info.name.casefold() or needle in names[code].casefold()
        ),
    )
    return [
        app_commands.Choice(name=f"{code} — {names[code]}"[:100], value=code) for _rank, code in ranked[:25]
    ]


def currency_name(code: str, english: str) -> str:
    """The currency's name in the answer's language (CLDR through Babel), else its English name."""
    locale = current_locale()
    if locale == DEFAULT_LOCALE:
        return english
    try:
        return str(babel_numbers.get_currency_name(code, locale=babel_locale(locale)))
    except (KeyError, ValueError):
        return english


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class Config(
    commands.GroupCog, group_name="config", group_description="Server settings: rates, gifts, time zone"
):
    """Server settings (Manage Server): rates, currency, custom gifts, time zone, log channel."""

    help_section = (80, "Server settings (Manage Server)")

    gift = app_commands.Group(name="gift", description="Add or remove this server's own gifts")

    def __init__(self, bot: LiveCoach) -> None:
        self.bot = bot
        super().__init__()

    # -- rates ----------------------------------------------------------------------------------
    @admin_command(
        "rates",
        "Change the rates every money answer here uses",
        usd_per_diamond="Creator payout per diamond in USD (default 0.005)",
        diamonds_per_coin="Diamonds the creator gets per coin of gifts (default 1)",
        viewer_low="Lowest USD a viewer pays per coin (default 0.0106, web store)",
        viewer_high="Highest USD a viewer pays per coin (default 0.0141, in-app)",
        currency="Currency for payouts, an ISO code such as EUR (default USD)",
        currency_per_usd="How many units of that currency one US dollar buys, e.g. 0.92",
        reset="Restore every rate and the currency to the community defaults",
    )
    async def rates(
        self,
        interaction: discord.Interaction,
        usd_per_diamond: app_commands.Range[str, 1, 30] | None = None,
        diamonds_per_coin: app_commands.Range[str, 1, 30] | None = None,
        viewer_low: app_commands.Range[str, 1, 30] | None = None,
        viewer_high: app_commands.Range[str, 1, 30] | None = None,
        currency: app_commands.Range[str, 1, 30] | None = None,
        currency_per_usd: app_commands.Range[str, 1, 30] | None = None,
        reset: bool = False,
    ) -> None:
        guild_id = get_guild_id(interaction)
        numbers = {
            "usd_per_diamond": usd_per_diamond,
            "diamonds_per_coin": diamonds_per_coin,
            "viewer_low": viewer_low,
            "viewer_high": viewer_high,
        }
        given = [
            name
            for name, value in {**numbers, "currency": currency, "cpu": currency_per_usd}.items()
            if value
        ]
        if reset:
            if given:
                raise InvalidInput(
                    _("Use reset on its own, then set the rates you want with another /config rates.")
                )
            settings = await self.bot.money.reset_rates(guild_id)
            ctx = await self.bot.money.context(guild_id)
            embed = rates_changed_embed(
                settings, ctx.rates, ctx.catalogue, _("Rates reset to the community defaults")
            )
            await interaction.response.send_message(embed=embed, ephemeral=True)
            return
        if not given:
            raise InvalidInput(
                _(
                    "Give at least one rate to change (e.g. usd_per_diamond:0.004) or reset:True; "
                    "/config show lists the current ones."
                )
            )
        current = await self.bot.storage.settings.get(guild_id)
        changes: dict[str, object] = {}
        for option, value in numbers.items():
            if value:
                field, what = _NUMBER_OPTIONS[option]
                changes[field] = parse_number(value, what)
        changes.update(
            _currency_changes(current.currency, current.currency_per_usd, currency, currency_per_usd)
        )
        candidate = dataclasses.replace(current, **changes)  # type: ignore[arg-type]
        rates = rates_for(candidate)  # validates: absurd values become one sentence
        reasons = unusual_rates(rates, changes)
        if reasons:

            async def save(_click: discord.Interaction) -> str:
                await self.bot.money.update_rates(guild_id, changes)
                return _(
                    "Saved. {reasons} /config show lists every rate; /config rates reset:True undoes it.",
                    reasons=" ".join(reasons),
                )

            view = ConfirmView(
                interaction.user.id,
                save,
                confirm_label=pgettext("button", "Save anyway"),
                cancelled=_("Nothing changed: the rates stay as they were."),
            )
            question = _("{reasons} Save it anyway?", reasons=" ".join(reasons))
            await send_owned(interaction, view, content=clip(question, 2000))
            return
        settings = await self.bot.money.update_rates(guild_id, changes)
        ctx = await self.bot.money.context(guild_id)
        embed = rates_changed_embed(settings, rates, ctx.catalogue, _("Rates updated for this server"))
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @rates.autocomplete("currency")
    async def rates_currency(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return currency_choices(current)

    # -- time zone and log channel -----------------------------------------------------------------
    @admin_command(
        "timezone",
        "This server's time zone for reminders and stats",
        zone="An IANA time zone such as America/New_York or Europe/London",
    )
    async def timezone(self, interaction: discord.Interaction, zone: TimeZone) -> None:
        server = get_guild_id(interaction)
        old = (await self.bot.storage.settings.get(server)).timezone
        await self.bot.storage.settings.update(server, timezone=zone)
        # Server reminders that used the old server zone keep their local times in the new one.
        moved = await self.bot.reminders.move_zone(server, old, zone)
        self.bot.dispatch(TIMEZONE_CHANGED_EVENT, server, zone)
        text = _("Time zone set to **{zone}**. Stats and new reminders in this server use it.", zone=zone)
        if old == zone:
            text = _("The time zone already is **{zone}**: nothing changed.", zone=zone)
        elif moved:
            text += " " + ngettext(
                "Moved {n} server reminder from {old} to {zone}, keeping its local time "
                "(e.g. 19:00 stays 19:00): /reminder list shows when it posts next.",
                "Moved {n} server reminders from {old} to {zone}, keeping their local times "
                "(e.g. 19:00 stays 19:00): /reminder list shows when they post next.",
                len(moved),
                old=old,
                zone=zone,
            )
        else:
            text += " " + _("No server reminder used {old}, so none moved.", old=old)
        await interaction.response.send_message(text, ephemeral=True)

    @admin_command(
        "log-channel",
        "Where LiveCoach posts admin notices (empty to clear)",
        channel="A text channel; leave empty to stop posting admin notices",
    )
    async def log_channel(
        self,
        interaction: discord.Interaction,
        channel: app_commands.Transform[
            app_commands.AppCommandChannel, TextChannelOption("for admin notices")
        ]
        | None = None,
    ) -> None:
        guild_id = get_guild_id(interaction)
        await self.bot.storage.settings.update(guild_id, log_channel_id=channel.id if channel else None)
        text = (
            _(
                "Admin notices will go to <#{channel}>. Make sure I can send messages there.",
                channel=channel.id,
            )
            if channel
            else _("Admin notices are off: no log channel is set.")
        )
        await interaction.response.send_message(text, ephemeral=True)

    @admin_command(
        "language",
        "The language of this server's scheduled posts (default: the server's language)",
        language="A language, or “server language” to follow the server's Discord setting",
    )
    @app_commands.choices(
        language=[app_commands.Choice(name=NATIVE_NAMES[code], value=code) for code in SUPPORTED]
        + [app_commands.Choice(name="Server language (Discord setting)", value="server")]
    )
    async def language(self, interaction: discord.Interaction, language: app_commands.Choice[str]) -> None:
        guild_id = get_guild_id(interaction)
        chosen = None if language.value == "server" else language.value
        if chosen is not None and chosen not in SUPPORTED:
            raise InvalidInput(_("Pick a language from the list."))
        await self.bot.storage.settings.update(guild_id, language=chosen)
        server_locale = interaction.guild.preferred_locale if interaction.guild else interaction.guild_locale
        effective = NATIVE_NAMES[post_locale(chosen, server_locale)]
        if chosen is None:
            text = _(
                "Scheduled posts follow the server's language in Discord's settings: now **{language}**.",
                language=effective,
            )
        else:
            text = _(
                "Reminders, announcements and leaderboards here will be posted in **{language}**. "
                "Each member's own answers stay in their Discord language.",
                language=effective,
            )
        await interaction.response.send_message(text, ephemeral=True)

    # -- show -----------------------------------------------------------------------------------
    @admin_command("show", "Every setting of this server, marked default or server")
    async def show(self, interaction: discord.Interaction) -> None:
        guild_id = get_guild_id(interaction)
        settings = await self.bot.storage.settings.get(guild_id)
        ctx = await self.bot.money.context(guild_id)
        custom = [(g.name, g.coins, g.streakable) for g in ctx.custom]
        log_channel = f"<#{settings.log_channel_id}>" if settings.log_channel_id else None
        embed = config_embed(settings, ctx.rates, custom, ctx.catalogue.date, log_channel)
        await interaction.response.send_message(embed=embed, ephemeral=True)

    # -- custom gifts ---------------------------------------------------------------------------
    @admin_command(
        "add",
        "Add a gift or override a price in this server only",
        group=gift,
        name="The gift's name; an existing name overrides that gift here",
        coins="Its price in coins",
        streakable="Can viewers send it in a combo streak? (default no)",
    )
    async def gift_add(
        self,
        interaction: discord.Interaction,
        name: app_commands.Range[str, 1, 100],
        coins: app_commands.Range[int, 1, MAX_CUSTOM_GIFT_COINS],
        streakable: bool = False,
    ) -> None:
        guild_id = get_guild_id(interaction)
        gift = make_custom_gift(require_visible(name, N_("gift name")), coins, streakable=streakable)
        replaced = await self.bot.money.add_gift(guild_id, gift, added_by=interaction.user.id)
        shown = escape_markdown(gift.name)
        if replaced:
            text = ngettext(
                "Updated **{gift}** at {n} coin for this server.",
                "Updated **{gift}** at {n} coins for this server.",
                gift.coins,
                gift=shown,
            )
        else:
            text = ngettext(
                "Added **{gift}** at {n} coin for this server.",
                "Added **{gift}** at {n} coins for this server.",
                gift.coins,
                gift=shown,
            )
        builtin = self.bot.money.base_catalogue.get(gift.name)
        if builtin is not None and builtin.key == gift.key:
            text += " " + ngettext(
                "It overrides the catalogue's {n} coin here only.",
                "It overrides the catalogue's {n} coins here only.",
                builtin.coins,
            )
        text += " " + _("Every estimate in this server now uses it.")
        await interaction.response.send_message(text, ephemeral=True)

    @admin_command(
        "remove",
        "Remove one of this server's own gifts",
        group=gift,
        name="The server gift to remove",
    )
    async def gift_remove(
        self, interaction: discord.Interaction, name: app_commands.Range[str, 1, 100]
    ) -> None:
        guild_id = get_guild_id(interaction)
        removed = await self.bot.money.remove_gift(guild_id, name)
        if removed is None:
            raise NotFound(
                _(
                    "This server has no custom gift called “{name}”: /config show lists them.",
                    name=isolated(" ".join(name.split())[:40]),
                )
            )
        shown = escape_markdown(removed.name)
        text = _("Removed **{gift}** from this server's gifts.", gift=shown)
        builtin = self.bot.money.base_catalogue.get(removed.name)
        if builtin is not None and builtin.key == removed.key:
            text += " " + ngettext(
                "Estimates use the catalogue price again: {n} coin.",
                "Estimates use the catalogue price again: {n} coins.",
                builtin.coins,
            )
        await interaction.response.send_message(text, ephemeral=True)

    @gift_remove.autocomplete("name")
    async def gift_remove_name(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        ctx = await self.bot.money.context(get_guild_id(interaction))
        needle = current.strip().casefold()
        names = [g for g in ctx.custom if needle in g.name.casefold()]
        names.sort(key=lambda g: (not g.name.casefold().startswith(needle), g.name.casefold()))
        return [
            app_commands.Choice(
                name=ngettext("{gift} — {n} coin", "{gift} — {n} coins", g.coins, gift=g.name)[:100],
                value=g.name,
            )
            for g in names[:25]
        ]


def _currency_changes(
    current_currency: str,
    current_cpu: Decimal | None,
    currency: str | None,
    currency_per_usd: str | None,
) -> dict[str, object]:
    """The settings changes for the currency options; never lets a non-USD currency default to 1:1."""
    new_currency = get_currency(currency).code if currency else current_currency
    cpu = parse_number(currency_per_usd, _EXCHANGE_RATE) if currency_per_usd else None
    changed = new_currency != current_currency
    if new_currency == "USD":
        if cpu is not None and cpu != 1:
            raise InvalidInput(
                _(
                    "The exchange rate applies to another currency: set both, e.g. currency:EUR "
                    "currency_per_usd:0.92."
                )
            )
        return {"currency": "USD", "currency_per_usd": None} if changed or cpu is not None else {}
    if cpu is None:
        if changed or current_cpu is None:
            raise InvalidInput(
                _(
                    "Give currency_per_usd too (how many {currency} one US dollar buys), "
                    "so {currency} is never treated as 1:1 with USD.",
                    currency=new_currency,
                )
            )
        return {}
    return {"currency": new_currency, "currency_per_usd": cpu}


async def setup(bot: LiveCoach) -> None:
    await bot.add_cog(Config(bot))
