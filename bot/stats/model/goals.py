"""Members' goals (diamonds or hours per week or month), their progress and the month's projection.

Pure: periods are calendar weeks (Monday first) and months in the member's zone,
returned as UTC instants so sums over them are exact across DST changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from bot.core.errors import InvalidInput
from bot.core.format import count, duration

GOAL_METRICS = ("diamonds", "hours")
GOAL_PERIODS = ("week", "month")
# A goal above these cannot be met by a human: a week has 168 hours, and no creator
# earns a billion diamonds a month. They keep typos such as 10^15 out of the database.
MAX_HOURS = {"week": 7 * 24, "month": 31 * 24}
MAX_DIAMONDS = {"week": 100_000_000, "month": 400_000_000}


@dataclass(frozen=True, slots=True)
class Goal:
    """``target`` is diamonds, or minutes for an hours goal (so time is exact)."""

    metric: str
    period: str
    target: int

    def target_text(self) -> str:
        return duration(self.target) if self.metric == "hours" else f"{count(self.target)} diamonds"


def make_goal(metric: str, period: str, amount: Decimal | int | float | str) -> Goal:
    """Validate a goal typed by a member (hours may have decimals: 2.5 h) or say what to enter."""
    metric, period = metric.strip().lower(), period.strip().lower()
    if metric not in GOAL_METRICS:
        raise InvalidInput("Choose a goal of diamonds or hours.")
    if period not in GOAL_PERIODS:
        raise InvalidInput("Choose a goal per week or per month.")
    try:
        value = Decimal(str(amount).strip().replace(",", ""))
    except ArithmeticError as exc:
        raise InvalidInput("Enter the goal as a number, like 5000 diamonds or 10 hours.") from exc
    if not value.is_finite():
        raise InvalidInput("Enter the goal as a number, like 5000 diamonds or 10 hours.")
    if value <= 0:
        raise InvalidInput("Set a goal above 0: use /stats goal-clear to remove a goal instead.")
    if metric == "hours":
        cap = MAX_HOURS[period]
        if value > cap:
            raise InvalidInput(f"A {period} has at most {cap:,} hours: set an hours goal of {cap:,} or less.")
        minutes = int((value * 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        if minutes < 1:
            raise InvalidInput("Set an hours goal of at least 1 minute (0.02 hours).")
        return Goal(metric, period, minutes)
    cap = MAX_DIAMONDS[period]
    if value != value.to_integral_value():
        raise InvalidInput("Enter a diamonds goal as a whole number, like 5000.")
    if value > cap:
        raise InvalidInput(f"Set a diamonds goal of at most {cap:,} per {period}.")
    return Goal(metric, period, int(value))


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    """The UTC instant of local midnight starting ``day`` (the first valid minute on a DST gap)."""
    local = datetime.combine(day, datetime.min.time(), tzinfo=zone)
    return local.astimezone(UTC)


def period_bounds(period: str, now: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """UTC [start, end) of the calendar week (Monday) or month containing ``now`` in ``zone``."""
    today = now.astimezone(zone).date()
    if period == "week":
        first = today - timedelta(days=today.weekday())
        after = first + timedelta(days=7)
    elif period == "month":
        first = today.replace(day=1)
        after = (first + timedelta(days=32)).replace(day=1)
    else:
        raise InvalidInput("Choose a goal per week or per month.")
    return _midnight(first, zone), _midnight(after, zone)


def previous_bounds(period: str, now: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The calendar week or month before the one containing ``now``."""
    start, _ = period_bounds(period, now, zone)
    return period_bounds(period, start - timedelta(seconds=1), zone)


def period_label(period: str, start: datetime, zone: ZoneInfo) -> str:
    """``"Week of 30 Nov 2026"`` or ``"November 2026"`` (the local calendar)."""
    local = start.astimezone(zone)
    return f"Week of {local.day} {local:%b %Y}" if period == "week" else f"{local:%B %Y}"


def period_key(period: str, start: datetime, zone: ZoneInfo) -> str:
    """A stable name for a period: ``"2026-W49"`` or ``"2026-11"``."""
    local = start.astimezone(zone).date()
    if period == "week":
        year, week, _ = local.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{local:%Y-%m}"


@dataclass(frozen=True, slots=True)
class GoalProgress:
    goal: Goal
    done: int  # diamonds, or minutes
    projected: int | None  # at the current pace, by the period's end (None before any time has passed)

    @property
    def ratio(self) -> Decimal:
        return Decimal(self.done) / Decimal(self.goal.target)

    @property
    def met(self) -> bool:
        return self.done >= self.goal.target

    def amount_text(self, value: int) -> str:
        return duration(value) if self.goal.metric == "hours" else count(value)


def progress(goal: Goal, done: int, now: datetime, start: datetime, end: datetime) -> GoalProgress:
    """How far ``done`` is toward ``goal`` in [start, end), and where the current pace ends up.

    The projection is a straight line: ``done`` scaled from the time elapsed to the whole period.
    """
    if done < 0:
        raise ValueError("progress cannot be negative")
    elapsed = (min(now, end) - start).total_seconds()
    whole = (end - start).total_seconds()
    if elapsed <= 0 or whole <= 0:
        return GoalProgress(goal, done, None)
    projected = (Decimal(done) * Decimal(whole) / Decimal(elapsed)).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    return GoalProgress(goal, done, int(projected))
