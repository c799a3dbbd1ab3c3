"""A member's own payout rate and agency cut in one server (table ``member_rates``)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from bot.storage.database import Database
from bot.storage.times import stamp


class MemberRatesRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, guild_id: int, user_id: int) -> tuple[Decimal | None, Decimal | None]:
        """(USD per diamond, agency cut in %) the member set here; ``(None, None)`` when none."""
        row = await self._db.fetch_one(
            "SELECT usd_per_diamond, agency_cut FROM member_rates WHERE guild_id = ? AND user_id = ?",
            (guild_id, user_id),
        )
        if row is None:
            return None, None
        return (
            None if row["usd_per_diamond"] is None else Decimal(row["usd_per_diamond"]),
            None if row["agency_cut"] is None else Decimal(row["agency_cut"]),
        )

    async def set(
        self, guild_id: int, user_id: int, usd_per_diamond: Decimal | None, agency_cut: Decimal | None
    ) -> None:
        """Store both values (``None`` clears one); a row with neither is deleted."""
        if usd_per_diamond is None and agency_cut is None:
            await self.clear(guild_id, user_id)
            return
        await self._db.execute(
            "INSERT INTO member_rates (guild_id, user_id, usd_per_diamond, agency_cut, updated_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, user_id) DO UPDATE SET "
            "usd_per_diamond = excluded.usd_per_diamond, agency_cut = excluded.agency_cut, "
            "updated_at = excluded.updated_at",
            (
                guild_id,
                user_id,
                None if usd_per_diamond is None else str(usd_per_diamond),
                None if agency_cut is None else str(agency_cut),
                stamp(datetime.now(UTC)),
            ),
        )

    async def clear(self, guild_id: int, user_id: int) -> bool:
        count, _ = await self._db.execute(
            "DELETE FROM member_rates WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
        )
        return count > 0

    async def purge_guild(self, guild_id: int) -> int:
        count, _ = await self._db.execute("DELETE FROM member_rates WHERE guild_id = ?", (guild_id,))
        return count
