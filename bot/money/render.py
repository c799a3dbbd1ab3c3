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

from bot.meta.render import BRAND_COLOUR
from bot.money.model.catalogue import Catalogue, Gift
from bot.money.model.economy import (
    DEFAULT_RATES,
    GiftEstimate,
    Rates,
    TargetPlan,
    assumptions,
    coins_to_diamonds,
    coins_to_viewer_cost,
    diamonds_to_coins,
    diamonds_to_payout,
    diamonds_to_payout_usd,
    format_int,
    format_money,
    format_money_range,
)
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
    out: list[str] = []
    used = 0
    for i, line in enumerate(items):
        rest = len(items) - i
        tail = f"… and {rest - 1} more" if rest > 1 else ""
        cost = len(line) + (1 if out else 0)
        if used + cost + (len(tail) + 1 if tail else 0) > limit:
            out.append(f"… and {rest} more")
            break
        out.append(line)
        used += cost
    return clip("\n".join(out), limit) or "—"


def coins_text(n: int) -> str:
    """``"1 coin"``, ``"29,999 coins"``."""
    return f"{format_int(n)} coin{'' if n == 1 else 's'}"


_MARKDOWN_CHARS = frozenset("\\*_~`|>#-[]()<:@")


def gift_name(gift: Gift) -> str:
    """The gift's name, safe to show in Markdown."""
    name = gift.name
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
    share = f"{a} %" if a == b else f"{a}–{b} %"
    return f"≈ {share} of what viewers paid"


def _embed(title: str, description: str | None = None) -> discord.Embed:
    return discord.Embed(title=clip(title, 256), description=description, colour=BRAND_COLOUR)


@functools.lru_cache(maxsize=512)
def assumptions_footer(rates: Rates, catalogue_date: date) -> str:
    """The assumptions line for a footer (memoised: rates are immutable and few per process)."""
    return clip(assumptions(rates, catalogue_date), 2048)


def with_assumptions(embed: discord.Embed, rates: Rates, catalogue_date: date) -> discord.Embed:
    embed.set_footer(text=assumptions_footer(rates, catalogue_date))
    return embed


_SHARED_NAMES: dict[int, tuple[Catalogue, frozenset[str]]] = {}


def other_versions(catalogue: Catalogue, gift: Gift) -> list[Gift]:
    """``catalogue.alternatives(gift)``, skipping the look-up for the many names with one version."""
    entry = _SHARED_NAMES.get(id(catalogue))
    if entry is None or entry[0] is not catalogue:
        counts = Counter(g.key for g in catalogue.all_versions)
        entry = (catalogue, frozenset(key for key, n in counts.items() if n > 1))
        if len(_SHARED_NAMES) > 256:
            _SHARED_NAMES.clear()
        _SHARED_NAMES[id(catalogue)] = entry
    return catalogue.alternatives(gift) if gift.key in entry[1] else []


def _payout_value(diamonds: int, rates: Rates) -> str:
    payout = diamonds_to_payout(diamonds, rates)
    return money(payout, rates, diamonds_to_payout_usd(diamonds, rates))


# -- /estimate gifts ------------------------------------------------------------------------------
def alternatives_note(gift: Gift, others: Sequence[Gift]) -> str:
    """One line naming the other same-name versions of ``gift`` and which one the answer used."""
    parts = []
    for other in others:
        when = f", last seen {other.last_seen.isoformat()}" if other.last_seen else ""
        kind = "catalogue price" if gift.custom and not other.custom else "older version"
        parts.append(f"{format_int(other.coins)} coins ({kind}{when})")
    used = "this server's price" if gift.custom else "the current one"
    return f"**{gift_name(gift)}** also exists at {', '.join(parts)}; used {used}: {format_int(gift.coins)} coins."


