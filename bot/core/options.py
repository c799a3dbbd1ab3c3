"""Option types shared by several commands."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.core.errors import InvalidInput
from bot.core.timezones import resolve_zone, search_zones

TEXT_CHANNEL_TYPES = (discord.ChannelType.text, discord.ChannelType.news)


class TextChannelOption(app_commands.Transformer):
    """A channel option Discord limits to text and announcement channels (checked again here)."""

    def __init__(self, purpose: str) -> None:
        self.purpose = purpose

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.channel

    @property
    def channel_types(self) -> list[discord.ChannelType]:
        return list(TEXT_CHANNEL_TYPES)

    async def transform(self, interaction: discord.Interaction[Any], value: Any, /) -> Any:
        if getattr(value, "type", None) not in TEXT_CHANNEL_TYPES:
            raise InvalidInput(f"Pick a text channel {self.purpose}.")
        return value


class TimeZoneOption(app_commands.Transformer):
    """An IANA time-zone option: ranked autocomplete and validation in one place.

    Used by ``/config timezone``, ``/session timezone`` and ``/reminder add``; the
    handler receives the canonical name ("America/New_York"), or a clear sentence
    reaches the member when the text names no zone.
    """

    async def transform(self, interaction: discord.Interaction[Any], value: Any, /) -> str:
        return resolve_zone(str(value))

    async def autocomplete(  # type: ignore[override]
        self, interaction: discord.Interaction[Any], value: str, /
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=zone, value=zone) for zone in search_zones(value, 25)]


TimeZone = app_commands.Transform[str, TimeZoneOption]
