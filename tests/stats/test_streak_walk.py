"""The streak walked in SQL (``SessionRepository.streak_weeks``) against a brute force over the times.

The definition (unchanged): consecutive ISO weeks, Monday to Sunday in the member's zone, with a
session *starting* in them, ending this week or, while nothing is logged yet this week, last
week. A session's week is its start's: one starting Sunday 23:30 and running past midnight
counts for that Sunday's week only.

The brute force below reads each start's local ISO (year, week) from ``isocalendar`` and walks
calendar weeks back, independently of the week bounds the walk uses. Zones: DST both ways,
half- and quarter-hour offsets, a half-hour DST (Lord Howe), a Monday midnight that did not
exist (Tehran, 22 March 2021), a skipped day (Samoa, 30 December 2011); ``now`` on or near
those changes; windows from 2 weeks up, so the walk past the prepared window (back to the first
session) is taken too.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.app import LiveCoach
from bot.sessions.model.record import SessionRecord
from bot.stats.model.summary import member_streak
from bot.storage.sessions import STREAK_WINDOW
from tests.harness.dispatch import Harness
from tests.harness.payloads import GUILD_ID, OTHER_GUILD_ID, USER_ID, Payloads

ZONES = (
    "UTC",
    "America/New_York",
    "Europe/Berlin",
    "America/Sao_Paulo",
    "Asia/Kathmandu",
    "Asia/Tehran",
    "Australia/Lord_Howe",
    "America/St_Johns",
    "Pacific/Apia",
)
NOWS = (
    datetime(2026, 11, 2, 3, 30, tzinfo=UTC),  # Monday early in UTC, still Sunday in the Americas
    datetime(2026, 3, 8, 7, 0, tzinfo=UTC),  # New York's spring change, that Sunday
    datetime(2026, 10, 25, 1, 0, tzinfo=UTC),  # Berlin's autumn change, that Sunday
    datetime(2026, 3, 30, 0, 0, tzinfo=UTC),  # the Monday after Europe's spring change
    datetime(2021, 3, 21, 20, 30, tzinfo=UTC),  # Tehran: Monday began 01:00 (00:00 did not exist)
    datetime(2012, 1, 2, 12, 0, tzinfo=UTC),  # just after Samoa skipped Friday 30 December 2011
    datetime(2026, 4, 5, 16, 0, tzinfo=UTC),  # Lord Howe's half-hour change, that Sunday
)
_members = itertools.count(1400000000000700000)


def brute_streak(starts: list[datetime], now: datetime, zone: ZoneInfo) -> int:
    """Weeks in a row with a session by local ISO calendar week (year, week), walked back from now's."""
    weeks = {tuple(s.astimezone(zone).isocalendar())[:2] for s in starts}

    def key(day: date) -> tuple[int, int]:
        return tuple(day.isocalendar())[:2]  # type: ignore[return-value]

    day = now.astimezone(zone).date()
    if key(day) not in weeks:
        day -= timedelta(days=7)
    count = 0
    while key(day) in weeks:
        count += 1
        day -= timedelta(days=7)
    return count


def session(user: int, start: datetime, minutes: int = 30, guild: int = GUILD_ID) -> SessionRecord:
    return SessionRecord(None, guild, user, start, minutes, None, None, None, 0, None)


async def stored_starts(bot: LiveCoach, records: list[SessionRecord]) -> list[datetime]:
    """Store the sessions; their starts as stored (whole seconds, UTC)."""
    await bot.storage.sessions.add_many(records)
    user = records[0].user_id if records else 0
    return [s.started_at for s in await bot.storage.sessions.all_for_member(GUILD_ID, user)]


seconds = st.integers(min_value=-10 * 24 * 3600, max_value=30 * 7 * 24 * 3600)  # a bit ahead, 30 weeks back


@settings(max_examples=80)
@given(
    zone=st.sampled_from(ZONES),
    now=st.sampled_from(NOWS),
    ago=st.lists(seconds, max_size=30),
    run=st.integers(min_value=0, max_value=40),  # an unbroken weekly run this long ...
    skew=st.integers(min_value=-3 * 24 * 3600, max_value=3 * 24 * 3600),  # ... shifted by up to 3 days
    gap=st.one_of(st.none(), st.integers(min_value=0, max_value=40)),  # one run week left out
    window=st.sampled_from((2, 3, 5, 12, STREAK_WINDOW)),
)
async def test_the_walk_equals_a_brute_force_over_the_starts(
    bot: LiveCoach,
    zone: str,
    now: datetime,
    ago: list[int],
    run: int,
    skew: int,
    gap: int | None,
    window: int,
) -> None:
    tz = ZoneInfo(zone)
    user, other = next(_members), next(_members)
    starts = [now - timedelta(seconds=s) for s in ago] + [
        now - timedelta(days=7 * k, seconds=skew) for k in range(run) if k != gap
    ]
    # Another member's and another server's sessions fill every week: they never count.
    others = [session(other, now - timedelta(days=3 * k)) for k in range(60)]
    others += [session(user, now - timedelta(days=3 * k), guild=OTHER_GUILD_ID) for k in range(60)]
    await bot.storage.sessions.add_many(others)
    stored = await stored_starts(bot, [session(user, s) for s in starts]) if starts else []
    expected = brute_streak(stored, now, tz)
    assert expected == member_streak(stored, now, tz)
    assert await bot.storage.sessions.streak_weeks(GUILD_ID, user, now, tz, window=window) == expected
    if window == STREAK_WINDOW:
        assert await bot.sessions.streak(GUILD_ID, user, now, tz) == expected


