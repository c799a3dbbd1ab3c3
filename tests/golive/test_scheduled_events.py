"""/golive events: members' personal LIVEs as Discord scheduled events, through the real tree and fake Discord.

Every request body the bot sends is validated against Discord's API description by the fake
(the ``fake_discord`` fixture fails the test on any violation), plus the rules it omits (a start in
the future, an external event's end time and location).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import discord
import pytest

from bot.core.app import LiveCoach
from bot.golive.events import BLOCKED_NOTICE, job_id
from bot.golive.model import EVENT_LENGTH, EVENTS_PERMISSION_MISSING, next_live_start
from tests.harness.dispatch import Harness
from tests.harness.fake_discord import FakeDiscord, Fault, bot_user, guild_payload
from tests.harness.payloads import (
    BOT_PERMISSIONS,
    GUILD_ID,
    OTHER_USER_ID,
    USER_ID,
    Actor,
    Payloads,
)
from tests.harness.sessions import click

LIVE_CHANNEL = 1300000000000000042
LOG_CHANNEL = 1300000000000000600
MAY_MANAGE_EVENTS = BOT_PERMISSIONS | discord.Permissions(manage_events=True)
ADMIN = Actor(admin=True, app_permissions=MAY_MANAGE_EVENTS)
ADMIN_WITHOUT_EVENTS = Actor(admin=True)
CREATOR = Actor(USER_ID, name="Nova")
FAN = Actor(OTHER_USER_ID, name="Fan")

pytestmark = pytest.mark.usefixtures("virtual_time")

EVENTS = r"^/guilds/\d+/scheduled-events"


def event_requests(fake: FakeDiscord, method: str | None = None) -> list[Any]:
    return [r for r in fake.requests if re.match(EVENTS, r.path) and (method is None or r.method == method)]


async def set_up(harness: Harness, payloads: Payloads, *, events: bool = True) -> None:
    await harness.run(payloads.slash("golive channel", ADMIN, channel=LIVE_CHANNEL))
    await harness.run(payloads.slash("live handle set", CREATOR, handle="@nova.lives"))
    if events:
        reply = await harness.run(payloads.slash("golive events", ADMIN, enabled=True))
        assert "Server events are on" in reply.text, reply.text


async def add(harness: Harness, payloads: Payloads, bot: LiveCoach, **options: object) -> int:
    reply = await harness.run(payloads.slash("schedule add", CREATOR, **options))
    match = re.search(r"reminder #(\d+) is set", reply.embed.get("title", ""))
    assert match, reply.text
    on = (await bot.golive.settings(GUILD_ID)).events
    assert ("also shows under the server's Events" in reply.text) == on
    await bot.golive.drain()
    return int(match.group(1))


async def test_a_personal_schedule_shows_as_an_external_event_with_the_live_link(
    bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    await set_up(harness, payloads)
    rid = await add(harness, payloads, bot, days="daily", time="20:00", timezone="Europe/Paris")
    [create] = event_requests(fake_discord, "POST")
    assert create.path == f"/guilds/{GUILD_ID}/scheduled-events" and create.status == 200
    body = create.json
    reminder = await bot.storage.reminders.get(GUILD_ID, rid)
    assert reminder is not None
    start = next_live_start(
        reminder.days, reminder.at, reminder.timezone, reminder.lead_minutes, datetime.now(UTC)
    )
    assert body["entity_type"] == 3 and body["privacy_level"] == 2
    assert body["entity_metadata"] == {"location": "https://www.tiktok.com/@nova.lives/live"}
    assert datetime.fromisoformat(body["scheduled_start_time"]) == start
    assert datetime.fromisoformat(body["scheduled_end_time"]) == start + EVENT_LENGTH
    assert "@nova.lives" in body["name"] and "Every day at 20:00 (Europe/Paris)" in body["description"]
    stored = await bot.storage.events.get(GUILD_ID, rid)
    assert stored is not None and stored.event_id in fake_discord.scheduled_events
    assert stored.user_id == USER_ID
    # It moves to the next LIVE once this one's hour is over.
    job = bot.scheduler.get_job(job_id(GUILD_ID, rid))
    assert job is not None and job.next_run_time == start + EVENT_LENGTH
    # A change that leaves the event as it is sends nothing.
    assert await bot.golive.events.sync(GUILD_ID, rid) == "kept"
    assert len(event_requests(fake_discord)) == 1
    shown = await harness.run(payloads.slash("golive show", ADMIN))
    assert "**Server events:** on" in shown.text


async def test_the_event_moves_to_the_next_live_after_this_one_is_over(
    bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    await set_up(harness, payloads)
    rid = await add(harness, payloads, bot, days="daily", time="20:00", timezone="UTC")
    stored = await bot.storage.events.get(GUILD_ID, rid)
    assert stored is not None
    during = stored.starts_at + timedelta(minutes=10)
    bot.golive.events.clock = lambda: during
    assert await bot.golive.events.sync(GUILD_ID, rid) == "kept"  # its LIVE is on: left alone
    after = stored.ends_at + timedelta(seconds=1)
    bot.golive.events.clock = lambda: after
    assert await bot.golive.events.sync(GUILD_ID, rid) == "moved"
    [patch] = event_requests(fake_discord, "PATCH")
    assert patch.path == f"/guilds/{GUILD_ID}/scheduled-events/{stored.event_id}"
    assert datetime.fromisoformat(patch.json["scheduled_start_time"]) == stored.starts_at + timedelta(days=1)
    moved = await bot.storage.events.get(GUILD_ID, rid)
    assert moved is not None and moved.event_id == stored.event_id
    assert moved.starts_at == stored.starts_at + timedelta(days=1)


async def test_pause_resume_remove_and_turning_off_delete_or_recreate_the_event(
    bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    await set_up(harness, payloads)
    rid = await add(harness, payloads, bot, days="weekdays", time="19:00")
    await harness.run(payloads.slash("schedule pause", CREATOR, id=rid))
    await bot.golive.drain()
    assert [r.method for r in event_requests(fake_discord)] == ["POST", "DELETE"]
    assert fake_discord.scheduled_events == {} and await bot.storage.events.get(GUILD_ID, rid) is None
    assert bot.scheduler.get_job(job_id(GUILD_ID, rid)) is None
    await harness.run(payloads.slash("schedule resume", CREATOR, id=rid))
    await bot.golive.drain()
    assert len(fake_discord.scheduled_events) == 1
    second = await add(harness, payloads, bot, days="weekends", time="12:00")
    assert len(fake_discord.scheduled_events) == 2
    # An admin removing a member's reminder removes its event too.
    await harness.run(payloads.slash("reminder remove", ADMIN, id=second))
    await bot.golive.drain()
    assert len(fake_discord.scheduled_events) == 1
    off = await harness.run(payloads.slash("golive events", ADMIN, enabled=False))
    assert "Server events are off: removing the 1 event I created." in off.text
    await bot.golive.drain()
    assert fake_discord.scheduled_events == {} and await bot.storage.events.for_guild(GUILD_ID) == []
    # Off: new schedules get none.
    await add(harness, payloads, bot, days="daily", time="21:00")
    assert fake_discord.scheduled_events == {}


async def test_unlinking_the_handle_removes_the_events_and_linking_another_moves_them(
    bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    await set_up(harness, payloads)
    rid = await add(harness, payloads, bot, days="daily", time="20:00")
    await harness.run(payloads.slash("live handle set", CREATOR, handle="nova.two"))
    await bot.golive.drain()
    [event] = fake_discord.scheduled_events.values()
    assert event["entity_metadata"]["location"] == "https://www.tiktok.com/@nova.two/live"
    await harness.run(payloads.slash("live handle remove", CREATOR))
    await bot.golive.drain()
    assert fake_discord.scheduled_events == {} and await bot.storage.events.get(GUILD_ID, rid) is None


async def test_enabling_without_manage_events_says_so_and_stores_nothing(
    bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    await set_up(harness, payloads, events=False)
    await add(harness, payloads, bot, days="daily", time="20:00")
    reply = await harness.run(payloads.slash("golive events", ADMIN_WITHOUT_EVENTS, enabled=True))
    assert reply.ephemeral and reply.text == EVENTS_PERMISSION_MISSING
    assert not (await bot.golive.settings(GUILD_ID)).events
    assert event_requests(fake_discord) == []
    member = await harness.run(payloads.slash("golive events", Actor(), enabled=True))
    assert "Manage Server" in member.text and not (await bot.golive.settings(GUILD_ID)).events


async def test_a_permission_lost_later_is_logged_and_told_once_in_the_log_channel(
    bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    await bot.storage.settings.update(GUILD_ID, log_channel_id=LOG_CHANNEL)
    await set_up(harness, payloads)
    fake_discord.event_status[GUILD_ID] = 403
    first = await add(harness, payloads, bot, days="daily", time="20:00")
    await add(harness, payloads, bot, days="daily", time="22:00")
    notices = [r.json["content"] for r in fake_discord.channel_messages(LOG_CHANNEL)]
    assert notices == [BLOCKED_NOTICE]
    assert await bot.storage.events.for_guild(GUILD_ID) == []
    retry = bot.scheduler.get_job(job_id(GUILD_ID, first))
    assert retry is not None and retry.next_run_time > datetime.now(UTC) + timedelta(hours=5)
    # Given the permission back, the next change creates the event (and a later loss is told again).
    del fake_discord.event_status[GUILD_ID]
    assert await bot.golive.events.sync(GUILD_ID, first) == "created"


async def test_an_event_deleted_by_hand_is_recreated_on_change_or_forgotten_on_removal(
    bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    await set_up(harness, payloads)
    rid = await add(harness, payloads, bot, days="daily", time="20:00")
    stored = await bot.storage.events.get(GUILD_ID, rid)
    assert stored is not None
    fake_discord.scheduled_events.clear()  # an admin deleted it in Discord
    await harness.run(payloads.slash("live handle set", CREATOR, handle="nova.again"))
    await bot.golive.drain()
    assert [(r.method, r.status) for r in event_requests(fake_discord)][-2:] == [
        ("PATCH", 404),
        ("POST", 200),
    ]
    again = await bot.storage.events.get(GUILD_ID, rid)
    assert again is not None and again.event_id != stored.event_id
    assert list(fake_discord.scheduled_events) == [again.event_id]
    fake_discord.scheduled_events.clear()
    await harness.run(payloads.slash("schedule remove", CREATOR, id=rid))
    await bot.golive.drain()
    assert (
        event_requests(fake_discord)[-1].method == "DELETE" and event_requests(fake_discord)[-1].status == 404
    )
    assert await bot.storage.events.get(GUILD_ID, rid) is None


async def test_a_503_is_retried_and_an_outage_is_tried_again_later(
    bot: LiveCoach,
    harness: Harness,
    payloads: Payloads,
    fake_discord: FakeDiscord,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await set_up(harness, payloads)
    fake_discord.faults.append(Fault("POST", EVENTS, 503))
    rid = await add(harness, payloads, bot, days="daily", time="20:00")
    assert [r.status for r in event_requests(fake_discord, "POST")] == [503, 200]
    assert len(fake_discord.scheduled_events) == 1
    # Discord down for longer than the REST policy retries: nothing stored, a retry job is set.
    fake_discord.faults.append(Fault("POST", EVENTS, 503, times=50))
    monkeypatch.setattr("bot.core.http.DEFAULT_BUDGET", 0.1)  # the policy gives up at once
    before = datetime.now(UTC)
    second = await add(harness, payloads, bot, days="daily", time="22:00")
    assert await bot.storage.events.get(GUILD_ID, second) is None
    job = bot.scheduler.get_job(job_id(GUILD_ID, second))
    assert job is not None and job.next_run_time > before + timedelta(minutes=9)
    fake_discord.faults.clear()
    assert await bot.golive.events.sync(GUILD_ID, second) == "created"
    assert {(await bot.storage.events.get(GUILD_ID, r)) is not None for r in (rid, second)} == {True}


async def test_privacy_delete_and_the_server_purge_delete_the_events(
    bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    await set_up(harness, payloads)
    await add(harness, payloads, bot, days="daily", time="20:00")
    await add(harness, payloads, bot, days="daily", time="21:00")
    exported = await bot.storage.export_member(GUILD_ID, USER_ID)
    assert len(exported["reminder_events"]) == 2
    reply = await harness.run(payloads.slash("privacy delete", CREATOR))
    await click(harness, reply, "confirm:yes", CREATOR)
    await bot.golive.drain()
    assert fake_discord.scheduled_events == {}
    assert await bot.storage.events.for_guild(GUILD_ID) == []
    # A server the bot left long ago: the first refused delete stops the rest (it is not a member).
    await harness.run(payloads.slash("live handle set", FAN, handle="fan.lives"))
    for hour in (18, 19, 20):
        await harness.run(payloads.slash("schedule add", FAN, days="daily", time=f"{hour}:00"))
    await bot.golive.drain()
    assert len(fake_discord.scheduled_events) == 3
    fake_discord.event_status[GUILD_ID] = 403
    await bot.privacy.server_left(GUILD_ID)
    deletes_before = len(event_requests(fake_discord, "DELETE"))
    purged = await bot.privacy.purge_left_servers(datetime.now(UTC) + timedelta(days=365))
    await bot.golive.drain()
    assert purged == [GUILD_ID]
    assert len(event_requests(fake_discord, "DELETE")) == deletes_before + 1
    assert await bot.storage.events.for_guild(GUILD_ID) == []


async def test_start_up_moves_events_whose_live_passed_while_the_bot_was_offline(
    bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    await set_up(harness, payloads)
    rid = await add(harness, payloads, bot, days="daily", time="20:00", timezone="UTC")
    stored = await bot.storage.events.get(GUILD_ID, rid)
    assert stored is not None
    bot.golive.events.clock = lambda: stored.ends_at + timedelta(hours=3)  # the move job never ran
    await bot.golive.events.start()
    await bot.golive.drain()
    [patch] = event_requests(fake_discord, "PATCH")
    assert datetime.fromisoformat(patch.json["scheduled_start_time"]) == stored.starts_at + timedelta(days=1)


def cache_guild(bot: LiveCoach, everyone: discord.Permissions) -> None:
    """The server as the gateway caches it, the bot a member with only @everyone's permissions."""
    data = guild_payload(GUILD_ID, channels=[LIVE_CHANNEL], roles=[])
    data["roles"][0]["permissions"] = str(everyone.value)
    data["members"] = [
        {
            "user": bot_user(),
            "roles": [],
            "joined_at": "2025-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
        }
    ]
    bot._connection._add_guild_from_data(data)


async def test_a_cached_server_without_the_permission_gets_no_request_only_the_notice(
    bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    await bot.storage.settings.update(GUILD_ID, log_channel_id=LOG_CHANNEL)
    await set_up(harness, payloads)
    cache_guild(bot, BOT_PERMISSIONS)
    guild = bot.get_guild(GUILD_ID)
    assert guild is not None and guild.me is not None and not guild.me.guild_permissions.manage_events
    rid = await add(harness, payloads, bot, days="daily", time="20:00")
    assert event_requests(fake_discord) == []
    assert [r.json["content"] for r in fake_discord.channel_messages(LOG_CHANNEL)] == [BLOCKED_NOTICE]
    cache_guild(bot, BOT_PERMISSIONS | discord.Permissions(create_events=True))  # Create Events is enough
    assert await bot.golive.events.sync(GUILD_ID, rid) == "created"


async def test_a_429_is_waited_out_and_the_event_created_once(
    bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    await set_up(harness, payloads)
    fake_discord.faults.append(Fault("POST", EVENTS, 429))
    await add(harness, payloads, bot, days="daily", time="20:00")
    assert [r.status for r in event_requests(fake_discord, "POST")] == [429, 200]
    assert len(fake_discord.scheduled_events) == 1
