"""Embeds for the money feature, built from domain results (pure: no I/O, no state).

Every embed that shows a money figure carries the assumptions behind it
(:func:`bot.money.model.economy.assumptions`) in its footer. Likes answers never carry a
money figure: likes pay nothing, and the indirect estimate is in diamonds.
All text is kept inside Discord's limits (field 1,024, description 4,096,
25 fields, 6,000 characters per message).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import discord
from discord.utils import escape_markdown

from bot.core.format import count, decimal_symbols, percent
from bot.i18n import N_, _, ngettext, pgettext, translate
from bot.i18n.context import NATIVE_NAMES
from bot.i18n.context import current as current_locale
from bot.meta.render import BRAND_COLOUR
from bot.money.model.catalogue import Catalogue, Gift
from bot.money.model.economy import (
    DEFAULT_RATES,
    DEFAULT_VIEWER_USD_PER_COIN_HIGH,
    GiftEstimate,
    MemberRate,
    Rates,
    TargetPlan,
    assumptions,
    coins_to_diamonds,
    coins_to_viewer_cost,
    coins_to_viewer_cost_usd,
    diamonds_to_coins,
    diamonds_to_payout,
    diamonds_to_payout_usd,
    format_amounts,
    format_int,
    format_money,
    format_money_range,
    in_app_packages,
    kept,
    usd_to_currency,
)
from bot.money.model.gift_parser import ParsedGifts, Pending, Skipped, shown, unknown_sentence
from bot.money.model.likes import RELATION, LikesFit, fit_sentence, is_clear, per_1k_text
from bot.storage.settings import GuildSettings

FIELD_LIMIT = 1024
DESCRIPTION_LIMIT = 4096
CHOICE_NAME_LIMIT = 100
GIFTS_PER_PAGE = 20
TIKTOK_LIST_SOURCE = "tiktok-gift-list"


# -- small helpers ----------------------------------------------------------------------------------
def clip(text: str, limit: int = FIELD_LIMIT) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis (Discord rejects longer values)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def join_lines(lines: Iterable[str], limit: int = FIELD_LIMIT) -> str:
    """Join lines up to ``limit`` characters; the rest is summarised as "… and N more"."""
    items = list(lines)
    if sum(map(len, items)) + len(items) - 1 <= limit:  # the usual case: everything fits
        return "\n".join(items) or "—"
    out: list[str] = []
    used = 0
    for i, line in enumerate(items):
        rest = len(items) - i
        tail = _("… and {count} more", count=rest - 1) if rest > 1 else ""
        cost = len(line) + (1 if out else 0)
        if used + cost + (len(tail) + 1 if tail else 0) > limit:
            out.append(_("… and {count} more", count=rest))
            break
        out.append(line)
        used += cost
    return clip("\n".join(out), limit) or "—"


def coins_text(n: int) -> str:
    """``"1 coin"``, ``"29,999 coins"`` (``"29.999 moedas"`` in pt-BR)."""
    return ngettext("{n} coin", "{n} coins", n)


def diamonds_text(n: int) -> str:
    """``"1 diamond"``, ``"60,098 diamonds"``."""
    return ngettext("{n} diamond", "{n} diamonds", n)


def likes_text(n: int) -> str:
    """``"1 like"``, ``"50,000 likes"``."""
    return ngettext("{n} like", "{n} likes", n)


_MARKDOWN_CHARS = frozenset("\\*_~`|>#-[]()<:@")


def gift_name(gift: Gift) -> str:
    """The gift's name, safe to show in Markdown."""
    return safe_name(gift.name)


def safe_name(name: str) -> str:
    return escape_markdown(name) if _MARKDOWN_CHARS.intersection(name) else name


def money(amount: Decimal, rates: Rates, usd: Decimal | None = None) -> str:
    """An amount in the server currency, with the USD figure beside it when the currency is not USD."""
    text = format_money(amount, rates.currency)
    if rates.currency != "USD" and usd is not None:
        text += f" (≈ {format_money(usd, 'USD')})"
    return text


def _percent(part: Decimal, whole: Decimal) -> int:
    return int((part * 100 / whole).to_integral_value(ROUND_HALF_UP))


