"""/privacy export and delete, and the retention policy for servers that remove the bot."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import discord

from bot.core.app import LiveCoach
from bot.money.model.economy import MemberRate
from bot.privacy.service import PURGE_JOB_ID
from bot.reminders.model.reminder import NewReminder
from tests.harness.dispatch import Harness
from tests.harness.payloads import GUILD_ID, OTHER_GUILD_ID, OTHER_USER_ID, USER_ID, Payloads
from tests.harness.sessions import OTHER, add_session, click, csv_rows


async def test_export_holds_my_sessions_and_timer_in_this_server_only(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    mine = await add_session(bot, likes=111, diamonds=5)
    await add_session(bot, user_id=OTHER_USER_ID, likes=222)
    await add_session(bot, guild_id=OTHER_GUILD_ID, likes=333)
    await harness.run(payloads.slash("session start"))
    await bot.storage.members.set_timezone(GUILD_ID, USER_ID, "Asia/Tokyo")
    reply = await harness.run(payloads.slash("privacy export"))
    assert reply.callback_type == 5 and reply.ephemeral
    files = dict(reply.files)
    document = json.loads(files["livecoach-my-data.json"])
    assert document["server_id"] == str(GUILD_ID) and document["user_id"] == str(USER_ID)
    assert [(s["id"], s["likes"], s["diamonds"]) for s in document["sessions"]] == [(mine.id, 111, 5)]
    assert document["running_timer"] is not None
    assert document["timezone"] == "Asia/Tokyo"
    assert [r["likes"] for r in csv_rows(files["livecoach-sessions.csv"])] == ["111"]
    assert reply.message["content"] == "Your data in this server: 1 session and a running timer."


async def test_delete_removes_only_my_data_here_after_confirmation(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    for _ in range(3):
        await add_session(bot)
    await add_session(bot, user_id=OTHER_USER_ID)
    await add_session(bot, guild_id=OTHER_GUILD_ID)
    await harness.run(payloads.slash("session start"))
    await bot.storage.members.set_timezone(GUILD_ID, USER_ID, "Asia/Tokyo")
    await bot.storage.members.set_timezone(OTHER_GUILD_ID, USER_ID, "Asia/Tokyo")
    reply = await harness.run(payloads.slash("privacy delete"))
    assert reply.ephemeral and "Delete all your data in this server: 3 sessions," in reply.content
    stranger = await click(harness, reply, "confirm:yes", OTHER)
    assert "Only the member who ran this command" in stranger.content
    assert await bot.storage.sessions.count_for_member(GUILD_ID, USER_ID) == 3
    done = await click(harness, reply, "confirm:yes")
    assert done.content == "Deleted 3 sessions and your running timer from this server."
    assert await bot.storage.sessions.count_for_member(GUILD_ID, USER_ID) == 0
    assert await bot.storage.sessions.get_timer(GUILD_ID, USER_ID) is None
    assert await bot.storage.sessions.count_for_member(GUILD_ID, OTHER_USER_ID) == 1
    assert await bot.storage.sessions.count_for_member(OTHER_GUILD_ID, USER_ID) == 1
    assert await bot.storage.members.timezone(GUILD_ID, USER_ID) is None
    assert await bot.storage.members.timezone(OTHER_GUILD_ID, USER_ID) == "Asia/Tokyo"


async def test_delete_can_be_cancelled(harness: Harness, payloads: Payloads, bot: LiveCoach) -> None:
    await add_session(bot)
    reply = await harness.run(payloads.slash("privacy delete"))
    done = await click(harness, reply, "confirm:no")
    assert done.content == "Nothing was deleted."
    assert await bot.storage.sessions.count_for_member(GUILD_ID, USER_ID) == 1


async def test_leaving_marks_the_server_and_rejoining_clears_it(bot: LiveCoach) -> None:
    cog = bot.get_cog("Privacy")
    left = datetime(2026, 10, 1, tzinfo=UTC)
    bot.privacy.clock = lambda: left
    guild = discord.Object(GUILD_ID)
    await cog.on_guild_remove(guild)  # type: ignore[union-attr, arg-type]
    assert await bot.storage.settings.guilds_left_before(left + timedelta(seconds=1)) == [GUILD_ID]
    await cog.on_guild_join(guild)  # type: ignore[union-attr, arg-type]
    assert await bot.storage.settings.guilds_left_before(left + timedelta(days=999)) == []


async def test_purge_removes_servers_left_longer_than_the_retention(bot: LiveCoach) -> None:
    now = datetime(2026, 11, 20, tzinfo=UTC)
    old, recent = GUILD_ID, OTHER_GUILD_ID
    for guild_id in (old, recent):
        await add_session(bot, guild_id=guild_id)
        await bot.storage.sessions.start_timer(guild_id, USER_ID, now, None)
    await bot.storage.settings.update(old, timezone="Europe/Paris")
    for guild_id in (old, recent):
        await bot.storage.gifts.add_or_replace(guild_id, "Local Gift", 50, streakable=False, added_by=USER_ID)
        reminder = NewReminder(guild_id, 1300000000000000001, frozenset({0}), time(19, 0), "UTC", USER_ID)
        assert await bot.storage.reminders.add(reminder, now, cap=25) is not None
        await bot.storage.members.set_timezone(guild_id, USER_ID, "Asia/Tokyo")
    await bot.storage.settings.mark_left(old, now - timedelta(days=bot.settings.retention_days + 1))
    await bot.storage.settings.mark_left(recent, now - timedelta(days=bot.settings.retention_days - 1))
    assert await bot.privacy.purge_left_servers(now) == [old]
    assert await bot.storage.sessions.count_for_guild(old) == 0
    assert await bot.storage.sessions.get_timer(old, USER_ID) is None
    assert (await bot.storage.settings.get(old)).timezone == "UTC"  # settings row gone
    assert await bot.storage.gifts.count(old) == 0 and await bot.storage.reminders.count(old) == 0
    assert await bot.storage.gifts.count(recent) == 1 and await bot.storage.reminders.count(recent) == 1
    assert await bot.storage.members.timezone(old, USER_ID) is None
    assert await bot.storage.members.timezone(recent, USER_ID) == "Asia/Tokyo"
    assert await bot.storage.sessions.count_for_guild(recent) == 1
    assert await bot.storage.sessions.get_timer(recent, USER_ID) is not None
    assert await bot.privacy.purge_left_servers(now) == []


async def test_purge_runs_daily_with_a_fixed_job_id(bot: LiveCoach) -> None:
    job = bot.scheduler.get_job(PURGE_JOB_ID)
    assert job is not None and "hour='4'" in str(job.trigger)
    await bot.privacy.start()  # replace_existing: still exactly one job
    assert [j.id for j in bot.scheduler.get_jobs()].count(PURGE_JOB_ID) == 1


async def test_delete_also_forgets_my_cached_payout_rate(bot: LiveCoach) -> None:
    """A rate read (and cached) just before /privacy delete is gone right after it."""
    own = MemberRate(Decimal("0.004"), Decimal("20"))
    await bot.money.set_member_rate(GUILD_ID, USER_ID, own)
    assert await bot.money.member_rate(GUILD_ID, USER_ID) == own  # now cached
    removed = await bot.privacy.delete_member(GUILD_ID, USER_ID)
    assert removed["member_rates"] == 1
    assert await bot.money.member_rate(GUILD_ID, USER_ID) is None
    exported = await bot.privacy.export_member(GUILD_ID, USER_ID)
    assert exported.document["stored_rows"]["member_rates"] == []
