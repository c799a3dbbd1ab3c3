"""Option types shared by several commands."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.core.errors import InvalidInput

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
