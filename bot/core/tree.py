"""The command tree: one place where every failure becomes a clear reply.

Expected failures (cooldowns, permissions, bad input raised by the domain,
things not found) become one short ephemeral sentence that says what to do.
Discord's own outages (5xx, 503 or time-outs after the retries of
:mod:`bot.core.http`) become "Discord is having trouble; try again in a minute".
Anything else becomes "Something went wrong (ref ABC123)" and the traceback is
logged under that reference. Views and modals route their errors here too.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

import aiohttp
import discord
from discord import app_commands

from bot.core.errors import LiveCoachError
from bot.core.http import DiscordUnavailable
from bot.i18n import N_, _
from bot.i18n.interactions import activate_for

log = logging.getLogger(__name__)

_PERMISSION_NAMES = {
    "manage_guild": N_("Manage Server"),
    "send_messages": N_("Send Messages"),
    "embed_links": N_("Embed Links"),
    "attach_files": N_("Attach Files"),
    "view_channel": N_("View Channel"),
    "mention_everyone": N_("Mention Everyone"),
}
_REF_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
DISCORD_TROUBLE = N_("Discord is having trouble; try again in a minute.")


def _permission_names(names: list[str]) -> str:
    return ", ".join(
        _(_PERMISSION_NAMES[n]) if n in _PERMISSION_NAMES else n.replace("_", " ").title() for n in names
    )


def new_ref() -> str:
    return "".join(secrets.choice(_REF_ALPHABET) for _ in range(6))


def is_discord_outage(error: BaseException) -> bool:
    """Discord itself failed: 5xx after retries, 503 or no answer until the deadline, a dropped connection."""
    return isinstance(error, DiscordUnavailable | discord.DiscordServerError | aiohttp.ClientConnectionError)


def describe_expected(error: BaseException) -> str | None:
    """The sentence for an expected failure, or ``None`` when the failure is unexpected."""
    if isinstance(error, app_commands.CommandInvokeError | app_commands.TransformerError):
        original = error.__cause__ if isinstance(error, app_commands.TransformerError) else error.original
        if isinstance(original, LiveCoachError):
            return original.message
        if original is not None and is_discord_outage(original):
            return _(DISCORD_TROUBLE)
        if isinstance(error, app_commands.TransformerError):
            return _(
                "I couldn't use “{value}” there: check the option's format and try again.",
                value=str(error.value)[:50],
            )
        return None
    if isinstance(error, LiveCoachError):
        return error.message
    if is_discord_outage(error):
        return _(DISCORD_TROUBLE)
    if isinstance(error, app_commands.CommandOnCooldown):
        return _(
            "This command is cooling down: try again in {seconds} s.",
            seconds=max(1, round(error.retry_after)),
        )
    if isinstance(error, app_commands.MissingPermissions):
        return _(
            "You need the {permission} permission to do that.",
            permission=_permission_names(error.missing_permissions),
        )
    if isinstance(error, app_commands.BotMissingPermissions):
        return _(
            "I need the {permission} permission in this channel: ask a server admin to grant it.",
            permission=_permission_names(error.missing_permissions),
        )
    if isinstance(error, app_commands.NoPrivateMessage):
        return _("This command works only inside a server.")
    if isinstance(error, app_commands.CommandNotFound | app_commands.CommandSignatureMismatch):
        return _("That command has just been updated: wait a minute, then run it again from the / menu.")
    if isinstance(error, app_commands.CheckFailure):
        return _("You can't use this command here.")
    return None


async def _drop_public_placeholder(interaction: discord.Interaction[Any]) -> None:
    """Delete a public "thinking…" placeholder so the error can be sent privately.

    The first follow-up after a deferred response replaces the placeholder and
    keeps its visibility, so an error after a public defer would be shown to the
    whole channel. A placeholder already replaced by real output is left alone.
    """
    try:
        original = await interaction.original_response()
        if original.flags.loading and not original.flags.ephemeral:
            await interaction.delete_original_response()
    except discord.HTTPException as exc:
        log.debug("Could not inspect the deferred response of %s: %s", interaction.id, exc)


async def send_ephemeral(interaction: discord.Interaction[Any], text: str) -> None:
    """Answer with an ephemeral message whether or not the interaction was already answered."""
    if interaction.type is discord.InteractionType.autocomplete:
        if not interaction.response.is_done():
            await interaction.response.autocomplete([])
        return
    if interaction.response.is_done():
        if interaction.response.type is discord.InteractionResponseType.deferred_channel_message:
            await _drop_public_placeholder(interaction)
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none())
    else:
        await interaction.response.send_message(
            text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
        )


async def report_error(interaction: discord.Interaction[Any], error: BaseException) -> None:
    """Reply to ``interaction`` about ``error``: a sentence if expected, a logged reference if not."""
    activate_for(interaction)
    text = describe_expected(error)
    if text is None:
        original = getattr(error, "original", error)
        if isinstance(original, discord.NotFound) and original.code == 10062:
            log.warning("Interaction %s expired before it could be answered.", interaction.id)
            return
        ref = new_ref()
        command = interaction.command.qualified_name if interaction.command else None
        log.error(
            "Unexpected error (ref %s) in %s for guild %s",
            ref,
            command or f"interaction type {interaction.type.name}",
            interaction.guild_id,
            exc_info=(type(original), original, original.__traceback__),
        )
        text = _(
            "Something went wrong (ref {ref}). Please try again; if it keeps happening, tell a server admin.",
            ref=ref,
        )
    elif text == _(DISCORD_TROUBLE):
        original = getattr(error, "original", error)
        log.warning("Discord failed during interaction %s: %s", interaction.id, original)
    else:
        log.debug("Expected failure for %s: %s", interaction.id, text)
    try:
        await send_ephemeral(interaction, text)
    except discord.HTTPException as exc:
        log.warning("Could not tell interaction %s about its error: %s", interaction.id, exc)


class LiveCoachTree(app_commands.CommandTree):
    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        """Every command and autocomplete answers in its member's language (else the server's)."""
        activate_for(interaction)
        return True

    async def on_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        await report_error(interaction, error)
