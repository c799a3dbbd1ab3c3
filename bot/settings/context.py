"""What a command in one server works with: its time zone, money rates and gift catalogue."""

from __future__ import annotations

from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.core.clock import utcnow, zone_named
from bot.money.model.catalogue import Catalogue
from bot.money.model.economy import Rates

__all__ = [
    "member_zone",
    "member_zone_and_rates",
    "server_catalogue",
    "server_zone_and_rates",
    "utcnow",
    "zone_named",
]

if TYPE_CHECKING:
    from bot.core.app import LiveCoach


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
