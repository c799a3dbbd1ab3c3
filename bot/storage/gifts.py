"""Server-scoped custom gifts (owned by the money feature).

A server can add regional gifts or override a catalogue price; the gift named
like a catalogue gift replaces it in that server only. Every query is filtered
by ``guild_id``; the primary key (guild_id, name_key) serves them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from bot.core.errors import InvalidInput
from bot.money.model.catalogue import normalise
from bot.storage.database import Database, Row
from bot.storage.settings import TOUCH_SQL, touch_params
from bot.storage.times import stamp

MAX_CUSTOM_GIFTS_PER_GUILD = 100
"""Most custom gifts one server may define (keeps /config show and search small)."""


@dataclass(frozen=True, slots=True)
class StoredCustomGift:
    """One row of ``custom_gifts``: what an admin set, as stored."""

    guild_id: int
    name: str
    coins: int
    streakable: bool
    added_by: int
    created_at: str

    @property
    def key(self) -> str:
        return normalise(self.name)


def _now() -> str:
    return stamp(datetime.now(UTC))


def _from_row(row: Row) -> StoredCustomGift:
    return StoredCustomGift(
        guild_id=int(row["guild_id"]),
        name=str(row["name"]),
        coins=int(row["coins"]),
        streakable=bool(row["streakable"]),
        added_by=int(row["added_by"]),
        created_at=str(row["created_at"]),
    )


class CustomGiftRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def list_for_guild(self, guild_id: int) -> list[StoredCustomGift]:
        """This server's custom gifts, by name."""
        rows = await self._db.fetch_all(
            "SELECT guild_id, name, coins, streakable, added_by, created_at "
            "FROM custom_gifts WHERE guild_id = ? ORDER BY name_key",
            (guild_id,),
        )
        return [_from_row(row) for row in rows]

    async def get(self, guild_id: int, name: str) -> StoredCustomGift | None:
        row = await self._db.fetch_one(
            "SELECT guild_id, name, coins, streakable, added_by, created_at "
            "FROM custom_gifts WHERE guild_id = ? AND name_key = ?",
            (guild_id, normalise(name)),
        )
        return None if row is None else _from_row(row)

    async def count(self, guild_id: int) -> int:
        return int(
            await self._db.fetch_value("SELECT COUNT(*) FROM custom_gifts WHERE guild_id = ?", (guild_id,))
        )

    async def add_or_replace(
        self,
        guild_id: int,
        name: str,
        coins: int,
        *,
        streakable: bool,
        added_by: int,
        limit: int = MAX_CUSTOM_GIFTS_PER_GUILD,
    ) -> bool:
        """Store a custom gift; returns True when it replaced one of the same name.

        Refuses (InvalidInput) a new name once the server has ``limit`` gifts; the
        count and the insert happen in one transaction, so the cap holds under races.
        """
        key = normalise(name)
        async with self._db.transaction() as tx:
            existing = await tx.fetch_one(
                "SELECT 1 FROM custom_gifts WHERE guild_id = ? AND name_key = ?", (guild_id, key)
            )
            if existing is None:
                row = await tx.fetch_one("SELECT COUNT(*) FROM custom_gifts WHERE guild_id = ?", (guild_id,))
                if row is not None and int(row[0]) >= limit:
                    raise InvalidInput(
                        f"This server already has {limit} custom gifts: remove one with "
                        "/config gift remove before adding another."
                    )
            await tx.execute(
                "INSERT INTO custom_gifts (guild_id, name_key, name, coins, streakable, added_by, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (guild_id, name_key) DO UPDATE SET name = excluded.name, "
                "coins = excluded.coins, streakable = excluded.streakable, "
                "added_by = excluded.added_by, created_at = excluded.created_at",
                (guild_id, key, name, coins, int(streakable), added_by, _now()),
            )
            await tx.execute(TOUCH_SQL, touch_params(guild_id))  # other processes' caches follow
        return existing is not None

    async def remove(self, guild_id: int, name: str) -> StoredCustomGift | None:
        """Delete the custom gift called ``name``; returns what was removed (None if there was none)."""
        key = normalise(name)
        async with self._db.transaction() as tx:
            row = await tx.fetch_one(
                "SELECT guild_id, name, coins, streakable, added_by, created_at "
                "FROM custom_gifts WHERE guild_id = ? AND name_key = ?",
                (guild_id, key),
            )
            if row is None:
                return None
            await tx.execute("DELETE FROM custom_gifts WHERE guild_id = ? AND name_key = ?", (guild_id, key))
            await tx.execute(TOUCH_SQL, touch_params(guild_id))
        return _from_row(row)

    async def purge_guild(self, guild_id: int) -> int:
        """Forget every custom gift of a server (retention); returns how many were deleted."""
        count, _ = await self._db.execute("DELETE FROM custom_gifts WHERE guild_id = ?", (guild_id,))
        return count
