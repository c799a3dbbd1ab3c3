"""What start-up does with either engine: migrate by default, or refuse a stale schema (AUTO_MIGRATE=false)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.app import open_storage
from bot.core.paths import MIGRATIONS_DIR
from bot.sessions.model.record import SessionRecord
from bot.storage import Storage
from bot.storage.migrations import MigrationError, required_version
from tests.harness.factory import settings_for


async def test_auto_migrate_false_refuses_a_schema_that_is_behind_until_migrate_runs(
    tmp_path: Path, database_url: str | None
) -> None:
    settings = settings_for(
        tmp_path / "state.db",
        "http://127.0.0.1:9/api/v10",
        database_url=database_url,
        auto_migrate=False,
    )
    with pytest.raises(MigrationError, match=r"AUTO_MIGRATE is false: run `python -m bot migrate` first"):
        await open_storage(settings)
    migrated = await open_storage(settings, migrate=True)  # what `python -m bot migrate` does
    await migrated.close()
    storage = await open_storage(settings)
    try:
        assert await storage.db.schema_version() == required_version(MIGRATIONS_DIR)
        assert storage.db.dialect == ("postgres" if database_url else "sqlite")
    finally:
        await storage.close()


async def test_the_engine_helpers_answer_alike_on_both_engines(storage: Storage) -> None:
    db = storage.db
    assert await db.has_table("sessions") and not await db.has_table("no_such_table")
    await storage.sessions.add(
        SessionRecord(None, 1, 2, datetime(2026, 11, 30, 23, 30, tzinfo=UTC), 60, 1, 1, None, 1, None)
    )
    assert await db.fetch_value(f"SELECT {db.utc_month('started_at')} FROM sessions") == "2026-11"
