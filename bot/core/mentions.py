"""Allowed mentions that serialise IDs as strings, as Discord's API description types them."""

from __future__ import annotations

from typing import Any

import discord

from bot.core.errors import InvalidInput
from bot.i18n import _


class Mentions(discord.AllowedMentions):
    """``discord.AllowedMentions`` whose ``users``/``roles`` lists are snowflake strings.

    discord.py sends integers, which Discord tolerates but its OpenAPI
    description does not allow; every message the bot sends goes through the
    bot's default ``Mentions`` (``merge`` keeps the class), so bodies match it.
    """

    def to_dict(self) -> dict[str, Any]:  # type: ignore[override]
        data: dict[str, Any] = dict(super().to_dict())
        for key in ("users", "roles"):
            if key in data:
                data[key] = [str(value) for value in data[key]]
        return data

    def merge(self, other: discord.AllowedMentions) -> Mentions:
        merged = super().merge(other)
        return Mentions(
            everyone=merged.everyone,
            users=merged.users,
            roles=merged.roles,
            replied_user=merged.replied_user,
        )

    @classmethod
    def only_role(cls, role_id: int | None) -> Mentions:
        """Ping exactly one role (or nobody): never @everyone, never users."""
        roles: list[discord.abc.Snowflake] = [discord.Object(role_id)] if role_id else []
        return cls(everyone=False, users=False, roles=roles, replied_user=False)

    @classmethod
    def nobody(cls) -> Mentions:
        return cls(everyone=False, users=False, roles=False, replied_user=False)


def check_pingable(role: discord.Role, bot_mentions_everyone: bool) -> None:
    """Refuse a role whose ping would reach nobody (not mentionable, no Mention Everyone) or everybody.

    Discord drops a role mention the bot may not make without an error, so a post would
    look like a ping and reach nobody: better to say so when the role is chosen.
    """
    if role.is_default():
        raise InvalidInput(_("Pick a role to ping other than @everyone: one members opt into."))
    if role.managed:
        raise InvalidInput(
            _("@{role} belongs to an integration and can't be pinged: pick another role.", role=role.name)
        )
    if not role.mentionable and not bot_mentions_everyone:
        raise InvalidInput(
            _(
                "I can't ping @{role}: it isn't mentionable and I don't have Mention Everyone. "
                "Turn on “Allow anyone to @mention this role” in Server Settings → Roles, then run this again.",
                role=role.name,
            )
        )
