"""A member's own settings in one server (their time zone for session times)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.storage.database import Database
from bot.storage.times import stamp


class MemberSettingsRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def timezone(self, guild_id: int, user_id: int) -> str | None:
        """The member's own IANA zone in this server, or ``None`` to use the server's."""
        value = await self._db.fetch_value(
            "SELECT timezone FROM member_settings WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
        )
        return None if value is None else str(value)

    async def set_timezone(self, guild_id: int, user_id: int, zone: str | None) -> None:
        await self._db.execute(
            "INSERT INTO member_settings (guild_id, user_id, timezone, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (guild_id, user_id) DO UPDATE SET timezone = excluded.timezone, "
            "updated_at = excluded.updated_at",
            (guild_id, user_id, zone, stamp(datetime.now(UTC))),
        )

    async def purge_guild(self, guild_id: int) -> int:
        count, _ = await self._db.execute("DELETE FROM member_settings WHERE guild_id = ?", (guild_id,))
        return count
