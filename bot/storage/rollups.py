"""Stats rollups: per server · member · UTC month sums of the sessions (migration 0010).

What a row holds
    ``session_rollups`` has one row per (guild_id, user_id, month) with at least one
    session, ``month`` being the first seven characters ("YYYY-MM") of the stored
    ``started_at`` (UTC). It carries exactly the sums :class:`MemberAggregate` and the
    leaderboards read, with the counts that keep blanks unknown (``peak_sessions``,
    ``minutes_with_avg``).

Why it is exact
    Every stored time is UTC text of one shape, so a month row covers precisely the
    sessions with ``started_at`` in ``[YYYY-MM-01T00:00:00+00:00, next month)``. A
    period ``[since, until)`` of any length and any zone splits into a head
    ``[since, first month start ≥ since)``, the whole months up to the last month start
    ``≤ until``, and a tail ``[that start, until)``. The head and tail are summed from
    ``sessions`` and the months from here; the three parts are disjoint and cover the
    period, and every figure is a sum (or a count), so the total equals the full scan.
    No key depends on a server's or member's zone: nothing is rebuilt when /config
    changes the zone.

Why a month and not a day
    At a creator's usual pace (about one LIVE a day) a day or hour grain holds about one
    row per session, so it could not make all-time figures cheaper than the sessions
    themselves; a month holds about 30. All time costs members × months.

How it is kept
    Three triggers on ``sessions`` (insert, update, delete) in the migration, so every
    write path — a log, an edit, a delete, an import, a stopped timer, a privacy
    deletion, a retention purge — changes the rollups inside the statement's own
    transaction, and a month left with no session loses its row (a deleted member leaves
    none). The triggers are SQLite's; a PostgreSQL engine needs the same three as
    trigger functions. :func:`drift` recomputes every row from the sessions and lists
    the differences (``python -m bot check``); :meth:`RollupRepository.rebuild` rewrites them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from bot.storage.database import Database, read_only
from bot.storage.times import stamp

_SUMS = (
    "COUNT(*) AS sessions, SUM(duration_min) AS minutes, COALESCE(SUM(likes), 0) AS likes, "
    "SUM(diamonds) AS diamonds, COALESCE(SUM(peak_viewers), 0) AS peak_viewers_sum, "
    "COUNT(peak_viewers) AS peak_sessions, COALESCE(SUM(avg_viewers * duration_min), 0) AS avg_viewer_minutes, "
    "COALESCE(SUM(CASE WHEN avg_viewers IS NOT NULL THEN duration_min END), 0) AS minutes_with_avg, "
    "COALESCE(SUM(new_followers), 0) AS new_followers"
)
_FIGURES = (
    "sessions, minutes, likes, diamonds, peak_viewers_sum, peak_sessions, avg_viewer_minutes, "
    "minutes_with_avg, new_followers"
)


@dataclass(frozen=True, slots=True)
class _Table:
    """A rollup table: its name, the key it sums sessions by (SQL, then as selected) and the recomputation."""

    name: str
    key: str  # the key columns as the table has them, selected as (guild_id, user_id, month)
    recompute: str  # the sums of the sessions per key; {month}: the engine's UTC "YYYY-MM" of started_at

    @property
    def columns(self) -> str:
        return f"{self.key}, {_FIGURES}"


MONTHS = _Table(
    "session_rollups",
    "guild_id, user_id, month",
    f"SELECT guild_id, user_id, {{month}} AS month, {_SUMS} "
    "FROM sessions GROUP BY guild_id, user_id, {month}",
)
TOTALS = _Table(
    "session_totals",
    "guild_id, user_id, 'all time' AS month",
    f"SELECT guild_id, user_id, 'all time' AS month, {_SUMS} FROM sessions GROUP BY guild_id, user_id",
)
TABLES = (MONTHS, TOTALS)
ALL_TIME = "all time"  # the month a session_totals row is reported under

# Sums of rollup rows, in MemberAggregate's order (member_totals reads them).
AGGREGATE_SUMS = (
    "COALESCE(SUM(sessions), 0), COALESCE(SUM(minutes), 0), COALESCE(SUM(likes), 0), "
    "COALESCE(SUM(diamonds), 0), COALESCE(SUM(peak_viewers_sum), 0), "
    "COALESCE(SUM(avg_viewer_minutes), 0), COALESCE(SUM(minutes_with_avg), 0), "
    "COALESCE(SUM(new_followers), 0), COALESCE(SUM(peak_sessions), 0)"
)


class _Reader(Protocol):
    async def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> Sequence[Any]: ...


@dataclass(frozen=True, slots=True)
class Drift:
    """A rollup row that does not match its sessions: ``stored`` / ``expected`` are None when absent."""

    guild_id: int
    user_id: int
    month: str
    stored: tuple[int, ...] | None
    expected: tuple[int, ...] | None

    def describe(self) -> str:
        where = f"server {self.guild_id}, member {self.user_id}, {self.month}"
        if self.stored is None:
            return f"{where}: no rollup for {self.expected[0] if self.expected else 0} session(s)"
        if self.expected is None:
            return f"{where}: a rollup of {self.stored[0]} session(s) that do not exist"
        return f"{where}: rollup {self.stored} but the sessions sum to {self.expected}"


SQLITE_MONTH = "substr(started_at, 1, 7)"  # times are stored as UTC ISO text there


async def drift(reader: _Reader, *, limit: int = 1000, month: str = SQLITE_MONTH) -> list[Drift]:
    """Every rollup row (months, then totals) that differs from a recomputation from ``sessions``
    (at most ``limit``); ``month`` is the engine's SQL for the UTC month of ``started_at``."""
    found: list[Drift] = []
    for table in TABLES:
        stored = f"SELECT {table.columns} FROM {table.name}"
        rows = await reader.fetch_all(
            f"WITH fresh AS ({table.recompute.format(month=month)}), "
            f"wrong AS ({stored} EXCEPT SELECT guild_id, user_id, month, {_FIGURES} FROM fresh), "
            f"missing AS (SELECT guild_id, user_id, month, {_FIGURES} FROM fresh EXCEPT {stored}) "
            "SELECT 's', * FROM wrong UNION ALL SELECT 'e', * FROM missing "
            "ORDER BY 2, 3, 4, 1 LIMIT ?",
            (2 * limit,),
        )
        sides: dict[tuple[int, int, str], dict[str, tuple[int, ...]]] = {}
        for row in rows:
            key = (int(row[1]), int(row[2]), str(row[3]))
            sides.setdefault(key, {})[str(row[0])] = tuple(int(v) for v in row[4:])
        found += [
            Drift(guild, user, month, side.get("s"), side.get("e"))
            for (guild, user, month), side in sides.items()
        ]
    return found[:limit]


