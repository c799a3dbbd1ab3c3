from __future__ import annotations

import inspect
from typing import Any

from discord import app_commands

from bot.meta.render import admin_only
from tests.harness.dispatch import Harness
from tests.harness.payloads import Payloads


async def test_help_lists_every_command_in_the_tree(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("help"))
    assert reply.callback_type == 4
    assert reply.ephemeral
    listed = reply.text
    assert "Other" not in [f["name"] for e in reply.embeds for f in e.get("fields", [])], (
        "every cog names its section"
    )
    for command in harness.bot.tree.walk_commands():
        if not hasattr(command, "walk_commands"):
            assert f"/{command.qualified_name}" in listed


async def test_about_shows_version_and_uptime(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("about"))
    assert reply.field("Version") == harness.bot.version
    assert "min" in reply.field("Uptime")


def runtime_permissions(command: app_commands.Command[Any, ..., Any]) -> set[str]:
    """The permissions the command's ``app_commands.checks.has_permissions`` checks demand."""
    needed: set[str] = set()
    for check in command.checks:
        if check.__qualname__.startswith("has_permissions."):
            needed |= {
                name for name, value in inspect.getclosurevars(check).nonlocals["perms"].items() if value
            }
    return needed


def test_every_manage_server_command_is_hidden_from_members_by_default(harness: Harness) -> None:
    """A command that refuses members at run time must not sit in their / menu either."""
    checked = 0
    for command in harness.bot.tree.walk_commands():
        if isinstance(command, app_commands.Group) or "manage_guild" not in runtime_permissions(command):
            continue
        checked += 1
        root = command.root_parent or command
        assert root.default_permissions is not None and root.default_permissions.manage_guild, (
            f"/{command.qualified_name} needs Manage Server but /{root.name} shows in every member's menu"
        )
        assert admin_only(command)
    assert checked >= 5


async def test_help_marks_admin_commands(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("help"))
    assert "🔒 = server admins only (Manage Server)." in reply.text
    assert "**/golive channel** 🔒" in reply.text or "`/golive channel`🔒" in reply.text
    assert "**/live now** —" in reply.text or "`/live now`" in reply.text
    assert "/live now** 🔒" not in reply.text and "`/live now`🔒" not in reply.text
    one = await harness.run(payloads.slash("help", command="config show"))
    assert "server admins only" in one.text
    member = await harness.run(payloads.slash("help", command="follow"))
    assert "server admins only" not in member.text
