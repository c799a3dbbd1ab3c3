from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.errors import InvalidInput
from bot.sessions.model.record import SessionRecord
from bot.stats.model.summary import (
    MemberTotals,
    bucket_kind,
    format_usd,
    leaderboard,
    period_start,
    streak_weeks,
    summarize,
    trend,
)

NY = ZoneInfo("America/New_York")
RATE = Decimal("0.005")
NOW = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)  # Friday 2026-11-20 22:00 EST


def rec(
    start: datetime,
    minutes: int = 60,
    likes: int = 1000,
    diamonds: int = 100,
    peak: int = 50,
    avg: int | None = None,
    rid: int | None = None,
    followers: int | None = None,
) -> SessionRecord:
    return SessionRecord(rid, 1, 2, start, minutes, likes, peak, avg, diamonds, followers)


def test_summary_totals_rates_and_money() -> None:
    records = [
        rec(NOW - timedelta(days=1), 90, 30_000, 4_000, peak=120, avg=60, rid=1, followers=5),
        rec(NOW - timedelta(days=2), 30, 6_000, 1_000, peak=40, avg=20, rid=2),
        rec(NOW - timedelta(days=3), 120, 9_000, 4_000, peak=90, rid=3, followers=7),
    ]
    s = summarize(records, RATE, NOW, NY)
    assert (s.sessions, s.minutes, s.likes, s.diamonds) == (3, 240, 45_000, 9_000)
    assert s.hours == Decimal("4.00")
    assert s.payout == Decimal("45.000")
    assert isinstance(s.payout, Decimal)
    assert s.likes_per_hour == Decimal("11250.0")
    assert s.diamonds_per_hour == Decimal("2250.0")
    assert s.payout_per_hour == Decimal("11.25")
    # best: 4,000 diamonds tie, broken by likes
    assert s.best is not None and s.best.id == 1
    # duration-weighted: (60*90 + 20*30) / 120 = 50
    assert s.avg_viewers == Decimal("50.0")
    assert s.avg_peak_viewers == Decimal("83.3")
    assert s.new_followers == 12
    assert format_usd(s.payout) == "$45.00"


def test_empty_summary() -> None:
    s = summarize([], RATE, NOW, NY)
    assert s.sessions == 0 and s.payout == Decimal(0) and s.best is None
    assert s.likes_per_hour is None and s.payout_per_hour is None and s.avg_viewers is None
    assert s.streak_weeks == 0


def test_since_limits_totals_but_not_streak() -> None:
    records = [rec(NOW - timedelta(weeks=w, hours=1)) for w in range(5)]
    s = summarize(records, RATE, NOW, NY, since=period_start("7d", NOW))
    assert s.sessions == 1
    assert s.streak_weeks == 5


def test_money_is_exact_decimal() -> None:
    s = summarize([rec(NOW, diamonds=3)], Decimal("0.0049"), NOW, NY)
    assert s.payout == Decimal("0.0147")
    assert format_usd(Decimal("1234.565")) == "$1,234.57"
    with pytest.raises(TypeError):
        summarize([], 0.005, NOW, NY)  # type: ignore[arg-type]


def test_streak_current_or_previous_week_in_zone() -> None:
    # Mon 2026-11-16 00:30 EST = 05:30 UTC -> this week; Sun 2026-11-15 23:30 EST = 04:30 UTC Mon -> last week
    this_week = datetime(2026, 11, 16, 5, 30, tzinfo=UTC)
    last_week_local_sunday = datetime(2026, 11, 16, 4, 30, tzinfo=UTC)
    assert streak_weeks([rec(this_week)], NOW, NY) == 1
    assert streak_weeks([rec(last_week_local_sunday)], NOW, NY) == 1  # counts as previous week
    assert streak_weeks([rec(last_week_local_sunday)], NOW, ZoneInfo("UTC")) == 1  # this week in UTC
    two_weeks_ago = NOW - timedelta(weeks=2)
    assert streak_weeks([rec(two_weeks_ago)], NOW, NY) == 0
    gap = [rec(NOW), rec(NOW - timedelta(weeks=1)), rec(NOW - timedelta(weeks=3))]
    assert streak_weeks(gap, NOW, NY) == 2
    run = [rec(NOW - timedelta(weeks=w, hours=1)) for w in range(1, 9)]
    assert streak_weeks(run, NOW, NY) == 8  # nothing yet this week, 8 before


def test_streak_across_iso_year() -> None:
    now = datetime(2027, 1, 6, 12, tzinfo=UTC)  # ISO week 1 of 2027
    records = [
        rec(datetime(2026, 12, 23, 12, tzinfo=UTC)),
        rec(datetime(2026, 12, 30, 12, tzinfo=UTC)),
        rec(now),
    ]
    assert streak_weeks(records, now, ZoneInfo("UTC")) == 3


