"""The PostgreSQL engine: the same contract as SQLite, through an asyncpg pool.

Selected with ``DATABASE_URL=postgresql://…``. Repositories keep their SQL with
``?`` placeholders; :func:`translate` turns each statement into PostgreSQL's
``$1, $2, …`` once and caches it (``IS ?`` / ``IS NOT ?``, SQLite's null-safe
comparisons, become ``IS [NOT] DISTINCT FROM``).

Types: IDs and counters are ``bigint``, money is ``numeric`` (exact), times are
``timestamptz``. The repositories exchange times as UTC ISO text of one shape
(``YYYY-MM-DDTHH:MM:SS+00:00``, see :mod:`bot.storage.times`); every connection
of the pool gets a text codec for ``timestamptz`` that accepts that text and
gives the same shape back, so a repository reads and writes times identically
on both engines while PostgreSQL stores, compares and indexes real instants.
``numeric`` comes back as :class:`~decimal.Decimal` (the repositories wrap
money and sums in ``Decimal(...)`` / ``int(...)`` already).

Writes: SQLite's code relies on one writer at a time (``BEGIN IMMEDIATE``). Here
every write transaction (``transaction()`` and ``execute``) takes one
transaction-scoped advisory lock first, so the read-then-write blocks (caps,
claims, counters) keep exactly that guarantee across every process sharing the
database, at READ COMMITTED, without serialization failures to replay. The
exactly-once guarantees themselves are unique constraints, as on SQLite. A
statement that still fails with a serialization failure or a deadlock (which
the lock should make impossible) is retried a bounded number of times.

Losing the server: any connection-level failure (PostgreSQL restarted, the
network gone, a connection killed) raises :class:`~bot.core.errors.DatabaseBusy`,
whose sentence is the ephemeral reply "The database is busy — try again in a
moment."; the pool drops its stale connections and reconnects on the next use,
so the bot recovers without a restart. Reads are retried once on a fresh
connection first; a write is never replayed blind (it answers "busy", so
nothing is acknowledged that was not committed).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import asyncpg

from bot.core.errors import DatabaseBusy
from bot.core.paths import MIGRATIONS_DIR
from bot.storage.database import Database, Row, Transaction
from bot.storage.migrations import MigrationError, discover_postgres, pending_migrations

log = logging.getLogger(__name__)

T = TypeVar("T")

WRITE_LOCK = 0x4C43_5752  # "LCWR": the one-writer lock every write transaction takes
MIGRATION_LOCK = 0x4C43_4D47  # "LCMG": held while a process checks and applies migrations
STATEMENT_RETRIES = 3
READ_RETRIES = 1

CONNECTION_ERRORS: tuple[type[BaseException], ...] = (
    asyncpg.PostgresConnectionError,  # class 08 (including "cannot connect now")
    asyncpg.exceptions.OperatorInterventionError,  # class 57: admin shutdown, crash shutdown
    asyncpg.InterfaceError,  # the connection is closed / was lost mid-query
    asyncpg.InternalClientError,  # a pooled connection whose server went away between two uses
    ConnectionError,
    OSError,
    TimeoutError,
)
RETRYABLE: tuple[type[BaseException], ...] = (
    asyncpg.exceptions.SerializationError,
    asyncpg.exceptions.DeadlockDetectedError,
)

_PLACEHOLDER = re.compile(r"'(?:[^']|'')*'|\"[^\"]*\"|(\bIS\s+NOT\s+\?|\bIS\s+\?|\?)", re.IGNORECASE)


@lru_cache(maxsize=1024)
def translate(sql: str) -> str:
    """``?`` → ``$n`` (outside quotes), ``IS ?`` → ``IS NOT DISTINCT FROM $n``; cached per statement."""
    counter = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal counter
        token = match.group(1)
        if token is None:
            return match.group(0)  # a quoted literal or identifier: unchanged
        counter += 1
        upper = token.upper()
        if upper.startswith("IS") and "NOT" in upper:
            return f"IS DISTINCT FROM ${counter}"
        if upper.startswith("IS"):
            return f"IS NOT DISTINCT FROM ${counter}"
        return f"${counter}"

    return _PLACEHOLDER.sub(replace, sql)


def _rowcount(status: str) -> int:
    """Rows affected, from a command status such as ``INSERT 0 1`` or ``UPDATE 3``."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


def _stamp_in(value: str | datetime) -> str:
    return value.isoformat() if isinstance(value, datetime) else str(value)


def _stamp_out(text: str) -> str:
    # The session's TimeZone is UTC, so PostgreSQL prints "2026-12-01 22:50:53+00".
    return datetime.fromisoformat(text).isoformat()


