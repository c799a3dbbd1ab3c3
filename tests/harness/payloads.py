"""Builders for raw INTERACTION_CREATE payloads, as Discord sends them in a guild.

Option types come from the bot's own command tree, so a test writes
``payloads.slash("estimate gifts", text="2 lions")`` and gets exactly the
nested subcommand structure and typed values Discord would send.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import discord
from discord import app_commands

from tests.harness.fake_discord import APPLICATION_ID, next_id

GUILD_ID = 1200000000000000001
OTHER_GUILD_ID = 1200000000000000002
CHANNEL_ID = 1300000000000000001
USER_ID = 1400000000000000001
OTHER_USER_ID = 1400000000000000002
ROLE_ID = 1500000000000000001

MEMBER_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    read_message_history=True,
    use_application_commands=True,
    embed_links=True,
)
ADMIN_PERMISSIONS = MEMBER_PERMISSIONS | discord.Permissions(manage_guild=True)
BOT_PERMISSIONS = discord.Permissions(
    view_channel=True, send_messages=True, embed_links=True, attach_files=True, mention_everyone=True
)


def user_object(user_id: int, name: str | None = None) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name or f"member{user_id % 10000}",
        "discriminator": "0",
        "global_name": name or f"Member {user_id % 10000}",
        "avatar": None,
        "public_flags": 0,
    }


def member_object(
    user_id: int, permissions: discord.Permissions, name: str | None = None, roles: tuple[int, ...] = ()
) -> dict[str, Any]:
    return {
        "user": user_object(user_id, name),
        "roles": [str(role) for role in roles],
        "joined_at": "2025-01-01T00:00:00+00:00",
        "nick": None,
        "avatar": None,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
        "permissions": str(permissions.value),
        "communication_disabled_until": None,
    }


def channel_object(channel_id: int, guild_id: int) -> dict[str, Any]:
    return {
        "id": str(channel_id),
        "type": 0,
        "guild_id": str(guild_id),
        "name": f"channel-{channel_id % 1000}",
        "position": 0,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "flags": 0,
        "permissions": str(BOT_PERMISSIONS.value),
    }


def role_object(role_id: int, name: str | None = None) -> dict[str, Any]:
    return {
        "id": str(role_id),
        "name": name or f"role-{role_id % 1000}",
        "color": 0,
        "hoist": False,
        "position": 1,
        "permissions": "0",
        "managed": False,
        "mentionable": True,
        "flags": 0,
    }


class Actor:
    """Who sends an interaction, and where."""

    def __init__(
        self,
        user_id: int = USER_ID,
        *,
        guild_id: int = GUILD_ID,
        channel_id: int = CHANNEL_ID,
        admin: bool = False,
        permissions: discord.Permissions | None = None,
        name: str | None = None,
        roles: tuple[int, ...] = (),
        app_permissions: discord.Permissions = BOT_PERMISSIONS,
        locale: str = "en-US",
        guild_locale: str = "en-US",
    ) -> None:
        self.user_id = user_id
        self.app_permissions = app_permissions  # the bot's own permissions where the command runs
        self.locale = locale  # the member's Discord language
        self.guild_locale = guild_locale  # the server's (Server Settings → Community → language)
        self.roles = roles
        self.guild_id = guild_id
        self.channel_id = channel_id
        self.permissions = permissions or (ADMIN_PERMISSIONS if admin else MEMBER_PERMISSIONS)
        self.name = name

    def envelope(self, kind: int, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": str(next_id()),
            "application_id": str(APPLICATION_ID),
            "type": kind,
            "data": data,
            "guild_id": str(self.guild_id),
            "guild": {"id": str(self.guild_id), "locale": self.guild_locale, "features": []},
            "channel_id": str(self.channel_id),
            "channel": channel_object(self.channel_id, self.guild_id),
            "member": member_object(self.user_id, self.permissions, self.name, self.roles),
            "token": f"itoken-{next_id()}",
            "version": 1,
            "app_permissions": str(self.app_permissions.value),
            "locale": self.locale,
            "guild_locale": self.guild_locale,
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(self.guild_id)},
            "context": 0,
            "attachment_size_limit": 10 * 1024 * 1024,
        }


def _find(tree: app_commands.CommandTree, qualified: str) -> app_commands.Command[Any, ..., Any]:
    parts = qualified.split()
    found = tree.get_command(parts[0])
    for part in parts[1:]:
        if not isinstance(found, app_commands.Group):
            break
        found = found.get_command(part)
    if not isinstance(found, app_commands.Command) or found.qualified_name != qualified:
        raise KeyError(f"no command /{qualified} in the tree")
    return found


def _typed_value(param: app_commands.Parameter, value: Any) -> Any:
    t = param.type
    if t in (
        discord.AppCommandOptionType.user,
        discord.AppCommandOptionType.role,
        discord.AppCommandOptionType.channel,
    ):
        return str(value)
    if t is discord.AppCommandOptionType.mentionable:
        return str(value)
    if t is discord.AppCommandOptionType.attachment:
        return value["id"]  # the attachment object from FakeDiscord.upload
    return value


class Payloads:
    """Raw payload builders bound to a command tree (for option types)."""

    def __init__(self, tree: app_commands.CommandTree) -> None:
        self.tree = tree

    def _command_data(self, qualified: str, values: dict[str, Any], focused: str | None) -> dict[str, Any]:
        command = _find(self.tree, qualified)
        params = {p.display_name: p for p in command.parameters}
        options: list[dict[str, Any]] = []
        resolved: dict[str, dict[str, Any]] = {}
        for name, value in values.items():
            if value is None:
                continue
            param = params.get(name)
            if param is None:
                raise KeyError(f"/{qualified} has no option {name!r}; it has {sorted(params)}")
            option: dict[str, Any] = {
                "name": name,
                "type": param.type.value,
                "value": _typed_value(param, value),
            }
            if name == focused:
                option["focused"] = True
                option["type"] = param.type.value
                option["value"] = str(value)
            options.append(option)
            self._resolve(param, value, resolved)
        node: list[dict[str, Any]] = options
        parents = command.qualified_name.split()
        for depth in range(len(parents) - 1, 0, -1):
            node = [{"name": parents[depth], "type": 1 if depth == len(parents) - 1 else 2, "options": node}]
        data: dict[str, Any] = {"id": str(next_id()), "name": parents[0], "type": 1, "options": node}
        if resolved:
            data["resolved"] = resolved
        return data

    @staticmethod
    def _resolve(param: app_commands.Parameter, value: Any, resolved: dict[str, dict[str, Any]]) -> None:
        t = param.type
        if t is discord.AppCommandOptionType.user:
            resolved.setdefault("users", {})[str(value)] = user_object(int(value))
            member = member_object(int(value), MEMBER_PERMISSIONS)
            member.pop("user")
            resolved.setdefault("members", {})[str(value)] = member
        elif t is discord.AppCommandOptionType.attachment:
            resolved.setdefault("attachments", {})[value["id"]] = value
        elif t is discord.AppCommandOptionType.role:
            resolved.setdefault("roles", {})[str(value)] = role_object(int(value))
        elif t is discord.AppCommandOptionType.channel:
            resolved.setdefault("channels", {})[str(value)] = {
                "id": str(value),
                "type": 0,
                "name": f"channel-{int(value) % 1000}",
                "permissions": str(BOT_PERMISSIONS.value),
            }

    def slash(self, qualified: str, actor: Actor | None = None, **values: Any) -> dict[str, Any]:
        """A type-2 application command interaction for ``/qualified`` with ``values`` as options."""
        return (actor or Actor()).envelope(2, self._command_data(qualified, values, None))

    def autocomplete(
        self, qualified: str, focused: str, actor: Actor | None = None, **values: Any
    ) -> dict[str, Any]:
        """A type-4 autocomplete interaction with ``focused`` being typed."""
        return (actor or Actor()).envelope(4, self._command_data(qualified, values, focused))


def raw_slash(name: str, options: list[dict[str, Any]], actor: Actor | None = None) -> dict[str, Any]:
    """A type-2 payload with options exactly as given (for malformed or fuzzed input)."""
    return (actor or Actor()).envelope(2, {"id": str(next_id()), "name": name, "type": 1, "options": options})


def button(message: dict[str, Any], custom_id: str, actor: Actor | None = None) -> dict[str, Any]:
    """A type-3 button click on ``message`` (as the fake Discord stored it)."""
    payload = (actor or Actor()).envelope(3, {"custom_id": custom_id, "component_type": 2})
    payload["message"] = {**message, "channel_id": payload["channel_id"]}
    return payload


def select(
    message: dict[str, Any], custom_id: str, values: list[str], actor: Actor | None = None
) -> dict[str, Any]:
    payload = (actor or Actor()).envelope(3, {"custom_id": custom_id, "component_type": 3, "values": values})
    payload["message"] = {**message, "channel_id": payload["channel_id"]}
    return payload


def text_inputs(modal: dict[str, Any]) -> list[dict[str, Any]]:
    """The text inputs of a modal the bot sent (in action rows or labels)."""
    found: list[dict[str, Any]] = []
    for row in modal.get("components", []):
        children = row.get("components") or ([row["component"]] if "component" in row else [])
        found += [c for c in children if c.get("type") == 4]
    return found


def modal_submit(modal: dict[str, Any], values: dict[str, str], actor: Actor | None = None) -> dict[str, Any]:
    """A type-5 modal submit for ``modal``; ``values`` maps text-input custom_id (or label) to text."""
    rows = []
    for text_input in text_inputs(modal):
        label = text_input.get("label")
        value = values.get(text_input["custom_id"], values.get(label or "", ""))
        rows.append(
            {"type": 1, "components": [{"type": 4, "custom_id": text_input["custom_id"], "value": value}]}
        )
    return (actor or Actor()).envelope(5, {"custom_id": modal["custom_id"], "components": rows})


def now_iso() -> str:
    return datetime.now(UTC).isoformat()
