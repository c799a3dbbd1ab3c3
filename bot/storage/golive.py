"""Go-live: server settings, creators' handles and preferences, follows, announcements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.golive.model import GoLiveSettings, Notify
from bot.storage.database import Database
from bot.storage.times import parse_stamp, stamp


class HandleTaken(Exception):
    """Another member of the server already linked this handle."""


@dataclass(frozen=True, slots=True)
class CreatorProfile:
    guild_id: int
    user_id: int
    handle: str | None
    show_money: bool


@dataclass(frozen=True, slots=True)
class Follow:
    guild_id: int
    user_id: int
    creator_id: int
    notify: Notify
    handle: str | None = None  # the creator's, when listed with it


@dataclass(frozen=True, slots=True)
class Announcement:
    id: int
    guild_id: int
    user_id: int
    channel_id: int
    message_id: int | None
    handle: str
    title: str | None
    announced_at: datetime
    ended_at: datetime | None
    session_id: int | None


def _announcement(row: Any) -> Announcement:
    return Announcement(
        id=int(row["id"]),
        guild_id=int(row["guild_id"]),
        user_id=int(row["user_id"]),
        channel_id=int(row["channel_id"]),
        message_id=None if row["message_id"] is None else int(row["message_id"]),
        handle=str(row["handle"]),
        title=row["title"],
        announced_at=parse_stamp(row["announced_at"]),
        ended_at=None if row["ended_at"] is None else parse_stamp(row["ended_at"]),
        session_id=None if row["session_id"] is None else int(row["session_id"]),
    )


class GoLiveRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- server settings ---------------------------------------------------------------------------
    async def settings(self, guild_id: int) -> GoLiveSettings:
        row = await self._db.fetch_one("SELECT * FROM golive_settings WHERE guild_id = ?", (guild_id,))
        if row is None:
            return GoLiveSettings(guild_id)
        return GoLiveSettings(
            guild_id, row["channel_id"], row["role_id"], row["announcer_role_id"], bool(row["events"])
        )

    async def guilds_with_events(self) -> list[int]:
        """Servers that show personal LIVEs as Discord scheduled events."""
        rows = await self._db.fetch_all(
            "SELECT guild_id FROM golive_settings WHERE events = 1 ORDER BY guild_id"
        )
        return [int(row["guild_id"]) for row in rows]

    async def update_settings(self, guild_id: int, now: datetime, **changes: int | None) -> GoLiveSettings:
        allowed = {"channel_id", "role_id", "announcer_role_id", "events"}
        if set(changes) - allowed:
            raise ValueError(f"unknown go-live settings: {sorted(set(changes) - allowed)}")
        names = sorted(changes)
        if names:
            assignments = ", ".join(f"{name} = excluded.{name}" for name in names)
            await self._db.execute(
                f"INSERT INTO golive_settings (guild_id, {', '.join(names)}, updated_at) "
                f"VALUES (?, {', '.join('?' for _ in names)}, ?) "
                f"ON CONFLICT (guild_id) DO UPDATE SET {assignments}, updated_at = excluded.updated_at",
                (guild_id, *(changes[n] for n in names), stamp(now)),
            )
        return await self.settings(guild_id)

    # -- creators ------------------------------------------------------------------------------------
    async def profile(self, guild_id: int, user_id: int) -> CreatorProfile:
        row = await self._db.fetch_one(
            "SELECT handle, show_money FROM creator_profiles WHERE guild_id = ? AND user_id = ?",
            (guild_id, user_id),
        )
        if row is None:
            return CreatorProfile(guild_id, user_id, None, False)
        return CreatorProfile(guild_id, user_id, row["handle"], bool(row["show_money"]))

    async def set_handle(self, guild_id: int, user_id: int, handle: str | None, now: datetime) -> None:
        """Link (or with ``None`` unlink) a handle; raises :class:`HandleTaken` if another member has it."""
        try:
            await self._db.execute(
                "INSERT INTO creator_profiles (guild_id, user_id, handle, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (guild_id, user_id) DO UPDATE SET handle = excluded.handle, "
                "updated_at = excluded.updated_at",
                (guild_id, user_id, handle, stamp(now)),
            )
        except self._db.integrity_errors as exc:
            raise HandleTaken(handle) from exc

    async def set_show_money(self, guild_id: int, user_id: int, show: bool, now: datetime) -> None:
        await self._db.execute(
            "INSERT INTO creator_profiles (guild_id, user_id, show_money, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (guild_id, user_id) DO UPDATE SET show_money = excluded.show_money, "
            "updated_at = excluded.updated_at",
            (guild_id, user_id, int(show), stamp(now)),
        )

    # -- follows ------------------------------------------------------------------------------------
    async def follow(
        self, guild_id: int, user_id: int, creator_id: int, notify: Notify, now: datetime, *, limit: int
    ) -> bool:
        """Follow (or change how to be told); ``False`` when the member is at ``limit`` and this is new.

        The count and the insert run in one transaction, so two quick clicks cannot pass the limit.
        """
        async with self._db.transaction() as tx:
            rows, _ = await tx.execute(
                "UPDATE follows SET notify = ? WHERE guild_id = ? AND user_id = ? AND creator_id = ?",
                (notify, guild_id, user_id, creator_id),
            )
            if rows:
                return True
            count, _ = await tx.execute(
                "INSERT INTO follows (guild_id, user_id, creator_id, notify, created_at) "
                "SELECT ?, ?, ?, ?, ? WHERE (SELECT count(*) FROM follows WHERE guild_id = ? AND user_id = ?) < ?",
                (guild_id, user_id, creator_id, notify, stamp(now), guild_id, user_id, limit),
            )
            return count == 1

    async def unfollow(self, guild_id: int, user_id: int, creator_id: int) -> bool:
        count, _ = await self._db.execute(
            "DELETE FROM follows WHERE guild_id = ? AND user_id = ? AND creator_id = ?",
            (guild_id, user_id, creator_id),
        )
        return count > 0

    async def get_follow(self, guild_id: int, user_id: int, creator_id: int) -> Follow | None:
        row = await self._db.fetch_one(
            "SELECT notify FROM follows WHERE guild_id = ? AND user_id = ? AND creator_id = ?",
            (guild_id, user_id, creator_id),
        )
        return None if row is None else Follow(guild_id, user_id, creator_id, row["notify"])

    async def count_following(self, guild_id: int, user_id: int) -> int:
        return int(
            await self._db.fetch_value(
                "SELECT count(*) FROM follows WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
            )
        )

    async def following(self, guild_id: int, user_id: int) -> list[Follow]:
        """Whom the member follows here, with each creator's current handle, oldest follow first."""
        rows = await self._db.fetch_all(
            "SELECT f.creator_id, f.notify, p.handle FROM follows f "
            "LEFT JOIN creator_profiles p ON p.guild_id = f.guild_id AND p.user_id = f.creator_id "
            "WHERE f.guild_id = ? AND f.user_id = ? ORDER BY f.created_at, f.creator_id",
            (guild_id, user_id),
        )
        return [Follow(guild_id, user_id, int(r["creator_id"]), r["notify"], r["handle"]) for r in rows]

    async def followers(self, guild_id: int, creator_id: int) -> list[Follow]:
        rows = await self._db.fetch_all(
            "SELECT user_id, notify FROM follows WHERE guild_id = ? AND creator_id = ? ORDER BY created_at, user_id",
            (guild_id, creator_id),
        )
        return [Follow(guild_id, int(r["user_id"]), creator_id, r["notify"]) for r in rows]

    # -- announcements ------------------------------------------------------------------------------
    async def add_announcement(
        self, guild_id: int, user_id: int, channel_id: int, handle: str, title: str | None, now: datetime
    ) -> int:
        async with self._db.transaction() as tx:
            new_id = await tx.fetch_value(
                "INSERT INTO golive_announcements (guild_id, user_id, channel_id, handle, title, announced_at) "
                "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                (guild_id, user_id, channel_id, handle, title, stamp(now)),
            )
        return int(new_id)

    async def set_announcement_message(self, announcement_id: int, message_id: int) -> None:
        await self._db.execute(
            "UPDATE golive_announcements SET message_id = ? WHERE id = ?", (message_id, announcement_id)
        )

    async def drop_announcement(self, announcement_id: int) -> None:
        """Forget an announcement whose post failed (so it does not count for the cooldown)."""
        await self._db.execute("DELETE FROM golive_announcements WHERE id = ?", (announcement_id,))

    async def last_announced(self, guild_id: int, user_id: int) -> datetime | None:
        value = await self._db.fetch_value(
            "SELECT max(announced_at) FROM golive_announcements WHERE guild_id = ? AND user_id = ?",
            (guild_id, user_id),
        )
        return None if value is None else parse_stamp(value)

    async def open_announcement(self, guild_id: int, user_id: int) -> Announcement | None:
        """The member's newest posted announcement that has no recap yet."""
        row = await self._db.fetch_one(
            "SELECT * FROM golive_announcements WHERE guild_id = ? AND user_id = ? AND ended_at IS NULL "
            "AND message_id IS NOT NULL ORDER BY announced_at DESC, id DESC LIMIT 1",
            (guild_id, user_id),
        )
        return None if row is None else _announcement(row)

    async def end_announcement(self, announcement_id: int, session_id: int | None, now: datetime) -> bool:
        """Mark the announcement recapped; ``False`` if another stop already did (recap once)."""
        count, _ = await self._db.execute(
            "UPDATE golive_announcements SET ended_at = ?, session_id = ? WHERE id = ? AND ended_at IS NULL",
            (stamp(now), session_id, announcement_id),
        )
        return count == 1

    async def purge_guild(self, guild_id: int) -> int:
        removed = 0
        async with self._db.transaction() as tx:
            for table in ("golive_announcements", "follows", "creator_profiles", "golive_settings"):
                count, _ = await tx.execute(f"DELETE FROM {table} WHERE guild_id = ?", (guild_id,))
                removed += count
        return removed