async def _init_connection(conn: asyncpg.Connection) -> None:
    await conn.set_type_codec(
        "timestamptz", schema="pg_catalog", encoder=_stamp_in, decoder=_stamp_out, format="text"
    )


def describe_url(url: str) -> str:
    """The URL without its password, for logs and sentences."""
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    port = f":{parts.port}" if parts.port else ""
    user = f"{parts.username}@" if parts.username else ""
    return f"postgresql://{user}{host}{port}{parts.path}"


class DatabaseUnreachable(Exception):
    """PostgreSQL could not be reached at start after the retries; the message is the sentence."""


class PostgresTransaction(Transaction):
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return list(await self._conn.fetch(translate(sql), *params))

    async def fetch_one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        return await self._conn.fetchrow(translate(sql), *params)

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> tuple[int, int | None]:
        return _rowcount(await self._conn.execute(translate(sql), *params)), None

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> int:
        batch = [tuple(r) for r in rows]
        if batch:
            await self._conn.executemany(translate(sql), batch)
        return len(batch)  # asyncpg reports no status for a batch: the rows submitted, all or none


class PostgresDatabase(Database):
    """An open PostgreSQL database; create with :meth:`connect`."""

    dialect = "postgres"
    integrity_errors = (asyncpg.IntegrityConstraintViolationError,)

    def __init__(self, pool: asyncpg.Pool, url: str) -> None:
        self._pool = pool
        self.url = url
        self.where = describe_url(url)

    @classmethod
    async def connect(
        cls,
        url: str,
        *,
        migrations_dir: Path = MIGRATIONS_DIR,
        migrate: bool = True,
        attempts: int = 5,
        max_backoff: float = 30.0,
        min_size: int = 1,
        max_size: int = 10,
    ) -> PostgresDatabase:
        """Open a pool (retrying an unreachable server ``attempts`` times, 1 s, 2 s, 4 s … apart)."""
        where = describe_url(url)
        pool: asyncpg.Pool | None = None
        for attempt in range(1, attempts + 1):
            try:
                pool = await asyncpg.create_pool(
                    url,
                    min_size=min_size,
                    max_size=max_size,
                    init=_init_connection,
                    server_settings={"TimeZone": "UTC", "application_name": "livecoach"},
                    timeout=10,
                    command_timeout=60,
                )
                break
            except (*CONNECTION_ERRORS, asyncpg.exceptions.TooManyConnectionsError) as exc:
                reason = f"{type(exc).__name__}: {exc}".rstrip(": ")
                if attempt == attempts:
                    raise DatabaseUnreachable(
                        f"LiveCoach could not reach PostgreSQL at {where} after {attempts} attempt"
                        f"{'s' if attempts != 1 else ''} ({reason}): check that the server is running and "
                        "DATABASE_URL is right."
                    ) from None
                pause = min(max_backoff, 2.0 ** (attempt - 1))
                log.warning(
                    "Could not reach PostgreSQL at %s (attempt %d of %d): %s; retrying in %.0f s",
                    where,
                    attempt,
                    attempts,
                    reason,
                    pause,
                )
                await asyncio.sleep(pause)
        assert pool is not None
        db = cls(pool, url)
        try:
            if migrate:
                await db.migrate(migrations_dir)
        except BaseException:
            await pool.close()
            raise
        return db

    # -- failures ----------------------------------------------------------------------------------
    async def _lost(self, exc: BaseException) -> DatabaseBusy:
        log.warning("PostgreSQL at %s is unavailable (%s: %s)", self.where, type(exc).__name__, exc)
        # Every pooled connection may be stale after a server restart: replace them on next use.
        await self._pool.expire_connections()
        return DatabaseBusy()

    async def _with_connection(
        self, work: Callable[[asyncpg.Connection], Awaitable[T]], *, retries: int
    ) -> T:
        """Run ``work`` on a pooled connection; ``retries`` more tries on a lost connection."""
        lost = conflicts = 0
        while True:
            try:
                async with self._pool.acquire() as conn:
                    return await work(conn)
            except RETRYABLE as exc:
                conflicts += 1
                if conflicts >= STATEMENT_RETRIES:
                    raise DatabaseBusy() from exc
            except CONNECTION_ERRORS as exc:
                busy = await self._lost(exc)
                lost += 1
                if lost > retries:
                    raise busy from exc
                await asyncio.sleep(0.05 * lost)

    # -- reads ---------------------------------------------------------------------------------------
    async def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        statement = translate(sql)
        return await self._with_connection(lambda conn: _fetch(conn, statement, params), retries=READ_RETRIES)

    async def fetch_one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        statement = translate(sql)
        return await self._with_connection(
            lambda conn: conn.fetchrow(statement, *params), retries=READ_RETRIES
        )

    # -- writes --------------------------------------------------------------------------------------
    async def execute(self, sql: str, params: Sequence[Any] = ()) -> tuple[int, int | None]:
        statement = translate(sql)

        async def work(conn: asyncpg.Connection) -> tuple[int, int | None]:
            async with conn.transaction():
                await conn.execute("SELECT pg_advisory_xact_lock($1)", WRITE_LOCK)
                return _rowcount(await conn.execute(statement, *params)), None

        return await self._with_connection(work, retries=0)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        """BEGIN; take the write lock; the block; COMMIT (ROLLBACK if the block raises)."""
        try:
            async with self._pool.acquire() as conn, conn.transaction():
                await conn.execute("SELECT pg_advisory_xact_lock($1)", WRITE_LOCK)
                yield PostgresTransaction(conn)
        except RETRYABLE as exc:
            raise DatabaseBusy() from exc
        except CONNECTION_ERRORS as exc:
            raise await self._lost(exc) from exc

    # -- schema --------------------------------------------------------------------------------------
    async def migrate(self, migrations_dir: Path = MIGRATIONS_DIR) -> list[int]:
        async with self._pool.acquire() as conn:
            applied = await apply_postgres_migrations(conn, migrations_dir)
        if applied:
            log.info("Applied migrations %s to %s", applied, self.where)
        return applied

    async def schema_version(self) -> int:
        async with self._pool.acquire() as conn:
            return await _current_version(conn)

    def insertion_order(self) -> str:
        return "ctid"

    def utc_month(self, column: str) -> str:
        return f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM')"

    async def has_table(self, name: str) -> bool:
        return bool(await self.fetch_value("SELECT to_regclass(?) IS NOT NULL", (name,)))

    async def close(self) -> None:
        await self._pool.close()


