"""What a command in one server works with: its time zone, money rates and gift catalogue."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.money.model.catalogue import Catalogue
from bot.money.model.economy import Rates

if TYPE_CHECKING:
    from bot.core.app import LiveCoach


def utcnow() -> datetime:
    return datetime.now(UTC)


def zone_named(name: str | None) -> ZoneInfo:
    """The zone for a stored IANA name (UTC if it is missing or no longer known to tzdata)."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


async def server_zone_and_rates(bot: LiveCoach, guild_id: int) -> tuple[ZoneInfo, Rates]:
    settings = await bot.storage.settings.get(guild_id)
    return zone_named(settings.timezone), await bot.money.rates(guild_id)


async def member_zone(bot: LiveCoach, guild_id: int, user_id: int) -> ZoneInfo:
    """The zone a member's session times are read and shown in: their own, else the server's."""
    own = await bot.storage.members.timezone(guild_id, user_id)
    if own is not None:
        return zone_named(own)
    return zone_named((await bot.storage.settings.get(guild_id)).timezone)


async def member_zone_and_rates(bot: LiveCoach, guild_id: int, user_id: int) -> tuple[ZoneInfo, Rates]:
    return await member_zone(bot, guild_id, user_id), await bot.money.rates(guild_id)


async def server_catalogue(bot: LiveCoach, guild_id: int) -> Catalogue:
    """The gift catalogue with this server's custom gifts laid over it (cached by the money service)."""
    return await bot.money.catalogue(guild_id)
