"""Embeds for /stats and /peak, built from plain domain results.

Pure functions: no I/O, no clock. Members appear as ``<@id>`` mentions inside
embeds (which never ping). Likes are shown as counts only, never as money.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from zoneinfo import ZoneInfo

import discord

from bot.meta.render import BRAND_COLOUR
from bot.money.model.economy import format_money
from bot.money.model.likes import LikesFit
from bot.reminders.model.recurrence import format_days
from bot.sessions.render import format_number, session_line
from bot.stats.model.peaks import (
    GENERIC_GUIDANCE,
    MIN_DAYS_PER_SLOT,
    MIN_SESSIONS_PER_SLOT,
    Metric,
    PeakWindow,
    Slot,
    slot_text,
    window_text,
)
from bot.stats.model.summary import LeaderboardEntry, MemberSummary

PERIOD_LABELS = {"7d": "Last 7 days", "30d": "Last 30 days", "90d": "Last 90 days", "all": "All time"}
METRIC_LABELS = {
    "diamonds": "Diamonds",
    "likes": "Likes",
    "hours": "Hours live",
    "sessions": "Sessions",
    "diamonds_per_hour": "Diamonds per hour",
}
PEAK_METRIC_LABELS: dict[str, str] = {
    "diamonds_per_hour": "diamonds per hour live",
    "likes_per_hour": "likes per hour live",
}
LIKES_NOTE = "Likes are free and pay nothing by themselves."


def plural(count: int, word: str) -> str:
    """'1 session', '2 sessions' (with thousands separators)."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def streak_text(weeks: int) -> str:
    return f"{weeks} week{'s' if weeks != 1 else ''} in a row"


def member_stats_embed(
    summary: MemberSummary,
    *,
    user_id: int,
    period: str,
    currency: str,
    assumptions: str,
    zone: ZoneInfo,
    handle: str | None = None,
) -> discord.Embed:
    embed = discord.Embed(title=f"LIVE stats · {PERIOD_LABELS[period]}", colour=BRAND_COLOUR)
    embed.description = f"<@{user_id}>" + (
        f" · TikTok [@{handle}](https://www.tiktok.com/@{handle})" if handle else ""
    )
    if not summary.sessions:
        embed.description += "\nNo sessions logged in this period: use /session log or /session start."
    embed.add_field(name="Sessions", value=f"{summary.sessions:,}")
    embed.add_field(name="Hours live", value=format_number(summary.hours))
    embed.add_field(name="Streak", value=streak_text(summary.streak_weeks))
    embed.add_field(
        name="Diamonds", value=f"{summary.diamonds:,} ({format_number(summary.diamonds_per_hour)}/h)"
    )
    embed.add_field(
        name="Estimated payout",
        value=f"≈ {format_money(summary.payout, currency)}"
        + (
            f" ({format_money(summary.payout_per_hour, currency)}/h)"
            if summary.payout_per_hour is not None
            else ""
        ),
    )
    embed.add_field(name="Likes", value=f"{summary.likes:,} ({format_number(summary.likes_per_hour)}/h)")
    if summary.avg_peak_viewers is not None:
        embed.add_field(name="Average peak viewers", value=format_number(summary.avg_peak_viewers))
    if summary.avg_viewers is not None:
        embed.add_field(name="Average viewers", value=format_number(summary.avg_viewers))
    if summary.new_followers:
        embed.add_field(name="New followers", value=f"{summary.new_followers:,}")
    if summary.best is not None:
        embed.add_field(name="Best session", value=session_line(summary.best, zone), inline=False)
    embed.set_footer(text=f"{assumptions} {LIKES_NOTE}"[:2048])
    return embed


def _metric_value(entry: LeaderboardEntry, metric: str) -> str:
    if metric == "hours":
        return f"{format_number(Decimal(entry.value))} h"
    if metric == "diamonds_per_hour":
        return f"{format_number(Decimal(entry.value))} diamonds/h"
    return plural(int(entry.value), metric.removesuffix("s"))


def leaderboard_embed(
    entries: Sequence[LeaderboardEntry],
    *,
    metric: str,
    period: str,
    members: int,
    sessions: int,
) -> discord.Embed:
    embed = discord.Embed(
        title=f"Leaderboard · {METRIC_LABELS[metric]} · {PERIOD_LABELS[period]}", colour=BRAND_COLOUR
    )
    if not entries:
        embed.description = "No sessions logged in this period yet: members can use /session log."
    else:
        medals = {1: "🥇", 2: "🥈", 3: "🥉"}
        lines = [
            f"{medals.get(e.rank, f'`{e.rank:>2}`')} <@{e.user_id}> — {_metric_value(e, metric)}"
            f" · {plural(e.totals.sessions, 'session')}"
            for e in entries
        ]
        embed.description = "\n".join(lines)[:4096]
    footer = f"{members:,} members · {sessions:,} sessions in this period"
    if metric == "diamonds_per_hour":
        footer += " · members with at least 1 hour live"
    if metric == "likes":
        footer += f" · {LIKES_NOTE}"
    embed.set_footer(text=footer)
    return embed


