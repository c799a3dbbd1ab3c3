"""Discord misbehaves: 5xx, 429 (route and global), slow answers, dropped gateway."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from bot.core.app import LiveCoach
from tests.harness.dispatch import Harness
from tests.harness.factory import FAKE_TOKEN
from tests.harness.fake_discord import FakeDiscord, Fault, guild_payload
from tests.harness.payloads import CHANNEL_ID, GUILD_ID, Payloads, raw_slash
from tests.harness.process import BotProcess, bot_env

CALLBACK = r"^/interactions/\d+/[^/]+/callback$"


async def test_a_502_on_the_callback_is_retried_and_answered_once(
    harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    fake_discord.faults.append(Fault("POST", CALLBACK, 502, times=1))
    reply = await harness.run(payloads.slash("about"))
    assert [r.status for r in reply.attempts] == [502, 200]
    assert len(reply.callbacks) == 1
    assert reply.field("Version")


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
