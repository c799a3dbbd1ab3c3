"""The schema version the code needs, and a read-only look at a database file."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from bot.core.paths import MIGRATIONS_DIR
from bot.storage.database import Database, inspect
from bot.storage.migrations import MigrationError, SchemaPlan, discover, required_version


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_the_code_needs_the_newest_shipped_migration() -> None:
    assert required_version(MIGRATIONS_DIR) == len(discover(MIGRATIONS_DIR)) >= 5


@pytest.mark.parametrize("make", [lambda p: None, lambda p: p.mkdir()])
def test_a_missing_or_empty_migrations_folder_is_an_error_not_version_0(tmp_path: Path, make) -> None:
    folder = tmp_path / "migrations"
    make(folder)
    with pytest.raises(MigrationError, match="installation is incomplete"):
        discover(folder)


async def test_inspect_never_creates_the_file(tmp_path: Path) -> None:
    found = await inspect(tmp_path / "absent.db")
    assert not found.exists
    assert found.plan == SchemaPlan(0, required_version(MIGRATIONS_DIR))
    assert _files(tmp_path) == []


async def test_inspect_reports_pending_migrations_and_changes_nothing(tmp_path: Path) -> None:
    migrations = tmp_path / "old"
    migrations.mkdir()
    for path in sorted(MIGRATIONS_DIR.glob("*.sql"))[:3]:
        shutil.copy(path, migrations)
    state = tmp_path / "state"
    db = await Database.open(state / "old.db", migrations_dir=migrations)  # written by an older release
    await db.close()
    before = (state / "old.db").read_bytes()

    found = await inspect(state / "old.db")
    latest = required_version(MIGRATIONS_DIR)
    assert (found.plan.current, found.plan.required) == (3, latest)
    assert list(found.plan.pending) == list(range(4, latest + 1))
    assert found.plan.describe() == (
        f"schema version 3; start-up will apply migrations 4-{latest} (to version {latest})"
    )
    assert found.integrity == "ok"
    assert (state / "old.db").read_bytes() == before
    assert _files(state) == ["old.db"], "no -wal or -shm file appears"

    upgraded = await Database.open(state / "old.db")  # start-up migrates the old file
    try:
        assert await upgraded.schema_version() == latest
    finally:
        await upgraded.close()
    assert (await inspect(state / "old.db")).plan.describe() == f"schema version {latest}, up to date"


async def test_inspect_flags_a_database_newer_than_the_code(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    found = await inspect(path)
    assert found.plan.too_new
    assert "newer than this LiveCoach knows" in found.plan.describe()
    assert "downgrades are not supported" in found.plan.describe()
