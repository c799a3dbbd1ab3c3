"""SIGKILL at random moments: what was committed survives, the file stays intact."""

from __future__ import annotations

import asyncio
import random
import shutil
import signal
import sqlite3
import sys
from pathlib import Path

from bot.paths import MIGRATIONS_DIR
from bot.storage.migrations import discover

SLOW_MIGRATION = """
CREATE TABLE crash_probe (id INTEGER PRIMARY KEY, v TEXT NOT NULL);
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 4000000)
INSERT INTO crash_probe SELECT x, hex(randomblob(16)) FROM c;
"""

MIGRATE = (
    "import asyncio, sys; from pathlib import Path; from bot.storage.database import Database\n"
    "async def main():\n"
    "    db = await Database.open(Path(sys.argv[1]), migrations_dir=Path(sys.argv[2]))\n"
    "    await db.close()\n"
    "asyncio.run(main())\n"
)


def _state(db: Path) -> tuple[int, str, bool]:
    with sqlite3.connect(db) as conn:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        probe = conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'crash_probe'").fetchone()[0]
    return version, integrity, bool(probe)


async def _run_migration(db: Path, migrations: Path, kill_after: float | None) -> int | None:
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", MIGRATE, str(db), str(migrations))
    if kill_after is None:
        return await asyncio.wait_for(proc.wait(), 120)
    try:
        return await asyncio.wait_for(proc.wait(), kill_after)
    except TimeoutError:
        proc.send_signal(signal.SIGKILL)
        await proc.wait()
        return None


async def test_a_migration_killed_midway_leaves_the_previous_schema(tmp_path: Path) -> None:
    migrations = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, migrations)
    shipped = len(discover(MIGRATIONS_DIR))
    (migrations / f"{shipped + 1:04d}_slow.sql").write_text(SLOW_MIGRATION)
    db = tmp_path / "crash.db"

    # First bring the database to the shipped schema (no kill).
    plain = tmp_path / "plain"
    shutil.copytree(MIGRATIONS_DIR, plain)
    assert await _run_migration(db, plain, None) == 0
    assert _state(db) == (shipped, "ok", False)

    rng = random.Random(20261124)
    killed = 0
    for _ in range(4):
        outcome = await _run_migration(db, migrations, rng.uniform(0.3, 1.2))
        version, integrity, probe = _state(db)
        assert integrity == "ok"
        if outcome is None:
            killed += 1
            assert (version, probe) == (shipped, False), "a killed migration must leave nothing behind"
        else:
            assert (version, probe) == (shipped + 1, True)
            break
    assert killed >= 1, "the migration should have been interrupted at least once"
    assert await _run_migration(db, migrations, None) == 0
    assert _state(db) == (shipped + 1, "ok", True)