def likes_fit_embed(fit: LikesFit | None, needed: str, sessions: int) -> discord.Embed:
    embed = discord.Embed(title="Likes and diamonds in this server", colour=BRAND_COLOUR)
    if fit is None:
        embed.description = needed
    else:
        r_text = "n/a" if fit.r is None else f"{fit.r:.2f}"
        embed.description = (
            f"Across {fit.n:,} sessions, about **{fit.per_1k:,.1f} diamonds** went along with every "
            f"1,000 likes (95 % interval {fit.low_per_1k:,.1f}–{fit.high_per_1k:,.1f}). "
            f"Single sessions ranged from {fit.typical_low_per_1k:,.1f} to {fit.typical_high_per_1k:,.1f} "
            f"(10th–90th percentile); correlation r = {r_text}."
        )
    embed.add_field(name="Sessions with likes", value=f"{sessions:,}")
    embed.set_footer(
        text=f"An indirect association learned from logged sessions, not a price per like. {LIKES_NOTE}"
    )
    return embed


# --------------------------------------------------------------------------- peak times


def _rate(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:,.1f}"


def peak_embed(
    top: Sequence[PeakWindow],
    metric: Metric,
    zone: str,
    sessions: int,
    period: str,
    filename: str,
    *,
    whose: str = "this server",
    zone_warning: str | None = None,
) -> discord.Embed:
    label = PEAK_METRIC_LABELS[metric]
    embed = discord.Embed(
        title=f"Peak LIVE times · {period}",
        description=(
            f"From {sessions} logged sessions of {whose}, by {label}, in {zone}. "
            f"A slot counts as a peak with at least {MIN_SESSIONS_PER_SLOT} sessions on "
            f"{MIN_DAYS_PER_SLOT}+ days; neighbouring strong hours form one window. Highlighted: the top windows."
        ),
        colour=BRAND_COLOUR,
    )
    if zone_warning:
        embed.add_field(name="⚠️ Time zone", value=zone_warning, inline=False)
    if top:
        lines = [
            f"**{i}.** {window_text(w)} · {_rate(w.value)} {label.split(' live')[0]} "
            f"({w.hours:.1f} h of data, {w.sessions} sessions)"
            for i, w in enumerate(top, start=1)
        ]
        embed.add_field(name=f"Top windows ({zone})", value="\n".join(lines), inline=False)
    else:
        embed.add_field(
            name="Top windows",
            value=(
                f"No slot has enough data yet (an hour live, {MIN_SESSIONS_PER_SLOT} sessions, "
                f"{MIN_DAYS_PER_SLOT} days) with any {label.split(' per')[0]}: keep logging sessions."
            ),
            inline=False,
        )
    embed.set_image(url=f"attachment://{filename}")
    embed.set_footer(text="/reminder add-peak creates one go-live reminder per window.")
    return embed


UTC_ZONE_WARNING = (
    "This server's time zone is still UTC, the default: times here are UTC. "
    "An admin can set the real one with /config timezone."
)


def zone_warning(zone: str) -> str | None:
    """The warning /peak and add-peak show while the server's zone is the UTC default."""
    return UTC_ZONE_WARNING if zone == "UTC" else None


def generic_embed(
    zone: str,
    sessions: int,
    needed: int,
    period: str,
    generic: Sequence[Slot],
    *,
    whose: str = "This server",
    zone_warning: str | None = None,
) -> discord.Embed:
    guidance = GENERIC_GUIDANCE
    embed = discord.Embed(
        title=f"Peak LIVE times · {period} · generic",
        description=(
            f"{whose} has {plural(sessions, 'logged session')} in this period; "
            f"its own heatmap needs at least {needed}. Until then, here is **{guidance.label.lower()}**."
        ),
        colour=BRAND_COLOUR,
    )
    windows = [
        f"**{w.name}**: {format_days(w.days)} {w.start:%H:%M}–{w.end:%H:%M} local time"
        for w in guidance.windows
    ]
    embed.add_field(name="Generic windows", value="\n".join(windows), inline=False)
    embed.add_field(
        name=f"Generic slots for reminders ({zone})",
        value="\n".join(f"{slot_text(s)} (generic)" for s in generic),
        inline=False,
    )
    embed.add_field(name="Caveat", value=guidance.caveat, inline=False)
    if zone_warning:
        embed.add_field(name="⚠️ Time zone", value=zone_warning, inline=False)
    embed.set_footer(text="Log sessions with /session so your own peaks can replace this.")
    return embed