def creator_share(payout_usd: Decimal, viewer_cost_usd: tuple[Decimal, Decimal]) -> str:
    """``"≈ 35–47 % of what viewers paid"`` (empty when nothing was paid)."""
    low, high = viewer_cost_usd
    if low <= 0 or high <= 0 or payout_usd <= 0:
        return ""
    a, b = _percent(payout_usd, high), _percent(payout_usd, low)
    share = percent(a) if a == b else percent(a).replace(str(a), f"{a}–{b}", 1)
    return _("≈ {share} of what viewers paid", share=share)


def _embed(title: str, description: str | None = None) -> discord.Embed:
    return discord.Embed(title=clip(title, 256), description=description, colour=BRAND_COLOUR)


@functools.lru_cache(maxsize=512)
def assumptions_footer(rates: Rates, catalogue_date: date, locale: str = "en") -> str:
    """The assumptions line for a footer (memoised per locale: rates are immutable and few per process)."""
    return clip(assumptions(rates, catalogue_date), 2048)


def with_assumptions(embed: discord.Embed, rates: Rates, catalogue_date: date) -> discord.Embed:
    embed.set_footer(text=assumptions_footer(rates, catalogue_date, current_locale()))
    return embed


_SHARED_NAMES: dict[int, tuple[Catalogue, frozenset[str]]] = {}


def other_versions(catalogue: Catalogue, gift: Gift) -> list[Gift]:
    """``catalogue.alternatives(gift)``, skipping the look-up for the many names with one version."""
    return catalogue.alternatives(gift) if gift.name in shared_names(catalogue) else []


def shared_names(catalogue: Catalogue) -> frozenset[str]:
    """The names (as spelled) that several gifts of ``catalogue`` have, worked out once per catalogue."""
    entry = _SHARED_NAMES.get(id(catalogue))
    if entry is None or entry[0] is not catalogue:
        counts = Counter(g.key for g in catalogue.all_versions)
        # Spellings (not normalised keys), so a gift is checked without normalising its name again.
        entry = (catalogue, frozenset(g.name for g in catalogue.all_versions if counts[g.key] > 1))
        if len(_SHARED_NAMES) > 256:
            _SHARED_NAMES.clear()
        _SHARED_NAMES[id(catalogue)] = entry
    return entry[1]


def _payout_value(diamonds: int, rates: Rates) -> str:
    payout = diamonds_to_payout(diamonds, rates)
    text = money(payout, rates, diamonds_to_payout_usd(diamonds, rates))
    keep = you_keep(payout, rates)
    return f"{text}\n{keep}" if keep else text


def you_keep(payout: Decimal, rates: Rates) -> str:
    """``"you keep $240.39 after your agency's 20 %"`` (empty without an agency cut)."""
    if not rates.agency_cut:
        return ""
    return _(
        "you keep {amount} after your agency's {cut}",
        amount=format_money(kept(payout, rates), rates.currency),
        cut=plain_percent(rates.agency_cut),
    )


def plain_percent(value: Decimal) -> str:
    """An exact percentage as typed (``20 %``, ``12,5 %`` in de), no rounding."""
    mark, _group = decimal_symbols()
    text = f"{value.normalize():f}".replace(".", mark)
    return percent(0).replace("0", text, 1)


def viewer_cost(coins: int, rates: Rates, cost: tuple[Decimal, Decimal] | None = None) -> str:
    """Web store vs in-app: the per-coin range, then the in-app packages a viewer would buy
    (``cost``: the range already worked out, e.g. a :class:`GiftEstimate`'s ``viewer_cost``)."""
    low, high = coins_to_viewer_cost(coins, rates) if cost is None else cost
    if coins < 70 or rates.viewer_usd_per_coin_high != DEFAULT_VIEWER_USD_PER_COIN_HIGH:
        return f"{format_money_range(low, high, rates.currency)}\n" + _("(web store to in-app prices)")
    purchase = in_app_packages(coins)
    # every amount in one call (see format_amounts)
    a, b, in_app = format_amounts((low, high, usd_to_currency(purchase.cost_usd, rates)), rates.currency)
    locale = current_locale()
    bought: list[str] = []
    for n, size in purchase.packs:  # a loop, not a comprehension: see parse_notes
        bought.append(_pack(n, size, locale))
    return (
        f"{a if a == b else f'{a}–{b}'}\n"
        + _("(web store to in-app prices)")
        + "\n"
        + _("in the app: {packs} coin packages = {cost}", packs=" + ".join(bought), cost=in_app)
    )


@functools.lru_cache(maxsize=1024)
def _pack(n: int, size: int, locale: str) -> str:
    return f"{count(n, locale)} × {count(size, locale)}"


