"""The streak walked week by week in SQL equals :func:`member_streak` over the stored start times.

Random start times in zones with DST, half- and quarter-hour offsets and a half-hour DST
(Lord Howe), around now and across long unbroken runs, stored through the repository.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.app import LiveCoach
from bot.sessions.model.record import SessionRecord
from bot.stats.model.summary import member_streak, week_edges
from tests.harness.payloads import GUILD_ID

ZONES = (
    "UTC",
    "America/New_York",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "America/St_Johns",
)
NOW = datetime(2026, 11, 2, 3, 30, tzinfo=UTC)  # a Monday early in UTC: still Sunday in the Americas
_members = itertools.count(1400000000000500000)

offsets = st.lists(st.integers(min_value=-3 * 24 * 60, max_value=200 * 7 * 24 * 60), max_size=40)
runs = st.integers(min_value=0, max_value=70)  # an unbroken run of weekly sessions this long


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(zone=st.sampled_from(ZONES), minutes=offsets, run=runs)
async def test_the_walked_streak_equals_member_streak(
    bot: LiveCoach, zone: str, minutes: list[int], run: int
) -> None:
    tz = ZoneInfo(zone)
    user = next(_members)
    starts = [NOW - timedelta(minutes=m) for m in minutes] + [
        NOW - timedelta(days=7 * k, hours=5) for k in range(run)
    ]
    for start in starts:
        await bot.storage.sessions.add(
            SessionRecord(None, GUILD_ID, user, start, 30, None, None, None, 0, None)
        )
    stored = [s.started_at for s in await bot.storage.sessions.all_for_member(GUILD_ID, user)]
    assert await bot.sessions.streak(GUILD_ID, user, NOW, tz) == member_streak(stored, NOW, tz)


def test_week_edges_start_each_local_monday() -> None:
    tz = ZoneInfo("Asia/Kathmandu")  # UTC+05:45
    edges = week_edges(NOW, tz, 2)
    assert [e.astimezone(tz).strftime("%a %H:%M") for e in edges] == ["Mon 00:00"] * 3
    assert edges[0] - edges[1] == timedelta(days=7) and edges[1] <= NOW < edges[0]
