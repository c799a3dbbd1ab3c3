"""Member statistics, trends and leaderboards computed from logged sessions.

Money is ``Decimal`` (payout = diamonds × usd_per_diamond, an assumption the
server can override); it is an estimate, never an official rate.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple
from zoneinfo import ZoneInfo

from bot.core.errors import InvalidInput
from bot.sessions.model.record import SessionRecord
from bot.sessions.model.timeparse import to_utc

PERIODS: dict[str, timedelta | None] = {
    "7d": timedelta(days=7),
    "30d": timedelta(days=30),
    "90d": timedelta(days=90),
    "all": None,
}
METRICS = ("diamonds", "likes", "hours", "sessions", "diamonds_per_hour")
MIN_MINUTES_FOR_RATE = 60
CENT = Decimal("0.01")
TENTH = Decimal("0.1")
_SIXTY = Decimal(60)


@dataclass(frozen=True, slots=True)
class MemberSummary:
    """Totals and rates for one member over one period (rates are None with no time live)."""

    sessions: int
    minutes: int
    hours: Decimal  # minutes / 60, rounded to 0.01
    likes: int
    diamonds: int
    payout: Decimal  # diamonds × usd_per_diamond, exact
    usd_per_diamond: Decimal
    likes_per_hour: Decimal | None  # rounded to 0.1
    diamonds_per_hour: Decimal | None  # rounded to 0.1
    payout_per_hour: Decimal | None  # rounded to 0.01
    best: SessionRecord | None  # most diamonds, then most likes, then earliest
    streak_weeks: int
    avg_viewers: Decimal | None  # duration-weighted mean of logged average viewers, 0.1
    avg_peak_viewers: Decimal | None  # mean of peak viewers over the sessions that logged one, 0.1
    new_followers: int
    peak_sessions: int = 0  # sessions whose peak viewers are known (what the average is over)


class TrendPoint(NamedTuple):
    """One chart bucket: a local day, or the Monday of an ISO week."""

    bucket: date
    diamonds: int
    likes: int
    hours: float


@dataclass(frozen=True, slots=True)
class MemberAggregate:
    """SQL totals for one member over one period."""

    sessions: int
    minutes: int
    likes: int
    diamonds: int
    peak_viewers_sum: int  # over the sessions that logged peak viewers
    avg_viewer_minutes: int  # sum of avg_viewers × minutes over sessions that logged it
    minutes_with_avg: int
    new_followers: int
    peak_sessions: int = 0  # sessions that logged peak viewers (blank = unknown)


class MemberTotals(NamedTuple):
    """Per-member aggregate row, e.g. straight from a GROUP BY query."""

    user_id: int
    sessions: int
    minutes: int
    likes: int
    diamonds: int


class LeaderboardEntry(NamedTuple):
    """A ranked row; equal values share a rank (1, 2, 2, 4)."""

    rank: int
    user_id: int
    value: int | Decimal
    totals: MemberTotals


def _require_aware(now: datetime) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(UTC)


def per_hour(amount: int | Decimal, minutes: int, quantum: Decimal = TENTH) -> Decimal | None:
    """``amount`` per hour live, rounded half-up to ``quantum``; None when ``minutes`` is 0."""
    if minutes <= 0:
        return None
    return (Decimal(amount) * _SIXTY / Decimal(minutes)).quantize(quantum, rounding=ROUND_HALF_UP)


def format_usd(amount: Decimal) -> str:
    """Format money for display: ``$1,234.57`` (half-up to the cent)."""
    return f"${amount.quantize(CENT, rounding=ROUND_HALF_UP):,}"


def week_start(moment: datetime, zone: ZoneInfo) -> date:
    """Monday (local date in ``zone``) of the ISO week containing ``moment``."""
    local = moment.astimezone(zone).date()
    return local - timedelta(days=local.weekday())


def streak_weeks(records: Iterable[SessionRecord], now: datetime, zone: ZoneInfo) -> int:
    """Consecutive ISO weeks (in ``zone``) with a session, ending this week or last week."""
    return member_streak([r.started_at for r in records], now, zone)


def member_streak(starts: Iterable[datetime], now: datetime, zone: ZoneInfo) -> int:
    """:func:`streak_weeks` from session start times only (what SQL returns)."""
    weeks = {week_start(start, zone) for start in starts}
    current = week_start(_require_aware(now), zone)
    if current not in weeks:
        current -= timedelta(days=7)
    count = 0
    while current in weeks:
        count += 1
        current -= timedelta(days=7)
    return count


def week_edges(now: datetime, zone: ZoneInfo, weeks: int) -> list[datetime]:
    """UTC instants where local weeks (Monday 00:00 in ``zone``) begin, newest first, bounding the
    ``weeks`` weeks that end with this one: next week's start, this week's, and so on back. Week
    ``i`` (0: this one) is ``[edges[i+1], edges[i])``.

    The instants are each Monday's first moment (a midnight in a DST gap becomes the gap's end,
    as :func:`to_utc` reads it), so a start lies in week ``i`` exactly when :func:`week_start`
    puts it there.
    """
    monday = week_start(_require_aware(now), zone)
    return [
        to_utc(datetime.combine(monday - timedelta(days=7 * k), time.min), zone) for k in range(-1, weeks)
    ]


def period_start(period: str, now: datetime) -> datetime | None:
    """Start of a rolling period ("7d", "30d", "90d") before ``now``; None for "all"."""
    key = period.strip().lower()
    if key not in PERIODS:
        raise InvalidInput("Choose a period of 7d, 30d, 90d or all.")
    span = PERIODS[key]
    return None if span is None else _require_aware(now) - span


def _best(records: Sequence[SessionRecord]) -> SessionRecord | None:
    if not records:
        return None
    return min(records, key=lambda r: (-r.diamonds, -(r.likes or 0), r.started_at, r.id or 0))


def summarize(
    records: Iterable[SessionRecord],
    usd_per_diamond: Decimal,
    now: datetime,
    zone: ZoneInfo,
    *,
    since: datetime | None = None,
) -> MemberSummary:
    """Summarise one member's sessions.

    Totals, rates and the best session use sessions started at or after ``since``
    (all when None); the streak always uses every record passed, so pass the full
    history and a ``since`` from :func:`period_start`.
    """
    if not isinstance(usd_per_diamond, Decimal):
        raise TypeError("usd_per_diamond must be a Decimal")
    everything = list(records)
    now = _require_aware(now)
    chosen = everything if since is None else [r for r in everything if r.started_at >= since]
    minutes = sum(r.duration_minutes for r in chosen)
    likes = sum(r.likes or 0 for r in chosen)
    diamonds = sum(r.diamonds for r in chosen)
    payout = Decimal(diamonds) * usd_per_diamond
    with_avg = [r for r in chosen if r.avg_viewers is not None]
    avg_minutes = sum(r.duration_minutes for r in with_avg)
    avg_viewers = (
        (Decimal(sum((r.avg_viewers or 0) * r.duration_minutes for r in with_avg)) / avg_minutes).quantize(
            TENTH, rounding=ROUND_HALF_UP
        )
        if with_avg and avg_minutes
        else None
    )
    peaks = [r.peak_viewers for r in chosen if r.peak_viewers is not None]  # blank = unknown, not 0
    avg_peak = (Decimal(sum(peaks)) / len(peaks)).quantize(TENTH, rounding=ROUND_HALF_UP) if peaks else None
    return MemberSummary(
        sessions=len(chosen),
        minutes=minutes,
        hours=(Decimal(minutes) / _SIXTY).quantize(CENT, rounding=ROUND_HALF_UP),
        likes=likes,
        diamonds=diamonds,
        payout=payout,
        usd_per_diamond=usd_per_diamond,
        likes_per_hour=per_hour(likes, minutes),
        diamonds_per_hour=per_hour(diamonds, minutes),
        payout_per_hour=per_hour(payout, minutes, CENT),
        best=_best(chosen),
        streak_weeks=streak_weeks(everything, now, zone),
        avg_viewers=avg_viewers,
        avg_peak_viewers=avg_peak,
        new_followers=sum(r.new_followers or 0 for r in chosen),
        peak_sessions=len(peaks),
    )


def build_summary(
    agg: MemberAggregate,
    best: SessionRecord | None,
    streak: int,
    payout_per_diamond: Decimal,
) -> MemberSummary:
    """A :class:`MemberSummary` from SQL totals (what :func:`summarize` computes from records).

    ``payout_per_diamond`` is in the server currency.
    """
    avg_viewers = (
        (Decimal(agg.avg_viewer_minutes) / agg.minutes_with_avg).quantize(TENTH, rounding=ROUND_HALF_UP)
        if agg.minutes_with_avg
        else None
    )
    avg_peak = (
        (Decimal(agg.peak_viewers_sum) / agg.peak_sessions).quantize(TENTH, rounding=ROUND_HALF_UP)
        if agg.peak_sessions
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
        peak_sessions=agg.peak_sessions,
    )


def bucket_kind(period: str) -> str:
    """ "day" for 7d/30d, "week" for 90d/all."""
    key = period.strip().lower()
    if key not in PERIODS:
        raise InvalidInput("Choose a period of 7d, 30d, 90d or all.")
    return "day" if key in {"7d", "30d"} else "week"


def trend(
    records: Iterable[SessionRecord],
    zone: ZoneInfo,
    period: str,
    *,
    now: datetime | None = None,
) -> list[TrendPoint]:
    """Per-day (7d/30d) or per-ISO-week (90d/all) totals in ``zone``, oldest first.

    With ``now`` the records are limited to the period and every bucket up to
    now's bucket is present (zeros included); without it the buckets run from the
    first to the last record. Hours are floats, meant for charts only.
    """
    kind = bucket_kind(period)
    step = timedelta(days=1 if kind == "day" else 7)

    def key(moment: datetime) -> date:
        return _bucket_key(kind, moment, zone)

    start = period_start(period, now) if now is not None else None
    chosen = [r for r in records if start is None or r.started_at >= start]
    if now is not None:
        chosen = [r for r in chosen if r.started_at <= _require_aware(now)]
    totals: dict[date, list[int]] = {}
    for r in chosen:
        row = totals.setdefault(key(r.started_at), [0, 0, 0])
        row[0] += r.diamonds
        row[1] += r.likes or 0
        row[2] += r.duration_minutes
    if not totals and (now is None or start is None):
        return []
    first = key(start) if start is not None else min(totals)
    last = key(now) if now is not None else max(totals)
    points: list[TrendPoint] = []
    bucket = first
    while bucket <= last:
        d, lk, m = totals.get(bucket, (0, 0, 0))
        points.append(TrendPoint(bucket, d, lk, round(m / 60, 4)))
        bucket += step
    return points


def _bucket_key(kind: str, moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date() if kind == "day" else week_start(moment, zone)


def trend_boundaries(period: str, now: datetime, zone: ZoneInfo, first: datetime | None) -> list[datetime]:
    """UTC edges of the chart buckets (local days or ISO weeks in ``zone``), as :func:`trend` buckets.

    The first edge is clipped to the period start and the last to just after
    ``now``, so SQL sums over them cover exactly the sessions :func:`trend` would count.
    ``first`` (the member's first session) starts the "all" period.
    """
    kind = bucket_kind(period)
    since = period_start(period, now)
    start = since if since is not None else first
    if start is None:
        return []
    step = timedelta(days=1 if kind == "day" else 7)
    bucket, last = _bucket_key(kind, start, zone), _bucket_key(kind, now, zone)
    edges: list[datetime] = []
    while bucket <= last:
        edges.append(to_utc(datetime.combine(bucket, datetime.min.time()), zone))
        bucket += step
    edges.append(to_utc(datetime.combine(bucket, datetime.min.time()), zone))
    edges[0] = max(edges[0], start)
    edges[-1] = min(edges[-1], now + timedelta(seconds=1))
    return edges


def bucket_dates(period: str, edges: Sequence[datetime], zone: ZoneInfo) -> list[date]:
    """The local date (day, or the week's Monday) each bucket of :func:`trend_boundaries` stands for."""
    kind = bucket_kind(period)
    return [_bucket_key(kind, edge, zone) for edge in edges[:-1]]


def trend_points(
    period: str, edges: Sequence[datetime], zone: ZoneInfo, sums: Sequence[tuple[int, int, int]]
) -> list[TrendPoint]:
    """Chart points from per-bucket (diamonds, likes, minutes) sums over ``edges``."""
    return [
        TrendPoint(day, diamonds, likes, round(minutes / 60, 4))
        for day, (diamonds, likes, minutes) in zip(bucket_dates(period, edges, zone), sums, strict=True)
    ]


def _value(row: MemberTotals, metric: str) -> int | Decimal:
    if metric == "hours":
        return (Decimal(row.minutes) / _SIXTY).quantize(CENT, rounding=ROUND_HALF_UP)
    if metric == "diamonds_per_hour":
        return per_hour(row.diamonds, row.minutes) or Decimal(0)
    return int(getattr(row, metric))


_COLUMN = {"sessions": 1, "hours": 2, "likes": 3, "diamonds": 4}  # the row column each metric ranks by


def leaderboard(
    rows: Iterable[Sequence[int]],
    metric: str,
    *,
    limit: int | None = None,
    min_minutes_for_rate: int = MIN_MINUTES_FOR_RATE,
) -> list[LeaderboardEntry]:
    """Rank members by ``metric`` (one of :data:`METRICS`), highest first.

    ``rows`` are ``(user_id, sessions, minutes, likes, diamonds)``. Ties are
    ordered by exact value, then diamonds, then minutes (desc), then user_id (asc),
    and equal values share a rank. For ``diamonds_per_hour`` members with fewer
    than ``min_minutes_for_rate`` minutes are left out so one short lucky session
    cannot top the board.
    """
    key = metric.strip().lower()
    if key not in METRICS:
        raise InvalidInput("Choose a leaderboard of diamonds, likes, hours, sessions or diamonds_per_hour.")
    totals: Iterable[Sequence[int]] = rows
    if key == "diamonds_per_hour":
        totals = [t for t in rows if t[2] >= min_minutes_for_rate and t[2] > 0]
    # Ordered on the plain rows (user_id, sessions, minutes, likes, diamonds): the sort key of a
    # 1,000-member board is built once per row, and MemberTotals only for the rows shown.
    if key == "diamonds_per_hour":

        def order(t: Sequence[int]) -> tuple[Decimal | int, int, int, int]:
            return (-(Decimal(t[4]) / Decimal(t[2])), -t[4], -t[2], t[0])

    else:
        column = _COLUMN[key]

        def order(t: Sequence[int]) -> tuple[Decimal | int, int, int, int]:
            return (-t[column], -t[4], -t[2], t[0])

    # Only the top ``limit`` are shown: a partial sort keeps a 1,000-member board cheap.
    chosen = sorted(totals, key=order) if limit is None else heapq.nsmallest(limit, totals, key=order)
    ordered = [(-order(t)[0], MemberTotals(*map(int, t))) for t in chosen]
    entries: list[LeaderboardEntry] = []
    previous: Decimal | int | None = None
    rank = 0
    for position, (value, t) in enumerate(ordered, start=1):
        if value != previous:
            rank, previous = position, value
        entries.append(LeaderboardEntry(rank, t.user_id, _value(t, key), t))
    return entries
