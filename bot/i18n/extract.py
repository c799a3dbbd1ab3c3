"""Babel extraction for the cogs: ``_()`` calls as usual, plus every slash-command string.

Command, group and option names and descriptions and choice names are not ``_()`` calls:
discord.py builds them from decorators and parameter names. This extraction method
(``[bot.i18n.extract:extract_cog: cogs/**.py]`` in ``babel.cfg``) loads the cogs into a bot
that never connects, walks its command tree, and yields each string defined by the file
being scanned: names with the context ``"command name"``, the rest without a context.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from babel.messages.extract import extract_python
from discord import app_commands

from bot.i18n.interactions import NAME_CONTEXT

Found = tuple[Any, ...]


def _line(obj: Any) -> int:
    try:
        return inspect.getsourcelines(obj)[1]
    except (OSError, TypeError):
        return 1


def _module_of(command: app_commands.Command[Any, ..., Any] | app_commands.Group) -> str:
    if isinstance(command, app_commands.Command):
        return command.callback.__module__
    return type(command).__module__ if type(command) is not app_commands.Group else command.module or ""


def _strings(command: app_commands.Command[Any, ..., Any] | app_commands.Group) -> Iterator[tuple[int, Any]]:
    where = _line(command.callback if isinstance(command, app_commands.Command) else type(command))
    yield where, ("pgettext", (NAME_CONTEXT, command.name))
    yield where, ("_", command.description)
    if isinstance(command, app_commands.Command):
        for param in command.parameters:
            yield where, ("pgettext", (NAME_CONTEXT, param.display_name))
            if param.description and param.description != "…":
                yield where, ("_", param.description)
            for choice in param.choices:
                yield where, ("_", choice.name)
    else:
        for child in command.commands:
            yield from _strings(child)


def _paths(command: app_commands.Command[Any, ..., Any] | app_commands.Group) -> Iterator[tuple[str, ...]]:
    yield tuple(command.qualified_name.split())
    if isinstance(command, app_commands.Group):
        for child in command.commands:
            yield from _paths(child)


Strings = dict[str, list[tuple[int, Any]]]


async def _collect() -> tuple[Strings, frozenset[tuple[str, ...]]]:
    from bot.core.app import EXTENSIONS, LiveCoach
    from bot.core.config import Secret, Settings

    settings = Settings(token=Secret("extraction.never.connects"), database_path=Path("unused.db"))
    bot = LiveCoach(settings, background=False)
    found: Strings = {}
    paths: set[tuple[str, ...]] = set()
    try:
        for name in EXTENSIONS:
            await bot.load_extension(name)
        for command in bot.tree.get_commands():
            if isinstance(command, app_commands.Command | app_commands.Group):
                found.setdefault(_module_of(command), []).extend(_strings(command))
                paths.update(_paths(command))
    finally:
        for name in list(bot.extensions):
            await bot.unload_extension(name)
    return found, frozenset(paths)


@functools.cache
def _tree() -> tuple[Strings, frozenset[tuple[str, ...]]]:
    return asyncio.run(_collect())


def command_strings() -> Strings:
    """Every command string by the module that defines it (computed once per process)."""
    return _tree()[0]


def command_paths() -> frozenset[tuple[str, ...]]:
    """Every command and group path, e.g. ``("config", "gift", "add")`` (to check references in text)."""
    return _tree()[1]


def _module_name(fileobj: IO[bytes]) -> str:
    path = Path(getattr(fileobj, "name", "")).resolve()
    root = Path(__file__).resolve().parent.parent.parent
    try:
        relative = path.relative_to(root)
    except ValueError:
        return ""
    return ".".join(relative.with_suffix("").parts)


def extract_cog(
    fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str], options: dict[str, Any]
) -> Iterator[Found]:
    """Babel extraction method: the file's ``_()`` calls, then the commands it defines."""
    yield from extract_python(fileobj, keywords, comment_tags, options)  # type: ignore[arg-type]
    module = _module_name(fileobj)
    seen: set[tuple[str, Any]] = set()
    for lineno, (funcname, message) in command_strings().get(module, []):
        key = (funcname, message)
        if key in seen or not message:
            continue
        seen.add(key)
        yield lineno, funcname, message, []


def extract_tips(
    fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str], options: dict[str, Any]
) -> Iterator[Found]:
    """Babel extraction method for ``bot/data/tips.json``: every coaching tip, as a sentence to translate.

    The tips stay English in the data file; ``/tips`` shows ``_(tip)``, so a tip a catalogue
    does not translate yet is shown in English, and the catalogue tests check every tip.
    """
    import json

    document = json.loads(fileobj.read().decode("utf-8"))
    for topic, tips in document.get("topics", {}).items():
        for tip in tips:
            yield 1, "_", str(tip), [f"A /tips coaching tip (topic: {topic}); keep its figures."]
