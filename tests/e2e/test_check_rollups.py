"""``python -m bot check`` recomputes the stats rollups from the sessions and reports drift."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.sessions.model.record import SessionRecord
from bot.storage import Storage
from tests.harness.factory import FAKE_TOKEN
from tests.harness.payloads import GUILD_ID
from tests.harness.process import bot_env, run_to_end

pytestmark = pytest.mark.e2e

MEMBER = 1400000000000000001


async def test_check_reports_a_corrupted_rollup_and_rebuild_repairs_it(tmp_path: Path) -> None:
    path = tmp_path / "state" / "livecoach.db"
    storage = await Storage.open(path)
    for diamonds in (100, 250):
        await storage.sessions.add(
            SessionRecord(
                id=None,
                guild_id=GUILD_ID,
                user_id=MEMBER,
                started_at=datetime(2026, 11, 3, 20, 0, tzinfo=UTC),
                duration_minutes=60,
                likes=1000,
                peak_viewers=None,
                avg_viewers=None,
                diamonds=diamonds,
                new_followers=None,
            )
        )
    await storage.close()
    env = bot_env(
        {
            "DISCORD_TOKEN": FAKE_TOKEN,
            "DATABASE_PATH": str(path),
            "DISCORD_API_BASE": "http://127.0.0.1:1/api/v10",
        }
    )
    code, output = await run_to_end(["check"], env, tmp_path)
    assert code == 0, output
    assert "stats rollups match the sessions" in output

    with sqlite3.connect(path) as conn:  # a month and a total no longer equal to their sessions
        conn.execute("UPDATE session_rollups SET diamonds = 999")
        conn.execute("UPDATE session_totals SET sessions = 3")
    code, output = await run_to_end(["check"], env, tmp_path)
    assert code == 1, output
    assert "the stats rollups drift from the sessions (2 row(s))" in output
    assert f"server {GUILD_ID}, member {MEMBER}, 2026-11: rollup (2, 120, 2000, 999," in output
    assert "sum to (2, 120, 2000, 350," in output
    assert f"server {GUILD_ID}, member {MEMBER}, all time: rollup (3, 120," in output
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT diamonds FROM session_rollups").fetchall() == [(999,)], (
            "check is read-only"
        )

    code, output = await run_to_end(["check", "--rebuild-rollups"], env, tmp_path)
    assert code == 0, output
    assert "rebuilt the stats rollups from the sessions (2 row(s))" in output
    assert "stats rollups match the sessions" in output
