"""The reminder faults of the black-box run, each reproduced through the real service and fake Discord."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.app import LiveCoach
from bot.reminders.model.reminder import due_after
from bot.reminders.service import Occurrence
from tests.harness.dispatch import Harness
from tests.harness.fake_discord import FakeDiscord, Fault
from tests.harness.payloads import GUILD_ID, Actor, Payloads
from tests.harness.reminders import LOG_CHANNEL, NY, POST_CHANNEL, make, posts, scheduled, virtual_queue

pytestmark = pytest.mark.usefixtures("virtual_time")
ADMIN = Actor(admin=True)
CREATED = datetime(2026, 5, 1, tzinfo=UTC)
DUE = datetime(2026, 5, 4, 23, 0, tzinfo=UTC)  # 19:00 EDT


@pytest.fixture(autouse=True)
def quick_rest_policy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The REST policy gives up on a 503 at once here; the reminder's own retries are under test."""
    monkeypatch.setattr("bot.core.http.DEFAULT_BUDGET", 0.1)


async def test_a_restart_25_seconds_after_the_due_time_posts_once_marked_late(
    bot: LiveCoach, fake_discord: FakeDiscord
) -> None:
    r = await make(bot, CREATED)
    counts = await bot.reminders.catch_up(DUE + timedelta(seconds=25))
    assert counts["late"] == 1 and "sent" not in counts
    [body] = posts(fake_discord)
    assert body["content"].endswith("-# (posted late: LiveCoach was offline at 19:00)")
    [delivery] = [d for d in await bot.storage.reminders.deliveries(r.id) if d.status != "skipped"]
    assert delivery.status == "late"


async def test_a_post_due_while_start_up_built_the_jobs_is_caught_up(
    bot: LiveCoach, fake_discord: FakeDiscord
) -> None:
    """start(now) reads the clock before the jobs exist; a post due after that and before each job's
    first run was neither posted nor caught up. The catch-up now runs to after the jobs exist."""
    r = await make(bot, CREATED)
    await bot.reminders.close()
    virtual_queue(bot.reminders)  # a fresh queue for the second start
    ticks = iter([DUE - timedelta(seconds=1), DUE + timedelta(seconds=2)])
    bot.reminders.clock = lambda: next(ticks, DUE + timedelta(seconds=2))
    await bot.reminders.start()
    assert bot.reminders.startup_task is not None
    await bot.reminders.startup_task
    assert len(posts(fake_discord)) == 1
    [delivery] = [d for d in await bot.storage.reminders.deliveries(r.id) if d.status != "skipped"]
    assert delivery.due_at == DUE and delivery.status == "late"


async def test_a_503_is_retried_within_the_grace_and_posts_once(
    bot: LiveCoach, fake_discord: FakeDiscord
) -> None:
    r = await make(bot, CREATED)
    bot.reminders.clock = lambda: DUE
    slept: list[float] = []

    async def no_wait(seconds: float) -> None:
        slept.append(seconds)

    bot.reminders.sleep = no_wait
    # The first answer is lost after Discord created the message; the retry returns that message.
    fake_discord.faults.append(Fault("POST", rf"^/channels/{POST_CHANNEL}/messages$", 503, after_effect=True))
    fake_discord.faults.append(Fault("POST", rf"^/channels/{POST_CHANNEL}/messages$", 503, times=3))
    outcome = await bot.reminders.deliver(r.id, Occurrence.of(r, DUE), DUE)
    assert outcome == "sent" and slept  # retried after a pause
    assert len(fake_discord.created_messages) == 1


async def test_a_429_that_outlasts_discord_py_s_retries_is_retried_within_the_grace(
    bot: LiveCoach, fake_discord: FakeDiscord
) -> None:
    """Another process of the bot (a rolling deploy) can spend the bot's shared rate limit: discord.py
    gives up after five 429s, and the occurrence was lost (seen in bench_shards_burst --overlap)."""
    r = await make(bot, CREATED)
    bot.reminders.clock = lambda: DUE
    slept: list[float] = []

    async def no_wait(seconds: float) -> None:
        slept.append(seconds)

    bot.reminders.sleep = no_wait
    fake_discord.faults.append(Fault("POST", rf"^/channels/{POST_CHANNEL}/messages$", 429, times=5))
    outcome = await bot.reminders.deliver(r.id, Occurrence.of(r, DUE), DUE)
    assert outcome == "sent" and slept  # the service's own retry, after discord.py's five
    assert len(fake_discord.created_messages) == 1


