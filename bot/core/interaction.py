"""The interaction type every command handler takes, and the server it came from."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

import discord

from bot.core.errors import LiveCoachError
from bot.i18n import _

if TYPE_CHECKING:
    from bot.core.app import LiveCoach

    Interaction: TypeAlias = discord.Interaction[LiveCoach]
else:
    Interaction: TypeAlias = discord.Interaction


class NotInServer(LiveCoachError):
    def __init__(self) -> None:
        super().__init__(_("This works only inside a server: run it from a channel of the server."))


def guild_id(interaction: discord.Interaction[Any]) -> int:
    """The id of the server the interaction came from; a clear error outside one (never ``or 0``)."""
    if interaction.guild_id is None:
        raise NotInServer()
    return interaction.guild_id
