"""Peak LIVE times: a weekday×hour heatmap of a server's logged sessions, plus a generic fallback.

Each session's live minutes are spread over the *local* weekday×hour slots they cover (DST-aware:
the session is walked in real UTC time and every piece is read in the server's zone), and its likes
and diamonds are pro-rated by minutes, i.e. assumed to accrue evenly over the session. A slot's
value is the per-hour rate there: pro-rated total / hours live in that slot.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from bot.i18n import N_

__all__ = [
    "GENERIC_GUIDANCE",
    "MIN_SESSIONS_FOR_PEAKS",
    "GenericGuidance",
    "GenericWindow",
    "Metric",
    "PeakPlan",
    "PeakReminder",
    "PeakWindow",
    "Session",
    "Slot",
    "SlotTotals",
    "cell_states",
    "enough_data",
    "generic_slots",
    "heat_matrix",
    "hours_matrix",
    "peak_reminder_times",
    "peak_windows",
    "plan_peak_reminders",
    "slot_text",
    "slot_totals",
    "top_slots",
    "trusted",
]

Metric = Literal["diamonds_per_hour", "likes_per_hour"]
Session = tuple[datetime, float, int, int]  # (started_at UTC, duration_minutes, likes, diamonds)
Matrix = list[list[float]]
DAY_NAMES: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # 0 = Monday

MIN_SESSIONS_FOR_PEAKS = 10
# The heatmap uses at most this many of the period's most recent sessions (bounded work).
MAX_SESSIONS_FOR_PEAKS = 20_000
DEFAULT_MIN_HOURS = 1.0
# A slot is a peak worth trusting only with this much behind it: several sessions, on two days or more.
MIN_SESSIONS_PER_SLOT = 3
MIN_DAYS_PER_SLOT = 2
# Adjacent trusted hours join a peak window while they earn at least this share of its best hour.
WINDOW_SHARE = 0.75
_STEP = timedelta(minutes=15)  # every UTC offset and DST change is on a 15-minute UTC boundary


def enough_data(n_sessions: int) -> bool:
    """Whether a server has logged enough sessions for its own heatmap to beat generic advice."""
    return n_sessions >= MIN_SESSIONS_FOR_PEAKS


@dataclass(frozen=True, slots=True)
class SlotTotals:
    """Per local weekday (0=Mon) × hour totals: hours live and pro-rated likes/diamonds."""

    hours: Matrix
    likes: Matrix
    diamonds: Matrix
    sessions: list[list[int]] = field(default_factory=lambda: [[0] * 24 for _ in range(7)])
    days: list[list[int]] = field(default_factory=lambda: [[0] * 24 for _ in range(7)])  # distinct dates


def _zeros() -> Matrix:
    return [[0.0] * 24 for _ in range(7)]


def slot_totals(sessions: Iterable[Session], zone: str) -> SlotTotals:
    """Spread every session over the local weekday×hour slots it covers."""
    tz = ZoneInfo(zone)
    hours, likes, diamonds = _zeros(), _zeros(), _zeros()
    seen: dict[tuple[int, int], set[date]] = {}
    counts = [[0] * 24 for _ in range(7)]
    for started_at, duration_minutes, n_likes, n_diamonds in sessions:
        touched: set[tuple[int, int]] = set()
        if started_at.tzinfo is None:
            raise ValueError("started_at must be timezone-aware")
        if duration_minutes <= 0:
            continue
        start = started_at.astimezone(UTC)
        end = start + timedelta(minutes=duration_minutes)
        total = (end - start).total_seconds()
        t = start
        while t < end:
            # Next 15-minute UTC boundary: local weekday and hour cannot change before it.
            epoch = int(t.timestamp())
            nxt = datetime.fromtimestamp(epoch - epoch % 900, UTC) + _STEP
            piece_end = min(nxt, end)
            secs = (piece_end - t).total_seconds()
            local = t.astimezone(tz)
            wd, hr = local.weekday(), local.hour
            share = secs / total
            hours[wd][hr] += secs / 3600
            likes[wd][hr] += n_likes * share
            diamonds[wd][hr] += n_diamonds * share
            touched.add((wd, hr))
            seen.setdefault((wd, hr), set()).add(local.date())
            t = piece_end
        for wd, hr in touched:
            counts[wd][hr] += 1
    days = [[len(seen.get((d, h), ())) for h in range(24)] for d in range(7)]
    return SlotTotals(hours, likes, diamonds, counts, days)


def hours_matrix(sessions: Iterable[Session], zone: str) -> Matrix:
    """7×24 hours live per local weekday×hour slot."""
    return slot_totals(sessions, zone).hours


def heat_matrix(sessions: Iterable[Session], zone: str, metric: Metric) -> Matrix:
    """7×24 per-hour rate of ``metric`` per local weekday×hour slot (0.0 where nobody was live)."""
    totals = slot_totals(sessions, zone)
    if metric == "diamonds_per_hour":
        source = totals.diamonds
    elif metric == "likes_per_hour":
        source = totals.likes
    else:
        raise ValueError(f"unknown metric {metric!r}")
    return [
        [source[d][h] / totals.hours[d][h] if totals.hours[d][h] > 0 else 0.0 for h in range(24)]
        for d in range(7)
    ]


@dataclass(frozen=True, slots=True)
class Slot:
    """A weekly slot starting at ``hour``:00 local on ``weekday`` (0=Mon).

    ``value`` is the metric rate and ``hours`` the hours of data behind it; ``generic`` marks
    fallback slots from :data:`GENERIC_GUIDANCE` (value and hours are 0 there).
    """

    weekday: int
    hour: int
    value: float
    hours: float
    generic: bool = False


def thin_cells_blank(
    matrix: Matrix, hours_matrix: Matrix, min_hours: float = DEFAULT_MIN_HOURS
) -> list[list[float | None]]:
    """The matrix with slots of under ``min_hours`` of data blanked (``None``).

    A ten-minute slice with one big gift would otherwise glow brightest; blanking it
    keeps the picture consistent with :func:`top_slots`, which ignores such slots.
    """
    return [
        [value if hours >= min_hours else None for value, hours in zip(row, hours_row, strict=True)]
        for row, hours_row in zip(matrix, hours_matrix, strict=True)
    ]


def top_slots(
    matrix: Matrix, hours_matrix: Matrix, n: int = 3, min_hours: float = DEFAULT_MIN_HOURS
) -> list[Slot]:
    """The ``n`` best slots by value among those with at least ``min_hours`` of data.

    Ties prefer more hours of data, then the earlier weekday and hour. Slots with a zero value are
    not peaks and are left out.
    """
    slots = [
        Slot(d, h, matrix[d][h], hours_matrix[d][h])
        for d in range(7)
        for h in range(24)
        if hours_matrix[d][h] >= min_hours and matrix[d][h] > 0
    ]
    slots.sort(key=lambda s: (-s.value, -s.hours, s.weekday, s.hour))
    return slots[: max(n, 0)]


@dataclass(frozen=True, slots=True)
class GenericWindow:
    """A generic local-time window: ``days`` (0=Mon) from ``start`` to ``end``."""

    name: str
    days: frozenset[int]
    start: time
    end: time


@dataclass(frozen=True, slots=True)
class GenericGuidance:
    """Generic peak-time advice (not from any server's data); show ``label`` with it.

    The words are English, marked for extraction: translate them at use, ``_(guidance.label)``.
    """

    label: str
    windows: tuple[GenericWindow, ...]
    best_day: int
    caveat: str


GENERIC_GUIDANCE = GenericGuidance(
    label=N_("Generic guidance, not from this server's sessions"),
    windows=(
        GenericWindow(N_("Prime time"), frozenset(range(7)), time(19), time(23)),
        GenericWindow(N_("Lunch"), frozenset(range(7)), time(12), time(14)),
        GenericWindow(N_("Weekend late morning"), frozenset({5, 6}), time(10), time(13)),
    ),
    best_day=3,  # Thursday is often named best
    caveat=N_("Sources disagree (e.g. on Sunday); log sessions so your own heatmap can replace this."),
)

_PRIME_START_BY_REGION = {("America/", -8): 18, ("Europe/", 1): 20}


def _prime_start(zone: str) -> int:
    """Prime-time start hour: 6 pm in Pacific time, 8 pm in CET, otherwise 7 pm (facts file)."""
    offset = datetime(2026, 1, 15, 12, tzinfo=ZoneInfo(zone)).utcoffset() or timedelta(0)
    hours = offset.total_seconds() / 3600
    for (prefix, std_hours), start in _PRIME_START_BY_REGION.items():
        if zone.startswith(prefix) and hours == std_hours:
            return start
    return 19


def generic_slots(zone: str) -> list[Slot]:
    """Fallback reminder slots for /reminder add-peak when a server lacks data, best first.

    Thursday at the start of prime time (the day most often named best), Saturday 10:00 (weekend
    late morning) and Tuesday at the start of prime time. Prime time starts at 19:00 local, 18:00
    in North American Pacific zones and 20:00 in CET zones, following the facts file.
    """
    prime = _prime_start(zone)
    return [
        Slot(GENERIC_GUIDANCE.best_day, prime, 0.0, 0.0, generic=True),
        Slot(5, 10, 0.0, 0.0, generic=True),
        Slot(1, prime, 0.0, 0.0, generic=True),
    ]


def peak_reminder_times(slots: Iterable[Slot], minutes_before: int) -> list[tuple[int, time]]:
    """Local (weekday, time) to post a reminder ``minutes_before`` each slot starts, in order.

    Wraps to the previous weekday when needed (Mon 00:00 minus 30 → Sun 23:30); duplicates dropped.
    """
    if not 0 <= minutes_before <= 7 * 24 * 60:
        raise ValueError("minutes_before must be within 0..10080")
    out: list[tuple[int, time]] = []
    for s in slots:
        day_shift, minute = divmod(s.hour * 60 - minutes_before, 24 * 60)
        item = ((s.weekday + day_shift) % 7, time(minute // 60, minute % 60))
        if item not in out:
            out.append(item)
    return out


def slot_text(slot: Slot) -> str:
    """'Thu 19:00–20:00': the slot's local weekday and hour."""
    return f"{DAY_NAMES[slot.weekday]} {slot.hour:02d}:00–{(slot.hour + 1) % 24:02d}:00"


@dataclass(frozen=True, slots=True)
class PeakReminder:
    """One weekly reminder /reminder add-peak creates: ``days`` at ``at`` local, with ``label``.

    ``at`` is the slot's start; the reminder's lead time (minutes before) is applied by the
    reminder itself, in real minutes before that instant.
    """

    days: frozenset[int]
    at: time
    label: str
    slot: Slot


@dataclass(frozen=True, slots=True)
class PeakPlan:
    """The reminders to add before a server's peak slots; ``generic`` when it lacks data."""

    generic: bool
    reminders: tuple[PeakReminder, ...]


def trusted(totals: SlotTotals, weekday: int, hour: int, min_hours: float = DEFAULT_MIN_HOURS) -> bool:
    """Whether a slot has enough data to be called a peak: an hour live, several sessions, two days."""
    return (
        totals.hours[weekday][hour] >= min_hours
        and totals.sessions[weekday][hour] >= MIN_SESSIONS_PER_SLOT
        and totals.days[weekday][hour] >= MIN_DAYS_PER_SLOT
    )


CellState = Literal["none", "low", "ok"]


def cell_states(totals: SlotTotals) -> list[list[CellState]]:
    """Per slot: "none" (nobody was live), "low" (too little data to trust) or "ok"."""
    return [
        ["none" if totals.hours[d][h] <= 0 else "ok" if trusted(totals, d, h) else "low" for h in range(24)]
        for d in range(7)
    ]


def _source(totals: SlotTotals, metric: Metric) -> Matrix:
    if metric == "diamonds_per_hour":
        return totals.diamonds
    if metric == "likes_per_hour":
        return totals.likes
    raise ValueError(f"unknown metric {metric!r}")


@dataclass(frozen=True, slots=True)
class PeakWindow:
    """Adjacent peak hours on one local weekday, from ``start`` to ``end`` (exclusive) o'clock.

    ``value`` is the window's pooled rate (total over hours live), ``hours`` the data behind it.
    """

    weekday: int
    start: int
    end: int
    value: float
    hours: float
    sessions: int

    @property
    def slot(self) -> Slot:
        return Slot(self.weekday, self.start, self.value, self.hours)


def peak_windows(totals: SlotTotals, metric: Metric, n: int = 3) -> list[PeakWindow]:
    """The ``n`` best peak windows among trusted slots, adjacent strong hours merged into one.

    Seeds are trusted slots by rate, best first; each grows over neighbouring trusted hours of the
    same day that earn at least :data:`WINDOW_SHARE` of the seed's rate, so a peak spanning 19–21
    is one window (and one reminder), not two an hour apart.
    """
    source = _source(totals, metric)

    def rate(d: int, h: int) -> float:
        return source[d][h] / totals.hours[d][h] if totals.hours[d][h] > 0 else 0.0

    seeds = sorted(
        ((d, h) for d in range(7) for h in range(24) if trusted(totals, d, h) and rate(d, h) > 0),
        key=lambda dh: (-rate(*dh), -totals.hours[dh[0]][dh[1]], dh),
    )
    covered: set[tuple[int, int]] = set()
    windows: list[PeakWindow] = []
    for d, h in seeds:
        if len(windows) >= max(n, 0):
            break
        if (d, h) in covered:
            continue
        floor = rate(d, h) * WINDOW_SHARE
        start, end = h, h + 1
        while (
            start > 0
            and (d, start - 1) not in covered
            and trusted(totals, d, start - 1)
            and rate(d, start - 1) >= floor
        ):
            start -= 1
        while end < 24 and (d, end) not in covered and trusted(totals, d, end) and rate(d, end) >= floor:
            end += 1
        hours = sum(totals.hours[d][x] for x in range(start, end))
        total = sum(source[d][x] for x in range(start, end))
        covered.update((d, x) for x in range(start, end))
        windows.append(
            PeakWindow(
                d, start, end, total / hours, hours, max(totals.sessions[d][x] for x in range(start, end))
            )
        )
    return windows


def window_text(window: PeakWindow) -> str:
    """'Thu 19:00–21:00'."""
    return f"{DAY_NAMES[window.weekday]} {window.start:02d}:00–{window.end % 24:02d}:00"


def plan_peak_reminders(samples: Sequence[Session], zone: str, n: int = 3) -> PeakPlan:
    """Reminders before the ``n`` best diamonds-per-hour peak windows of ``samples`` in ``zone``.

    One reminder per window (at its start). Falls back to :func:`generic_slots` when there are too
    few sessions or no slot has enough data to trust.
    """
    windows: list[PeakWindow] = []
    if enough_data(len(samples)):
        windows = peak_windows(slot_totals(samples, zone), "diamonds_per_hour", n)
    if not windows:
        source = "generic guidance (not enough logged sessions)"
        reminders = tuple(
            PeakReminder(
                days=frozenset({slot.weekday}),
                at=time(slot.hour, 0),
                label=f"Peak slot {slot_text(slot)}, from {source}",
                slot=slot,
            )
            for slot in generic_slots(zone)
        )
        return PeakPlan(generic=True, reminders=reminders)
    return PeakPlan(
        generic=False,
        reminders=tuple(
            PeakReminder(
                days=frozenset({w.weekday}),
                at=time(w.start, 0),
                label=f"Peak window {window_text(w)}, from this server's sessions",
                slot=w.slot,
            )
            for w in windows
        ),
    )
