"""Shard settings as a real ``python -m bot`` process: the SQLite refusal, and two shards in one process."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from tests.harness.factory import FAKE_TOKEN
from tests.harness.fake_discord import FakeDiscord, guild_payload
from tests.harness.payloads import CHANNEL_ID, GUILD_ID, ROLE_ID, Actor, raw_slash
from tests.harness.process import BotProcess, bot_env, run_to_end

pytestmark = pytest.mark.e2e

SHARD0_GUILD = GUILD_ID + (1 << 22)  # GUILD_ID itself is on shard 1 of 2


def _env(fake: FakeDiscord | None, db: Path, **extra: str) -> dict[str, str]:
    env = {"DISCORD_TOKEN": FAKE_TOKEN, "DATABASE_PATH": str(db), **extra}
    if fake is not None:
        env["DISCORD_API_BASE"] = fake.api_base
    return bot_env(env)


async def test_part_of_the_shards_on_sqlite_is_refused_with_one_sentence(tmp_path: Path) -> None:
    db = tmp_path / "livecoach.db"
    code, output = await run_to_end(["--shard-ids", "0", "--shard-count", "2"], _env(None, db), tmp_path)
    assert code == 2, output
    assert output.strip().splitlines() == [
        "Running shard 0 of 2 here leaves the other shards to other processes, which cannot share the "
        "SQLite file: set DATABASE_URL to a PostgreSQL database, or leave SHARD_IDS (--shard-ids) unset "
        "so this one process runs every shard."
    ]
    assert not db.exists(), "refused before the database was created"
    # The same from the settings, after the action.
    code, output = await run_to_end(["run"], _env(None, db, SHARD_IDS="1", SHARD_COUNT="2"), tmp_path)
    assert code == 2 and output.startswith("Running shard 1 of 2 here"), output


async def test_a_bad_shard_option_exits_2_naming_it(tmp_path: Path) -> None:
    code, output = await run_to_end(
        ["run", "--shard-ids", "0,2", "--shard-count", "2"], _env(None, tmp_path / "x.db"), tmp_path
    )
    assert code == 2, output
    assert output.strip() == "SHARD_IDS (--shard-ids) must be from 0 to 1 since SHARD_COUNT is 2, not 2."


async def test_one_process_can_connect_both_shards_and_answers_each_shards_servers(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    fake_discord.guilds = [
        guild_payload(guild, channels=[CHANNEL_ID], roles=[ROLE_ID]) for guild in (GUILD_ID, SHARD0_GUILD)
    ]
    db = tmp_path / "livecoach.db"
    process = await BotProcess(["--shard-count", "2"], _env(fake_discord, db), cwd=tmp_path).start()
    try:
        await process.wait_for_line("LiveCoach ready", within=60)
        assert sorted(fake_discord.identified_shards) == [(0, 2), (1, 2)]
        assert "Connecting shards 0, 1 of 2; this process runs the retention purge" in process.output
        for guild in (GUILD_ID, SHARD0_GUILD):
            payload = raw_slash("about", [], Actor(guild_id=guild))
            await fake_discord.send_event("INTERACTION_CREATE", payload)
            await fake_discord.wait_for(lambda p=payload: fake_discord.for_token(p["token"]), within=15)
            (callback,) = fake_discord.for_token(payload["token"])  # answered once, by its shard
            assert callback.json["type"] == 4
    finally:
        code = await process.stop(signal.SIGTERM)
    assert code == 0, process.output
    assert "Traceback" not in process.output
