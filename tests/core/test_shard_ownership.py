"""Two shard processes on one database: each delivers only its servers' reminders; shard 0 runs the once-jobs.

Both "processes" are real bots (real setup_hook, scheduler and storage) in this test process, on one
database and one fake Discord: a SQLite file (``python -m bot`` refuses such a pair on SQLite, see
tests/e2e/test_shards.py; here the file stands in) and, with TEST_DATABASE_URL, one real PostgreSQL
schema, the deployment this is for (tests/harness/engines.py).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import AsyncExitStack
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from typing import Any

import discord
import pytest

from bot.core.app import LiveCoach, open_storage
from bot.core.clock import utcnow
from bot.core.config import Settings
from bot.core.shards import ShardPlan, shard_of
from bot.privacy.service import PURGE_JOB_ID
from bot.reminders.model.reminder import NewReminder, Reminder
from bot.stats.service import JOB_ID as LEADERBOARD_JOB_ID
from bot.storage.shards import ShardReminderRepository, owned_condition
from tests.harness.factory import running_bot
from tests.harness.fake_discord import FakeDiscord
from tests.harness.payloads import GUILD_ID
from tests.harness.reminders import DAILY, NY, POST_CHANNEL, fire_at, fires, posts, use_virtual_queue

# GUILD_ID is on shard 1 of 2; the next snowflake millisecond-block is on shard 0.
SHARD1_GUILD = GUILD_ID
SHARD0_GUILD = GUILD_ID + (1 << 22)
Start = Callable[[int], Coroutine[Any, Any, LiveCoach]]


@pytest.fixture
async def start_shard(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Start]:
    """Start a bot process owning ``shard`` of 2 on the test's database."""
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    async with AsyncExitStack() as stack:

        async def start(shard: int) -> LiveCoach:
            plan = replace(settings, shard_ids=(shard,), shard_count=2)
            return await stack.enter_async_context(running_bot(plan))

        yield start


async def stored_reminders(settings: Settings) -> dict[int, Reminder]:
    """One daily New York reminder in a server on each shard, stored before any process starts."""
    assert shard_of(SHARD0_GUILD, 2) == 0 and shard_of(SHARD1_GUILD, 2) == 1
    storage = await open_storage(settings)
    try:
        stored: dict[int, Reminder] = {}
        for guild in (SHARD0_GUILD, SHARD1_GUILD):
            new = NewReminder(guild, POST_CHANNEL, DAILY, time(19), NY, 1400000000000000001)
            added = await storage.reminders.add_many([new], utcnow(), cap=30)
            assert added is not None
            stored[guild] = added[0]
        return stored
    finally:
        await storage.close()


async def test_each_process_schedules_and_posts_only_its_servers_reminders(
    settings: Settings, start_shard: Start, fake_discord: FakeDiscord
) -> None:
    reminders = await stored_reminders(settings)
    first, second = await start_shard(0), await start_shard(1)
    mine = {first: reminders[SHARD0_GUILD], second: reminders[SHARD1_GUILD]}
    theirs = {first: reminders[SHARD1_GUILD], second: reminders[SHARD0_GUILD]}
    for bot in (first, second):
        assert isinstance(bot.reminders.repo, ShardReminderRepository)
        assert bot.scheduler.get_job(f"reminder:{mine[bot].id}") is not None
        assert bot.scheduler.get_job(f"reminder:{theirs[bot].id}") is None
        await use_virtual_queue(bot.reminders)

    now = utcnow()
    due = fires(first, mine[first].id, now, now + timedelta(days=2))[0]
    # A job that somehow fired in the wrong process (e.g. scheduled by a command during a rolling
    # restart) finds the reminder gone here and posts nothing; the owner posts it once.
    assert await fire_at(first, theirs[first].id, due) == "gone"
    assert await fire_at(second, theirs[second].id, due) == "gone"
    assert posts(fake_discord) == []
    assert await fire_at(first, mine[first].id, due) == "sent"
    assert await fire_at(second, mine[second].id, due) == "sent"
    assert await fire_at(second, mine[second].id, due) == "duplicate"  # and never twice
    assert len(posts(fake_discord)) == 2


async def test_only_the_shard_zero_process_runs_the_purge_and_the_leaderboard_posts(
    settings: Settings, start_shard: Start
) -> None:
    storage = await open_storage(settings)
    try:
        long_ago = datetime.now(UTC) - timedelta(days=settings.retention_days + 5)
        await storage.settings.mark_left(SHARD1_GUILD, long_ago)
        await storage.settings.update(SHARD1_GUILD, timezone="Europe/London")
    finally:
        await storage.close()

    other = await start_shard(1)
    assert other.scheduler.get_job(PURGE_JOB_ID) is None
    assert other.scheduler.get_job(LEADERBOARD_JOB_ID) is None
    # Its start-up did not purge either: the server it left is still there (its own shard, even).
    assert (await other.storage.settings.get(SHARD1_GUILD)).timezone == "Europe/London"

    owner = await start_shard(0)
    assert owner.scheduler.get_job(PURGE_JOB_ID) is not None
    assert owner.scheduler.get_job(LEADERBOARD_JOB_ID) is not None
    assert (await owner.storage.settings.get(SHARD1_GUILD)).timezone == "UTC"  # purged at its start


async def test_the_shard_condition_selects_what_the_plan_owns_in_sql(bot: LiveCoach) -> None:
    guilds = [GUILD_ID + (n << 22) + n for n in range(40)] + [81384788765712384, (1 << 63) - 1]
    values = ", ".join("(CAST(? AS BIGINT))" for _ in guilds)  # typed for PostgreSQL too
    for plan in (ShardPlan((0,), 2), ShardPlan((1, 3), 4), ShardPlan((2,), 7), ShardPlan((0, 1), 2)):
        condition, params = owned_condition(plan)
        rows = await bot.storage.db.fetch_all(
            f"WITH g(guild_id) AS (VALUES {values}) SELECT guild_id FROM g WHERE {condition} ORDER BY guild_id",
            (*guilds, *params),
        )
        assert [int(r["guild_id"]) for r in rows] == sorted(g for g in guilds if plan.owns(g)), plan
