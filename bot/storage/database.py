"""The storage engines' one contract, and the SQLite engine (the default).

:class:`Database` is what repositories use: ``fetch_all`` / ``fetch_one`` /
``fetch_value`` (rows indexable by column name and position), ``execute``
(one write in its own transaction, returning ``(rowcount, lastrowid)``) and
``transaction()`` yielding a :class:`Transaction`. SQL is written once with
``?`` placeholders in the dialect both engines share (SQLite ≥ 3.35 and
PostgreSQL: ``ON CONFLICT``, ``RETURNING``, ``count(*)``, subqueries with an
alias); where they differ a repository asks :attr:`Database.dialect` or the
small helpers here (:meth:`Database.index_hint`, :meth:`Database.insertion_order`).
An insert that needs its new id says ``RETURNING id`` and reads it with
``fetch_value`` inside a transaction; ``lastrowid`` is SQLite-only.

:class:`SqliteDatabase`: one aiosqlite connection serves the whole process. SQLite allows a single
writer, and a single connection shares one transaction between every
coroutine, so every write goes through :meth:`Database.transaction` (or
:meth:`Database.execute`), both serialised by one lock. Reads outside a
transaction never see another coroutine's uncommitted work because writes only
happen while the lock is held and are committed before it is released.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiosqlite

from bot.core.paths import MIGRATIONS_DIR
from bot.storage.migrations import SchemaPlan, apply_migrations, required_version

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000

Row = Any
"""A result row: ``row["column"]``, ``row[0]`` and ``dict(row)`` work on both engines."""


class _Reads(ABC):
    """Reads, shared by a database and an open transaction."""

    @abstractmethod
    async def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...

    @abstractmethod
    async def fetch_one(self, sql: str, params: Sequence[Any] = ()) -> Row | None: ...

    async def fetch_value(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = await self.fetch_one(sql, params)
        return None if row is None else row[0]


class Transaction(_Reads):
    """Statements run inside one open transaction."""

    @abstractmethod
    async def execute(self, sql: str, params: Sequence[Any] = ()) -> tuple[int, int | None]: ...

    @abstractmethod
    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> int: ...


class Database(_Reads):
    """An open database of either engine (see the module docstring for the contract)."""

    dialect: str
    integrity_errors: tuple[type[BaseException], ...]
    """What a broken unique or check constraint raises, for ``except db.integrity_errors``."""

    @classmethod
    async def open(
        cls, path: Path, *, migrations_dir: Path = MIGRATIONS_DIR, migrate: bool = True
    ) -> SqliteDatabase:
        """The SQLite database at ``path`` (the default engine)."""
        return await SqliteDatabase.open_file(path, migrations_dir=migrations_dir, migrate=migrate)

    @abstractmethod
    async def execute(self, sql: str, params: Sequence[Any] = ()) -> tuple[int, int | None]:
        """Run one write statement in its own transaction; returns (rowcount, lastrowid)."""

    @abstractmethod
    def transaction(self) -> AbstractAsyncContextManager[Transaction]:
        """One atomic unit of writes (and reads that decide them), rolled back if the block raises."""

    @abstractmethod
    async def migrate(self, migrations_dir: Path = MIGRATIONS_DIR) -> list[int]:
        """Apply pending migrations; returns the versions applied (empty when up to date)."""

    @abstractmethod
    async def schema_version(self) -> int: ...

    @abstractmethod
    async def close(self) -> None: ...

    def index_hint(self, index: str) -> str:
        """`` INDEXED BY index`` where the engine takes planner hints (SQLite), else nothing."""
        return ""

    def insertion_order(self) -> str:
        """An ORDER BY expression that lists a table's rows roughly as they were inserted."""
        return "rowid"

    def utc_month(self, column: str) -> str:
        """SQL for the ``"YYYY-MM"`` (UTC) of a stored time column (rollup keys, month buckets)."""
        return f"substr({column}, 1, 7)"

    async def has_table(self, name: str) -> bool:
        """Whether the schema has the table ``name``."""
        found = await self.fetch_value(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        )
        return bool(found)


