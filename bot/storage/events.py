"""Discord scheduled events shown for personal go-live reminders (owned by the go-live feature).

One row per (server, reminder): the event Discord holds for that reminder's next LIVE.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.storage.database import Database
from bot.storage.times import parse_stamp, stamp


@dataclass(frozen=True, slots=True)
class StoredEvent:
    guild_id: int
    reminder_id: int
    user_id: int
    event_id: int
    starts_at: datetime
    ends_at: datetime
    fingerprint: str


def _event(row: Any) -> StoredEvent:
    return StoredEvent(
        guild_id=int(row["guild_id"]),
        reminder_id=int(row["reminder_id"]),
        user_id=int(row["user_id"]),
        event_id=int(row["event_id"]),
        starts_at=parse_stamp(row["starts_at"]),
        ends_at=parse_stamp(row["ends_at"]),
        fingerprint=str(row["fingerprint"]),
    )


_COLUMNS = "guild_id, reminder_id, user_id, event_id, starts_at, ends_at, fingerprint"


class ScheduledEventRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, guild_id: int, reminder_id: int) -> StoredEvent | None:
        row = await self._db.fetch_one(
            f"SELECT {_COLUMNS} FROM reminder_events WHERE guild_id = ? AND reminder_id = ?",
            (guild_id, reminder_id),
        )
        return None if row is None else _event(row)

    async def save(self, event: StoredEvent, now: datetime) -> None:
        await self._db.execute(
            f"INSERT INTO reminder_events ({_COLUMNS}, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (guild_id, reminder_id) DO UPDATE SET user_id = excluded.user_id, "
            "event_id = excluded.event_id, starts_at = excluded.starts_at, ends_at = excluded.ends_at, "
            "fingerprint = excluded.fingerprint, updated_at = excluded.updated_at",
            (
                event.guild_id,
                event.reminder_id,
                event.user_id,
                event.event_id,
                stamp(event.starts_at),
                stamp(event.ends_at),
                event.fingerprint,
                stamp(now),
            ),
        )

    async def delete(self, guild_id: int, reminder_id: int, event_id: int) -> None:
        """Forget the row, unless it already names another event (a newer sync replaced it)."""
        await self._db.execute(
            "DELETE FROM reminder_events WHERE guild_id = ? AND reminder_id = ? AND event_id = ?",
            (guild_id, reminder_id, event_id),
        )

    async def for_guild(self, guild_id: int) -> list[StoredEvent]:
        rows = await self._db.fetch_all(
            f"SELECT {_COLUMNS} FROM reminder_events WHERE guild_id = ? ORDER BY reminder_id", (guild_id,)
        )
        return [_event(row) for row in rows]

    async def for_member(self, guild_id: int, user_id: int) -> list[StoredEvent]:
        rows = await self._db.fetch_all(
            f"SELECT {_COLUMNS} FROM reminder_events WHERE guild_id = ? AND user_id = ? ORDER BY reminder_id",
            (guild_id, user_id),
        )
        return [_event(row) for row in rows]

    async def every(self) -> list[StoredEvent]:
        """Every stored event of every server (start-up: schedule each one's move)."""
        rows = await self._db.fetch_all(
            f"SELECT {_COLUMNS} FROM reminder_events ORDER BY guild_id, reminder_id"
        )
        return [_event(row) for row in rows]

    async def purge_guild(self, guild_id: int) -> int:
        count, _ = await self._db.execute("DELETE FROM reminder_events WHERE guild_id = ?", (guild_id,))
        return count