async def _fetch(conn: asyncpg.Connection, statement: str, params: Sequence[Any]) -> list[Row]:
    return list(await conn.fetch(statement, *params))


_VERSION_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),"
    " version integer NOT NULL CHECK (version >= 0))"
)


async def _current_version(conn: asyncpg.Connection) -> int:
    exists = await conn.fetchval("SELECT to_regclass('schema_version') IS NOT NULL")
    if not exists:
        return 0
    value = await conn.fetchval("SELECT version FROM schema_version")
    return 0 if value is None else int(value)


async def apply_postgres_migrations(conn: asyncpg.Connection, migrations_dir: Path) -> list[int]:
    """Apply the PostgreSQL migrations newer than ``schema_version``; return their numbers.

    Each one runs in one transaction with the version bump. A session advisory lock
    is held throughout, so two processes starting at once never both migrate: the
    second waits, then finds the schema up to date.
    """
    migrations = discover_postgres(migrations_dir)
    await conn.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK)
    try:
        applied: list[int] = []
        for migration in pending_migrations(migrations, await _current_version(conn)):
            try:
                async with conn.transaction():
                    await conn.execute(_VERSION_TABLE)
                    await conn.execute(migration.sql())
                    await conn.execute(
                        "INSERT INTO schema_version (only_row, version) VALUES (true, $1) "
                        "ON CONFLICT (only_row) DO UPDATE SET version = excluded.version",
                        migration.version,
                    )
            except asyncpg.PostgresError as exc:
                raise MigrationError(
                    f"Migration postgres/{migration.path.name} failed and was rolled back: {exc}"
                ) from exc
            applied.append(migration.version)
        return applied
    finally:
        await conn.execute("SELECT pg_advisory_unlock($1)", MIGRATION_LOCK)


async def inspect_postgres(url: str, *, migrations_dir: Path = MIGRATIONS_DIR) -> tuple[int, int, str]:
    """(current version, required version, sanity result) of the database at ``url``, read-only."""
    required = len(discover_postgres(migrations_dir))
    try:
        conn = await asyncpg.connect(url, timeout=10, server_settings={"TimeZone": "UTC"})
    except (*CONNECTION_ERRORS, asyncpg.exceptions.TooManyConnectionsError) as exc:
        raise DatabaseUnreachable(
            f"PostgreSQL at {describe_url(url)} cannot be reached ({type(exc).__name__}: {exc}): check that "
            "the server is running and DATABASE_URL is right."
        ) from None
    try:
        current = await _current_version(conn)
        sanity = "ok"
        if current:
            try:
                # Every table the code reads must answer a trivial query.
                for table in ("guild_settings", "sessions", "reminders", "reminder_deliveries"):
                    await conn.fetchval(f"SELECT count(*) FROM (SELECT 1 FROM {table} LIMIT 1) AS probe")
            except asyncpg.PostgresError as exc:
                sanity = f"{type(exc).__name__}: {exc}"
    finally:
        await conn.close()
    return current, required, sanity