def gift_estimate_embed(estimate: GiftEstimate, catalogue: Catalogue) -> discord.Embed:
    rates = estimate.rates
    lines = [
        f"{format_int(line.count)} × **{gift_name(line.gift)}**"
        f"{' (server)' if line.gift.custom else ''} — {coins_text(line.coins)}"
        for line in estimate.lines
    ]
    embed = _embed("What these gifts are worth", join_lines(lines, DESCRIPTION_LIMIT))
    embed.add_field(name="Coins", value=format_int(estimate.coins))
    embed.add_field(name="Creator diamonds", value=format_int(estimate.diamonds))
    payout = money(estimate.payout, rates, estimate.payout_usd)
    share = creator_share(estimate.payout_usd, estimate.viewer_cost_usd)
    embed.add_field(name="Creator payout", value=f"{payout}\n{share}" if share else payout)
    low, high = estimate.viewer_cost
    embed.add_field(
        name="Viewers paid",
        value=f"{format_money_range(low, high, rates.currency)}\n(web store to in-app prices)",
    )
    notes = [
        alternatives_note(line.gift, others)
        for line in estimate.lines
        if (others := other_versions(catalogue, line.gift))
    ]
    if notes:
        embed.add_field(name="Other versions", value=join_lines(notes), inline=False)
    return with_assumptions(embed, rates, catalogue.date)


# -- /estimate coins, diamonds, target -----------------------------------------------------------
def coins_embed(coins: int, rates: Rates, catalogue_date: date) -> discord.Embed:
    diamonds = coins_to_diamonds(coins, rates)
    embed = _embed(f"{coins_text(coins)} of gifts")
    embed.add_field(name="Creator diamonds", value=format_int(diamonds))
    embed.add_field(name="Creator payout", value=_payout_value(diamonds, rates))
    low, high = coins_to_viewer_cost(coins, rates)
    embed.add_field(
        name="Viewers paid",
        value=f"{format_money_range(low, high, rates.currency)}\n(web store to in-app prices)",
    )
    return with_assumptions(embed, rates, catalogue_date)


def diamonds_embed(diamonds: int, rates: Rates, catalogue_date: date) -> discord.Embed:
    coins = diamonds_to_coins(diamonds, rates)
    embed = _embed(f"{format_int(diamonds)} diamonds")
    embed.add_field(name="Creator payout", value=_payout_value(diamonds, rates))
    embed.add_field(name="Gift coins behind them", value=format_int(coins))
    low, high = coins_to_viewer_cost(coins, rates)
    embed.add_field(
        name="Viewers spent",
        value=f"{format_money_range(low, high, rates.currency)}\n(web store to in-app prices)",
    )
    return with_assumptions(embed, rates, catalogue_date)


def target_embed(plan: TargetPlan, catalogue_date: date) -> discord.Embed:
    rates = plan.rates
    embed = _embed(
        f"To be paid {format_money(plan.amount, rates.currency)}",
        f"You need **{format_int(plan.diamonds)} diamonds**, i.e. gifts worth "
        f"**{format_int(plan.coins)} coins**.",
    )
    low, high = plan.viewer_cost
    embed.add_field(
        name="Viewers must spend",
        value=f"{format_money_range(low, high, rates.currency)}\n(web store to in-app prices)",
        inline=False,
    )
    if plan.gifts:
        lines = [
            f"{format_int(line.count)} × **{gift_name(line.gift)}** ({format_int(line.gift.coins)} coin{'' if line.gift.coins == 1 else 's'} each)"
            for line in plan.gifts
        ]
        embed.add_field(name="Any one of these alone", value=join_lines(lines), inline=False)
    return with_assumptions(embed, rates, catalogue_date)


