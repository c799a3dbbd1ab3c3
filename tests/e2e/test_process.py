"""The bot as a real process: ``python -m bot`` against the loopback fake Discord."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from bot.core.app import LiveCoach
from tests.harness.factory import FAKE_TOKEN
from tests.harness.fake_discord import FakeDiscord, guild_payload
from tests.harness.payloads import CHANNEL_ID, GUILD_ID, ROLE_ID, raw_slash
from tests.harness.process import BotProcess, bot_env, run_to_end

pytestmark = pytest.mark.e2e


def _env(fake: FakeDiscord, db: Path) -> dict[str, str]:
    return bot_env(
        {
            "DISCORD_TOKEN": FAKE_TOKEN,
            "DISCORD_API_BASE": fake.api_base,
            "DATABASE_PATH": str(db),
            "LOG_LEVEL": "DEBUG",  # the noisiest level must still never show the token
        }
    )


async def test_help_end_to_end_over_the_gateway(
    fake_discord: FakeDiscord, bot: LiveCoach, tmp_path: Path
) -> None:
    fake_discord.guilds = [guild_payload(GUILD_ID, channels=[CHANNEL_ID], roles=[ROLE_ID])]
    db = tmp_path / "e2e" / "livecoach.db"
    process = await BotProcess([], _env(fake_discord, db), cwd=tmp_path).start()
    try:
        await process.wait_for_line("LiveCoach ready")
        # Ready-and-scheduled (what bench_reminders times): catch-up done, the one due timer armed.
        assert "armed for nothing" in await process.wait_for_line("Go-live reminder timer armed")
        assert fake_discord.identify_count == 1

        payload = raw_slash("help", [])
        await fake_discord.send_event("INTERACTION_CREATE", payload)
        await fake_discord.wait_for(lambda: fake_discord.for_token(payload["token"]), within=15)
        (callback,) = fake_discord.for_token(payload["token"])
        assert callback.json["type"] == 4
        data = callback.json["data"]
        assert data["flags"] & 64
        listed = "\n".join(
            f"{f['name']}\n{f['value']}" for embed in data["embeds"] for f in embed.get("fields", [])
        )
        # Every runnable command of the tree (read from an in-process bot with the same cogs).
        expected = [c.qualified_name for c in bot.tree.walk_commands() if not hasattr(c, "walk_commands")]
        assert expected, "the tree has commands"
        for name in expected:
            assert f"/{name}" in listed
    finally:
        code = await process.stop(signal.SIGTERM)
    assert code == 0, process.output
    assert "LiveCoach stopped cleanly" in process.output
    assert FAKE_TOKEN not in process.output
    assert "Traceback" not in process.output
    assert db.is_file()

    # Restart on the same file: the data survives and no migration runs again.
    code, output = await run_to_end(["check"], _env(fake_discord, db), cwd=tmp_path)
    assert code == 0, output
    assert "integrity ok" in output
    assert "Applied migrations" not in output


async def test_no_token_prints_one_sentence_and_exits_2(tmp_path: Path) -> None:
    code, output = await run_to_end([], bot_env({}), cwd=tmp_path)
    assert code == 2
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    assert "DISCORD_TOKEN" in lines[0] and ".env" in lines[0] and "discord.com/developers" in lines[0]
    assert "Traceback" not in output


async def test_malformed_setting_exits_2_with_the_setting_named(tmp_path: Path) -> None:
    code, output = await run_to_end(
        [], bot_env({"DISCORD_TOKEN": FAKE_TOKEN, "DEV_GUILD_ID": "my-server"}), tmp_path
    )
    assert code == 2
    assert output.strip().startswith("DEV_GUILD_ID must be a Discord ID")
    assert "Traceback" not in output
    assert FAKE_TOKEN not in output


async def test_sync_registers_the_tree_and_exits(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    env = _env(fake_discord, tmp_path / "sync.db")
    code, output = await run_to_end(["sync", "--guild", str(GUILD_ID)], env, tmp_path)
    assert code == 0, output
    assert "Synced" in output
    assert fake_discord.commands[str(GUILD_ID)], "the guild's commands were PUT"
    assert fake_discord.identify_count == 0, "sync must not connect to the gateway"
    assert FAKE_TOKEN not in output


async def test_check_reports_a_broken_database(tmp_path: Path) -> None:
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"this is not a database" * 100)
    code, output = await run_to_end(
        ["check"], bot_env({"DISCORD_TOKEN": FAKE_TOKEN, "DATABASE_PATH": str(broken)}), tmp_path
    )
    assert code == 1
    assert "Traceback" not in output
    assert f"The database {broken} cannot be used (file is not a database)" in output
