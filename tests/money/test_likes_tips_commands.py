"""/likes and /tips through the real command tree."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from bot.core.app import LiveCoach
from bot.money.model.tips import TOPICS, load_tips
from bot.sessions.model.record import SessionRecord
from tests.harness.dispatch import Harness
from tests.harness.payloads import GUILD_ID, Payloads, raw_slash

MONEY = re.compile(r"[$€£¥₹]\s?\d[\d,.]*")


async def test_likes_explains_the_money_flow_without_server_data(
    harness: Harness, payloads: Payloads
) -> None:
    reply = await harness.run(payloads.slash("likes"))
    assert reply.callback_type == 4 and not reply.ephemeral
    assert "Likes pay $0 directly" in reply.embed["description"]
    flow = reply.field("How the money actually flows")
    assert "Gifts" in flow and "Creator Rewards Program" in flow and "not for LIVE likes" in flow
    assert "Brand deals" in flow
    assert "visibility" in reply.field("What likes do") or "shown to more people" in reply.field(
        "What likes do"
    )
    assert reply.field("What to do")
    assert reply.field("This server's numbers").startswith("Log 10 more sessions")
    assert MONEY.findall(reply.text) == ["$0"]


async def test_likes_uses_this_servers_sessions(harness: Harness, payloads: Payloads, bot: LiveCoach) -> None:
    start = datetime(2025, 2, 1, 20, tzinfo=UTC)
    for k in range(10):
        likes = 5_000 * (k + 1)
        await bot.storage.sessions.add(
            SessionRecord(
                id=None,
                guild_id=GUILD_ID,
                user_id=1,
                started_at=start + timedelta(days=k),
                duration_minutes=90,
                likes=likes,
                peak_viewers=50,
                avg_viewers=None,
                diamonds=likes // 100,  # 10 diamonds per 1,000 likes exactly
                new_followers=None,
            )
        )
    reply = await harness.run(payloads.slash("likes", private=True))
    assert reply.ephemeral
    numbers = reply.field("This server's numbers")
    assert "Across 10 sessions: ≈ 10 diamonds per 1,000 likes" in numbers
    assert MONEY.findall(reply.text) == ["$0"]


async def test_tips_without_topic_gives_one_from_each(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("tips"))
    tips = load_tips()
    fields = reply.embed["fields"]
    assert [f["name"].lower() for f in fields] == list(TOPICS)
    for f in fields:
        assert f["value"].removeprefix("• ") in tips[f["name"].lower()]


@pytest.mark.parametrize("topic", TOPICS)
async def test_tips_for_one_topic_lists_them_all(harness: Harness, payloads: Payloads, topic: str) -> None:
    reply = await harness.run(payloads.slash("tips", topic=topic, private=True))
    assert reply.ephemeral
    value = reply.field(topic)
    for tip in load_tips()[topic]:
        assert tip in value


async def test_tips_unknown_topic_is_refused(harness: Harness) -> None:
    payload = raw_slash("tips", [{"type": 3, "name": "topic", "value": "money"}])
    reply = await harness.run(payload)
    assert reply.ephemeral and "Pick a topic" in reply.content