# -- /estimate gifts ------------------------------------------------------------------------------
def where_seen(gift: Gift) -> str:
    """``"ID, TW panels"``, ``"every 2026 panel"``, ``"2024 list only"`` or ``"this server"``."""
    if gift.custom:
        return _("this server")
    if gift.seen_in:
        if len(gift.seen_in) >= 3:
            return _("every 2026 panel")
        regions = ", ".join(gift.regions)
        if len(gift.seen_in) > 1:
            return _("{regions} panels", regions=regions)
        return _("{regions} panel", regions=regions)
    if gift.last_seen:
        return _("2024 list, last seen {date}", date=gift.last_seen.isoformat())
    return _("older lists")


def alternatives_note(gift: Gift, others: Sequence[Gift]) -> str:
    """One line naming the other same-name versions of ``gift`` and which one the answer used."""
    parts = ", ".join(f"{coins_text(other.coins)} ({where_seen(other)})" for other in others)
    if gift.custom:
        return _(
            "**{gift}** also exists at {versions}; used this server's price: {coins}.",
            gift=gift_name(gift),
            versions=parts,
            coins=coins_text(gift.coins),
        )
    return _(
        "**{gift}** also exists at {versions}; used the one in the {where}: {coins}.",
        gift=gift_name(gift),
        versions=parts,
        where=where_seen(gift),
        coins=coins_text(gift.coins),
    )


def parse_notes(parsed: ParsedGifts) -> list[str]:
    """What was guessed or skipped in a gift text, one line each."""
    # Loops, not comprehensions: each 3.11 comprehension is a function call of its own, and this
    # runs on every new gift list (the money latency benchmark's "new text" and "cold phrase").
    locale = current_locale()
    notes: list[str] = []
    for typed, gift in parsed.guesses:
        notes.append(_guess_note(typed, gift.name, locale))
    for typed, other in parsed.also:
        notes.append(
            _(
                "“{typed}” is read as a plural; **{gift}** ({coins}, {where}) is another gift.",
                typed=shown(typed),
                gift=gift_name(other),
                coins=coins_text(other.coins),
                where=where_seen(other),
            )
        )
    for item in parsed.skipped:
        notes.append(_("Skipped: {what}", what=skipped_text(item)))
    return notes


@functools.lru_cache(maxsize=4096)
def _guess_note(typed: str, name: str, locale: str) -> str:
    """One "Read “3 lionz” as **Lion**." line (chat repeats its typos)."""
    return _("Read “{typed}” as **{gift}**.", typed=shown(typed), gift=safe_name(name))


def skipped_text(item: Skipped) -> str:
    if item.reason:
        return f"“{shown(item.typed)}”: {item.reason}."
    return unknown_sentence(item, short=True)


def gift_estimate_embed(
    estimate: GiftEstimate, catalogue: Catalogue, parsed: ParsedGifts | None = None
) -> discord.Embed:
    rates = estimate.rates
    locale = current_locale()
    lines: list[str] = []
    notes: list[str] = []
    shared = shared_names(catalogue)
    for line in estimate.lines:  # one loop, no comprehensions (see parse_notes)
        gift = line.gift
        lines.append(_gift_line(line.count, gift.name, gift.custom, gift.coins * line.count, locale))
        if gift.name in shared and (others := catalogue.alternatives(gift)):
            notes.append(alternatives_note(gift, others))
    labels = _estimate_labels(locale)
    embed = _embed(labels[0], join_lines(lines, DESCRIPTION_LIMIT))
    for name, value in totals_fields(estimate, locale):
        embed.add_field(name=name, value=value)
    if notes:
        embed.add_field(name=labels[5], value=join_lines(notes), inline=False)
    if parsed is not None and (understood := parse_notes(parsed)):
        embed.add_field(name=labels[6], value=join_lines(understood), inline=False)
    return with_assumptions(embed, rates, catalogue.date)


# Chat repeats itself ("2 lions", the same totals): an answer's pieces are pure functions of
# a few small values and the locale, so each is built once (bounded caches; the money
# latency benchmark's "new text" and "cold phrase" cases measure the misses).
@functools.lru_cache(maxsize=4096)
def _gift_line(n: int, name: str, custom: bool, coins: int, locale: str) -> str:
    server = " " + _("(server)") if custom else ""
    return f"{count(n, locale)} × **{safe_name(name)}**{server} — {coins_text(coins)}"


