"""Numbered SQL migrations, recorded in ``PRAGMA user_version`` (SQLite) or ``schema_version`` (PostgreSQL).

PostgreSQL has its own files with the same numbers in ``postgres/`` beside the
SQLite ones (:func:`discover_postgres`; applied by :mod:`bot.storage.postgres`).

Files are named ``NNNN_description.sql`` and applied in order. Each one runs
inside a single transaction together with the ``user_version`` bump, so a
migration that fails (or a process killed midway) leaves the database exactly
as it was before that migration.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class MigrationError(Exception):
    """A migration file is malformed or failed; the database was left unchanged."""


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    path: Path

    def sql(self) -> str:
        return self.path.read_text(encoding="utf-8")


def discover(migrations_dir: Path) -> list[Migration]:
    """The migrations in ``migrations_dir``, checked to be numbered 1, 2, 3, … without gaps."""
    if not migrations_dir.is_dir() or not any(migrations_dir.glob("*.sql")):
        # Never treat "no files" as "schema version 0": that hides a broken install.
        raise MigrationError(
            f"No migrations found in {migrations_dir}: this LiveCoach installation is incomplete; "
            "reinstall it (pip install .) or rebuild the image."
        )
    found: list[Migration] = []
    for path in sorted(migrations_dir.glob("*.sql")):
        match = _NAME.match(path.name)
        if not match:
            raise MigrationError(f"Migration file {path.name} must be named NNNN_description.sql.")
        found.append(Migration(int(match.group(1)), path))
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise MigrationError(
                f"Migration {migration.path.name} is out of sequence: expected number {expected:04d}."
            )
    return found


def discover_postgres(migrations_dir: Path) -> list[Migration]:
    """The PostgreSQL migrations in ``migrations_dir/postgres``: one per SQLite migration, same file name.

    The file name (not only the number) must match, so a PostgreSQL file written for another
    branch's migration of the same number is never applied in its place. Files for numbers the
    SQLite side does not have yet (written ahead for a branch not merged) are ignored.
    """
    folder = migrations_dir / "postgres"
    found: list[Migration] = []
    for migration in discover(migrations_dir):
        path = folder / migration.path.name
        if not path.is_file():
            raise MigrationError(
                f"PostgreSQL migration {migration.version:04d} is missing ({path}): every SQLite "
                "migration needs its PostgreSQL version, of the same name, before this release can run "
                "on PostgreSQL."
            )
        found.append(Migration(migration.version, path))
    return found


def required_version(migrations_dir: Path) -> int:
    """The schema version this code needs: the number of the newest shipped migration."""
    return len(discover(migrations_dir))


@dataclass(frozen=True, slots=True)
class SchemaPlan:
    """What start-up would do to a database at ``current`` for code that needs ``required``."""

    current: int
    required: int

    @property
    def too_new(self) -> bool:
        return self.current > self.required

    @property
    def pending(self) -> range:
        return range(self.current + 1, self.required + 1)

    def describe(self) -> str:
        """One sentence for ``python -m bot check``."""
        if self.too_new:
            return (
                f"schema version {self.current} is newer than this LiveCoach knows ({self.required}); "
                "run the newer release that wrote it or restore a backup (downgrades are not supported)"
            )
        if not self.pending:
            return f"schema version {self.current}, up to date"
        first, last = self.pending[0], self.pending[-1]
        which = f"migration {first}" if first == last else f"migrations {first}-{last}"
        return f"schema version {self.current}; start-up will apply {which} (to version {self.required})"


def pending_migrations(migrations: list[Migration], current: int) -> list[Migration]:
    """The migrations a database at version ``current`` still needs; refuses one newer than the code."""
    if current > len(migrations):
        raise MigrationError(
            f"The database is at schema version {current}, newer than this code knows "
            f"({len(migrations)}); run a newer LiveCoach or restore a backup."
        )
    return migrations[current:]


async def apply_migrations(conn: aiosqlite.Connection, migrations_dir: Path) -> list[int]:
    """Apply the migrations newer than the database's ``user_version``; return their numbers."""
    migrations = discover(migrations_dir)
    async with conn.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    current = int(row[0]) if row else 0
    applied: list[int] = []
    for migration in pending_migrations(migrations, current):
        script = f"BEGIN IMMEDIATE;\n{migration.sql()}\n;PRAGMA user_version = {migration.version};\nCOMMIT;"
        try:
            await conn.executescript(script)
        except sqlite3.Error as exc:
            if conn.in_transaction:
                await conn.execute("ROLLBACK")
            raise MigrationError(
                f"Migration {migration.path.name} failed and was rolled back: {exc}"
            ) from exc
        applied.append(migration.version)
    return applied
