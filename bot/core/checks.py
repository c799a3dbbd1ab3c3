"""Admin-only subcommands: Manage Server checked at run time, every time.

``default_permissions`` on a group only hides it from members' menus (and an
admin may re-enable it for others); the check here is what actually refuses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from discord import app_commands


def admin_command(
    name: str, description: str, /, *, group: app_commands.Group | None = None, **described: str
) -> Callable[[Callable[..., Any]], app_commands.Command[Any, ..., Any]]:
    """A subcommand (of ``group``, or of the cog's group) for members with Manage Server, options described."""

    def decorate(func: Callable[..., Any]) -> app_commands.Command[Any, ..., Any]:
        if described:
            func = app_commands.describe(**described)(func)
        func = app_commands.checks.has_permissions(manage_guild=True)(func)
        make = group.command if group is not None else app_commands.command
        return make(name=name, description=description)(func)

    return decorate