@functools.lru_cache(maxsize=256)
def _unit_share(rates: Rates, locale: str) -> str:
    """:func:`creator_share` when diamonds = coins: then payout / cost is the same for any count
    (N·u / N·r is u / r exactly, and Decimal division rounds the exact quotient), so it is the
    share of one coin."""
    return creator_share(diamonds_to_payout_usd(1, rates), coins_to_viewer_cost_usd(1, rates))


_TOTALS: dict[tuple[int, Rates, str], tuple[tuple[str, str], ...]] = {}
_TOTALS_SIZE = 2048


def totals_fields(estimate: GiftEstimate, locale: str) -> tuple[tuple[str, str], ...]:
    """(name, value) of the Coins, Creator diamonds, Creator payout and Viewers paid fields.

    They depend only on the coin total and the rates (diamonds, payout and viewer cost all
    follow from those), so they are memoised per (coins, rates, locale).
    """
    key = (estimate.coins, estimate.rates, locale)
    found = _TOTALS.get(key)
    if found is None:
        if len(_TOTALS) >= _TOTALS_SIZE:
            _TOTALS.clear()
        rates = estimate.rates
        payout = money(estimate.payout, rates, estimate.payout_usd)
        share = (
            _unit_share(rates, locale)
            if estimate.diamonds == estimate.coins
            else creator_share(estimate.payout_usd, estimate.viewer_cost_usd)
        )
        keep = you_keep(estimate.payout, rates) if rates.agency_cut else ""
        labels = _estimate_labels(locale)
        found = _TOTALS[key] = (
            (labels[1], count(estimate.coins, locale)),
            (labels[2], count(estimate.diamonds, locale)),
            (labels[3], "\n".join(filter(None, (payout, share, keep)))),
            (labels[4], viewer_cost(estimate.coins, rates, estimate.viewer_cost)),
        )
    return found


@functools.lru_cache(maxsize=64)
def _estimate_labels(locale: str) -> tuple[str, str, str, str, str, str, str]:
    """The gift estimate's title and field names in ``locale`` (translated once, not per answer)."""
    return (
        translate(locale, ESTIMATE_TITLE),
        translate(locale, COINS),
        translate(locale, CREATOR_DIAMONDS),
        translate(locale, CREATOR_PAYOUT),
        translate(locale, VIEWERS_PAID),
        translate(locale, OTHER_VERSIONS),
        translate(locale, HOW_I_READ),
    )


ESTIMATE_TITLE = N_("What these gifts are worth")
COINS = N_("Coins")
CREATOR_DIAMONDS = N_("Creator diamonds")
CREATOR_PAYOUT = N_("Creator payout")
VIEWERS_PAID = N_("Viewers paid")
OTHER_VERSIONS = N_("Other versions")
HOW_I_READ = N_("How I read your list")
EXAMPLE_LION = N_("Example: one Lion")


def choice_label(gift: Gift) -> str:
    """A select-menu label that tells same-name gifts apart: ``"Motorcycle — 499 coins (TW panel)"``."""
    return clip(f"{gift.name} — {coins_text(gift.coins)} ({where_seen(gift)})", CHOICE_NAME_LIMIT)


def pending_embed(parsed: ParsedGifts) -> discord.Embed:
    """Asks which gift each ambiguous name meant; lists what is already understood."""
    asks = [
        _(
            "“{typed}” ({count} ×) could be {choices}",
            typed=shown(p.typed),
            count=format_int(p.count),
            choices=_(" or ").join(f"**{gift_name(g)}** ({coins_text(g.coins)})" for g in p.choices),
        )
        for p in parsed.pending
    ]
    embed = _embed(_("Which gift did you mean?"), join_lines(asks, DESCRIPTION_LIMIT))
    if parsed.lines:
        done = [f"{format_int(line.count)} × **{gift_name(line.gift)}**" for line in parsed.lines]
        embed.add_field(name=_("Understood"), value=join_lines(done), inline=False)
    if notes := parse_notes(parsed):
        embed.add_field(name=_(HOW_I_READ), value=join_lines(notes), inline=False)
    embed.set_footer(text=_("Pick from the menu below; the estimate follows."))
    return embed


def pending_placeholder(pending: Pending) -> str:
    return clip(
        _("{count} × “{typed}”: which gift?", count=format_int(pending.count), typed=shown(pending.typed)),
        150,
    )


