"""What a share card says: its text built from domain results, every figure from ``bot.core.format``.

Pure (no I/O, no clock): the cog gathers the member's summary, changes, goals and
consent, this builds the :class:`~bot.stats.charts.CardData` the chart worker draws.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot.core import format as fmt
from bot.stats.charts import CardData, GoalBar, Tile
from bot.stats.model.goals import GoalProgress
from bot.stats.model.summary import MemberSummary
from bot.stats.model.trends import Changes

PERIOD_NAMES = {"7d": "Last 7 days", "30d": "Last 30 days", "90d": "Last 90 days", "all": "All time"}
GOAL_NAMES = {
    ("diamonds", "week"): "Diamonds this week",
    ("diamonds", "month"): "Diamonds this month",
    ("hours", "week"): "Time live this week",
    ("hours", "month"): "Time live this month",
}


def local_moment(moment: datetime, zone: ZoneInfo) -> str:
    """``"Mon 30 Nov, 21:30"`` in the member's zone (the zone is named once, next to it)."""
    local = moment.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M}"


def streak(weeks: int) -> str:
    return f"{fmt.plural(weeks, 'week')} in a row"


def goal_line(item: GoalProgress) -> str:
    """``"18,600 of 30,000 · on pace for 33,100"`` (the pace only while the period runs and the goal is open)."""
    text = f"{item.amount_text(item.done)} of {item.amount_text(item.goal.target)}"
    if item.met:
        return f"{text} · goal met"
    if item.projected is not None and item.projected > item.done:
        text += f" · on pace for {item.amount_text(item.projected)}"
    return text


def goal_bars(goals: Sequence[GoalProgress]) -> tuple[GoalBar, ...]:
    return tuple(
        GoalBar(GOAL_NAMES[(g.goal.metric, g.goal.period)], float(g.ratio), goal_line(g)) for g in goals
    )


def card_data(
    summary: MemberSummary,
    changes: Changes,
    goals: Sequence[GoalProgress],
    *,
    display_name: str,
    period: str,
    server_name: str,
    zone: ZoneInfo,
    money: Callable[[Decimal], str] | None,
) -> CardData:
    """The card's text; ``money`` formats the payout, or is None when the member hides it."""
    rate_tile = (
        Tile("Est. payout", f"≈ {money(summary.payout)}")
        if money is not None
        else Tile("Diamonds per hour", fmt.rate(summary.diamonds_per_hour), changes.diamonds_per_hour)
    )
    tiles = (
        Tile("Sessions", fmt.count(summary.sessions), changes.sessions),
        Tile("Time live", fmt.duration(summary.minutes), changes.minutes),
        Tile("Streak", streak(summary.streak_weeks)),
        Tile("Diamonds", fmt.count(summary.diamonds), changes.diamonds),
        rate_tile,
        Tile("Likes", fmt.count(summary.likes), changes.likes),
    )
    best = summary.best
    best_text = (
        f"Best: {local_moment(best.started_at, zone)} · {fmt.plural(best.diamonds, 'diamond')} in "
        f"{fmt.duration(best.duration_minutes)}" + (" · new best" if changes.best else "")
        if best is not None
        else ""
    )
    footer = f"Times in {zone.key}"
    if money is not None:
        footer += " · payout is an estimate"
    return CardData(
        display_name=display_name,
        headline=" · ".join(p for p in (PERIOD_NAMES[period], server_name) if p),
        tiles=tiles,
        goals=goal_bars(goals),
        best=best_text,
        footer=footer,
    )
