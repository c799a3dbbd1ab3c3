"""The SQLite layer: pragmas, migrations recorded and idempotent, failures rolled back."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from bot.core.paths import MIGRATIONS_DIR
from bot.storage import Storage
from bot.storage.database import Database
from bot.storage.migrations import MigrationError, discover


async def test_pragmas_wal_foreign_keys_busy_timeout(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "a.db")
    try:
        assert await db.fetch_value("PRAGMA journal_mode") == "wal"
        assert await db.fetch_value("PRAGMA foreign_keys") == 1
        assert await db.fetch_value("PRAGMA busy_timeout") == 5000
    finally:
        await db.close()


async def test_migrations_apply_once_and_are_recorded(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "folder" / "b.db"
    db = await Database.open(path)
    latest = len(discover(MIGRATIONS_DIR))
    assert await db.schema_version() == latest
    schema = await db.fetch_all("SELECT type, name, sql FROM sqlite_master ORDER BY name")
    assert await db.migrate() == []
    assert await db.schema_version() == latest
    await db.close()

    again = await Database.open(path)  # a restart
    try:
        assert await again.schema_version() == latest
        assert [
            tuple(r) for r in await again.fetch_all("SELECT type, name, sql FROM sqlite_master ORDER BY name")
        ] == [tuple(r) for r in schema]
    finally:
        await again.close()


async def test_a_failing_migration_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    migrations = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, migrations)
    latest = len(discover(migrations))
    db = await Database.open(tmp_path / "c.db", migrations_dir=migrations)
    await db.execute("INSERT INTO guild_settings (guild_id, created_at, updated_at) VALUES (1, 'x', 'x')")
    (migrations / f"{latest + 1:04d}_broken.sql").write_text(
        "CREATE TABLE half_done (id INTEGER);\nINSERT INTO guild_settings (guild_id) VALUES (1);\n"
    )
    with pytest.raises(MigrationError, match="rolled back"):
        await db.migrate(migrations)
    assert await db.schema_version() == latest
    assert await db.fetch_value("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'") == 0
    assert await db.fetch_value("SELECT count(*) FROM guild_settings") == 1
    assert await db.integrity_check() == "ok"
    await db.close()


def test_migration_files_must_be_numbered_without_gaps(tmp_path: Path) -> None:
    (tmp_path / "0001_first.sql").write_text("SELECT 1;")
    (tmp_path / "0003_third.sql").write_text("SELECT 1;")
    with pytest.raises(MigrationError, match="out of sequence"):
        discover(tmp_path)


async def test_a_database_newer_than_the_code_is_refused(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "d.db")
    await db.execute("PRAGMA user_version = 999")
    await db.close()
    with pytest.raises(MigrationError, match="newer than this code knows"):
        await Database.open(tmp_path / "d.db")


async def test_transaction_rolls_back_on_error(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "e.db")
    with pytest.raises(RuntimeError):
        async with db.transaction() as tx:
            await tx.execute(
                "INSERT INTO guild_settings (guild_id, created_at, updated_at) VALUES (5, 'x', 'x')"
            )
            raise RuntimeError("abort")
    assert await db.fetch_value("SELECT count(*) FROM guild_settings") == 0
    await db.close()


async def test_guild_settings_round_trip_and_scope(tmp_path: Path) -> None:
    storage = await Storage.open(tmp_path / "f.db")
    try:
        assert (await storage.settings.get(1)).timezone == "UTC"
        await storage.settings.update(1, timezone="Europe/Paris", usd_per_diamond=Decimal("0.0045"))
        await storage.settings.update(2, currency="EUR", currency_per_usd=Decimal("0.92"))
        one, two = await storage.settings.get(1), await storage.settings.get(2)
        assert (one.timezone, one.usd_per_diamond, one.currency) == ("Europe/Paris", Decimal("0.0045"), "USD")
        assert (two.timezone, two.currency, two.currency_per_usd) == ("UTC", "EUR", Decimal("0.92"))
        assert one.has_rate_overrides and two.has_rate_overrides
        reset = await storage.settings.reset_rates(1)
        assert reset.usd_per_diamond is None and reset.timezone == "Europe/Paris"
        assert not reset.has_rate_overrides
        assert (await storage.settings.get(2)).currency == "EUR"
    finally:
        await storage.close()
