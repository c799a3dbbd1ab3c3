"""Base classes for views and modals: owner-only buttons, errors through the tree's path."""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

import discord

from bot.core.tree import report_error, send_ephemeral
from bot.i18n import N_, _, pgettext
from bot.i18n.interactions import activate_for

T = TypeVar("T")

STALE_COMPONENT = N_("These buttons have expired: run the command again.")
STALE_MODAL = N_("This form has expired: run the command again to open a new one.")


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
        dynamic = getattr(store, "_dynamic_items", None)
        if not isinstance(views, dict) or not isinstance(dynamic, dict):
            return True
        custom_id = str(data.get("custom_id", ""))
        if any(pattern.fullmatch(custom_id) for pattern in dynamic):
            return True  # a persistent button (DynamicItem) answers it, after restarts too
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
        activate_for(interaction)
        if interaction.user.id != self.owner_id:
            await send_ephemeral(
                interaction, _("Only the member who ran this command can use these buttons.")
            )
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
    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        activate_for(interaction)
        return True

    async def on_error(  # type: ignore[override]  # discord.py's Modal narrows BaseView's signature
        self, interaction: discord.Interaction[Any], error: Exception, /
    ) -> None:
        await report_error(interaction, error)


def unique(view: discord.ui.View, prefix: str) -> None:
    """Give the view's buttons custom ids no other open view shares (``prefix:name:token``)."""
    token = secrets.token_hex(4)
    for item in view.children:
        if isinstance(item, discord.ui.Button) and item.custom_id:
            name = item.custom_id.split(":")[1] if ":" in item.custom_id else item.custom_id
            item.custom_id = f"{prefix}:{name}:{token}"


class ConfirmView(OwnedView):
    """Confirm / Cancel; ``action`` runs on confirm and returns the sentence to show.

    Every click gets exactly one answer. The view answers *before* it stops: ``stop()``
    removes it from discord.py's view store at once, and the bot's fallback for clicks
    no view handles (``LiveCoach.on_component_interaction``) would otherwise answer the same
    click again with "These buttons have expired" (which Discord refuses). A click
    that arrives while the confirmed action is still running is told so, and the
    action runs once.
    """

    BUSY = N_("Already on it: wait a moment for the answer above.")

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
        self.cancel.label = pgettext("button", "Cancel")
        self._busy = False
        unique(self, "confirm")

    async def _finish(self, interaction: discord.Interaction[Any], text: str) -> None:
        await interaction.response.edit_message(content=text, embed=None, view=None)
        self.stop()

    @discord.ui.button(label="Delete", style=discord.ButtonStyle.danger, custom_id="confirm:yes")
    async def confirm(self, interaction: discord.Interaction[Any], _button: discord.ui.Button[Any]) -> None:
        if self._busy:
            await send_ephemeral(interaction, _(self.BUSY))
            return
        self._busy = True
        try:
            text = await self.action(interaction)
        finally:
            self._busy = False
        await self._finish(interaction, text)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary, custom_id="confirm:no")
    async def cancel(self, interaction: discord.Interaction[Any], _button: discord.ui.Button[Any]) -> None:
        if self._busy:
            await send_ephemeral(interaction, _(self.BUSY))
            return
        await self._finish(interaction, self.cancelled)


async def send_owned(interaction: discord.Interaction[Any], view: OwnedView, **kwargs: Any) -> None:
    """Send ``view`` as an ephemeral reply and remember its message so a timeout can disable it."""
    await interaction.response.send_message(view=view, ephemeral=True, **kwargs)
    view.message = await interaction.original_response()


PageSource = Callable[[int], Awaitable[discord.Embed]]
"""Builds the embed for a 0-based page number; the pager clamps the number first."""


class Pager(OwnedView):
    """Previous / Next over ``pages`` pages drawn by ``source``: the one pager every list uses.

    ``prefix`` names the list in the buttons' custom ids (``prefix:previous:token``),
    so two open lists never share an id.
    """

    def __init__(
        self, owner_id: int, source: PageSource, pages: int, *, prefix: str, timeout: float | None = 180
    ) -> None:
        super().__init__(owner_id, timeout=timeout)
        self.source = source
        self.pages = max(1, pages)
        self.page = 0
        unique(self, prefix)
        self.previous.label = pgettext("button", "Previous")
        self.next.label = pgettext("button", "Next")
        self._sync()

    @classmethod
    def of_items(
        cls,
        owner_id: int,
        items: Sequence[T],
        per_page: int,
        draw: Callable[[Sequence[T], int, int], discord.Embed],
        *,
        prefix: str,
    ) -> Pager:
        """A pager over an in-memory list: ``draw(page_items, page, pages)`` renders one page."""
        pages = max(1, -(-len(items) // per_page))

        async def source(page: int) -> discord.Embed:
            return draw(items[page * per_page : (page + 1) * per_page], page, pages)

        return cls(owner_id, source, pages, prefix=prefix)

    def _sync(self) -> None:
        self.previous.disabled = self.page <= 0
        self.next.disabled = self.page >= self.pages - 1

    async def first_page(self) -> discord.Embed:
        return await self.source(self.page)

    async def _turn(self, interaction: discord.Interaction[Any], step: int) -> None:
        self.page = max(0, min(self.pages - 1, self.page + step))
        self._sync()
        await interaction.response.edit_message(embed=await self.source(self.page), view=self)

    @discord.ui.button(label="Previous", style=discord.ButtonStyle.secondary, custom_id="pager:previous")
    async def previous(self, interaction: discord.Interaction[Any], _button: discord.ui.Button[Any]) -> None:
        await self._turn(interaction, -1)

    @discord.ui.button(label="Next", style=discord.ButtonStyle.primary, custom_id="pager:next")
    async def next(self, interaction: discord.Interaction[Any], _button: discord.ui.Button[Any]) -> None:
        await self._turn(interaction, 1)


async def send_pager(interaction: discord.Interaction[Any], pager: Pager, **kwargs: Any) -> None:
    """Reply with the pager's first page (ephemeral) and remember the message for its timeout."""
    await send_owned(interaction, pager, embed=await pager.first_page(), **kwargs)
