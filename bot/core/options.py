"""Option types shared by several commands."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.core.errors import InvalidInput
from bot.core.timezones import resolve_zone, search_zones
from bot.i18n import N_, _

TEXT_CHANNEL_TYPES = (discord.ChannelType.text, discord.ChannelType.news)

# Each purpose's whole sentence, so it translates as one ("for the reminder" alone would not).
_PICK_A_CHANNEL = {
    "for admin notices": N_("Pick a text channel for admin notices."),
    "for the reminder": N_("Pick a text channel for the reminder."),
    "for LIVE posts": N_("Pick a text channel for LIVE posts."),
    "to post the leaderboard in": N_("Pick a text channel to post the leaderboard in."),
}


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
            sentence = _PICK_A_CHANNEL.get(self.purpose)
            if sentence is None:
                raise InvalidInput(_("Pick a text channel {purpose}.", purpose=self.purpose))
            raise InvalidInput(_(sentence))
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