async def test_a_post_that_keeps_failing_shows_in_the_list_and_the_log_channel(
    bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    await bot.storage.settings.update(GUILD_ID, log_channel_id=LOG_CHANNEL)
    r = await make(bot, CREATED)
    moments = iter(DUE + timedelta(seconds=s) for s in range(0, 10_000, 200))
    bot.reminders.clock = lambda: next(moments)

    async def no_wait(seconds: float) -> None:
        return None

    bot.reminders.sleep = no_wait
    fake_discord.faults.append(Fault("POST", rf"^/channels/{POST_CHANNEL}/messages$", 503, times=-1))
    outcome = await bot.reminders.deliver(r.id, Occurrence.of(r, DUE), DUE)
    assert outcome == "failed"
    [delivery] = await bot.storage.reminders.deliveries(r.id)
    assert delivery.status == "failed" and delivery.detail == "HTTP 503"
    [notice] = posts(fake_discord, LOG_CHANNEL)
    assert f"#{r.id}" in notice["content"] and "HTTP 503" in notice["content"]
    bot.reminders.clock = lambda: DUE + timedelta(hours=1)
    listing = await harness.run(payloads.slash("reminder list", ADMIN))
    assert "Last post failed (HTTP 503)" in listing.text
    # The next post that goes out clears the warning.
    fake_discord.faults.clear()
    next_due = DUE + timedelta(days=1)
    assert await bot.reminders.deliver(r.id, Occurrence.of(r, next_due), next_due) == "sent"
    assert (await bot.storage.reminders.get(GUILD_ID, r.id)).flag is None  # type: ignore[union-attr]


async def test_config_timezone_moves_server_reminders_keeping_their_local_time(
    bot: LiveCoach, harness: Harness, payloads: Payloads
) -> None:
    utc = await harness.run(
        payloads.slash("reminder add", ADMIN, days="daily", time="03:17", channel=POST_CHANNEL)
    )
    assert "03:17 UTC" in utc.text
    kept = await make(bot, CREATED)  # explicitly New York: not the server's zone, stays
    reply = await harness.run(payloads.slash("config timezone", ADMIN, zone="America/Chicago"))
    assert "Moved 1 server reminder from UTC to America/Chicago" in reply.text
    reminders = {r.id: r for r in await bot.storage.reminders.list_for_guild(GUILD_ID)}
    moved = next(r for r in reminders.values() if r.id != kept.id)
    assert (moved.timezone, moved.at) == ("America/Chicago", time(3, 17))
    assert reminders[kept.id].timezone == NY
    # Its next post is now 03:17 Chicago time (the timer reads the stored next_due).
    assert await scheduled(bot, moved.id) == due_after(moved, bot.reminders.clock())
    assert moved.next_due == due_after(moved, bot.reminders.clock())
    assert moved.next_due is not None and moved.next_due.astimezone(
        ZoneInfo("America/Chicago")
    ).time() == time(3, 17)
    again = await harness.run(payloads.slash("config timezone", ADMIN, zone="America/Chicago"))
    assert "already is" in again.text


async def test_reminders_paused_for_not_allowed_resume_when_the_bot_is_added_back(
    bot: LiveCoach, fake_discord: FakeDiscord
) -> None:
    await bot.storage.settings.update(GUILD_ID, log_channel_id=LOG_CHANNEL)
    r = await make(bot, CREATED)
    gone = await make(bot, CREATED, at=time(20))
    fake_discord.channel_status[POST_CHANNEL] = 403
    assert await bot.reminders.deliver(r.id, Occurrence.of(r, DUE), DUE) == "paused"
    await bot.reminders.pause(GUILD_ID, gone.id, by=1)  # paused by an admin: stays paused
    del fake_discord.channel_status[POST_CHANNEL]
    assert await bot.reminders.resume_after_rejoin(GUILD_ID) == [r.id]
    resumed = await bot.storage.reminders.get(GUILD_ID, r.id)
    assert resumed is not None and not resumed.paused
    assert await scheduled(bot, r.id) is not None
    assert (await bot.storage.reminders.get(GUILD_ID, gone.id)).paused  # type: ignore[union-attr]
    notices = [b["content"] for b in posts(fake_discord, LOG_CHANNEL)]
    assert any("is paused" in n for n in notices) and any("resumed 1 go-live reminder" in n for n in notices)
