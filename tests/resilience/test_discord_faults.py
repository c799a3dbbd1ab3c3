"""Discord misbehaves: 5xx, 429 (route and global), slow answers, dropped gateway."""

from __future__ import annotations

import asyncio
import dataclasses
import signal
from pathlib import Path

import pytest

from bot.core import http as rest_policy
from bot.core.app import LiveCoach
from bot.core.config import Settings
from bot.core.tree import DISCORD_TROUBLE
from tests.harness.dispatch import Harness
from tests.harness.factory import FAKE_TOKEN
from tests.harness.fake_discord import FakeDiscord, Fault, guild_payload
from tests.harness.payloads import CHANNEL_ID, GUILD_ID, Payloads, raw_slash
from tests.harness.process import BotProcess, bot_env


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Discord's answers time out after 1 s here (production default: 10 s)."""
    return dataclasses.replace(settings, rest_timeout=1.0)


CALLBACK = r"^/interactions/\d+/[^/]+/callback$"
FOLLOW_UP = r"^/webhooks/\d+/[^/]+$"


@pytest.mark.parametrize("status", [500, 502, 503, 504])
async def test_a_5xx_on_the_callback_is_retried_within_the_deadline_and_answered_once(
    harness: Harness, payloads: Payloads, fake_discord: FakeDiscord, status: int
) -> None:
    fake_discord.faults.append(Fault("POST", CALLBACK, status, times=1))
    reply = await harness.run(payloads.slash("about"))
    assert [r.status for r in reply.attempts] == [status, 200]
    assert len(reply.callbacks) == 1
    assert reply.field("Version")
    assert reply.callbacks[0].at - reply.attempts[0].at < rest_policy.INTERACTION_DEADLINE


async def test_a_503_on_the_bots_own_request_is_retried(bot: LiveCoach, fake_discord: FakeDiscord) -> None:
    # discord.py's HTTPClient retries 500/502/504 but raises on the first 503; the REST policy retries it.
    fake_discord.faults.append(Fault("POST", r"^/channels/\d+/messages$", 503, times=2))
    channel = bot.get_partial_messageable(CHANNEL_ID)
    await channel.send("reminder")
    sends = [r.status for r in fake_discord.requests if r.path == f"/channels/{CHANNEL_ID}/messages"]
    assert sends == [503, 503, 200]


async def test_a_stalled_request_is_cut_by_the_time_out_and_explained(
    bot: LiveCoach, fake_discord: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rest_policy, "DEFAULT_BUDGET", 1.0)
    fake_discord.faults.append(Fault("GET", r"^/channels/\d+$", 200, times=5, delay=2.5))
    started = asyncio.get_running_loop().time()
    with pytest.raises(rest_policy.DiscordUnavailable) as caught:
        await bot.fetch_channel(CHANNEL_ID)
    assert caught.value.timed_out
    assert asyncio.get_running_loop().time() - started < 2.5, "cut by the 1 s time-out, not the 2.5 s answer"


async def test_a_discord_outage_during_a_command_gets_the_trouble_sentence(
    harness: Harness, payloads: Payloads, fake_discord: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rest_policy, "DEFAULT_BUDGET", 1.5)
    # /peak defers, then its follow-up meets a Discord that answers 503 until the deadline passes.
    fake_discord.faults.append(Fault("POST", FOLLOW_UP, 503, times=2))
    reply = await harness.run(payloads.slash("peak"))
    tries = [r.status for r in reply.requests if r.method == "POST" and "/webhooks/" in r.path]
    assert tries == [503, 503, 200]
    assert [f.get("content") for f in reply.followups] == [DISCORD_TROUBLE]
    assert reply.followups[0]["flags"] & 64, "said privately"


async def test_a_route_429_waits_retry_after_then_answers(
    harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    fake_discord.faults.append(
        Fault("POST", CALLBACK, 429, body={"message": "slow down", "retry_after": 0.05, "global": False})
    )
    reply = await harness.run(payloads.slash("help"))
    assert [r.status for r in reply.attempts] == [429, 200]
    assert reply.embeds


async def test_a_global_429_is_respected(
    harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    fake_discord.faults.append(
        Fault(
            "POST",
            CALLBACK,
            429,
            body={"message": "global", "retry_after": 0.05, "global": True},
            headers={"X-RateLimit-Global": "true", "X-RateLimit-Scope": "global"},
        )
    )
    reply = await harness.run(payloads.slash("about"))
    assert [r.status for r in reply.attempts] == [429, 200]


async def test_a_slow_discord_still_gets_one_answer(
    harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    fake_discord.faults.append(Fault("POST", CALLBACK, 200, delay=0.5))
    reply = await harness.run(payloads.slash("about"))
    assert len(reply.callbacks) == 1


async def test_the_bot_keeps_serving_after_discord_fails_an_answer_for_good(
    harness: Harness, payloads: Payloads, fake_discord: FakeDiscord, bot: LiveCoach
) -> None:
    # Every attempt to answer this interaction is refused (404 Unknown interaction: it expired).
    fake_discord.faults.append(
        Fault("POST", CALLBACK, 404, times=5, body={"message": "Unknown interaction", "code": 10062})
    )
    lost = await harness.run(payloads.slash("about"))
    assert lost.callbacks == []
    assert len(lost.attempts) == 1, "an expired interaction is not answered again"
    fake_discord.faults.clear()
    # The next interaction is served normally.
    reply = await harness.run(payloads.slash("about"))
    assert len(reply.callbacks) == 1


@pytest.mark.e2e
async def test_gateway_drop_resumes_and_keeps_serving(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    fake_discord.guilds = [guild_payload(GUILD_ID, channels=[CHANNEL_ID], roles=[])]
    env = bot_env(
        {
            "DISCORD_TOKEN": FAKE_TOKEN,
            "DISCORD_API_BASE": fake_discord.api_base,
            "DATABASE_PATH": str(tmp_path / "g.db"),
        }
    )
    process = await BotProcess([], env, cwd=tmp_path).start()
    try:
        await process.wait_for_line("LiveCoach ready")
        await fake_discord.drop_gateway(code=4000)  # "unknown error": the client should resume
        await fake_discord.wait_for(
            lambda: fake_discord.resume_count >= 1 and fake_discord.sockets, within=20
        )
        payload = raw_slash("about", [])
        await fake_discord.send_event("INTERACTION_CREATE", payload)
        await fake_discord.wait_for(lambda: fake_discord.for_token(payload["token"]), within=15)
        (callback,) = fake_discord.for_token(payload["token"])
        assert callback.json["type"] == 4
    finally:
        code = await process.stop(signal.SIGTERM)
    assert code == 0, process.output
    assert FAKE_TOKEN not in process.output
    assert fake_discord.identify_count == 1, "a resume, not a new session"
