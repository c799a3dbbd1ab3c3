"""The one due timer, for real: the bot's APScheduler fires it on the real clock (shifted so a
post falls due a fraction of a second from now), it posts what is due and re-arms.

Other reminder tests hold the timer and drive delivery on a controlled clock; these let it run.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta

import pytest

from bot.core.app import LiveCoach
from bot.core.shards import ShardPlan
from bot.reminders.model.reminder import NewReminder
from bot.reminders.service import TIMER_JOB_ID
from tests.harness.fake_discord import FakeDiscord
from tests.harness.payloads import GUILD_ID
from tests.harness.reminders import NY, POST_CHANNEL, posts, scheduled, virtual_queue

DUE = datetime(2026, 5, 4, 23, 0, tzinfo=UTC)  # Mon 19:00 New York
DAILY = frozenset(range(7))


def shifted(target: datetime, lead: float) -> Callable[[], datetime]:
    """The real clock, moved so that it reads ``target`` ``lead`` seconds from now."""
    offset = target - datetime.now(UTC) - timedelta(seconds=lead)
    return lambda: datetime.now(UTC) + offset


def run_timer(bot: LiveCoach, target: datetime, lead: float = 0.3) -> None:
    bot.reminders.clock = shifted(target, lead)
    bot.reminders.timer_held = False


def reminder(guild_id: int = GUILD_ID, channel_id: int = POST_CHANNEL, at: time = time(19)) -> NewReminder:
    return NewReminder(
        guild_id=guild_id,
        channel_id=channel_id,
        days=DAILY,
        at=at,
        timezone=NY,
        created_by=1400000000000000001,
    )


async def test_the_timer_fires_what_is_due_once_and_re_arms(
    bot: LiveCoach, fake_discord: FakeDiscord
) -> None:
    run_timer(bot, DUE)
    r = (await bot.reminders.add(reminder())).reminder
    assert bot.scheduler.get_job(TIMER_JOB_ID) is not None and bot.reminders.armed_for == DUE
    await fake_discord.wait_for(lambda: len(posts(fake_discord)) == 1, within=10)
    await bot.reminders.idle()
    [body] = posts(fake_discord)
    assert body["content"].startswith("🔴 **Going LIVE now!**") and "posted late" not in body["content"]
    [delivery] = await bot.storage.reminders.deliveries(r.id)
    assert (delivery.due_at, delivery.status) == (DUE, "sent")
    # Re-armed for tomorrow's post; nothing else fires meanwhile.
    assert await scheduled(bot, r.id) == DUE + timedelta(days=1)
    await asyncio.sleep(0.3)
    assert len(posts(fake_discord)) == 1


async def test_many_due_at_once_are_each_posted_exactly_once(
    bot: LiveCoach, fake_discord: FakeDiscord
) -> None:
    # Added while 19:00 is still 30 s away: on a busy machine 24 writes can outlast a 0.3 s lead,
    # and a reminder added after its time is (rightly) scheduled for tomorrow.
    run_timer(bot, DUE, lead=30)
    channels = [POST_CHANNEL + i for i in range(6)]
    for i in range(24):
        await bot.reminders.add(reminder(channel_id=channels[i % len(channels)]))
    run_timer(bot, DUE)
    await bot.reminders.rearm()
    await fake_discord.wait_for(lambda: len(fake_discord.created_messages) == 24, within=15)
    await asyncio.sleep(0.3)
    await bot.reminders.idle()
    assert len(fake_discord.created_messages) == 24
    rows = await bot.storage.db.fetch_all("SELECT reminder_id, status FROM reminder_deliveries")
    assert len(rows) == 24 and {r["status"] for r in rows} == {"sent"}
    assert len({r["reminder_id"] for r in rows}) == 24


async def test_pause_resume_remove_re_arm_the_timer(bot: LiveCoach, fake_discord: FakeDiscord) -> None:
    run_timer(bot, DUE, lead=30)  # due in 30 s: nothing fires during the test
    first = (await bot.reminders.add(reminder())).reminder
    second = (await bot.reminders.add(reminder(at=time(19, 1)))).reminder
    assert bot.reminders.armed_for == DUE
    await bot.reminders.pause(GUILD_ID, first.id, by=1)
    assert bot.reminders.armed_for == DUE + timedelta(minutes=1)
    await bot.reminders.resume(GUILD_ID, first.id)  # resumed before its time today: today
    assert bot.reminders.armed_for == DUE
    await bot.reminders.remove(GUILD_ID, first.id)
    assert bot.reminders.armed_for == DUE + timedelta(minutes=1)
    await bot.reminders.remove(GUILD_ID, second.id)
    assert bot.reminders.armed_for is None and bot.scheduler.get_job(TIMER_JOB_ID) is None
    assert posts(fake_discord) == []


async def test_a_zone_change_re_arms_the_timer(bot: LiveCoach) -> None:
    run_timer(bot, DUE, lead=30)
    new = NewReminder(
        guild_id=GUILD_ID, channel_id=POST_CHANNEL, days=DAILY, at=time(23, 30), timezone="UTC", created_by=1
    )
    added = (await bot.reminders.add(new)).reminder
    assert bot.reminders.armed_for == DUE + timedelta(minutes=30)
    assert await bot.reminders.move_zone(GUILD_ID, "UTC", "Asia/Tokyo") == [added.id]
    # 23:30 Tokyo on 4 May is 14:30 UTC, already past: the next is 5 May 14:30 UTC.
    assert bot.reminders.armed_for == datetime(2026, 5, 5, 14, 30, tzinfo=UTC)


async def test_a_shard_process_fires_only_its_servers(bot: LiveCoach, fake_discord: FakeDiscord) -> None:
    mine, theirs = (1000 << 22) + 1, (1001 << 22) + 1  # shards 0 and 1 of 2
    bot.reminders.shards = ShardPlan((0,), 2)
    run_timer(bot, DUE)
    now = bot.reminders.clock()
    await bot.storage.reminders.add(reminder(guild_id=theirs, channel_id=POST_CHANNEL + 1), now, 25)
    await bot.storage.reminders.add(reminder(guild_id=mine), now, 25)
    await bot.reminders.rearm()
    await fake_discord.wait_for(lambda: len(fake_discord.created_messages) >= 1, within=10)
    await asyncio.sleep(0.3)
    assert [m["channel_id"] for m in fake_discord.created_messages] == [str(POST_CHANNEL)]
    # The other shard's reminder is still due: its own process fires it.
    assert [r.guild_id for r in await bot.storage.reminders.due(DUE + timedelta(minutes=1))] == [theirs]


@pytest.mark.usefixtures("virtual_time")
async def test_a_restart_catches_up_then_arms(bot: LiveCoach, fake_discord: FakeDiscord) -> None:
    """Catch-up after a restart reads next_due: the missed post goes out once, marked late."""
    created = DUE - timedelta(hours=2)
    bot.reminders.clock = lambda: created
    r = (await bot.reminders.add(reminder())).reminder
    await bot.reminders.close()
    virtual_queue(bot.reminders)
    bot.reminders.clock = lambda: DUE + timedelta(minutes=2)
    await bot.reminders.start()
    assert bot.reminders.startup_task is not None
    await bot.reminders.startup_task
    [body] = posts(fake_discord)
    assert body["content"].endswith("-# (posted late: LiveCoach was offline at 19:00)")
    assert await scheduled(bot, r.id) == DUE + timedelta(days=1)
