"""What a share card says: its text built from domain results, every figure from ``bot.core.format``.

Pure (no I/O, no clock): the cog gathers the member's summary, changes, goals and
consent, this builds the :class:`~bot.stats.charts.CardData` the chart worker draws.
Every word is in the answer's language, which the card data carries to the worker.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot.core import format as fmt
from bot.i18n import N_, _, current, ngettext
from bot.stats import dates
from bot.stats.charts import CardData, GoalBar, Tile
from bot.stats.model.goals import GoalProgress
from bot.stats.model.summary import MemberSummary
from bot.stats.model.trends import Changes

# Translated at use: _(PERIOD_NAMES[period]), _(GOAL_NAMES[...]) (or goal_name()).
PERIOD_NAMES = {
    "7d": N_("Last 7 days"),
    "30d": N_("Last 30 days"),
    "90d": N_("Last 90 days"),
    "all": N_("All time"),
}
GOAL_NAMES = {
    ("diamonds", "week"): N_("Diamonds this week"),
    ("diamonds", "month"): N_("Diamonds this month"),
    ("hours", "week"): N_("Time live this week"),
    ("hours", "month"): N_("Time live this month"),
}


def period_name(period: str) -> str:
    """``"Last 30 days"`` in the answer's language."""
    return _(PERIOD_NAMES[period])


def goal_name(item: GoalProgress) -> str:
    """``"Diamonds this month"`` in the answer's language."""
    return _(GOAL_NAMES[(item.goal.metric, item.goal.period)])


def local_moment(moment: datetime, zone: ZoneInfo) -> str:
    """``"Mon 30 Nov, 21:30"`` in the member's zone (the zone is named once, next to it)."""
    local = moment.astimezone(zone)
    return f"{dates.weekday_day_month(local)}, {local:%H:%M}"


def streak(weeks: int) -> str:
    return ngettext("{n} week in a row", "{n} weeks in a row", weeks)


def goal_line(item: GoalProgress) -> str:
    """``"18,600 of 30,000 · on pace for 33,100"`` (the pace only while the period runs and the goal is open)."""
    text = _(
        "{done} of {target}",
        done=item.amount_text(item.done),
        target=item.amount_text(item.goal.target),
    )
    if item.met:
        return _("{progress} · goal met", progress=text)
    if item.projected is not None and item.projected > item.done:
        text = _(
            "{progress} · on pace for {projected}", progress=text, projected=item.amount_text(item.projected)
        )
    return text


def goal_bars(goals: Sequence[GoalProgress]) -> tuple[GoalBar, ...]:
    return tuple(GoalBar(goal_name(g), float(g.ratio), goal_line(g)) for g in goals)


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
        Tile(_("Est. payout"), f"≈ {money(summary.payout)}")
        if money is not None
        else Tile(_("Diamonds per hour"), fmt.rate(summary.diamonds_per_hour), changes.diamonds_per_hour)
    )
    tiles = (
        Tile(_("Sessions"), fmt.count(summary.sessions), changes.sessions),
        Tile(_("Time live"), fmt.duration(summary.minutes), changes.minutes),
        Tile(_("Streak"), streak(summary.streak_weeks)),
        Tile(_("Diamonds"), fmt.count(summary.diamonds), changes.diamonds),
        rate_tile,
        Tile(_("Likes"), fmt.count(summary.likes), changes.likes),
    )
    best = summary.best
    best_text = ""
    if best is not None:
        best_text = _(
            "Best: {when} · {diamonds} in {duration}",
            when=local_moment(best.started_at, zone),
            diamonds=ngettext("{n} diamond", "{n} diamonds", best.diamonds),
            duration=fmt.duration(best.duration_minutes),
        )
        if changes.best:
            best_text += " · " + new_best()
    footer = _("Times in {zone}", zone=zone.key)
    if money is not None:
        footer = _("{times} · payout is an estimate", times=footer)
    return CardData(
        display_name=display_name,
        headline=" · ".join(p for p in (period_name(period), server_name) if p),
        tiles=tiles,
        goals=goal_bars(goals),
        best=best_text,
        footer=footer,
        locale=current(),
    )


def new_best() -> str:
    """The mark of a period holding the member's best session ever (``Changes.best``)."""
    return _("new best")
