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
from bot.core.format import count, decimal_symbols, duration
from bot.i18n import _, ngettext
from bot.stats import dates

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
        if self.metric == "hours":
            return duration(self.target)
        return ngettext("{n} diamond", "{n} diamonds", self.target)


def _goal_number(text: str) -> Decimal:
    """A goal as the member writes numbers: ``12,000`` or ``2.5`` in English, ``12.000`` or ``2,5`` in de."""
    mark = decimal_symbols()[0]
    cleaned = "".join(text.split())  # spaces, also CLDR's no-break ones, group digits
    if mark == ",":
        if "," not in cleaned and cleaned.count(".") == 1 and len(cleaned.split(".")[1]) != 3:
            return Decimal(cleaned)  # "2.5" hours: a decimal point, whatever the locale
        cleaned = cleaned.replace(".", "").replace(",", ".")
    else:
        cleaned = cleaned.replace(",", "")
    return Decimal(cleaned)


def make_goal(metric: str, period: str, amount: Decimal | int | float | str) -> Goal:
    """Validate a goal typed by a member (hours may have decimals: 2.5 h) or say what to enter."""
    metric, period = metric.strip().lower(), period.strip().lower()
    if metric not in GOAL_METRICS:
        raise InvalidInput(_("Choose a goal of diamonds or hours."))
    if period not in GOAL_PERIODS:
        raise InvalidInput(_("Choose a goal per week or per month."))
    try:
        value = amount if isinstance(amount, Decimal) else _goal_number(str(amount))
    except ArithmeticError as exc:
        raise InvalidInput(_("Enter the goal as a number, like 5000 diamonds or 10 hours.")) from exc
    if not value.is_finite():
        raise InvalidInput(_("Enter the goal as a number, like 5000 diamonds or 10 hours."))
    if value <= 0:
        raise InvalidInput(_("Set a goal above 0: use /stats goal-clear to remove a goal instead."))
    if metric == "hours":
        cap = MAX_HOURS[period]
        if value > cap:
            message = (
                _("A week has at most {cap} hours: set an hours goal of {cap} or less.", cap=count(cap))
                if period == "week"
                else _("A month has at most {cap} hours: set an hours goal of {cap} or less.", cap=count(cap))
            )
            raise InvalidInput(message)
        minutes = int((value * 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        if minutes < 1:
            raise InvalidInput(
                _("Set an hours goal of at least 1 minute ({hours} hours).", hours=_point("0.02"))
            )
        return Goal(metric, period, minutes)
    cap = MAX_DIAMONDS[period]
    if value != value.to_integral_value():
        raise InvalidInput(_("Enter a diamonds goal as a whole number, like 5000."))
    if value > cap:
        raise InvalidInput(
            _("Set a diamonds goal of at most {cap} per week.", cap=count(cap))
            if period == "week"
            else _("Set a diamonds goal of at most {cap} per month.", cap=count(cap))
        )
    return Goal(metric, period, int(value))


def _point(text: str) -> str:
    """A decimal written with the locale's mark (``0,02`` in German)."""
    return text.replace(".", decimal_symbols()[0])


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
        raise InvalidInput(_("Choose a goal per week or per month."))
    return _midnight(first, zone), _midnight(after, zone)


def previous_bounds(period: str, now: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The calendar week or month before the one containing ``now``."""
    start, _ = period_bounds(period, now, zone)
    return period_bounds(period, start - timedelta(seconds=1), zone)


def period_label(period: str, start: datetime, zone: ZoneInfo) -> str:
    """``"Week of 30 Nov 2026"`` or ``"November 2026"`` (the local calendar, in the answer's language)."""
    local = start.astimezone(zone)
    if period == "week":
        return _("Week of {date}", date=dates.day_month_year(local))
    return dates.month_year(local)


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
