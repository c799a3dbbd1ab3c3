"""Scheduled reminders under Discord faults: delivered exactly once, or paused — never looped."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.app import LiveCoach
from tests.harness.fake_discord import FakeDiscord, Fault
from tests.harness.payloads import GUILD_ID
from tests.harness.reminders import POST_CHANNEL, VirtualTime, fire_at, make, use_virtual_queue

CHANNEL_POST = rf"^/channels/{POST_CHANNEL}/messages$"
DUE = datetime(2026, 5, 4, 23, 0, tzinfo=UTC)  # 19:00 in New York


@pytest.fixture(autouse=True)
async def virtual_time(bot: LiveCoach) -> VirtualTime:
    return await use_virtual_queue(bot.reminders)


def created(fake: FakeDiscord) -> list[dict]:
    return [m for m in fake.created_messages if m["channel_id"] == str(POST_CHANNEL)]


async def test_answer_lost_after_discord_posted_is_not_posted_twice(
    bot: LiveCoach, fake_discord: FakeDiscord
) -> None:
    """Discord creates the message but answers 502; discord.py retries; the nonce makes it one message."""
    r = await make(bot, datetime(2026, 5, 1, tzinfo=UTC))
    fake_discord.faults.append(Fault("POST", CHANNEL_POST, 502, times=1, after_effect=True))
    assert await fire_at(bot, r.id, DUE) == "sent"
    attempts = [q for q in fake_discord.requests if q.path == f"/channels/{POST_CHANNEL}/messages"]
    assert [q.status for q in attempts] == [502, 200]
    assert (
        attempts[0].json["nonce"] == attempts[1].json["nonce"] and attempts[0].json["enforce_nonce"] is True
    )
    assert len(created(fake_discord)) == 1


async def test_server_errors_then_success_deliver_once(bot: LiveCoach, fake_discord: FakeDiscord) -> None:
    r = await make(bot, datetime(2026, 5, 1, tzinfo=UTC))
    fake_discord.faults.append(Fault("POST", CHANNEL_POST, 500, times=1))
    assert await fire_at(bot, r.id, DUE) == "sent"
    assert len(created(fake_discord)) == 1
    (delivery,) = await bot.storage.reminders.deliveries(r.id)
    assert delivery.status == "sent"


async def test_rate_limited_post_waits_and_delivers_once(bot: LiveCoach, fake_discord: FakeDiscord) -> None:
    r = await make(bot, datetime(2026, 5, 1, tzinfo=UTC))
    fake_discord.faults.append(
        Fault("POST", CHANNEL_POST, 429, body={"message": "slow", "retry_after": 0.05, "global": False})
    )
    assert await fire_at(bot, r.id, DUE) == "sent"
    assert len(created(fake_discord)) == 1
    assert len(fake_discord.rate_limited) == 1


async def test_doubled_fire_during_faults_still_posts_once(bot: LiveCoach, fake_discord: FakeDiscord) -> None:
    r = await make(bot, datetime(2026, 5, 1, tzinfo=UTC))
    fake_discord.faults.append(Fault("POST", CHANNEL_POST, 500, times=1))
    assert await fire_at(bot, r.id, DUE) == "sent"
    assert await fire_at(bot, r.id, DUE) == "duplicate"
    assert len(created(fake_discord)) == 1


async def test_forbidden_channel_pauses_after_one_attempt(bot: LiveCoach, fake_discord: FakeDiscord) -> None:
    r = await make(bot, datetime(2026, 5, 1, tzinfo=UTC))
    fake_discord.channel_status[POST_CHANNEL] = 403
    assert await fire_at(bot, r.id, DUE) == "paused"
    assert await fire_at(bot, r.id, DUE.replace(day=5)) == "gone"  # the job was dropped: no retry loop
    attempts = [q for q in fake_discord.requests if q.path == f"/channels/{POST_CHANNEL}/messages"]
    assert len(attempts) == 1
    stored = await bot.storage.reminders.get(GUILD_ID, r.id)
    assert stored is not None and stored.paused and stored.pause_reason
