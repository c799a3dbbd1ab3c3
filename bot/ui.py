"""Base classes for views and modals: owner-only buttons, errors through the tree's path."""

from __future__ import annotations

import contextlib
from typing import Any

import discord

from bot.tree import report_error, send_ephemeral


class OwnedView(discord.ui.View):
    """A view only its invoker may use; it disables itself when it times out."""

    def __init__(self, owner_id: int, *, timeout: float | None = 180) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        self.message: discord.InteractionMessage | discord.Message | None = None

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if interaction.user.id != self.owner_id:
            await send_ephemeral(interaction, "Only the member who ran this command can use these buttons.")
            return False
        return True

    async def on_timeout(self) -> None:
        for item in self.children:
            if isinstance(item, discord.ui.Button | discord.ui.Select):
                item.disabled = True
        if self.message is not None:
            with contextlib.suppress(discord.HTTPException):
                await self.message.edit(view=self)

    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        await report_error(interaction, error)


class LiveCoachModal(discord.ui.Modal):
    async def on_error(self, interaction: discord.Interaction[Any], error: Exception) -> None:
        await report_error(interaction, error)