# -- /estimate coins, diamonds, target -----------------------------------------------------------
def coins_embed(coins: int, rates: Rates, catalogue_date: date) -> discord.Embed:
    diamonds = coins_to_diamonds(coins, rates)
    embed = _embed(_("{coins} of gifts", coins=coins_text(coins)))
    embed.add_field(name=_(CREATOR_DIAMONDS), value=format_int(diamonds))
    embed.add_field(name=_(CREATOR_PAYOUT), value=_payout_value(diamonds, rates))
    embed.add_field(name=_(VIEWERS_PAID), value=viewer_cost(coins, rates))
    return with_assumptions(embed, rates, catalogue_date)


def diamonds_embed(diamonds: int, rates: Rates, catalogue_date: date) -> discord.Embed:
    coins = diamonds_to_coins(diamonds, rates)
    embed = _embed(diamonds_text(diamonds))
    embed.add_field(name=_(CREATOR_PAYOUT), value=_payout_value(diamonds, rates))
    embed.add_field(name=_("Gift coins behind them"), value=format_int(coins))
    embed.add_field(name=_("Viewers spent"), value=viewer_cost(coins, rates))
    return with_assumptions(embed, rates, catalogue_date)


def target_embed(plan: TargetPlan, catalogue_date: date, note: str | None = None) -> discord.Embed:
    rates = plan.rates
    wanted = format_money(plan.amount, rates.currency)
    description = _(
        "You need **{diamonds}**, i.e. gifts worth **{coins}**.",
        diamonds=diamonds_text(plan.diamonds),
        coins=coins_text(plan.coins),
    )
    if rates.agency_cut:
        description += " " + _(
            "That pays {payout} before your agency's {cut}, so you keep at least {wanted}.",
            payout=format_money(diamonds_to_payout(plan.diamonds, rates), rates.currency),
            cut=plain_percent(rates.agency_cut),
            wanted=wanted,
        )
    if note:
        description = f"{note}\n{description}"
    embed = _embed(_("To be paid {amount}", amount=wanted), description)
    embed.add_field(name=_("Viewers must spend"), value=viewer_cost(plan.coins, rates), inline=False)
    if plan.mix:
        mix = " + ".join(f"{format_int(line.count)} × **{gift_name(line.gift)}**" for line in plan.mix)
        embed.add_field(name=_("For example"), value=clip(mix), inline=False)
    if plan.gifts:
        lines = [
            _(
                "{count} × **{gift}** ({coins} each)",
                count=format_int(line.count),
                gift=gift_name(line.gift),
                coins=coins_text(line.gift.coins),
            )
            for line in plan.gifts
        ]
        embed.add_field(name=_("Any one of these alone"), value=join_lines(lines), inline=False)
    return with_assumptions(embed, rates, catalogue_date)


def member_rate_embed(
    own: MemberRate | None, rates: Rates, catalogue: Catalogue, title: str
) -> discord.Embed:
    """/estimate my-rate: the member's own payout per diamond and agency cut, with one example."""
    embed = _embed(title)
    usd = format(rates.usd_per_diamond.normalize(), "f")
    per = _("${amount} per diamond", amount=usd)
    whose = _("your own") if own and own.usd_per_diamond is not None else _("this server")
    embed.add_field(name=_("Payout"), value=f"{per} ({whose})")
    cut = own.agency_cut if own and own.agency_cut is not None else None
    embed.add_field(
        name=_("Agency cut"), value=plain_percent(cut) if cut is not None else pgettext("agency cut", "none")
    )
    lion = catalogue.get("Lion")
    if lion is not None:
        diamonds = coins_to_diamonds(lion.coins, rates)
        embed.add_field(
            name=_(EXAMPLE_LION),
            value=f"{coins_text(lion.coins)} → {diamonds_text(diamonds)} → {_payout_value(diamonds, rates)}",
            inline=False,
        )
    embed.add_field(
        name=_("Why your own rate"),
        value=_(
            "$0.005 per diamond is a typical figure, not a constant: since February 2025 TikTok's US "
            "“LIVE rewards” tie the creator share to missions (up to about 53 %). Your payout history "
            "in TikTok's LIVE Center gives your real figure."
        ),
        inline=False,
    )
    embed.set_footer(
        text=_("Only your own answers use these. /estimate my-rate reset:True goes back to the server's.")
    )
    return embed


# -- likes ----------------------------------------------------------------------------------------
LIKES_PAY_NOTHING = N_(
    "**Likes pay $0 directly.** A like is free to send and TikTok pays nothing for it: "
    "LIVE money comes only from gifts (viewers buy coins → send gifts → you receive diamonds → "
    "you withdraw diamonds as cash)."
)


