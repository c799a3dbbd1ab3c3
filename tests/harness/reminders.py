"""Go-live reminder helpers shared by tests/reminders and tests/resilience (no test imports another)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from bot.core.app import LiveCoach
from bot.reminders.model.reminder import NewReminder, Reminder
from bot.reminders.send_queue import SendQueue
from bot.reminders.service import ReminderService
from tests.harness.fake_discord import FakeDiscord
from tests.harness.payloads import GUILD_ID

NY = "America/New_York"
NY_ZONE = ZoneInfo(NY)
POST_CHANNEL = 1300000000000000500
LOG_CHANNEL = 1300000000000000600
DAILY = frozenset(range(7))

# (days, LIVE time, lead minutes) around every DST edge: gaps, folds, midnight, leads across days.
DST_EDGE_SCHEDULES = [
    (DAILY, time(19), 0),
    (DAILY, time(2, 30), 0),
    (DAILY, time(1, 30), 0),
    (DAILY, time(0, 30), 0),
    (frozenset({0}), time(0, 30), 0),
    (frozenset({6}), time(2, 15), 0),
    (frozenset({0, 2, 4}), time(3, 0), 30),
    (frozenset({0}), time(0, 10), 45),
    (frozenset({5, 6}), time(10), 0),
]


class VirtualTime:
    """A monotonic clock for send queues that advances when it sleeps: rate limits cost no real time."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(seconds, 0.0)
        await asyncio.sleep(0)


def virtual_queue(service: ReminderService) -> VirtualTime:
    """Give the (started or closed) service a fresh send queue on virtual time; returns its clock."""
    vt = VirtualTime()
    service.queue = SendQueue(service.poster.post, clock=vt, sleep=vt.sleep)
    return vt


async def use_virtual_queue(service: ReminderService) -> VirtualTime:
    """Swap the service's real-time send queue for one on virtual time (tests call it first)."""
    await service.queue.close()
    return virtual_queue(service)


async def make(
    bot: LiveCoach, created: datetime, *, at: time = time(19), days: frozenset[int] = DAILY, **kw: object
) -> Reminder:
    """Store a New York reminder posting in POST_CHANNEL, created at ``created``, and schedule it."""
    new = NewReminder(
        guild_id=GUILD_ID,
        channel_id=POST_CHANNEL,
        days=days,
        at=at,
        timezone=NY,
        created_by=1400000000000000001,
        **kw,  # type: ignore[arg-type]
    )
    service = bot.reminders
    clock, service.clock = service.clock, lambda: created
    try:
        return (await service.add(new)).reminder
    finally:
        service.clock = clock


async def fire_at(bot: LiveCoach, reminder_id: int, moment: datetime) -> str:
    """Run the reminder's scheduler job as if it fired at ``moment``."""
    bot.reminders.clock = lambda: moment
    return await bot.reminders.fire(reminder_id)


def fires(bot: LiveCoach, reminder_id: int, start: datetime, end: datetime) -> list[datetime]:
    """The instants the reminder's real scheduler job would fire at, chained as APScheduler does."""
    job = bot.scheduler.get_job(f"reminder:{reminder_id}")
    assert job is not None
    out, prev = [], job.trigger.get_next_fire_time(None, start)
    while prev < end:
        out.append(prev.astimezone(UTC))
        prev = job.trigger.get_next_fire_time(prev, prev)
    return out


def posts(fake: FakeDiscord, channel_id: int = POST_CHANNEL) -> list[dict]:
    return [r.json for r in fake.channel_messages(channel_id)]
