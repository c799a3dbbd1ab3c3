"""Embeds for /stats and /peak, built from plain domain results.

Pure functions: no I/O, no clock. Members appear as ``<@id>`` mentions inside
embeds (which never ping). Likes are shown as counts only, never as money.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import discord

from bot.core import format as fmt
from bot.meta.render import BRAND_COLOUR
from bot.money.model.likes import LikesFit, is_clear
from bot.reminders.model.recurrence import format_days
from bot.sessions.render import session_line
from bot.stats.cards import GOAL_NAMES, goal_line
from bot.stats.model.goals import GoalProgress, period_label
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
from bot.stats.model.trends import Changes

if TYPE_CHECKING:
    from bot.stats.service import PeriodBoard
    from bot.storage.goals import LeaderboardPost

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
    """'1 session', '2 sessions' (``bot.core.format.plural``)."""
    return fmt.plural(count, word)


def streak_text(weeks: int) -> str:
    return f"{fmt.plural(weeks, 'week')} in a row"


def _with_change(value: str, delta: str) -> str:
    return f"{value} · {delta}" if delta and delta != fmt.UNKNOWN else value


def member_stats_embed(
    summary: MemberSummary,
    *,
    user_id: int,
    period: str,
    zone: ZoneInfo,
    money: Callable[[Decimal], str] | None,
    assumptions: str,
    changes: Changes | None = None,
    goals: Sequence[GoalProgress] = (),
    handle: str | None = None,
) -> discord.Embed:
    """A member's figures; ``money`` formats the payout, or is None when it is not shown to this viewer.

    Changes compare with the period before (``↑ 12 %``); averages say what they are over.
    """
    changes = changes or Changes()
    embed = discord.Embed(title=f"LIVE stats · {PERIOD_LABELS[period]}", colour=BRAND_COLOUR)
    embed.description = f"<@{user_id}>" + (
        f" · TikTok [@{handle}](https://www.tiktok.com/@{handle})" if handle else ""
    )
    embed.description += f" · times in {zone.key}"
    if period != "all":
        embed.description += " · changes against the period before"
    if not summary.sessions:
        embed.description += "\nNo sessions logged in this period: use /session log or /session start."
    embed.add_field(name="Sessions", value=_with_change(fmt.count(summary.sessions), changes.sessions))
    embed.add_field(name="Time live", value=_with_change(fmt.duration(summary.minutes), changes.minutes))
    embed.add_field(name="Streak", value=streak_text(summary.streak_weeks))
    embed.add_field(
        name="Diamonds",
        value=_with_change(
            f"{fmt.count(summary.diamonds)} ({fmt.rate(summary.diamonds_per_hour)})", changes.diamonds
        ),
    )
    if money is not None:
        payout = f"≈ {money(summary.payout)}"
        if summary.payout_per_hour is not None:
            payout += f" ({money(summary.payout_per_hour)}/h)"
        embed.add_field(name="Estimated payout", value=payout)
    embed.add_field(
        name="Likes",
        value=_with_change(f"{fmt.count(summary.likes)} ({fmt.rate(summary.likes_per_hour)})", changes.likes),
    )
    if summary.avg_peak_viewers is not None:
        embed.add_field(
            name="Average peak viewers",
            value=f"{fmt.number(summary.avg_peak_viewers)} (mean over {fmt.plural(summary.peak_sessions, 'session')} that logged it)",
        )
    if summary.avg_viewers is not None:
        embed.add_field(
            name="Average viewers",
            value=f"{fmt.number(summary.avg_viewers)} (weighted by time live, sessions that logged it)",
        )
    if summary.new_followers:
        embed.add_field(name="New followers", value=fmt.count(summary.new_followers))
    if summary.best is not None:
        best = session_line(summary.best, zone) + (" · **new best**" if changes.best else "")
        embed.add_field(name="Best session", value=best, inline=False)
    if goals:
        lines = [
            f"{GOAL_NAMES[(g.goal.metric, g.goal.period)]}: {fmt.progress_bar(g.done, g.goal.target)}\n{goal_line(g)}"
            for g in goals
        ]
        embed.add_field(name="Goals", value="\n".join(lines)[:1024], inline=False)
    embed.set_footer(text=f"{assumptions} {LIKES_NOTE}"[:2048] if money is not None else LIKES_NOTE)
    return embed


def _metric_value(entry: LeaderboardEntry, metric: str) -> str:
    if metric == "hours":
        return fmt.duration(entry.totals.minutes)
    if metric == "diamonds_per_hour":
        return fmt.rate(Decimal(entry.value), what="diamonds")
    return fmt.plural(int(entry.value), metric.removesuffix("s"))


def leaderboard_embed(
    entries: Sequence[LeaderboardEntry],
    *,
    metric: str,
    period: str,
    members: int,
    sessions: int,
    hidden: int = 0,
) -> discord.Embed:
    """``members`` counts everyone who logged a session; ``hidden`` of them keep their figures private."""
    embed = discord.Embed(
        title=f"Leaderboard · {METRIC_LABELS[metric]} · {PERIOD_LABELS[period]}", colour=BRAND_COLOUR
    )
    if not entries:
        embed.description = (
            "Nobody who shares their figures logged a session in this period: /stats sharing lets members show theirs."
            if hidden
            else "No sessions logged in this period yet: members can use /session log."
        )
    else:
        embed.description = leaderboard_lines(entries, metric)
    footer = f"{fmt.plural(members - hidden, 'member')} · {fmt.plural(sessions, 'session')} in this period"
    if hidden:
        footer += f" · {hidden_note(hidden)}"
    if metric == "diamonds_per_hour":
        footer += " · members with at least 1 hour live"
    if metric == "likes":
        footer += f" · {LIKES_NOTE}"
    embed.set_footer(text=footer)
    return embed


def likes_fit_embed(fit: LikesFit | None, sentence: str, sessions: int) -> discord.Embed:
    """``sentence`` is :func:`bot.money.model.likes.fit_sentence`: the same words /likes uses."""
    embed = discord.Embed(title="Likes and diamonds in this server", colour=BRAND_COLOUR)
    embed.description = sentence
    if fit is not None and is_clear(fit):
        embed.description += (
            f"\nSingle sessions ranged from {fmt.number(Decimal(str(fit.typical_low_per_1k)))} to "
            f"{fmt.number(Decimal(str(fit.typical_high_per_1k)))} diamonds per 1,000 likes (10th–90th percentile)."
        )
    if fit is not None and fit.r is not None:
        embed.add_field(name="Correlation", value=f"r = {fit.r:.2f}")
    embed.add_field(name="Sessions with likes", value=fmt.count(sessions))
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


def leaderboard_lines(entries: Sequence[LeaderboardEntry], metric: str) -> str:
    medals = {1: "🥇", 2: "🥈", 3: "🥉"}
    return "\n".join(
        f"{medals.get(e.rank, f'`{e.rank:>2}`')} <@{e.user_id}> — {_metric_value(e, metric)}"
        f" · {fmt.plural(e.totals.sessions, 'session')}"
        for e in entries
    )[:4096]


def hidden_note(hidden: int) -> str:
    if not hidden:
        return ""
    verb = "keeps" if hidden == 1 else "keep"
    return f"{fmt.plural(hidden, 'member')} {verb} their figures private (/stats sharing)"


def period_board_embed(board: PeriodBoard) -> discord.Embed:
    """The board posted when a calendar week or month ends."""
    assert board.start is not None and board.end is not None, "a posted board covers one calendar period"
    start = board.start.astimezone(board.zone)
    title = period_label(board.period, board.start, board.zone)
    embed = discord.Embed(title=f"Leaderboard · {METRIC_LABELS[board.metric]} · {title}", colour=BRAND_COLOUR)
    embed.description = (
        leaderboard_lines(board.entries, board.metric)
        if board.entries
        else "Nobody who shares their figures logged a session in this period."
    )
    footer = [
        f"{fmt.plural(board.sessions, 'session')} · {start:%d %b}–{(board.end.astimezone(board.zone) - timedelta(days=1)):%d %b} ({board.zone.key})"
    ]
    if board.hidden:
        footer.append(hidden_note(board.hidden))
    embed.set_footer(text=" · ".join(footer))
    return embed


def goals_text(goals: Sequence[GoalProgress], zone: ZoneInfo) -> str:
    if not goals:
        return "You have no goals yet: /stats goal sets one."
    lines = [
        f"**{GOAL_NAMES[(g.goal.metric, g.goal.period)]}** {fmt.progress_bar(g.done, g.goal.target)} · {goal_line(g)}"
        for g in goals
    ]
    return "\n".join(lines) + f"\nWeeks start on Monday, in {zone.key}."


def posts_text(posts: Sequence[LeaderboardPost]) -> str:
    if not posts:
        return "No leaderboard posts are set up."
    return "Set up: " + "; ".join(
        f"{p.period}ly by {p.metric.replace('_', ' ')} in <#{p.channel_id}>" for p in posts
    )