@dataclass(frozen=True, slots=True)
class LikesData:
    """What a server's logged sessions say about likes and diamonds."""

    fit: LikesFit | None
    sessions: int  # usable sessions (likes > 0, diamonds >= 0)
    min_likes: int = 0
    max_likes: int = 0


def engagement_line(likes: int, viewers: int | None, minutes: int | None) -> str | None:
    parts = []
    if viewers:
        parts.append(_("≈ {count} likes per viewer", count=format_int(round(likes / viewers))))
    if minutes:
        parts.append(_("≈ {count} likes per minute", count=format_int(round(likes / minutes))))
    return " · ".join(parts) or None


def likes_association(likes: int, data: LikesData) -> str:
    """The honest indirect estimate (diamonds, association only), or what data it needs."""
    fit = data.fit
    if fit is None or not is_clear(fit):
        return fit_sentence(fit, data.sessions)
    low, _middle, high = fit.predict(likes)
    amount = (
        diamonds_text(low)
        if low == high
        else _("{low}–{high} diamonds", low=format_int(low), high=format_int(high))
    )
    text = _(
        "In this server's {sessions} sessions: {per_1k}, so about **{amount}** in gifts went along "
        "with {likes}. An association, not a price.",
        sessions=format_int(fit.n),
        per_1k=per_1k_text(fit),
        amount=amount,
        likes=likes_text(likes),
    )
    text += " " + _(RELATION)
    if data.max_likes and (likes > data.max_likes * 1.5 or likes < data.min_likes / 1.5):
        text += " " + _(
            "{likes} is outside what was logged here ({low}–{high}), so treat it as a rough guess.",
            likes=likes_text(likes),
            low=format_int(data.min_likes),
            high=format_int(data.max_likes),
        )
    if fit.r is not None:
        r = format(fit.r, ".2f")
        text += " " + _("How closely likes and diamonds moved together: r = {r}.", r=r)
    return text


def likes_estimate_embed(
    likes: int, viewers: int | None, minutes: int | None, data: LikesData
) -> discord.Embed:
    embed = _embed(likes_text(likes), _(LIKES_PAY_NOTHING))
    engagement = engagement_line(likes, viewers, minutes)
    if engagement:
        embed.add_field(name=_("Engagement"), value=engagement, inline=False)
    embed.add_field(
        name=_("Indirectly, in this server"), value=clip(likes_association(likes, data)), inline=False
    )
    embed.set_footer(
        text=_(
            "Likes have no cash value. Indirect figures are diamonds from gifts, learned from this "
            "server's own logged sessions."
        )
    )
    return embed


def likes_explainer_embed(data: LikesData) -> discord.Embed:
    embed = _embed(_("Likes versus revenue"), _(LIKES_PAY_NOTHING))
    embed.add_field(
        name=_("How the money actually flows"),
        value=_(
            "• **Gifts**: viewers buy coins, send gifts, you receive diamonds and cash them out "
            "(see /estimate gifts).\n"
            "• **Creator Rewards Program**: pays for qualifying videos, not for LIVE likes.\n"
            "• **Brand deals**: brands pay for reach and engagement, which likes are part of."
        ),
        inline=False,
    )
    embed.add_field(
        name=_("What likes do"),
        value=_(
            "Likes are an engagement signal: they help your LIVE get shown to more people and rank "
            "better, more viewers stay, and some of them send gifts. Strong engagement figures also "
            "help when you pitch brands."
        ),
        inline=False,
    )
    embed.add_field(
        name=_("What to do about it"),
        value=_(
            "• Set a like goal on screen and celebrate it: it keeps chat active.\n"
            "• Thank gifters by name and explain what a gift unlocks; that is what pays.\n"
            "• Log your sessions so LiveCoach can show how likes and gifts go together here."
        ),
        inline=False,
    )
    embed.add_field(
        name=_("This server's numbers"), value=clip(fit_sentence(data.fit, data.sessions)), inline=False
    )
    embed.set_footer(text=_("Likes have no cash value; server figures are diamonds from gifts."))
    return embed


