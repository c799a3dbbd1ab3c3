"""A member's own settings in one server: their time zone for session times and their sharing choices."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.stats.model.sharing import PRIVATE, Sharing
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

    async def sharing(self, guild_id: int, user_id: int) -> Sharing:
        """The member's consent choices (the protective defaults when they never chose)."""
        row = await self._db.fetch_one(
            "SELECT card_visibility, figures_visibility, show_money FROM member_settings "
            "WHERE guild_id = ? AND user_id = ?",
            (guild_id, user_id),
        )
        if row is None:
            return PRIVATE
        return Sharing(str(row[0]), str(row[1]), bool(row[2]))

    async def set_sharing(self, guild_id: int, user_id: int, sharing: Sharing) -> None:
        await self._db.execute(
            "INSERT INTO member_settings (guild_id, user_id, card_visibility, figures_visibility, show_money, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id, user_id) DO UPDATE SET "
            "card_visibility = excluded.card_visibility, figures_visibility = excluded.figures_visibility, "
            "show_money = excluded.show_money, updated_at = excluded.updated_at",
            (
                guild_id,
                user_id,
                sharing.card,
                sharing.figures,
                int(sharing.show_money),
                stamp(datetime.now(UTC)),
            ),
        )

    async def figures_shared(self, guild_id: int) -> frozenset[int]:
        """The members of this server who show their figures to the server (leaderboards)."""
        rows = await self._db.fetch_all(
            "SELECT user_id FROM member_settings WHERE guild_id = ? AND figures_visibility = 'server'",
            (guild_id,),
        )
        return frozenset(int(r[0]) for r in rows)

    async def sharing_for(self, guild_id: int, user_ids: list[int]) -> dict[int, Sharing]:
        """Consent of several members at once (leaderboard posts); missing members get the defaults."""
        found: dict[int, Sharing] = {}
        for start in range(0, len(user_ids), 500):
            chunk = user_ids[start : start + 500]
            rows = await self._db.fetch_all(
                "SELECT user_id, card_visibility, figures_visibility, show_money FROM member_settings "
                f"WHERE guild_id = ? AND user_id IN ({', '.join('?' * len(chunk))})",
                (guild_id, *chunk),
            )
            found.update({int(r[0]): Sharing(str(r[1]), str(r[2]), bool(r[3])) for r in rows})
        return {uid: found.get(uid, PRIVATE) for uid in user_ids}