class SqliteDatabase(Database):
    """An open SQLite database; create with :meth:`Database.open`."""

    dialect = "sqlite"
    integrity_errors = (sqlite3.IntegrityError,)

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self._lock = asyncio.Lock()

    async def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return await _sqlite_all(self._conn, sql, params)

    async def fetch_one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        return await _sqlite_one(self._conn, sql, params)

    def index_hint(self, index: str) -> str:
        return f" INDEXED BY {index}"

    @classmethod
    async def open_file(
        cls, path: Path, *, migrations_dir: Path = MIGRATIONS_DIR, migrate: bool = True
    ) -> SqliteDatabase:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(path, isolation_level=None)
        conn.row_factory = aiosqlite.Row
        try:
            await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            await conn.execute("PRAGMA journal_mode = WAL")
            await conn.execute("PRAGMA synchronous = NORMAL")
            await conn.execute("PRAGMA foreign_keys = ON")
            db = cls(conn, path)
            if migrate:
                await db.migrate(migrations_dir)
        except BaseException:
            await conn.close()
            raise
        return db

    async def migrate(self, migrations_dir: Path = MIGRATIONS_DIR) -> list[int]:
        """Apply pending migrations; returns the versions applied (empty when up to date)."""
        async with self._lock:
            applied = await apply_migrations(self._conn, migrations_dir)
        if applied:
            log.info("Applied migrations %s to %s", applied, self.path)
        return applied

    async def close(self) -> None:
        async with self._lock:
            await self._conn.close()

    # -- writes --------------------------------------------------------------
    async def execute(self, sql: str, params: Sequence[Any] = ()) -> tuple[int, int | None]:
        """Run one write statement in its own transaction; returns (rowcount, lastrowid)."""
        async with self.transaction() as tx:
            return await tx.execute(sql, params)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back if the block raises."""
        async with self._lock:
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield SqliteTransaction(self._conn)
            except BaseException:
                await self._conn.execute("ROLLBACK")
                raise
            else:
                await self._conn.execute("COMMIT")

    async def integrity_check(self) -> str:
        return str(await self.fetch_value("PRAGMA integrity_check"))

    async def schema_version(self) -> int:
        return int(await self.fetch_value("PRAGMA user_version"))


async def _sqlite_all(conn: aiosqlite.Connection, sql: str, params: Sequence[Any]) -> list[Row]:
    async with conn.execute(sql, params) as cursor:
        return list(await cursor.fetchall())


async def _sqlite_one(conn: aiosqlite.Connection, sql: str, params: Sequence[Any]) -> Row | None:
    async with conn.execute(sql, params) as cursor:
        return await cursor.fetchone()


class SqliteTransaction(Transaction):
    """Statements run inside one open SQLite transaction."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return await _sqlite_all(self._conn, sql, params)

    async def fetch_one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        return await _sqlite_one(self._conn, sql, params)

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> tuple[int, int | None]:
        async with self._conn.execute(sql, params) as cursor:
            return cursor.rowcount, cursor.lastrowid

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> int:
        async with self._conn.executemany(sql, rows) as cursor:
            return cursor.rowcount


@dataclass(frozen=True, slots=True)
class Inspection:
    """What a read-only look at a database file found."""

    path: Path
    exists: bool
    plan: SchemaPlan
    integrity: str = "ok"


def _read_only_uri(path: Path) -> str | None:
    if not path.exists():
        return None
    live = path.with_name(path.name + "-wal").exists()
    return f"{path.resolve().as_uri()}?{'mode=ro' if live else 'mode=ro&immutable=1'}"


async def inspect(path: Path, *, migrations_dir: Path = MIGRATIONS_DIR) -> Inspection:
    """Report a database's schema version and integrity without changing or creating anything.

    No migration, no journal-mode change, and no file is created: a missing database
    stays missing (start-up would create it at the required version). With no ``-wal``
    file beside it nobody is writing, so it is read as immutable (SQLite would otherwise
    create the ``-wal``/``-shm`` files even read-only); with one, read-only through the WAL.
    """
    required = required_version(migrations_dir)
    uri = _read_only_uri(path)
    if uri is None:
        return Inspection(path, False, SchemaPlan(0, required))
    conn = await aiosqlite.connect(uri, uri=True)
    try:
        await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        async with conn.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        current = int(row[0]) if row else 0
        async with conn.execute("PRAGMA integrity_check") as cursor:
            rows = await cursor.fetchall()
    finally:
        await conn.close()
    integrity = "; ".join(str(r[0]) for r in rows) or "ok"
    return Inspection(path, True, SchemaPlan(current, required), integrity)
