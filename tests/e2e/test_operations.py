"""Operating the real process: start failures, signals, the health probe, check, logs.

Every case starts ``python -m bot`` and reads what an operator would see. Network
faults use loopback only: a closed port, and a server that accepts and never answers.
"""

from __future__ import annotations

import asyncio
import json
import re
import signal
import socket
import sqlite3
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.harness.factory import FAKE_TOKEN
from tests.harness.fake_discord import FakeDiscord, Fault, guild_payload
from tests.harness.payloads import CHANNEL_ID, GUILD_ID, raw_slash
from tests.harness.process import BotProcess, bot_env, run_to_end

pytestmark = pytest.mark.e2e

UNAVAILABLE = 69


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
async def silent_server() -> AsyncIterator[int]:
    """A loopback server that accepts connections and never answers."""
    held: list[asyncio.StreamWriter] = []

    async def accept(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(accept, "127.0.0.1", 0)
    try:
        yield int(server.sockets[0].getsockname()[1])
    finally:
        for writer in held:
            writer.close()
        server.close()


def _env(tmp_path: Path, api_base: str, **extra: str) -> dict[str, str]:
    return bot_env(
        {
            "DISCORD_TOKEN": FAKE_TOKEN,
            "DISCORD_API_BASE": api_base,
            "DATABASE_PATH": str(tmp_path / "state" / "livecoach.db"),
            "DISCORD_START_ATTEMPTS": "2",
            **extra,
        }
    )


def _last_line(output: str) -> str:
    return output.strip().splitlines()[-1]


async def test_a_refused_connection_is_retried_then_explained(tmp_path: Path) -> None:
    api = f"http://127.0.0.1:{_closed_port()}/api/v10"
    code, output = await run_to_end([], _env(tmp_path, api), tmp_path)
    assert code == UNAVAILABLE, output
    assert "Could not log in to Discord (attempt 1 of 2)" in output and "retrying in 1 s" in output
    assert _last_line(output).startswith("LiveCoach could not log in to Discord after 2 attempts")
    assert "connection refused" in _last_line(output)
    assert "Traceback" not in output and FAKE_TOKEN not in output


async def test_an_unreachable_postgresql_is_retried_then_explained_before_discord(tmp_path: Path) -> None:
    url = f"postgresql://livecoach:s3cret-pw@127.0.0.1:{_closed_port()}/livecoach"
    api = f"http://127.0.0.1:{_closed_port()}/api/v10"
    code, output = await run_to_end([], _env(tmp_path, api, DATABASE_URL=url), tmp_path)
    assert code == UNAVAILABLE, output
    assert "Could not reach PostgreSQL at postgresql://livecoach@127.0.0.1:" in output
    assert "(attempt 1 of 2)" in output and "retrying in 1 s" in output
    assert _last_line(output).startswith("LiveCoach could not reach PostgreSQL at postgresql://livecoach@")
    assert "after 2 attempts" in _last_line(output)
    assert "Traceback" not in output and "s3cret-pw" not in output and "log in to Discord" not in output


async def test_a_server_that_never_answers_times_out(tmp_path: Path, silent_server: int) -> None:
    api = f"http://127.0.0.1:{silent_server}/api/v10"
    env = _env(tmp_path, api, DISCORD_TIMEOUT_SECONDS="1", DISCORD_START_ATTEMPTS="1")
    started = time.monotonic()
    code, output = await run_to_end([], env, tmp_path)
    elapsed = time.monotonic() - started
    assert code == UNAVAILABLE, output
    assert "did not answer in time" in _last_line(output)
    assert "DISCORD_TIMEOUT_SECONDS" in _last_line(output)
    assert elapsed < 30, f"bounded by the REST time-out, took {elapsed:.1f} s"
    assert "Traceback" not in output


async def test_a_rejected_token_exits_2_without_retrying(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    fake_discord.faults.append(
        Fault("GET", r"^/users/@me$", 401, times=5, body={"message": "401: Unauthorized", "code": 0})
    )
    code, output = await run_to_end([], _env(tmp_path, fake_discord.api_base), tmp_path)
    assert code == 2, output
    assert _last_line(output).startswith("Discord refused DISCORD_TOKEN")
    assert len([r for r in fake_discord.requests if r.path == "/users/@me"]) == 1
    assert "Traceback" not in output


async def test_a_503_at_login_is_retried(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    fake_discord.faults.append(Fault("GET", r"^/users/@me$", 503, times=1))
    code, output = await run_to_end(
        ["sync", "--guild", str(GUILD_ID)], _env(tmp_path, fake_discord.api_base), tmp_path
    )
    assert code == 0, output
    assert "GET /users/@me: Discord answered 503; retrying" in output
    assert [r.status for r in fake_discord.requests if r.path == "/users/@me"] == [503, 200]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
async def test_a_signal_during_login_stops_cleanly(tmp_path: Path, silent_server: int, sig: int) -> None:
    env = _env(tmp_path, f"http://127.0.0.1:{silent_server}/api/v10", DISCORD_TIMEOUT_SECONDS="60")
    process = await BotProcess([], env, cwd=tmp_path).start()
    await process.wait_for_line("logging in using static token")
    await asyncio.sleep(0.3)
    code = await process.stop(sig)
    assert code == 0, process.output
    assert (
        _last_line(process.output) == f"LiveCoach stopped by {signal.Signals(sig).name} before it was ready."
    )
    assert "Traceback" not in process.output


async def test_health_follows_the_running_bot(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    fake_discord.guilds = [guild_payload(GUILD_ID, channels=[CHANNEL_ID], roles=[])]
    env = _env(tmp_path, fake_discord.api_base, LOG_LEVEL="DEBUG", LOG_FORMAT="json")
    code, output = await run_to_end(["health"], env, tmp_path)
    assert code == 1 and "no heartbeat" in output

    process = await BotProcess([], env, cwd=tmp_path).start()
    try:
        await process.wait_for_line("LiveCoach ready")
        heartbeat = tmp_path / "state" / "livecoach.heartbeat"
        async with asyncio.timeout(10):
            while not heartbeat.exists():  # noqa: ASYNC110 (a file written by another process)
                await asyncio.sleep(0.1)
        code, output = await run_to_end(["health"], env, tmp_path)
        assert code == 0, output
        assert output.startswith("Healthy: connected to Discord")

        payload = raw_slash("about", [])
        await fake_discord.send_event("INTERACTION_CREATE", payload)
        await fake_discord.wait_for(lambda: fake_discord.for_token(payload["token"]), within=15)
        await asyncio.sleep(0.3)
    finally:
        code = await process.stop(signal.SIGTERM)
    assert code == 0, process.output
    assert not heartbeat.exists(), "a clean stop removes the heartbeat"
    code, output = await run_to_end(["health"], env, tmp_path)
    assert code == 1

    # LOG_FORMAT=json: every line of the DEBUG log is one JSON object, with no credential in it.
    records = [json.loads(line) for line in process.lines]
    assert {"time", "level", "logger", "message"} <= set(records[0])
    callback_lines = [r["message"] for r in records if "/interactions/" in r["message"]]
    assert callback_lines, "discord.py logs the callback URL at DEBUG"
    assert all("/[redacted]/callback" in line for line in callback_lines)
    assert payload["token"] not in process.output, "interaction tokens are redacted at DEBUG"
    assert FAKE_TOKEN not in process.output


async def test_health_says_a_stale_heartbeat_is_unhealthy(tmp_path: Path) -> None:
    env = _env(tmp_path, "http://127.0.0.1:1/api/v10")
    (tmp_path / "state").mkdir()
    beat = {"at": time.time() - 600, "pid": 1, "servers": 0}
    (tmp_path / "state" / "livecoach.heartbeat").write_text(json.dumps(beat))
    code, output = await run_to_end(["health"], env, tmp_path)
    assert code == 1
    assert re.match(
        r"Unhealthy: the last heartbeat is 6\d\d s old; the gateway has been disconnected", output
    )


async def test_check_is_read_only_and_says_what_start_up_will_do(tmp_path: Path) -> None:
    env = _env(tmp_path, "http://127.0.0.1:1/api/v10")
    code, output = await run_to_end(["check"], env, tmp_path)
    assert code == 0, output
    assert "does not exist yet: start-up will create it at schema version" in output
    assert not (tmp_path / "state").exists(), "check creates nothing"

    state = tmp_path / "state"
    state.mkdir()
    with sqlite3.connect(state / "livecoach.db") as conn:
        conn.execute("PRAGMA user_version = 99")
    code, output = await run_to_end(["check"], env, tmp_path)
    assert code == 1, output
    assert "schema version 99 is newer than this LiveCoach knows" in output
    assert sorted(p.name for p in state.iterdir()) == ["livecoach.db"]

    code, output = await run_to_end([], env, tmp_path)  # start-up refuses it too, before Discord
    assert code == 1, output
    assert "newer than this code knows" in _last_line(output)
    assert "Traceback" not in output


async def test_an_unwritable_state_folder_is_reported_before_contacting_discord(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the state folder should be")
    env = _env(tmp_path, "http://127.0.0.1:1/api/v10", DATABASE_PATH=str(blocker / "livecoach.db"))
    code, output = await run_to_end([], env, tmp_path)
    assert code == 1, output
    assert _last_line(output).startswith(f"The database folder {blocker} is not writable by this user")
    assert "logging in" not in output, "Discord is not contacted"
