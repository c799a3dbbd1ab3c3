"""WallClockTrigger: a real CronTrigger whose fire times are the DST-corrected wall-clock schedule."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.reminders.model.recurrence import cron_trigger, dst_note, next_occurrences
from bot.reminders.model.trigger import WallClockTrigger
from tests.harness.reminders import DST_EDGE_SCHEDULES

NY = "America/New_York"
DAILY = frozenset(range(7))


def chain(trigger: CronTrigger, start: datetime, end: datetime) -> list[datetime]:
    """Fire times as the scheduler chains them: get_next_fire_time(previous, previous)."""
    out: list[datetime] = []
    prev = trigger.get_next_fire_time(None, start)
    while prev is not None and prev < end:
        out.append(prev.astimezone(UTC))
        prev = trigger.get_next_fire_time(prev, prev)
    return out


def local(dt: datetime, zone: str = NY) -> str:
    return dt.astimezone(ZoneInfo(zone)).strftime("%a %Y-%m-%d %H:%M %Z")


def test_is_a_cron_trigger_with_a_zoneinfo() -> None:
    trig = WallClockTrigger({0, 2, 4}, time(19), NY, 15)
    assert isinstance(trig, CronTrigger)
    assert trig.timezone == ZoneInfo(NY)
    assert str(trig) == "cron[day_of_week='mon,wed,fri', hour='18', minute='45', second='0']"
    again = pickle.loads(pickle.dumps(trig))
    assert again.fire_days == trig.fire_days and again.fire_at == time(18, 45)
    start = datetime(2026, 5, 1, tzinfo=UTC)
    assert again.get_next_fire_time(None, start) == trig.get_next_fire_time(None, start)


@pytest.mark.parametrize("zone", [NY, "Europe/London", "Australia/Sydney", "Australia/Lord_Howe"])
@pytest.mark.parametrize(
    ("days", "at", "lead"),
    DST_EDGE_SCHEDULES,
)
def test_scheduler_chain_is_the_corrected_schedule(
    days: frozenset[int], at: time, zone: str, lead: int
) -> None:
    start, end = datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)
    fires = chain(WallClockTrigger(days, at, zone, lead), start, end)
    expected = [o for o in next_occurrences(days, at, zone, lead, start, len(fires) + 1) if o < end]
    assert fires == expected
    assert len(fires) == len(set(fires))
    raw = chain(cron_trigger(days, at, zone, lead), start, end)
    # Outside the DST edge cases the raw trigger agrees with every fire.
    assert len(set(raw) ^ set(fires)) <= 4, (sorted(set(raw) - set(fires)), sorted(set(fires) - set(raw)))


def test_19_new_york_stays_19_local_across_both_changes() -> None:
    trig = WallClockTrigger(DAILY, time(19), NY)
    march = chain(trig, datetime(2026, 3, 6, 12, tzinfo=UTC), datetime(2026, 3, 10, 12, tzinfo=UTC))
    assert [local(f) for f in march] == [
        "Fri 2026-03-06 19:00 EST",
        "Sat 2026-03-07 19:00 EST",
        "Sun 2026-03-08 19:00 EDT",
        "Mon 2026-03-09 19:00 EDT",
    ]
    assert march[1] - march[0] == timedelta(hours=24) and march[2] - march[1] == timedelta(hours=23)
    november = chain(trig, datetime(2026, 10, 30, 12, tzinfo=UTC), datetime(2026, 11, 3, 12, tzinfo=UTC))
    assert [local(f) for f in november] == [
        "Fri 2026-10-30 19:00 EDT",
        "Sat 2026-10-31 19:00 EDT",
        "Sun 2026-11-01 19:00 EST",
        "Mon 2026-11-02 19:00 EST",
    ]
    assert november[2] - november[1] == timedelta(hours=25)


def test_nonexistent_0230_posts_at_0330_as_the_note_says() -> None:
    trig = WallClockTrigger(DAILY, time(2, 30), NY)
    fires = chain(trig, datetime(2026, 3, 7, 12, tzinfo=UTC), datetime(2026, 3, 10, 12, tzinfo=UTC))
    assert [local(f) for f in fires] == [
        "Sun 2026-03-08 03:30 EDT",
        "Mon 2026-03-09 02:30 EDT",
        "Tue 2026-03-10 02:30 EDT",
    ]
    note = dst_note(DAILY, time(2, 30), NY, datetime(2026, 3, 1, tzinfo=UTC))
    assert note is not None and "Sun 8 Mar 2026" in note and "posts at 03:30 instead" in note
    # Even when the scheduler searches from inside the gap (e.g. after a restart at 03:00 EDT).
    inside = trig.get_next_fire_time(None, datetime(2026, 3, 8, 7, 0, tzinfo=UTC))
    assert local(inside) == "Sun 2026-03-08 03:30 EDT"


def test_ambiguous_0130_fires_once_and_skip_quirk_day_fires() -> None:
    ambiguous = chain(
        WallClockTrigger(DAILY, time(1, 30), NY),
        datetime(2026, 10, 31, 12, tzinfo=UTC),
        datetime(2026, 11, 2, 12, tzinfo=UTC),
    )
    assert [local(f) for f in ambiguous] == ["Sun 2026-11-01 01:30 EDT", "Mon 2026-11-02 01:30 EST"]
    raw = chain(
        cron_trigger(DAILY, time(1, 30), NY),
        datetime(2026, 10, 31, 12, tzinfo=UTC),
        datetime(2026, 11, 2, 12, tzinfo=UTC),
    )
    assert len(raw) == 3  # the raw trigger fires twice on Sun 1 Nov
    quirk = chain(
        WallClockTrigger(DAILY, time(0, 30), NY),
        datetime(2026, 3, 7, 12, tzinfo=UTC),
        datetime(2026, 3, 10, 12, tzinfo=UTC),
    )
    assert [local(f) for f in quirk] == [
        "Sun 2026-03-08 00:30 EST",
        "Mon 2026-03-09 00:30 EDT",  # raw CronTrigger skips this one
        "Tue 2026-03-10 00:30 EDT",
    ]


async def test_a_real_scheduler_coalesces_misfires_into_one_run() -> None:
    scheduler = AsyncIOScheduler(timezone=UTC)
    scheduler.start(paused=True)
    try:

        async def noop() -> None:
            return None

        job = scheduler.add_job(
            noop, WallClockTrigger(DAILY, time(1, 30), NY), id="reminder:1", replace_existing=True
        )
        assert isinstance(job.trigger, CronTrigger)
        assert job.next_run_time is not None and job.next_run_time.tzinfo is not None
        # After downtime over the fall-back night, the run times the scheduler would catch up on:
        job.next_run_time = WallClockTrigger(DAILY, time(1, 30), NY).get_next_fire_time(
            None, datetime(2026, 10, 31, 12, tzinfo=UTC)
        )
        runs = job._get_run_times(datetime(2026, 11, 1, 7, 0, tzinfo=UTC))
        assert [local(r) for r in runs] == ["Sun 2026-11-01 01:30 EDT"]
        raw_job = scheduler.add_job(noop, cron_trigger(DAILY, time(1, 30), NY), id="raw")
        raw_job.next_run_time = runs[0]
        assert len(raw_job._get_run_times(datetime(2026, 11, 1, 7, 0, tzinfo=UTC))) == 2
    finally:
        scheduler.shutdown(wait=False)