# -- /tips ----------------------------------------------------------------------------------------
def tips_embed(tips_by_topic: Sequence[tuple[str, Sequence[str]]], title: str) -> discord.Embed:
    embed = _embed(title)
    for topic, tips in tips_by_topic[:25]:
        name = _(topic)  # the topic's choice name, translated with the commands
        embed.add_field(
            name=name[:1].upper() + name[1:],
            value=join_lines((f"• {_(tip)}" for tip in tips), FIELD_LIMIT),
            inline=False,
        )
    embed.set_footer(text=_("/tips topic:<name> shows every tip on one topic."))
    return embed


# -- /gift ----------------------------------------------------------------------------------------
def choice_name(gift: Gift) -> str:
    """Autocomplete label, e.g. ``"Lion — 29,999 coins"`` (at most 100 characters)."""
    server = " " + _("(server)")
    suffix = f" — {coins_text(gift.coins)}{server if gift.custom else ''}"
    return clip(gift.name, CHOICE_NAME_LIMIT - len(suffix)) + suffix


def panel_text(catalogue: Catalogue) -> str:
    """``"2026 gift panels: ID 2026-03-29, TW 2026-04-25, TH? 2026-07-20"`` (or the catalogue date)."""
    if not catalogue.panels:
        return _("gift list of {date}", date=catalogue.date.isoformat())
    return _(
        "2026 gift panels: {panels}",
        panels=", ".join(f"{region} {when.isoformat()}" for region, when in catalogue.panels),
    )


def source_text(gift: Gift, catalogue: Catalogue) -> str:
    if gift.custom:
        return _("Added by this server's admins (/config gift add); it applies in this server only.")
    if gift.seen_in:
        seen = ", ".join(gift.seen_in)
        if gift.id is not None:
            return _(
                "TikTok's own gift panels of 2026, seen in: {regions} (id {id}).", regions=seen, id=gift.id
            )
        return _("TikTok's own gift panels of 2026, seen in: {regions}.", regions=seen)
    if gift.source == TIKTOK_LIST_SOURCE:
        if gift.last_seen:
            return _(
                "TikTok's own gift list of 2023-2024 (one region's panel, last seen {date}); "
                "no 2026 panel lists it.",
                date=gift.last_seen.isoformat(),
            )
        return _("TikTok's own gift list of 2023-2024 (one region's panel); no 2026 panel lists it.")
    return clip(gift.source or _("Unknown source."), 300)


def gift_info_embed(gift: Gift, catalogue: Catalogue, rates: Rates) -> discord.Embed:
    this_server = " " + _("(this server)")
    embed = _embed(gift.name, f"**{coins_text(gift.coins)}**{this_server if gift.custom else ''}")
    diamonds = coins_to_diamonds(gift.coins, rates)
    embed.add_field(name=_(CREATOR_DIAMONDS), value=format_int(diamonds))
    embed.add_field(name=_(CREATOR_PAYOUT), value=_payout_value(diamonds, rates))
    embed.add_field(name=_("Viewer pays"), value=viewer_cost(gift.coins, rates))
    if gift.streakable is None:
        streak = _("Not recorded: the 2026 panels do not say.")
    elif gift.streakable:
        streak = _("Yes: viewers can send it in a combo streak.")
    else:
        streak = _("No: it is sent one at a time.")
    embed.add_field(name=_("Streakable"), value=streak, inline=False)
    if gift.price_history:
        history = [f"{d.isoformat()}: {coins_text(c)}" for d, c in gift.price_history]
        embed.add_field(name=_("Price history"), value=join_lines(history), inline=False)
    others = other_versions(catalogue, gift)
    if others:
        embed.add_field(name=_(OTHER_VERSIONS), value=alternatives_note(gift, others), inline=False)
    embed.add_field(name=_("Source"), value=source_text(gift, catalogue), inline=False)
    embed.add_field(name=_(PANEL), value=panel_text(catalogue), inline=False)
    if gift.image:
        embed.set_thumbnail(url=gift.image)
    return with_assumptions(embed, rates, catalogue.date)


PANEL = N_("Panel")


def gift_list_line(gift: Gift, rates: Rates) -> str:
    payout = diamonds_to_payout(coins_to_diamonds(gift.coins, rates), rates)
    server = " " + _("(server)")
    creator = _("creator ≈ {amount}", amount=format_money(payout, rates.currency))
    return f"**{gift_name(gift)}**{server if gift.custom else ''} — {coins_text(gift.coins)} · {creator}"