# -- likes ----------------------------------------------------------------------------------------
LIKES_PAY_NOTHING = (
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
        parts.append(f"≈ {format_int(round(likes / viewers))} likes per viewer")
    if minutes:
        parts.append(f"≈ {format_int(round(likes / minutes))} likes per minute")
    return " · ".join(parts) or None


def likes_association(likes: int, data: LikesData) -> str:
    """The honest indirect estimate (diamonds, association only), or what data it needs."""
    fit = data.fit
    if fit is None or not is_clear(fit):
        return fit_sentence(fit, data.sessions)
    low, _, high = fit.predict(likes)
    amount = (
        f"{format_int(low)} diamonds" if low == high else f"{format_int(low)}–{format_int(high)} diamonds"
    )
    text = (
        f"In this server's {fit.n:,} sessions: {per_1k_text(fit)}, so about **{amount}** in gifts went along "
        f"with {format_int(likes)} likes. An association, not a price. {RELATION}"
    )
    if data.max_likes and (likes > data.max_likes * 1.5 or likes < data.min_likes / 1.5):
        text += (
            f" {format_int(likes)} likes is outside what was logged here "
            f"({format_int(data.min_likes)}–{format_int(data.max_likes)}), so treat it as a rough guess."
        )
    if fit.r is not None:
        text += f" How closely likes and diamonds moved together: r = {fit.r:.2f}."
    return text


def likes_estimate_embed(
    likes: int, viewers: int | None, minutes: int | None, data: LikesData
) -> discord.Embed:
    embed = _embed(f"{format_int(likes)} likes", LIKES_PAY_NOTHING)
    engagement = engagement_line(likes, viewers, minutes)
    if engagement:
        embed.add_field(name="Engagement", value=engagement, inline=False)
    embed.add_field(
        name="Indirectly, in this server", value=clip(likes_association(likes, data)), inline=False
    )
    embed.set_footer(
        text="Likes have no cash value. Indirect figures are diamonds from gifts, learned from this "
        "server's own logged sessions."
    )
    return embed


def likes_explainer_embed(data: LikesData) -> discord.Embed:
    embed = _embed("Likes versus revenue", LIKES_PAY_NOTHING)
    embed.add_field(
        name="How the money actually flows",
        value=(
            "• **Gifts**: viewers buy coins, send gifts, you receive diamonds and cash them out "
            "(see /estimate gifts).\n"
            "• **Creator Rewards Program**: pays for qualifying videos, not for LIVE likes.\n"
            "• **Brand deals**: brands pay for reach and engagement, which likes are part of."
        ),
        inline=False,
    )
    embed.add_field(
        name="What likes do",
        value=(
            "Likes are an engagement signal: they help your LIVE get shown to more people and rank "
            "better, more viewers stay, and some of them send gifts. Strong engagement figures also "
            "help when you pitch brands."
        ),
        inline=False,
    )
    embed.add_field(
        name="What to do about it",
        value=(
            "• Set a like goal on screen and celebrate it: it keeps chat active.\n"
            "• Thank gifters by name and explain what a gift unlocks; that is what pays.\n"
            "• Log your sessions so LiveCoach can show how likes and gifts go together here."
        ),
        inline=False,
    )
    embed.add_field(
        name="This server's numbers", value=clip(fit_sentence(data.fit, data.sessions)), inline=False
    )
    embed.set_footer(text="Likes have no cash value; server figures are diamonds from gifts.")
    return embed


# -- /tips ----------------------------------------------------------------------------------------
def tips_embed(tips_by_topic: Sequence[tuple[str, Sequence[str]]], title: str) -> discord.Embed:
    embed = _embed(title)
    for topic, tips in tips_by_topic[:25]:
        embed.add_field(
            name=topic.capitalize(), value=join_lines((f"• {tip}" for tip in tips), FIELD_LIMIT), inline=False
        )
    embed.set_footer(text="/tips topic:<name> shows every tip on one topic.")
    return embed


# -- /gift ----------------------------------------------------------------------------------------
def choice_name(gift: Gift) -> str:
    """Autocomplete label, e.g. ``"Lion — 29,999 coins"`` (at most 100 characters)."""
    suffix = f" — {format_int(gift.coins)} coins{' (server)' if gift.custom else ''}"
    return clip(gift.name, CHOICE_NAME_LIMIT - len(suffix)) + suffix


def source_text(gift: Gift, catalogue: Catalogue) -> str:
    if gift.custom:
        return "Added by this server's admins (/config gift add); it applies in this server only."
    if gift.source == TIKTOK_LIST_SOURCE:
        seen = f", last seen {gift.last_seen.isoformat()}" if gift.last_seen else ""
        return f"TikTok's own gift list (one region's panel{seen})."
    return clip(gift.source or "Unknown source.", 300)


def gift_info_embed(gift: Gift, catalogue: Catalogue, rates: Rates) -> discord.Embed:
    embed = _embed(gift.name, f"**{coins_text(gift.coins)}**{' (this server)' if gift.custom else ''}")
    diamonds = coins_to_diamonds(gift.coins, rates)
    embed.add_field(name="Creator diamonds", value=format_int(diamonds))
    embed.add_field(name="Creator payout", value=_payout_value(diamonds, rates))
    low, high = coins_to_viewer_cost(gift.coins, rates)
    embed.add_field(name="Viewer pays", value=format_money_range(low, high, rates.currency))
    embed.add_field(
        name="Streakable",
        value="Yes: viewers can send it in a combo streak."
        if gift.streakable
        else "No: it is sent one at a time.",
        inline=False,
    )
    if gift.price_history:
        history = [f"{d.isoformat()}: {format_int(c)} coins" for d, c in gift.price_history]
        embed.add_field(name="Price history", value=join_lines(history), inline=False)
    others = other_versions(catalogue, gift)
    if others:
        embed.add_field(name="Other versions", value=alternatives_note(gift, others), inline=False)
    embed.add_field(name="Source", value=source_text(gift, catalogue), inline=False)
    if gift.image:
        embed.set_thumbnail(url=gift.image)
    return with_assumptions(embed, rates, catalogue.date)


def gift_list_embed(
    gifts: Sequence[Gift], page: int, rates: Rates, catalogue_date: date, heading: str
) -> discord.Embed:
    """One page (0-based) of ``gifts``; ``heading`` describes the filter and order."""
    pages = max(1, -(-len(gifts) // GIFTS_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    chunk = gifts[page * GIFTS_PER_PAGE : (page + 1) * GIFTS_PER_PAGE]
    lines = [
        f"**{gift_name(g)}**{' (server)' if g.custom else ''} — {coins_text(g.coins)} · "
        f"creator ≈ {format_money(diamonds_to_payout(coins_to_diamonds(g.coins, rates), rates), rates.currency)}"
        for g in chunk
    ]
    body = "\n".join([heading, "", *lines]) if lines else f"{heading}\n\nNo gifts match."
    embed = _embed(f"Gifts — page {page + 1} of {pages}", clip(body, DESCRIPTION_LIMIT))
    return with_assumptions(embed, rates, catalogue_date)


# -- /config --------------------------------------------------------------------------------------
_RATE_ROWS: tuple[tuple[str, str], ...] = (
    ("diamonds_per_coin", "Diamonds per coin"),
    ("usd_per_diamond", "USD per diamond"),
    ("viewer_usd_per_coin_low", "Viewer USD per coin (low)"),
    ("viewer_usd_per_coin_high", "Viewer USD per coin (high)"),
)


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
        lines.append(f"{label}: {_rate_plain(getattr(rates, name))} ({'server' if mine else 'default'})")
    currency_mine = settings.currency != DEFAULT_RATES.currency
    lines.append(f"Currency: {rates.currency} ({'server' if currency_mine else 'default'})")
    if rates.currency != "USD":
        cpu_mine = settings.currency_per_usd is not None
        lines.append(
            f"{rates.currency} per USD: {_plain(rates.currency_per_usd)} ({'server' if cpu_mine else 'default'})"
        )
    return lines


def config_embed(
    settings: GuildSettings,
    rates: Rates,
    custom: Sequence[tuple[str, int, bool]],
    catalogue_date: date,
    log_channel: str | None,
) -> discord.Embed:
    """/config show: every setting, each rate marked (default) or (server)."""
    embed = _embed("LiveCoach settings for this server")
    embed.add_field(name="Time zone", value=settings.timezone)
    embed.add_field(name="Currency", value=rates.currency)
    embed.add_field(name="Log channel", value=log_channel or "not set")
    embed.add_field(name="Rates", value=join_lines(rates_lines(settings, rates)), inline=False)
    if custom:
        lines = [
            f"**{escape_markdown(name)}** — {format_int(coins)} coins{' (streakable)' if streak else ''}"
            for name, coins, streak in custom
        ]
        value = join_lines(lines)
    else:
        value = "None. Add one with /config gift add."
    embed.add_field(name=f"Custom gifts ({len(custom)})", value=value, inline=False)
    return with_assumptions(embed, rates, catalogue_date)


def rates_changed_embed(
    settings: GuildSettings, rates: Rates, catalogue: Catalogue, title: str
) -> discord.Embed:
    embed = _embed(title)
    embed.add_field(name="Rates", value=join_lines(rates_lines(settings, rates)), inline=False)
    lion = catalogue.get("Lion")
    if lion is not None:
        diamonds = coins_to_diamonds(lion.coins, rates)
        low, high = coins_to_viewer_cost(lion.coins, rates)
        embed.add_field(
            name="Example: one Lion",
            value=(
                f"{format_int(lion.coins)} coins → {format_int(diamonds)} diamonds → "
                f"{_payout_value(diamonds, rates)} to the creator; viewers pay "
                f"{format_money_range(low, high, rates.currency)}."
            ),
            inline=False,
        )
    return with_assumptions(embed, rates, catalogue.date)
