"""Go-live reminders and their deliveries (owned by the reminders feature).

A reminder is stored as local weekdays + wall time + IANA zone name, never as a UTC offset, so it
follows daylight saving. Every user-facing statement filters on ``guild_id``; the ``*_by_id``
methods are for the delivery service, which works from the scheduler's reminder ids.

Exactly-once delivery: :meth:`ReminderRepository.claim` inserts a ``claimed`` row keyed by
(reminder, local occurrence) inside a transaction *before* anything is sent; a conflict means
another fire (a restart, a doubled trigger) already took that occurrence.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time
from typing import Any

from bot.reminders.model.reminder import Delivery, DeliveryStatus, NewReminder, Reminder
from bot.storage.database import Database
from bot.storage.times import parse_stamp as _parse
from bot.storage.times import stamp

_COLUMNS = (
    "id, guild_id, channel_id, days, local_time, timezone, lead_minutes, role_id, message, label, "
    "paused, pause_reason, flag, created_by, created_at, active_since, user_id"
)


def _reminder(row: Any) -> Reminder:
    hh, mm = (int(part) for part in row["local_time"].split(":"))
    return Reminder(
        id=int(row["id"]),
        guild_id=int(row["guild_id"]),
        channel_id=int(row["channel_id"]),
        days=frozenset(int(d) for d in row["days"].split(",") if d),
        at=time(hh, mm),
        timezone=row["timezone"],
        lead_minutes=int(row["lead_minutes"]),
        role_id=None if row["role_id"] is None else int(row["role_id"]),
        message=row["message"],
        label=row["label"],
        paused=bool(row["paused"]),
        pause_reason=row["pause_reason"],
        flag=row["flag"],
        created_by=int(row["created_by"]),
        created_at=_parse(row["created_at"]),
        active_since=_parse(row["active_since"]),
        user_id=None if row["user_id"] is None else int(row["user_id"]),
    )


def _values(new: NewReminder, now: str) -> tuple[Any, ...]:
    return (
        new.guild_id,
        new.channel_id,
        ",".join(str(d) for d in sorted(new.days)),
        f"{new.at:%H:%M}",
        new.timezone,
        new.lead_minutes,
        new.role_id,
        new.message,
        new.label,
        new.created_by,
        now,
        now,
        now,
        new.user_id,
    )


class ReminderRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- reminders (per server) ---------------------------------------------------------------
    async def add_many(self, items: Sequence[NewReminder], now: datetime, cap: int) -> list[Reminder] | None:
        """Store ``items`` (all for one server) atomically; ``None`` if that would exceed ``cap``."""
        if not items:
            return []
        owners = {(item.guild_id, item.user_id) for item in items}
        if len(owners) != 1:
            raise ValueError("add_many stores reminders of one server and one owner at a time")
        ((guild_id, owner),) = owners
        stamped = stamp(now)
        new_ids: list[int] = []
        async with self._db.transaction() as tx:
            # The cap counts the server's own reminders, or one member's personal ones.
            row = await tx.fetch_one(
                "SELECT COUNT(*) FROM reminders WHERE guild_id = ? AND user_id IS ?", (guild_id, owner)
            )
            if int(row[0] if row else 0) + len(items) > cap:
                return None
            for item in items:
                new_id = await tx.fetch_value(
                    "INSERT INTO reminders (guild_id, channel_id, days, local_time, timezone, lead_minutes, "
                    "role_id, message, label, created_by, created_at, active_since, updated_at, user_id) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    _values(item, stamped),
                )
                new_ids.append(int(new_id))
        found = [await self.get(guild_id, new_id) for new_id in new_ids]
        return [r for r in found if r is not None]

    async def add(self, item: NewReminder, now: datetime, cap: int) -> Reminder | None:
        """Store one reminder; ``None`` if the server already has ``cap`` reminders."""
        added = await self.add_many([item], now, cap)
        return added[0] if added else None

    async def get(self, guild_id: int, reminder_id: int) -> Reminder | None:
        row = await self._db.fetch_one(
            f"SELECT {_COLUMNS} FROM reminders WHERE guild_id = ? AND id = ?", (guild_id, reminder_id)
        )
        return None if row is None else _reminder(row)

    async def list_for_guild(self, guild_id: int) -> list[Reminder]:
        rows = await self._db.fetch_all(
            f"SELECT {_COLUMNS} FROM reminders WHERE guild_id = ? ORDER BY id", (guild_id,)
        )
        return [_reminder(row) for row in rows]

    async def list_for_member(self, guild_id: int, user_id: int) -> list[Reminder]:
        """A member's personal reminders in one server."""
        rows = await self._db.fetch_all(
            f"SELECT {_COLUMNS} FROM reminders WHERE guild_id = ? AND user_id = ? ORDER BY id",
            (guild_id, user_id),
        )
        return [_reminder(row) for row in rows]

    async def personal_in_guild(self, guild_id: int) -> list[Reminder]:
        """Every member's personal reminders in one server (paused ones too)."""
        rows = await self._db.fetch_all(
            f"SELECT {_COLUMNS} FROM reminders WHERE guild_id = ? AND user_id IS NOT NULL ORDER BY id",
            (guild_id,),
        )
        return [_reminder(row) for row in rows]

    async def move_personal_channel(self, guild_id: int, channel_id: int, now: datetime) -> int:
        """Members' personal reminders post in the go-live channel: follow it when it changes."""
        count, _ = await self._db.execute(
            "UPDATE reminders SET channel_id = ?, updated_at = ? "
            "WHERE guild_id = ? AND user_id IS NOT NULL AND channel_id != ?",
            (channel_id, stamp(now), guild_id, channel_id),
        )
        return count

    async def move_zone(self, guild_id: int, old: str, new: str, now: datetime) -> list[int]:
        """Move the server-wide reminders that used the server's old zone to its new one (same wall time)."""
        async with self._db.transaction() as tx:
            rows = await tx.fetch_all(
                "SELECT id FROM reminders WHERE guild_id = ? AND timezone = ? AND user_id IS NULL ORDER BY id",
                (guild_id, old),
            )
            ids = [int(r[0]) for r in rows]
            await tx.execute(
                "UPDATE reminders SET timezone = ?, active_since = ?, updated_at = ? "
                "WHERE guild_id = ? AND timezone = ? AND user_id IS NULL",
                (new, stamp(now), stamp(now), guild_id, old),
            )
        return ids

    async def paused_with_reason(self, guild_id: int, prefix: str) -> list[Reminder]:
        """The server's reminders paused by a fault whose reason starts with ``prefix``."""
        rows = await self._db.fetch_all(
            f"SELECT {_COLUMNS} FROM reminders WHERE guild_id = ? AND paused = 1 AND substr(pause_reason, 1, ?) = ? "
            "ORDER BY id",
            (guild_id, len(prefix), prefix),
        )
        return [_reminder(row) for row in rows]

    async def count(self, guild_id: int) -> int:
        return int(
            await self._db.fetch_value("SELECT COUNT(*) FROM reminders WHERE guild_id = ?", (guild_id,))
        )

    async def delete(self, guild_id: int, reminder_id: int) -> bool:
        rowcount, _ = await self._db.execute(
            "DELETE FROM reminders WHERE guild_id = ? AND id = ?", (guild_id, reminder_id)
        )
        return rowcount > 0

    async def set_paused(
        self, guild_id: int, reminder_id: int, paused: bool, now: datetime, reason: str | None = None
    ) -> bool:
        """Pause (with an optional reason) or resume; resuming restarts the catch-up floor at ``now``.

        Returns whether the reminder exists in this server.
        """
        stamped = stamp(now)
        if paused:
            sql = (
                "UPDATE reminders SET paused = 1, pause_reason = ?, updated_at = ? "
                "WHERE guild_id = ? AND id = ?"
            )
            params: tuple[Any, ...] = (reason, stamped, guild_id, reminder_id)
        else:
            sql = (
                "UPDATE reminders SET paused = 0, pause_reason = NULL, flag = NULL, active_since = ?, "
                "updated_at = ? WHERE guild_id = ? AND id = ?"
            )
            params = (stamped, stamped, guild_id, reminder_id)
        rowcount, _ = await self._db.execute(sql, params)
        return rowcount > 0

    async def purge_guild(self, guild_id: int) -> int:
        """Delete every reminder (and, by cascade, delivery) of a server the bot left."""
        rowcount, _ = await self._db.execute("DELETE FROM reminders WHERE guild_id = ?", (guild_id,))
        return rowcount

    # -- delivery service (by id) ---------------------------------------------------------------
    async def get_by_id(self, reminder_id: int) -> Reminder | None:
        row = await self._db.fetch_one(f"SELECT {_COLUMNS} FROM reminders WHERE id = ?", (reminder_id,))
        return None if row is None else _reminder(row)

    async def active_with_last_due(self) -> list[tuple[Reminder, datetime | None]]:
        """Every active reminder with the due time of its latest recorded delivery (for start-up)."""
        rows = await self._db.fetch_all(
            f"SELECT {_COLUMNS}, (SELECT MAX(d.due_at) FROM reminder_deliveries d "
            "WHERE d.reminder_id = reminders.id) AS last_due FROM reminders WHERE paused = 0 ORDER BY id"
        )
        return [
            (_reminder(row), None if row["last_due"] is None else _parse(row["last_due"])) for row in rows
        ]

    async def pause_for_fault(self, reminder_id: int, reason: str, now: datetime) -> bool:
        """Pause an active reminder after a delivery fault; ``True`` only for the call that paused it."""
        rowcount, _ = await self._db.execute(
            "UPDATE reminders SET paused = 1, pause_reason = ?, updated_at = ? WHERE id = ? AND paused = 0",
            (reason, stamp(now), reminder_id),
        )
        return rowcount > 0

    async def set_flag(self, reminder_id: int, flag: str | None, now: datetime) -> None:
        await self._db.execute(
            "UPDATE reminders SET flag = ?, updated_at = ? WHERE id = ? AND flag IS NOT ?",
            (flag, stamp(now), reminder_id, flag),
        )

    async def claim(
        self,
        reminder_id: int,
        occurrence: str,
        due_at: datetime,
        now: datetime,
        status: DeliveryStatus = "claimed",
        detail: str | None = None,
    ) -> bool:
        """Record an occurrence before acting on it; ``False`` if it was already recorded."""
        async with self._db.transaction() as tx:
            exists = await tx.fetch_one("SELECT 1 FROM reminders WHERE id = ?", (reminder_id,))
            if exists is None:
                return False
            rowcount, _ = await tx.execute(
                "INSERT INTO reminder_deliveries (reminder_id, occurrence, due_at, status, detail, recorded_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (reminder_id, occurrence) DO NOTHING",
                (reminder_id, occurrence, stamp(due_at), status, detail, stamp(now)),
            )
        return rowcount > 0

    async def finish(
        self,
        reminder_id: int,
        occurrence: str,
        status: DeliveryStatus,
        message_id: int | None = None,
        detail: str | None = None,
    ) -> None:
        await self._db.execute(
            "UPDATE reminder_deliveries SET status = ?, message_id = ?, detail = ? "
            "WHERE reminder_id = ? AND occurrence = ?",
            (status, message_id, detail, reminder_id, occurrence),
        )

    async def release(self, reminder_id: int, occurrence: str) -> None:
        """Forget a claim whose message was never attempted (shutdown), so catch-up may post it."""
        await self._db.execute(
            "DELETE FROM reminder_deliveries WHERE reminder_id = ? AND occurrence = ? AND status = 'claimed'",
            (reminder_id, occurrence),
        )

    async def deliveries(self, reminder_id: int) -> list[Delivery]:
        rows = await self._db.fetch_all(
            "SELECT reminder_id, occurrence, due_at, status, message_id, detail FROM reminder_deliveries "
            "WHERE reminder_id = ? ORDER BY due_at, occurrence",
            (reminder_id,),
        )
        return [
            Delivery(
                reminder_id=int(r["reminder_id"]),
                occurrence=r["occurrence"],
                due_at=_parse(r["due_at"]),
                status=r["status"],
                message_id=None if r["message_id"] is None else int(r["message_id"]),
                detail=r["detail"],
            )
            for r in rows
        ]

    async def prune_deliveries(self, before: datetime) -> int:
        """Drop delivery rows due before ``before``, keeping each reminder's latest (its catch-up floor)."""
        rowcount, _ = await self._db.execute(
            "DELETE FROM reminder_deliveries WHERE due_at < ? AND due_at < "
            "(SELECT MAX(d.due_at) FROM reminder_deliveries d WHERE d.reminder_id = reminder_deliveries.reminder_id)",
            (stamp(before),),
        )
        return rowcount
