"""Embeds and summaries for session logs and stats, built from plain domain results.

Pure functions: no I/O, no clock. Members appear as ``<@id>`` mentions inside
embeds (which never ping). Likes are shown as counts only, never as money.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import discord

from bot.meta.render import BRAND_COLOUR
from bot.money.model.economy import format_money
from bot.money.model.likes import LikesFit
from bot.sessions.model.record import SessionRecord
from bot.stats.model.summary import CENT, TENTH, LeaderboardEntry, MemberSummary, per_hour, streak_weeks
from bot.storage.sessions import MemberAggregate

PERIOD_LABELS = {"7d": "Last 7 days", "30d": "Last 30 days", "90d": "Last 90 days", "all": "All time"}
METRIC_LABELS = {
    "diamonds": "Diamonds",
    "likes": "Likes",
    "hours": "Hours live",
    "sessions": "Sessions",
    "diamonds_per_hour": "Diamonds per hour",
}
LIKES_NOTE = "Likes are free and pay nothing by themselves."
_SIXTY = Decimal(60)


class _Start:
    """Just enough of a session for :func:`bot.stats.model.summary.streak_weeks`."""

    __slots__ = ("started_at",)

    def __init__(self, started_at: datetime) -> None:
        self.started_at = started_at


def member_streak(starts: Sequence[datetime], now: datetime, zone: ZoneInfo) -> int:
    """Weeks in a row with a session (the domain rule), from start times only."""
    return streak_weeks([_Start(s) for s in starts], now, zone)  # type: ignore[misc]


def build_summary(
    agg: MemberAggregate,
    best: SessionRecord | None,
    streak: int,
    payout_per_diamond: Decimal,
) -> MemberSummary:
    """A :class:`MemberSummary` from SQL totals; ``payout`` is in the server currency."""
    avg_viewers = (
        (Decimal(agg.avg_viewer_minutes) / agg.minutes_with_avg).quantize(TENTH, rounding=ROUND_HALF_UP)
        if agg.minutes_with_avg
        else None
    )
    avg_peak = (
        (Decimal(agg.peak_viewers_sum) / agg.sessions).quantize(TENTH, rounding=ROUND_HALF_UP)
        if agg.sessions
        else None
    )
    payout = Decimal(agg.diamonds) * payout_per_diamond
    return MemberSummary(
        sessions=agg.sessions,
        minutes=agg.minutes,
        hours=(Decimal(agg.minutes) / _SIXTY).quantize(CENT, rounding=ROUND_HALF_UP),
        likes=agg.likes,
        diamonds=agg.diamonds,
        payout=payout,
        usd_per_diamond=payout_per_diamond,
        likes_per_hour=per_hour(agg.likes, agg.minutes),
        diamonds_per_hour=per_hour(agg.diamonds, agg.minutes),
        payout_per_hour=per_hour(payout, agg.minutes, CENT),
        best=best,
        streak_weeks=streak,
        avg_viewers=avg_viewers,
        avg_peak_viewers=avg_peak,
        new_followers=agg.new_followers,
    )


def format_minutes(minutes: int) -> str:
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"


def _number(value: Decimal | int | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return f"{value:,}"
    return f"{int(value):,}"


def local_time(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%a %d %b %Y, %H:%M")


def session_line(record: SessionRecord, zone: ZoneInfo) -> str:
    return (
        f"`#{record.id}` {local_time(record.started_at, zone)} · {format_minutes(record.duration_minutes)} · "
        f"{record.diamonds:,} diamonds · {record.likes:,} likes · {record.peak_viewers:,} peak viewers"
    )


def session_embed(
    record: SessionRecord,
    zone: ZoneInfo,
    title: str,
    payout: str | None = None,
    gift_name: Callable[[int | str], str] = str,
) -> discord.Embed:
    """One session's details (used after log, edit and stop); ``gift_name`` turns gift keys into names."""
    embed = discord.Embed(title=title, colour=BRAND_COLOUR)
    embed.add_field(name="Session", value=f"#{record.id}")
    embed.add_field(name="Start", value=f"{local_time(record.started_at, zone)} ({zone.key})")
    embed.add_field(name="Duration", value=format_minutes(record.duration_minutes))
    embed.add_field(name="Diamonds", value=f"{record.diamonds:,}" + (f" (≈ {payout})" if payout else ""))
    embed.add_field(name="Likes", value=f"{record.likes:,}")
    embed.add_field(name="Peak viewers", value=f"{record.peak_viewers:,}")
    if record.avg_viewers is not None:
        embed.add_field(name="Average viewers", value=f"{record.avg_viewers:,}")
    if record.new_followers is not None:
        embed.add_field(name="New followers", value=f"{record.new_followers:,}")
    if record.gifts:
        gifts = ", ".join(f"{count:,} × {gift_name(key)}" for key, count in record.gifts)
        embed.add_field(name="Gifts", value=gifts[:1024], inline=False)
    if record.note:
        embed.add_field(name="Note", value=record.note[:1024], inline=False)
    return embed


