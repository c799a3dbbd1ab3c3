"""Go-live reminder helpers shared by tests/reminders and tests/resilience (no test imports another)."""

from __future__ import annotations

import asyncio
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.app import LiveCoach
from bot.reminders.model.reminder import NewReminder, Reminder, due_after
from bot.reminders.send_queue import SendQueue
from bot.reminders.service import TIMER_JOB_ID, ReminderService
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


def fires(reminder: Reminder, start: datetime, end: datetime) -> list[datetime]:
    """The instants in [start, end) the due timer fires the reminder at: its next post, then each
    next one, as every claim moves the stored ``next_due`` to the first post after the claimed one."""
    out: list[datetime] = []
    moment = due_after(reminder, start - timedelta(microseconds=1))
    while moment < end:
        out.append(moment)
        moment = due_after(reminder, moment)
    return out


async def scheduled(bot: LiveCoach, reminder_id: int) -> datetime | None:
    """The reminder's next post as the due timer sees it (``None``: not on the timer), checking that
    the one timer job is armed no later than it."""
    stored = await bot.storage.reminders.get_by_id(reminder_id)
    if stored is None or stored.paused or stored.next_due is None:
        return None
    job = bot.scheduler.get_job(TIMER_JOB_ID)
    assert job is not None, "an active reminder exists but the due timer is not armed"
    armed = bot.reminders.armed_for
    assert armed is not None and armed <= stored.next_due
    return stored.next_due


def posts(fake: FakeDiscord, channel_id: int = POST_CHANNEL) -> list[dict]:
    return [r.json for r in fake.channel_messages(channel_id)]