async def drift_in_file(path: Path, *, limit: int = 20) -> list[Drift] | None:
    """:func:`drift` of the database file, read-only; None when it has no rollups yet (no file, or
    migration 0010 still to run: it builds them from the sessions)."""
    async with read_only(path) as reader:
        if reader is None:
            return None
        table = await reader.fetch_one(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'session_rollups'"
        )
        if table is None:
            return None
        return await drift(reader, limit=limit)


def month_floor(moment: datetime) -> datetime:
    """The first instant of ``moment``'s UTC month."""
    utc = moment.astimezone(UTC)
    return datetime(utc.year, utc.month, 1, tzinfo=UTC)


def month_ceil(moment: datetime) -> datetime:
    """The first instant of a UTC month at or after ``moment`` (whole seconds, as stored)."""
    floor = month_floor(moment)
    if stamp(floor) == stamp(moment):
        return floor
    return datetime(floor.year + floor.month // 12, floor.month % 12 + 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Split:
    """A period as whole UTC months (``months_from`` ≤ month < ``months_to``, None: unbounded)
    and the spans around them that must be read from the sessions."""

    months_from: str | None
    months_to: str | None
    raw: tuple[tuple[datetime | None, datetime | None], ...]


def split(since: datetime | None, until: datetime | None) -> Split | None:
    """``[since, until)`` as whole months plus raw spans; None when it holds no whole month."""
    start = None if since is None else month_ceil(since)
    end = None if until is None else month_floor(until)
    if start is not None and end is not None and start >= end:
        return None
    raw: list[tuple[datetime | None, datetime | None]] = []
    if since is not None and start is not None and stamp(since) < stamp(start):
        raw.append((since, start))
    if until is not None and end is not None and stamp(end) < stamp(until):
        raw.append((end, until))
    return Split(
        None if start is None else start.strftime("%Y-%m"),
        None if end is None else end.strftime("%Y-%m"),
        tuple(raw),
    )


def source(part: Split) -> tuple[str, str, tuple[Any, ...]]:
    """(table, `` AND month >= ? AND month < ?``, its parameters) holding the whole months of ``part``:
    all time reads ``session_totals``, one row per member."""
    if part.months_from is None and part.months_to is None:
        return TOTALS.name, "", ()
    clause, params = "", ()  # type: tuple[str, tuple[Any, ...]]
    if part.months_from is not None:
        clause, params = " AND month >= ?", (part.months_from,)
    if part.months_to is not None:
        clause, params = clause + " AND month < ?", (*params, part.months_to)
    return MONTHS.name, clause, params


class RollupRepository:
    """Maintenance of the rollups (reads go through :class:`~bot.storage.sessions.SessionRepository`)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def drift(self, *, limit: int = 1000) -> list[Drift]:
        return await drift(self._db, limit=limit, month=self._db.utc_month("started_at"))

    async def rebuild(self) -> int:
        """Recompute every rollup row (months and totals) from the sessions in one transaction;
        returns the rows written."""
        written = 0
        async with self._db.transaction() as tx:
            for table in TABLES:
                await tx.execute(f"DELETE FROM {table.name}")
                key = table.key.replace(", 'all time' AS month", "")
                count, _ = await tx.execute(
                    f"INSERT INTO {table.name} ({key}, {_FIGURES}) "
                    f"SELECT {key}, {_FIGURES} FROM "
                    f"({table.recompute.format(month=self._db.utc_month('started_at'))}) AS fresh"
                )
                written += count
        return written