def test_period_start() -> None:
    assert period_start("7d", NOW) == NOW - timedelta(days=7)
    assert period_start(" 30D ", NOW) == NOW - timedelta(days=30)
    assert period_start("90d", NOW) == NOW - timedelta(days=90)
    assert period_start("all", NOW) is None
    with pytest.raises(InvalidInput, match="7d, 30d, 90d or all"):
        period_start("1y", NOW)


def test_trend_daily_fills_gaps_in_zone() -> None:
    records = [
        rec(datetime(2026, 11, 20, 4, 0, tzinfo=UTC), 120, 500, 50),  # 2026-11-19 23:00 EST
        rec(datetime(2026, 11, 20, 6, 0, tzinfo=UTC), 30, 100, 10),  # 2026-11-20 01:00 EST
        rec(datetime(2026, 11, 1, 6, 0, tzinfo=UTC), 30, 100, 10),  # outside 7d
    ]
    points = trend(records, NY, "7d", now=NOW)
    assert bucket_kind("7d") == "day"
    assert len(points) == 8  # 2026-11-13 .. 2026-11-20 inclusive
    assert points[0].bucket == date(2026, 11, 13) and points[-1].bucket == date(2026, 11, 20)
    by_day = {p.bucket: p for p in points}
    assert by_day[date(2026, 11, 19)][1:] == (50, 500, 2.0)
    assert by_day[date(2026, 11, 20)][1:] == (10, 100, 0.5)
    assert sum(p.diamonds for p in points) == 60


def test_trend_weekly_and_without_now() -> None:
    records = [rec(NOW - timedelta(weeks=w), diamonds=w) for w in (0, 3)]
    points = trend(records, NY, "all")
    assert bucket_kind("all") == "week"
    assert [p.bucket.weekday() for p in points] == [0, 0, 0, 0]
    assert [p.diamonds for p in points] == [3, 0, 0, 0]
    assert trend([], NY, "90d") == []
    assert len(trend([], NY, "90d", now=NOW)) in (13, 14)


ROWS = [
    (10, 5, 600, 50_000, 9_000),
    (11, 9, 300, 80_000, 9_000),
    (12, 2, 30, 1_000, 3_000),
    (13, 5, 600, 10, 100),
]


def test_leaderboard_metrics_and_ties() -> None:
    by_diamonds = leaderboard(ROWS, "diamonds")
    # 10 and 11 tie on diamonds; minutes desc breaks the order, ranks are shared
    assert [(e.rank, e.user_id) for e in by_diamonds] == [(1, 10), (1, 11), (3, 12), (4, 13)]
    assert [e.user_id for e in leaderboard(ROWS, "likes")] == [11, 10, 12, 13]
    hours = leaderboard(ROWS, "hours")
    assert [(e.rank, e.user_id, e.value) for e in hours][:2] == [
        (1, 10, Decimal("10.00")),
        (1, 13, Decimal("10.00")),
    ]
    assert [(e.rank, e.user_id) for e in leaderboard(ROWS, "sessions")] == [
        (1, 11),
        (2, 10),
        (2, 13),
        (4, 12),
    ]
    rate = leaderboard(ROWS, "diamonds_per_hour")
    assert [e.user_id for e in rate] == [11, 10, 13]  # 12 has only 30 minutes
    assert rate[0].value == Decimal("1800.0")
    assert leaderboard(ROWS, "diamonds", limit=2) == by_diamonds[:2]
    assert leaderboard([MemberTotals(1, 0, 0, 0, 0)], "diamonds_per_hour") == []


def test_leaderboard_unknown_metric() -> None:
    with pytest.raises(InvalidInput, match="diamonds_per_hour"):
        leaderboard(ROWS, "coins")


@given(st.permutations(ROWS))
def test_leaderboard_is_order_independent(rows: list[tuple[int, int, int, int, int]]) -> None:
    for metric in ("diamonds", "likes", "hours", "sessions", "diamonds_per_hour"):
        assert leaderboard(rows, metric) == leaderboard(ROWS, metric)


SESSIONS = st.lists(
    st.builds(
        rec,
        st.datetimes(
            min_value=datetime(2024, 1, 1), max_value=datetime(2026, 11, 21), timezones=st.just(UTC)
        ),
        st.integers(1, 1440),
        st.integers(0, 10**8),
        st.integers(0, 10**8),
        st.integers(0, 10**6),
        st.none() | st.integers(0, 1000),
    ),
    max_size=30,
)


@given(SESSIONS, st.decimals(min_value=0, max_value=1, places=4))
def test_summary_totals_equal_sums(records: list[SessionRecord], rate: Decimal) -> None:
    s = summarize(records, rate, NOW, NY)
    assert s.sessions == len(records)
    assert s.likes == sum(r.likes for r in records)
    assert s.diamonds == sum(r.diamonds for r in records)
    assert s.minutes == sum(r.duration_minutes for r in records)
    assert s.payout == s.diamonds * rate
    if records:
        assert s.best is not None and s.best.diamonds == max(r.diamonds for r in records)
    points = trend(records, NY, "all")
    assert sum(p.diamonds for p in points) == s.diamonds
    assert sum(p.likes for p in points) == s.likes