def session_list_embed(
    records: Sequence[SessionRecord], *, user_id: int, page: int, pages: int, total: int, zone: ZoneInfo
) -> discord.Embed:
    embed = discord.Embed(title="LIVE sessions", colour=BRAND_COLOUR)
    if not records:
        embed.description = f"<@{user_id}> has no sessions logged in this server yet: use /session log."
    else:
        lines = "\n".join(session_line(r, zone) for r in records)
        embed.description = f"<@{user_id}> · {total:,} sessions\n\n{lines}"[:4096]
    embed.set_footer(text=f"Page {page + 1} of {max(1, pages)} · times in {zone.key}")
    return embed


def member_stats_embed(
    summary: MemberSummary,
    *,
    user_id: int,
    period: str,
    currency: str,
    assumptions: str,
    zone: ZoneInfo,
) -> discord.Embed:
    embed = discord.Embed(title=f"LIVE stats · {PERIOD_LABELS[period]}", colour=BRAND_COLOUR)
    embed.description = f"<@{user_id}>"
    if not summary.sessions:
        embed.description += "\nNo sessions logged in this period: use /session log or /session start."
    embed.add_field(name="Sessions", value=f"{summary.sessions:,}")
    embed.add_field(name="Hours live", value=_number(summary.hours))
    embed.add_field(
        name="Streak", value=f"{summary.streak_weeks} week{'s' if summary.streak_weeks != 1 else ''} in a row"
    )
    embed.add_field(name="Diamonds", value=f"{summary.diamonds:,} ({_number(summary.diamonds_per_hour)}/h)")
    embed.add_field(
        name="Estimated payout",
        value=f"≈ {format_money(summary.payout, currency)}"
        + (
            f" ({format_money(summary.payout_per_hour, currency)}/h)"
            if summary.payout_per_hour is not None
            else ""
        ),
    )
    embed.add_field(name="Likes", value=f"{summary.likes:,} ({_number(summary.likes_per_hour)}/h)")
    if summary.avg_peak_viewers is not None:
        embed.add_field(name="Average peak viewers", value=_number(summary.avg_peak_viewers))
    if summary.avg_viewers is not None:
        embed.add_field(name="Average viewers", value=_number(summary.avg_viewers))
    if summary.new_followers:
        embed.add_field(name="New followers", value=f"{summary.new_followers:,}")
    if summary.best is not None:
        embed.add_field(name="Best session", value=session_line(summary.best, zone), inline=False)
    embed.set_footer(text=f"{assumptions} {LIKES_NOTE}"[:2048])
    return embed


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _metric_value(entry: LeaderboardEntry, metric: str) -> str:
    if metric == "hours":
        return f"{_number(Decimal(entry.value))} h"
    if metric == "diamonds_per_hour":
        return f"{_number(Decimal(entry.value))} diamonds/h"
    return _plural(int(entry.value), metric.removesuffix("s"))


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
            f" · {_plural(e.totals.sessions, 'session')}"
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
