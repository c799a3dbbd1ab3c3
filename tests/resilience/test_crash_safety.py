"""SIGKILL at random moments: what was committed survives, the file stays intact."""

from __future__ import annotations

import asyncio
import random
import shutil
import signal
import sqlite3
import sys
from pathlib import Path

from bot.core.paths import MIGRATIONS_DIR
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


WRITER = (
    "import asyncio, sys\n"
    "from datetime import UTC, datetime, timedelta\n"
    "from pathlib import Path\n"
    "from bot.sessions.model.record import SessionRecord\n"
    "from bot.storage import Storage\n"
    "async def main():\n"
    "    storage = await Storage.open(Path(sys.argv[1]))\n"
    "    start = datetime(2026, 1, 1, tzinfo=UTC)\n"
    "    i = int(sys.argv[2])\n"
    "    while True:\n"
    "        record = SessionRecord(id=None, guild_id=1, user_id=7, started_at=start + timedelta(minutes=i),\n"
    "            duration_minutes=60, likes=i, peak_viewers=1, avg_viewers=None, diamonds=i,\n"
    "            new_followers=None, note=f'w{i}')\n"
    "        saved = await storage.sessions.add(record)\n"
    "        sys.stdout.write(f'{saved.id}\\n'); sys.stdout.flush()  # confirmed only after the commit\n"
    "        i += 1\n"
    "asyncio.run(main())\n"
)


async def test_sessions_confirmed_before_a_sigkill_are_all_there(tmp_path: Path) -> None:
    db = tmp_path / "writer.db"
    rng = random.Random(7)
    confirmed: list[int] = []
    for round_number in range(5):
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            WRITER,
            str(db),
            str(round_number * 1_000_000),
            stdout=asyncio.subprocess.PIPE,
        )
        assert proc.stdout is not None
        going = asyncio.Event()

        async def read(
            stream: asyncio.StreamReader = proc.stdout,
            started: int = len(confirmed),
            going: asyncio.Event = going,
        ) -> None:
            async for line in stream:
                confirmed.append(int(line))
                if len(confirmed) - started >= 50:
                    going.set()

        reader = asyncio.create_task(read())
        await asyncio.wait_for(going.wait(), 60)  # let it get going, then kill at a random moment
        await asyncio.sleep(rng.uniform(0.0, 0.3))
        proc.send_signal(signal.SIGKILL)
        await proc.wait()
        await reader
    assert len(confirmed) >= 250
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in conn.execute("SELECT id FROM sessions")}
    missing = set(confirmed) - stored
    assert not missing, f"{len(missing)} confirmed sessions were lost"
