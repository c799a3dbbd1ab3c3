"""Per-server settings: time zone, currency, rate overrides, log channel.

``updated_at`` doubles as the settings' *version*: every write to a server's settings, and every
change to its custom gifts (:func:`touch`, in the gift write's own transaction), stores a new
value, to the microsecond. Another process holding the server's settings in a cache compares
:meth:`GuildSettingsRepository.version` with the one it loaded (``bot.money`` does, every few
seconds), so a /config change made through one process reaches all of them.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime
from decimal import Decimal

from bot.settings.model import GuildSettings
from bot.storage.database import Database, Row
from bot.storage.times import stamp

_DECIMAL_FIELDS = frozenset(
    {
        "currency_per_usd",
        "diamonds_per_coin",
        "usd_per_diamond",
        "viewer_usd_per_coin_low",
        "viewer_usd_per_coin_high",
    }
)
_UPDATABLE = frozenset(f.name for f in fields(GuildSettings)) - {"guild_id"}
RATE_FIELDS = ("currency", *sorted(_DECIMAL_FIELDS))


def _now() -> str:
    return stamp(datetime.now(UTC))


def _version() -> str:
    """A new ``updated_at``: the time to the microsecond, so two changes within a second differ."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


TOUCH_SQL = (
    "INSERT INTO guild_settings (guild_id, created_at, updated_at) VALUES (?, ?, ?) "
    "ON CONFLICT (guild_id) DO UPDATE SET updated_at = excluded.updated_at"
)


def touch_params(guild_id: int) -> tuple[int, str, str]:
    """Parameters of :data:`TOUCH_SQL`: a new version for a server whose cached settings changed."""
    return guild_id, _now(), _version()


def _to_db(name: str, value: object) -> object:
    if name in _DECIMAL_FIELDS and value is not None:
        return str(value)
    return value


def _from_row(row: Row) -> GuildSettings:
    values = {name: row[name] for name in ("guild_id", *sorted(_UPDATABLE))}
    for name in _DECIMAL_FIELDS:
        if values[name] is not None:
            values[name] = Decimal(values[name])
    return GuildSettings(**values)


class GuildSettingsRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, guild_id: int) -> GuildSettings:
        """This server's settings, or the defaults when it never changed any."""
        row = await self._db.fetch_one("SELECT * FROM guild_settings WHERE guild_id = ?", (guild_id,))
        return GuildSettings(guild_id=guild_id) if row is None else _from_row(row)

    async def version(self, guild_id: int) -> str | None:
        """What changes whenever the server's settings or custom gifts do (``None``: nothing stored)."""
        value = await self._db.fetch_value(
            "SELECT updated_at FROM guild_settings WHERE guild_id = ?", (guild_id,)
        )
        return None if value is None else str(value)

    async def update(self, guild_id: int, **changes: object) -> GuildSettings:
        """Set the named fields (``None`` clears an override) and return the new settings."""
        unknown = set(changes) - _UPDATABLE
        if unknown:
            raise ValueError(f"unknown settings: {sorted(unknown)}")
        if changes:
            names = sorted(changes)
            now = _now()
            columns = ", ".join(names)
            placeholders = ", ".join("?" for _ in names)
            assignments = ", ".join(f"{name} = excluded.{name}" for name in names)
            params = [guild_id, *(_to_db(n, changes[n]) for n in names), now, _version()]
            await self._db.execute(
                f"INSERT INTO guild_settings (guild_id, {columns}, created_at, updated_at) "
                f"VALUES (?, {placeholders}, ?, ?) "
                f"ON CONFLICT (guild_id) DO UPDATE SET {assignments}, updated_at = excluded.updated_at",
                params,
            )
        return await self.get(guild_id)

    async def reset_rates(self, guild_id: int) -> GuildSettings:
        return await self.update(guild_id, currency="USD", **{name: None for name in sorted(_DECIMAL_FIELDS)})

    async def mark_left(self, guild_id: int, when: datetime | None) -> None:
        """Record that the bot left (``when``) or rejoined (``None``) a server, for the retention policy."""
        left_at = stamp(when) if when else None
        await self._db.execute(
            "INSERT INTO guild_settings (guild_id, left_at, created_at, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (guild_id) DO UPDATE SET left_at = excluded.left_at, updated_at = excluded.updated_at",
            (guild_id, left_at, _now(), _version()),
        )

    async def guilds_left_before(self, cutoff: datetime) -> list[int]:
        rows = await self._db.fetch_all(
            "SELECT guild_id FROM guild_settings WHERE left_at IS NOT NULL AND left_at < ?",
            (stamp(cutoff),),
        )
        return [int(row["guild_id"]) for row in rows]

    async def purge_guild(self, guild_id: int) -> None:
        await self._db.execute("DELETE FROM guild_settings WHERE guild_id = ?", (guild_id,))
