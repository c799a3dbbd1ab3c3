"""Base classes for views and modals: owner-only buttons, errors through the tree's path."""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Callable
from typing import Any

import discord

from bot.core.tree import report_error, send_ephemeral

STALE_COMPONENT = "These buttons have expired: run the command again."
STALE_MODAL = "This form has expired: run the command again to open a new one."


def has_live_handler(client: discord.Client, interaction: discord.Interaction[Any]) -> bool:
    """Whether a view or modal of this process will answer this component or modal interaction.

    After a restart (or once a view timed out) Discord still shows the old buttons,
    and discord.py silently drops clicks it has no view for, so the member sees
    "This interaction failed". discord.py has no public way to ask; this reads its
    view store (pinned to discord.py 2.7) and, if that ever changes shape, says
    "handled" so the bot stays quiet rather than answering twice.
    """
    store = getattr(getattr(client, "_connection", None), "_view_store", None)
    data: Any = interaction.data or {}
    if interaction.type is discord.InteractionType.component:
        views = getattr(store, "_views", None)
        if not isinstance(views, dict):
            return True
        key = (data.get("component_type"), data.get("custom_id"))
        message_id = interaction.message.id if interaction.message else None
        return key in views.get(message_id, {}) or key in views.get(None, {})
    if interaction.type is discord.InteractionType.modal_submit:
        modals = getattr(store, "_modals", None)
        return not isinstance(modals, dict) or data.get("custom_id") in modals
    return True


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


def unique(view: discord.ui.View, prefix: str) -> None:
    """Give the view's buttons custom ids no other open view shares (``prefix:name:token``)."""
    token = secrets.token_hex(4)
    for item in view.children:
        if isinstance(item, discord.ui.Button) and item.custom_id:
            name = item.custom_id.split(":")[1] if ":" in item.custom_id else item.custom_id
            item.custom_id = f"{prefix}:{name}:{token}"


class ConfirmView(OwnedView):
    """Confirm / Cancel; ``action`` runs on confirm and returns the sentence to show."""

    def __init__(
        self,
        owner_id: int,
        action: Callable[[discord.Interaction[Any]], Any],
        *,
        confirm_label: str,
        cancelled: str,
    ) -> None:
        super().__init__(owner_id, timeout=120)
        self.action = action
        self.cancelled = cancelled
        self.confirm.label = confirm_label
        unique(self, "confirm")

    async def _finish(self, interaction: discord.Interaction[Any], text: str) -> None:
        self.stop()
        await interaction.response.edit_message(content=text, embed=None, view=None)

    @discord.ui.button(label="Delete", style=discord.ButtonStyle.danger, custom_id="confirm:yes")
    async def confirm(self, interaction: discord.Interaction[Any], _button: discord.ui.Button[Any]) -> None:
        text = await self.action(interaction)
        await self._finish(interaction, text)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary, custom_id="confirm:no")
    async def cancel(self, interaction: discord.Interaction[Any], _button: discord.ui.Button[Any]) -> None:
        await self._finish(interaction, self.cancelled)


async def send_owned(interaction: discord.Interaction[Any], view: OwnedView, **kwargs: Any) -> None:
    """Send ``view`` as an ephemeral reply and remember its message so a timeout can disable it."""
    await interaction.response.send_message(view=view, ephemeral=True, **kwargs)
    view.message = await interaction.original_response()
