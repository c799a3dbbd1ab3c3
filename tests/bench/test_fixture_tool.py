"""``python -m bench.fixture`` builds a database through the storage layer that the bot can use."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.fixture import FIRST_MEMBER, REMINDERS_PER_SERVER, build, main
from bot.storage import Storage
from tests.harness.payloads import GUILD_ID, OTHER_GUILD_ID


async def test_the_fixture_holds_what_was_asked_with_rollups_that_match(tmp_path: Path) -> None:
    path = tmp_path / "small.db"
    built = await build(path, sessions=500, members=7, reminders=60)
    assert (built.sessions, built.members, built.reminders) == (500, 7, 60)
    storage = await Storage.open(path)
    try:
        assert await storage.sessions.count_for_guild(GUILD_ID) == 500
        assert await storage.sessions.count_for_guild(OTHER_GUILD_ID) == 1
        rows = await storage.sessions.leaderboard_rows(GUILD_ID, None)
        assert {r[0] for r in rows} <= {FIRST_MEMBER + i for i in range(7)}
        assert sum(r[1] for r in rows) == 500
        assert await storage.rollups.drift() == []
        assert FIRST_MEMBER + 1 in await storage.members.figures_shared(GUILD_ID)
        reminders = await storage.db.fetch_value("SELECT COUNT(*) FROM reminders")
        assert reminders == 60
        per_server = await storage.db.fetch_value(
            "SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM reminders GROUP BY guild_id)"
        )
        assert per_server == REMINDERS_PER_SERVER
        numbers = await storage.db.fetch_value(
            "SELECT MAX(number) FROM sessions WHERE guild_id = ?", (GUILD_ID,)
        )
        assert numbers == 500  # the real insert gave every session its number
    finally:
        await storage.close()


def test_the_command_refuses_to_overwrite_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    existing = tmp_path / "taken.db"
    existing.write_text("not a database")
    assert main(["--sessions", "10", "--members", "2", "--out", str(existing)]) == 2
    assert "exists already" in capsys.readouterr().err
    assert existing.read_text() == "not a database"
