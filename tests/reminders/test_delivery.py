"""Reminder delivery on a controlled clock: exactly once, DST, restarts, faults, mentions.

Nothing waits for APScheduler in real time: the job function (``service.fire``) and the delivery
function (``service.deliver``) are called directly with an injected ``now``, at the instants the
real job's trigger produces.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, time, timedelta

import pytest

from bot.core import clock as core_clock
from bot.core.app import LiveCoach
from bot.core.config import Settings
from bot.reminders.model.recurrence import cron_trigger
from bot.reminders.render import pause_text
from bot.reminders.service import Occurrence
from tests.harness.dispatch import Harness
from tests.harness.fake_discord import FakeDiscord, guild_payload
from tests.harness.payloads import GUILD_ID, ROLE_ID, Actor, Payloads
from tests.harness.reminders import (
    DAILY,
    LOG_CHANNEL,
    NY,
    NY_ZONE,
    POST_CHANNEL,
    fire_at,
    fires,
    make,
    posts,
    scheduled,
    virtual_queue,
)

pytestmark = pytest.mark.usefixtures("virtual_time")


def local(dt: datetime) -> str:
    return dt.astimezone(NY_ZONE).strftime("%a %d %b %H:%M %Z")


# --------------------------------------------------------------------------- DST


async def test_19_new_york_posts_at_19_local_across_march_and_november(
    bot: LiveCoach, fake_discord: FakeDiscord
) -> None:
    r = await make(bot, datetime(2026, 3, 1, tzinfo=UTC), role_id=ROLE_ID)
    for start, end in [
        (datetime(2026, 3, 6, 12, tzinfo=UTC), datetime(2026, 3, 10, 12, tzinfo=UTC)),
        (datetime(2026, 10, 30, 12, tzinfo=UTC), datetime(2026, 11, 3, 12, tzinfo=UTC)),
    ]:
        for moment in fires(r, start, end):
            assert await fire_at(bot, r.id, moment) == "sent"
    deliveries = await bot.storage.reminders.deliveries(r.id)
    assert [local(d.due_at) for d in deliveries] == [
        "Fri 06 Mar 19:00 EST",
        "Sat 07 Mar 19:00 EST",
        "Sun 08 Mar 19:00 EDT",
        "Mon 09 Mar 19:00 EDT",
        "Fri 30 Oct 19:00 EDT",
        "Sat 31 Oct 19:00 EDT",
        "Sun 01 Nov 19:00 EST",
        "Mon 02 Nov 19:00 EST",
    ]
    assert [d.occurrence[-5:] for d in deliveries] == ["19:00"] * 8
    assert len(posts(fake_discord)) == 8
    for body in posts(fake_discord):
        assert body["allowed_mentions"] == {"parse": [], "roles": [str(ROLE_ID)]}
        assert body["content"].startswith(f"<@&{ROLE_ID}> 🔴 **Going LIVE now!**")


async def test_0230_on_spring_forward_day_posts_as_the_add_reply_says(
    bot: LiveCoach,
    harness: Harness,
    payloads: Payloads,
    fake_discord: FakeDiscord,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bot.reminders, "clock", lambda: datetime(2026, 3, 1, tzinfo=UTC))
    reply = await harness.run(
        payloads.slash(
            "reminder add", Actor(admin=True), days="daily", time="02:30", timezone=NY, channel=POST_CHANNEL
        )
    )
    note = reply.field("Daylight saving")
    assert note.endswith("that day's reminder posts at 03:30 instead.") and "Sun 8 Mar 2026" in note
    (r,) = await bot.storage.reminders.list_for_guild(GUILD_ID)
    moments = fires(r, datetime(2026, 3, 7, 12, tzinfo=UTC), datetime(2026, 3, 9, 12, tzinfo=UTC))
    assert [local(m) for m in moments] == ["Sun 08 Mar 03:30 EDT", "Mon 09 Mar 02:30 EDT"]
    for m in moments:
        assert await fire_at(bot, r.id, m) == "sent"
    assert [d.occurrence for d in await bot.storage.reminders.deliveries(r.id)] == [
        "2026-03-08T02:30",
        "2026-03-09T02:30",
    ]
    assert len(posts(fake_discord)) == 2


async def test_ambiguous_time_posts_once_even_if_fired_twice(
    bot: LiveCoach, fake_discord: FakeDiscord
) -> None:
    r = await make(bot, datetime(2026, 10, 1, tzinfo=UTC), at=time(1, 30))
    # The corrected job fires once on Sun 1 Nov ...
    moments = fires(r, datetime(2026, 10, 31, 12, tzinfo=UTC), datetime(2026, 11, 2, 0, tzinfo=UTC))
    assert [local(m) for m in moments] == ["Sun 01 Nov 01:30 EDT"]
    # ... and even the raw CronTrigger's two fires (01:30 EDT, 01:30 EST) post once: same local key.
    raw = cron_trigger(DAILY, time(1, 30), NY)
    first = raw.get_next_fire_time(None, datetime(2026, 10, 31, 12, tzinfo=UTC))
    second = raw.get_next_fire_time(first, first)
    assert second.astimezone(UTC) - first.astimezone(UTC) == timedelta(hours=1)
    assert await fire_at(bot, r.id, first.astimezone(UTC)) == "sent"
    # A fire at the second instant finds nothing due (the corrected occurrence was an hour ago) ...
    assert await fire_at(bot, r.id, second.astimezone(UTC)) == "skipped"
    # ... and delivering that instant directly conflicts on the local key: skipped as a duplicate.
    again = Occurrence.of(r, second.astimezone(UTC))
    assert again.key == Occurrence.of(r, first.astimezone(UTC)).key == "2026-11-01T01:30"
    assert await bot.reminders.deliver(r.id, again, second.astimezone(UTC)) == "duplicate"
    assert len(posts(fake_discord)) == 1
    (d,) = await bot.storage.reminders.deliveries(r.id)
    assert (d.occurrence, d.status) == ("2026-11-01T01:30", "sent")


async def test_day_after_spring_forward_at_0030_is_not_skipped(
    bot: LiveCoach, fake_discord: FakeDiscord
) -> None:
    r = await make(bot, datetime(2026, 3, 1, tzinfo=UTC), at=time(0, 30))
    moments = fires(r, datetime(2026, 3, 7, 12, tzinfo=UTC), datetime(2026, 3, 10, 12, tzinfo=UTC))
    assert [local(m) for m in moments] == [
        "Sun 08 Mar 00:30 EST",
        "Mon 09 Mar 00:30 EDT",
        "Tue 10 Mar 00:30 EDT",
    ]
    for m in moments:
        assert await fire_at(bot, r.id, m) == "sent"
    assert len(posts(fake_discord)) == 3


# --------------------------------------------------------------------------- exactly once


async def test_doubled_trigger_posts_once(bot: LiveCoach, fake_discord: FakeDiscord) -> None:
    r = await make(bot, datetime(2026, 5, 1, tzinfo=UTC), message="Show time")
    due = datetime(2026, 5, 4, 23, 0, tzinfo=UTC)
    outcomes = await asyncio.gather(*(fire_at(bot, r.id, due + timedelta(seconds=s)) for s in (0, 1, 2)))
    assert sorted(outcomes) == ["duplicate", "duplicate", "sent"]
    (body,) = posts(fake_discord)
    assert body["content"] == "🔴 **Going LIVE now!**\nShow time"
    assert body["allowed_mentions"] == {"parse": [], "roles": []}


async def test_lead_minutes_post_earlier_with_the_live_time(
    bot: LiveCoach, fake_discord: FakeDiscord
) -> None:
    r = await make(bot, datetime(2026, 5, 1, tzinfo=UTC), lead_minutes=30)
    (moment,) = fires(r, datetime(2026, 5, 4, 12, tzinfo=UTC), datetime(2026, 5, 5, 12, tzinfo=UTC))
    assert local(moment) == "Mon 04 May 18:30 EDT"
    assert await fire_at(bot, r.id, moment) == "sent"
    live = int(datetime(2026, 5, 4, 23, 0, tzinfo=UTC).timestamp())
    assert posts(fake_discord)[0]["content"].startswith(f"🔴 **Going LIVE <t:{live}:t>** (in 30 min)")


@pytest.fixture
async def second_bot(settings: Settings) -> AsyncIterator[LiveCoach]:
    """A second bot process on the same SQLite file (a restart), logged in after the test sets the clock."""
    started: list[LiveCoach] = []

    async def start() -> LiveCoach:
        instance = LiveCoach(settings)
        await instance.login(settings.token.reveal())
        started.append(instance)
        return instance

    yield start  # type: ignore[misc]
    for instance in started:
        await instance.close()


async def test_restart_posts_missed_once_within_grace_and_skips_older(
    bot: LiveCoach, fake_discord: FakeDiscord, second_bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = await make(bot, datetime(2026, 5, 1, tzinfo=UTC))
    # Delivered on Fri 1 May 19:00 EDT, then the bot went down until Mon 4 May 19:07 EDT.
    assert await fire_at(bot, r.id, datetime(2026, 5, 1, 23, 0, tzinfo=UTC)) == "sent"
    await bot.close()
    restart = datetime(2026, 5, 4, 23, 7, tzinfo=UTC)
    monkeypatch.setattr(core_clock, "utcnow", lambda: restart)  # read by the next start-up
    again = await second_bot()  # start-up: rebuild jobs + catch-up, on the same file
    task = again.reminders.startup_task
    assert task is not None
    await task
    assert await scheduled(again, r.id) is not None
    # A third start on the same file, and a catch-up re-run in the second one: nothing new.
    third = await second_bot()
    await third.reminders.startup_task  # type: ignore[misc]
    assert await again.reminders.catch_up(restart + timedelta(minutes=1)) == {}
    (late,) = posts(fake_discord)[1:]
    assert late["content"].endswith("-# (posted late: LiveCoach was offline at 19:00)")
    statuses = [(d.occurrence, d.status) for d in await again.storage.reminders.deliveries(r.id)]
    assert statuses == [
        ("2026-05-01T19:00", "sent"),
        ("2026-05-02T19:00", "skipped"),
        ("2026-05-03T19:00", "skipped"),
        ("2026-05-04T19:00", "late"),
    ]
    assert len(posts(fake_discord)) == 2


async def test_restart_after_the_grace_skips_and_records(bot: LiveCoach, fake_discord: FakeDiscord) -> None:
    r = await make(bot, datetime(2026, 5, 4, 12, tzinfo=UTC))
    service = bot.reminders
    grace = timedelta(minutes=bot.settings.reminder_grace_minutes)
    due = datetime(2026, 5, 4, 23, 0, tzinfo=UTC)
    assert await service.catch_up(due + grace + timedelta(seconds=1)) == {"skipped": 1}
    assert await service.catch_up(due + grace + timedelta(seconds=2)) == {}
    assert posts(fake_discord) == []
    (d,) = await bot.storage.reminders.deliveries(r.id)
    assert (d.status, d.detail) == ("skipped", "missed: LiveCoach was offline")
    # Exactly at the grace it still posts (late).
    r2 = await make(bot, datetime(2026, 5, 4, 12, tzinfo=UTC))
    assert await service.deliver(r2.id, Occurrence.of(r2, due), due + grace) == "late"


# --------------------------------------------------------------------------- faults


@pytest.mark.parametrize(
    ("status", "reason"), [(403, "I'm not allowed to post in"), (404, "no longer exists")]
)
async def test_channel_fault_pauses_tells_admins_once_and_never_retries(
    bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord, status: int, reason: str
) -> None:
    await bot.storage.settings.update(GUILD_ID, log_channel_id=LOG_CHANNEL)
    r = await make(bot, datetime(2026, 5, 1, tzinfo=UTC))
    other = await make(bot, datetime(2026, 5, 1, tzinfo=UTC), at=time(19, 30))
    fake_discord.channel_status[POST_CHANNEL] = status
    assert await fire_at(bot, r.id, datetime(2026, 5, 4, 23, 0, tzinfo=UTC)) == "paused"
    assert await fire_at(bot, other.id, datetime(2026, 5, 4, 23, 30, tzinfo=UTC)) == "paused"
    assert await scheduled(bot, r.id) is None
    stored = await bot.storage.reminders.get(GUILD_ID, r.id)
    # Stored as a code (``forbidden:<channel>``), written out in the reader's language.
    assert stored is not None and stored.paused and reason in pause_text(stored.pause_reason or "")
    # The next day's fire (if a stale job ran) does not try again.
    attempts = len([q for q in fake_discord.requests if q.path == f"/channels/{POST_CHANNEL}/messages"])
    assert await fire_at(bot, r.id, datetime(2026, 5, 5, 23, 0, tzinfo=UTC)) == "gone"
    assert await bot.reminders.catch_up(datetime(2026, 5, 5, 23, 1, tzinfo=UTC)) == {}
    assert attempts == 2
    assert len([q for q in fake_discord.requests if q.path == f"/channels/{POST_CHANNEL}/messages"]) == 2
    notices = posts(fake_discord, LOG_CHANNEL)
    assert [n["content"].split(" (")[0] for n in notices] == [
        f"⏸️ Go-live reminder #{r.id}",
        f"⏸️ Go-live reminder #{other.id}",
    ]
    assert all(
        reason in n["content"] and n["allowed_mentions"] == {"parse": [], "roles": []} for n in notices
    )
    (d, *_) = await bot.storage.reminders.deliveries(r.id)
    assert (d.status, d.detail) == ("failed", f"HTTP {status}")
    listing = await harness.run(payloads.slash("reminder list", Actor()))
    assert reason in listing.field(f"#{r.id}") and "⏸️ Paused" in listing.field(f"#{r.id}")


async def test_fault_without_log_channel_only_shows_in_the_list(
    bot: LiveCoach, fake_discord: FakeDiscord
) -> None:
    r = await make(bot, datetime(2026, 5, 1, tzinfo=UTC))
    fake_discord.channel_status[POST_CHANNEL] = 403
    assert await fire_at(bot, r.id, datetime(2026, 5, 4, 23, 0, tzinfo=UTC)) == "paused"
    assert [q.path for q in fake_discord.requests if q.method == "POST" and "/channels/" in q.path] == [
        f"/channels/{POST_CHANNEL}/messages"
    ]


async def test_deleted_role_posts_without_ping_and_flags(
    bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    r = await make(bot, datetime(2026, 5, 1, tzinfo=UTC), role_id=ROLE_ID)
    # Guild known (cached) without the role: it was deleted.
    bot._connection._add_guild_from_data(guild_payload(GUILD_ID, channels=[POST_CHANNEL], roles=[]))
    assert bot.get_guild(GUILD_ID) is not None
    assert await fire_at(bot, r.id, datetime(2026, 5, 4, 23, 0, tzinfo=UTC)) == "sent"
    (body,) = posts(fake_discord)
    assert f"<@&{ROLE_ID}>" not in body["content"]
    assert body["allowed_mentions"] == {"parse": [], "roles": []}
    listing = await harness.run(payloads.slash("reminder list", Actor()))
    assert "flagged: Its role was deleted" in listing.field(f"#{r.id}")
    # Once the role exists again, the ping comes back and the flag clears.
    bot._connection._add_guild_from_data(guild_payload(GUILD_ID, channels=[POST_CHANNEL], roles=[ROLE_ID]))
    assert await fire_at(bot, r.id, datetime(2026, 5, 5, 23, 0, tzinfo=UTC)) == "sent"
    assert posts(fake_discord)[1]["allowed_mentions"] == {"parse": [], "roles": [str(ROLE_ID)]}
    assert (await bot.storage.reminders.get(GUILD_ID, r.id)).flag is None  # type: ignore[union-attr]


async def test_server_error_fails_one_occurrence_without_pausing(
    bot: LiveCoach, fake_discord: FakeDiscord
) -> None:
    from tests.harness.fake_discord import Fault

    r = await make(bot, datetime(2026, 5, 1, tzinfo=UTC))
    fake_discord.faults.append(Fault("POST", rf"^/channels/{POST_CHANNEL}/messages$", 400, times=1))
    assert await fire_at(bot, r.id, datetime(2026, 5, 4, 23, 0, tzinfo=UTC)) == "failed"
    stored = await bot.storage.reminders.get(GUILD_ID, r.id)
    assert stored is not None and not stored.paused
    assert await fire_at(bot, r.id, datetime(2026, 5, 5, 23, 0, tzinfo=UTC)) == "sent"


async def test_removed_reminder_drops_its_job(bot: LiveCoach) -> None:
    r = await make(bot, datetime(2026, 5, 1, tzinfo=UTC))
    assert await bot.storage.reminders.delete(GUILD_ID, r.id)
    assert await fire_at(bot, r.id, datetime(2026, 5, 4, 23, 0, tzinfo=UTC)) == "gone"
    assert await scheduled(bot, r.id) is None


async def test_post_not_attempted_at_shutdown_is_released_for_catch_up(
    bot: LiveCoach, fake_discord: FakeDiscord
) -> None:
    r = await make(bot, datetime(2026, 5, 4, 12, tzinfo=UTC))
    service = bot.reminders
    due = datetime(2026, 5, 4, 23, 0, tzinfo=UTC)
    await service.queue.close()  # the process is shutting down
    assert await service.deliver(r.id, Occurrence.of(r, due), due) == "failed"
    assert await bot.storage.reminders.deliveries(r.id) == []  # claim released, nothing was sent
    virtual_queue(service)  # the next start's queue
    assert await service.catch_up(due + timedelta(minutes=3)) == {"late": 1}
    assert len(posts(fake_discord)) == 1