NY = ZoneInfo("America/New_York")
TEHRAN = ZoneInfo("Asia/Tehran")
FRIDAY = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)  # Friday 13:00 in New York
MONDAY_NY = datetime(2026, 11, 16, 5, 0, tzinfo=UTC)  # Monday 00:00 in New York: this week's first moment


@pytest.mark.parametrize(
    ("case", "starts", "now", "zone", "expected"),
    [
        ("nothing logged", [], FRIDAY, NY, 0),
        ("this week only", [FRIDAY - timedelta(hours=1)], FRIDAY, NY, 1),
        ("last week only: nothing yet this week", [FRIDAY - timedelta(days=7)], FRIDAY, NY, 1),
        ("two weeks ago only", [FRIDAY - timedelta(days=14)], FRIDAY, NY, 0),
        ("this Monday's first second", [MONDAY_NY], FRIDAY, NY, 1),
        ("last Sunday's last second, nothing this week", [MONDAY_NY - timedelta(seconds=1)], FRIDAY, NY, 1),
        (
            "Sunday 23:30 running past midnight counts for Sunday's week only",
            [MONDAY_NY - timedelta(minutes=30), MONDAY_NY - timedelta(days=14)],
            FRIDAY + timedelta(days=7),  # next week: this week and last week (the Monday) are empty
            NY,
            0,
        ),
        (
            "a gap two weeks back stops the run",
            [FRIDAY, FRIDAY - timedelta(days=7), FRIDAY - timedelta(days=21), FRIDAY - timedelta(days=28)],
            FRIDAY,
            NY,
            2,
        ),
        (
            "many sessions in one week are one week",
            [FRIDAY - timedelta(hours=h) for h in range(1, 90)],
            FRIDAY,
            NY,
            1,
        ),
        (
            "a session in a later week does not start the run",
            [FRIDAY + timedelta(days=7), FRIDAY - timedelta(days=7)],
            FRIDAY,
            NY,
            1,
        ),
        (
            "UTC Monday 03:00 is still Sunday in New York",
            [datetime(2026, 11, 16, 3, 0, tzinfo=UTC), FRIDAY - timedelta(days=14)],
            FRIDAY,
            NY,
            2,
        ),
        (
            "across New York's autumn change (Sunday 1 November 2026)",
            # That week ran from Monday 00:00 EDT to Sunday 23:59:59 EST (7 days and an hour):
            # one session at each end of it, and one a second before it began.
            [
                datetime(2026, 11, 2, 4, 59, 59, tzinfo=UTC),
                datetime(2026, 10, 26, 4, 0, tzinfo=UTC),
                datetime(2026, 10, 26, 3, 59, 59, tzinfo=UTC),
            ],
            datetime(2026, 11, 4, 12, 0, tzinfo=UTC),
            NY,
            2,
        ),
        (
            "Tehran's Monday began at 01:00: 20:29:59 UTC is Sunday, 20:30 UTC is Monday",
            [datetime(2021, 3, 21, 20, 29, 59, tzinfo=UTC), datetime(2021, 3, 21, 20, 30, tzinfo=UTC)],
            datetime(2021, 3, 22, 12, 0, tzinfo=UTC),
            TEHRAN,
            2,
        ),
    ],
)
async def test_streak_cases(
    bot: LiveCoach, case: str, starts: list[datetime], now: datetime, zone: ZoneInfo, expected: int
) -> None:
    user = next(_members)
    stored = await stored_starts(bot, [session(user, s, minutes=120) for s in starts]) if starts else []
    assert brute_streak(stored, now, zone) == expected, case
    assert await bot.storage.sessions.streak_weeks(GUILD_ID, user, now, zone) == expected, case
    assert await bot.storage.sessions.streak_weeks(GUILD_ID, user, now, zone, window=2) == expected, case


async def test_a_streak_longer_than_the_window_reads_back_to_the_first_session(
    bot: LiveCoach, harness: Harness, payloads: Payloads
) -> None:
    """/stats member through the tree: an unbroken run of more weeks than the walk prepares."""
    weeks = STREAK_WINDOW + 20
    now = FRIDAY
    bot.sessions.clock = lambda: now
    bot.stats.clock = lambda: now
    await bot.sessions.set_member_zone(GUILD_ID, USER_ID, "America/New_York")
    # Sunday 23:30 New York time each week (a session crossing midnight), back more than ten years.
    last_sunday = date(2026, 11, 15)
    starts = [
        datetime.combine(last_sunday - timedelta(days=7 * k), time(23, 30), tzinfo=NY) for k in range(weeks)
    ]
    stored = await stored_starts(bot, [session(USER_ID, start) for start in starts])
    assert brute_streak(stored, now, NY) == weeks  # nothing yet this week: the run ends last week
    reply = await harness.run(payloads.slash("stats member", chart=False))
    assert reply.field("Streak") == f"{weeks} weeks in a row"
    # One week missing deep in the run: the streak ends there.
    gap = await bot.storage.sessions.list_for_member(GUILD_ID, USER_ID, limit=1, offset=weeks - 10)
    assert gap[0].number is not None and await bot.storage.sessions.delete(GUILD_ID, gap[0].number)
    reply = await harness.run(payloads.slash("stats member", chart=False))
    assert reply.field("Streak") == f"{weeks - 10} weeks in a row"


async def test_a_naive_now_is_refused(bot: LiveCoach) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        await bot.storage.sessions.streak_weeks(GUILD_ID, USER_ID, datetime(2026, 11, 20, 18, 0), NY)
    with pytest.raises(ValueError, match="at least"):
        await bot.storage.sessions.streak_weeks(GUILD_ID, USER_ID, FRIDAY, NY, window=1)