def gift_list_embed(
    chunk: Sequence[Gift], page: int, pages: int, rates: Rates, catalogue: Catalogue, heading: str
) -> discord.Embed:
    """One page (0-based) of a gift list; ``heading`` describes the filter and order."""
    lines = [gift_list_line(g, rates) for g in chunk]
    body = "\n".join([heading, "", *lines]) if lines else f"{heading}\n\n" + _("No gifts match.")
    embed = _embed(
        _("Gifts — page {page} of {pages}", page=page + 1, pages=pages), clip(body, DESCRIPTION_LIMIT)
    )
    embed.add_field(name=_(PANEL), value=panel_text(catalogue), inline=False)
    return with_assumptions(embed, rates, catalogue.date)


# -- /config --------------------------------------------------------------------------------------
_RATE_ROWS: tuple[tuple[str, str], ...] = (
    ("diamonds_per_coin", N_("Diamonds per coin")),
    ("usd_per_diamond", N_("USD per diamond")),
    ("viewer_usd_per_coin_low", N_("Viewer USD per coin (low)")),
    ("viewer_usd_per_coin_high", N_("Viewer USD per coin (high)")),
)


def _whose(mine: bool) -> str:
    return pgettext("setting source", "server") if mine else pgettext("setting source", "default")


def _plain(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text


def _rate_plain(value: Decimal) -> str:
    if value.as_tuple().exponent is not None and len(value.as_tuple().digits) > 8:
        return f"{value.quantize(Decimal('0.000001'), rounding=ROUND_HALF_UP).normalize():f}"
    return _plain(value)


def rates_lines(settings: GuildSettings, rates: Rates) -> list[str]:
    lines = []
    for name, label in _RATE_ROWS:
        mine = getattr(settings, name) is not None
        lines.append(f"{_(label)}: {_rate_plain(getattr(rates, name))} ({_whose(mine)})")
    currency_mine = settings.currency != DEFAULT_RATES.currency
    lines.append(f"{_(CURRENCY)}: {rates.currency} ({_whose(currency_mine)})")
    if rates.currency != "USD":
        cpu_mine = settings.currency_per_usd is not None
        per_usd = _("{currency} per USD", currency=rates.currency)
        lines.append(f"{per_usd}: {_plain(rates.currency_per_usd)} ({_whose(cpu_mine)})")
    return lines


CURRENCY = N_("Currency")
RATES = N_("Rates")


def config_embed(
    settings: GuildSettings,
    rates: Rates,
    custom: Sequence[tuple[str, int, bool]],
    catalogue_date: date,
    log_channel: str | None,
) -> discord.Embed:
    """/config show: every setting, each rate marked (default) or (server)."""
    embed = _embed(_("LiveCoach settings for this server"))
    embed.add_field(name=_("Time zone"), value=settings.timezone)
    embed.add_field(name=_(CURRENCY), value=rates.currency)
    embed.add_field(name=_("Log channel"), value=log_channel or _("not set"))
    if settings.language is not None:
        embed.add_field(
            name=_("Language of posts"), value=NATIVE_NAMES.get(settings.language, settings.language)
        )
    embed.add_field(name=_(RATES), value=join_lines(rates_lines(settings, rates)), inline=False)
    if custom:
        streakable = " " + _("(streakable)")
        lines = [
            f"**{escape_markdown(name)}** — {coins_text(coins)}{streakable if streak else ''}"
            for name, coins, streak in custom
        ]
        value = join_lines(lines)
    else:
        value = _("None. Add one with /config gift add.")
    embed.add_field(name=_("Custom gifts ({count})", count=len(custom)), value=value, inline=False)
    return with_assumptions(embed, rates, catalogue_date)


def rates_changed_embed(
    settings: GuildSettings, rates: Rates, catalogue: Catalogue, title: str
) -> discord.Embed:
    embed = _embed(title)
    embed.add_field(name=_(RATES), value=join_lines(rates_lines(settings, rates)), inline=False)
    lion = catalogue.get("Lion")
    if lion is not None:
        diamonds = coins_to_diamonds(lion.coins, rates)
        low, high = coins_to_viewer_cost(lion.coins, rates)
        embed.add_field(
            name=_(EXAMPLE_LION),
            value=_(
                "{coins} → {diamonds} → {payout} to the creator; viewers pay {cost}.",
                coins=coins_text(lion.coins),
                diamonds=diamonds_text(diamonds),
                payout=_payout_value(diamonds, rates),
                cost=format_money_range(low, high, rates.currency),
            ),
            inline=False,
        )
    return with_assumptions(embed, rates, catalogue.date)
