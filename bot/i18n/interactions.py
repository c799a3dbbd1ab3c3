"""The discord.py side of localisation: each interaction's language, and the command translator.

- :func:`activate_for` sets the answer's language from the interaction: the member's
  Discord locale, else the server's (``guild_locale``), else English.
- :class:`CatalogueTranslator` gives Discord the command, group, option and choice names
  and descriptions in every shipped locale (``tree.set_translator`` in ``setup_hook``), so
  the / menu reads in the member's language. Names are looked up with the gettext context
  ``"command name"`` and used only when valid for Discord (lowercase, ``^[-_\\p{L}\\p{N}]{1,32}$``)
  and unique among their siblings; otherwise Discord shows the English one.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import discord
from discord import app_commands
from discord.app_commands import TranslationContextLocation as Where

from bot.i18n.catalogue import load
from bot.i18n.context import resolve, set_resolved, supported

NAME_CONTEXT = "command name"
NAME_LIMIT = 32
DESCRIPTION_LIMIT = 100
CHOICE_LIMIT = 100
_NAME_CHARS = re.compile(r"^[-_\w]{1,32}$")
_NAMES = frozenset({Where.command_name, Where.group_name, Where.parameter_name})
_DESCRIPTIONS = frozenset({Where.command_description, Where.group_description, Where.parameter_description})


_RESOLVED: dict[tuple[object, object], str] = {}  # (member's, server's) Discord locales → catalogue


def locale_of(interaction: discord.Interaction[Any]) -> str:
    """The catalogue to answer ``interaction`` in."""
    key = (interaction.locale, interaction.guild_locale if interaction.guild_id is not None else None)
    found = _RESOLVED.get(key)
    if found is None:
        found = resolve(*key)
        if len(_RESOLVED) < 4096:  # Discord has a few dozen locales: pairs stay few
            _RESOLVED[key] = found
    return found


def activate_for(interaction: discord.Interaction[Any]) -> str:
    """Answer ``interaction`` in its member's (else server's, else English) language from here on."""
    locale = locale_of(interaction)
    set_resolved(locale)
    return locale


def valid_name(name: str) -> bool:
    """Discord's rule for command and option names (letters and numbers of any script, - and _)."""
    if not _NAME_CHARS.match(name) or name != name.lower():
        return False
    # \w also admits marks only in combination; Discord also allows Devanagari and Thai vowel signs.
    return all(unicodedata.category(ch)[0] in "LNM" or ch in "-_" for ch in name)


def translated_name(locale: str, name: str) -> str | None:
    """``name`` (a command, group or option name) in ``locale``, or None when untranslated or invalid."""
    text = load(locale).get(name, NAME_CONTEXT)
    if text is None or text == name or not valid_name(text) or len(text) > NAME_LIMIT:
        return None
    return text


def _siblings(location: Where, data: Any) -> list[str]:
    """The English names next to the one being translated (they must stay unique once translated)."""
    if location is Where.parameter_name:
        command = getattr(data, "command", None)
        return [p.display_name for p in getattr(command, "parameters", [])]
    parent = getattr(data, "parent", None)
    if parent is not None:
        return [c.name for c in parent.commands]
    return []


class CatalogueTranslator(app_commands.Translator):
    """Command names and descriptions from the shipped gettext catalogues."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContext[Any, Any],
    ) -> str | None:
        code = supported(locale.value)
        if code is None or code == "en":
            return None
        return translate_command_text(code, string.message, context.location, context.data)


def translate_command_text(code: str, message: str, location: Where, data: Any = None) -> str | None:
    """What the translator answers for one string (pure enough to test without a sync)."""
    if location in _NAMES:
        mine = translated_name(code, message)
        if mine is None:
            return None
        others = [
            translated_name(code, name) or name for name in _siblings(location, data) if name != message
        ]
        return None if mine in others else mine
    text = load(code).get(message)
    if text is None:
        return None
    limit = CHOICE_LIMIT if location is Where.choice_name else DESCRIPTION_LIMIT
    return text if len(text) <= limit else None
