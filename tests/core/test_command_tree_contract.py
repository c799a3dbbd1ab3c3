"""The whole command tree, serialised as a sync would send it, against Discord's command schema."""

from __future__ import annotations

import re
from typing import Any

import discord
import pytest
from discord import app_commands

from bot.core.app import LiveCoach
from bot.i18n.catalogue import load
from bot.i18n.context import TRANSLATED, discord_name
from bot.i18n.interactions import NAME_CONTEXT, CatalogueTranslator
from tests.harness import contract

# Discord's rule for command and option names (the \p{L}, \p{N} of its API description).
NAME = re.compile(r"^[-_\w]{1,32}$")

needs_spec = pytest.mark.skipif(not contract.spec_available(), reason=contract.SKIP_REASON)


@needs_spec
def test_every_command_validates_against_the_create_schema(bot: LiveCoach) -> None:
    commands = [command.to_dict(bot.tree) for command in bot.tree.get_commands()]
    assert len(commands) >= 2
    problems = [problem for command in commands for problem in contract.validate_command_payload(command)]
    assert not problems, "\n".join(problems)


def test_the_tree_fits_discord_limits(bot: LiveCoach) -> None:
    commands = bot.tree.get_commands()
    assert len(commands) <= 100, "Discord allows 100 global chat-input commands"
    for command in bot.tree.walk_commands():
        assert 1 <= len(command.description) <= 100, command.qualified_name
        if hasattr(command, "parameters"):
            assert len(command.parameters) <= 25, command.qualified_name


@needs_spec
def test_the_checker_catches_what_the_spec_does_not_encode() -> None:
    bad = {
        "name": "Estimate",
        "description": "x",
        "options": [
            {"type": 3, "name": "later", "description": "optional first", "required": False},
            {"type": 3, "name": "text", "description": "required second", "required": True},
        ],
    }
    problems = contract.validate_command_payload(bad)
    assert any("lowercase" in p for p in problems)
    assert any("comes after an optional one" in p for p in problems)


@needs_spec
def test_the_checker_rejects_an_oversized_embed_total() -> None:
    embeds = [{"title": "t", "description": "d" * 4000}, {"description": "e" * 2500}]
    problems = contract.validate_request(
        "POST", "/interactions/1/tok/callback", {"type": 4, "data": {"embeds": embeds}}
    )
    assert any("6000" in p for p in problems)
    assert (
        contract.validate_request(
            "POST", "/interactions/1/tok/callback", {"type": 4, "data": {"content": "ok"}}
        )
        == []
    )


# -- localised commands (issue 16) ---------------------------------------------------------------
async def translated_payloads(bot: LiveCoach) -> list[dict[str, Any]]:
    """The commands exactly as ``tree.sync`` sends them, with the installed translator's localizations."""
    translator = bot.tree.translator
    assert isinstance(translator, CatalogueTranslator), "setup_hook installs the catalogue translator"
    return [await command.get_translated_payload(bot.tree, translator) for command in bot.tree.get_commands()]


def _walk(node: dict[str, Any]) -> list[dict[str, Any]]:
    found = [node]
    for option in node.get("options") or []:
        found += _walk(option)
    return found


@needs_spec
async def test_the_localised_payload_validates_against_the_create_schema(bot: LiveCoach) -> None:
    commands = await translated_payloads(bot)
    problems = [problem for command in commands for problem in contract.validate_command_payload(command)]
    assert not problems, "\n".join(problems)


async def test_every_shipped_locale_localises_names_and_descriptions(bot: LiveCoach) -> None:
    commands = await translated_payloads(bot)
    estimate = next(c for c in commands if c["name"] == "estimate")
    assert estimate["name_localizations"]["pt-BR"] == "estimar"
    assert estimate["description_localizations"]["de"] == "Was TikTok-Geschenke wert sind"
    for locale in TRANSLATED:
        discord_locale = discord_name(locale)
        assert discord_locale in estimate["description_localizations"], locale
        for node in (n for c in commands for n in _walk(c)):
            assert discord_locale in (node.get("description_localizations") or {}), (locale, node["name"])


async def test_localised_names_are_valid_and_unique_among_siblings(bot: LiveCoach) -> None:
    """Every name translated in a catalogue reaches Discord: none is dropped as invalid or duplicate."""
    commands = await translated_payloads(bot)
    problems = []

    def check(siblings: list[dict[str, Any]], where: str) -> None:
        for locale in TRANSLATED:
            key = discord_name(locale)
            names = [(s.get("name_localizations") or {}).get(key, s["name"]) for s in siblings]
            if len(set(names)) != len(names):
                problems.append(f"{where} {key}: duplicate names {sorted(names)}")
            for sibling, name in zip(siblings, names, strict=True):
                if not NAME.match(name) or name != name.lower():
                    problems.append(f"{where} {key}: invalid name {name!r}")
                wanted = load(locale).get(sibling["name"], NAME_CONTEXT)
                if wanted and wanted != sibling["name"] and name != wanted:
                    problems.append(f"{where} {key}: {sibling['name']!r} → {wanted!r} was dropped")
        for sibling in siblings:
            if sibling.get("options"):
                check(sibling["options"], f"{where} {sibling['name']}")
            for choice in sibling.get("choices") or []:
                for text in (choice.get("name_localizations") or {}).values():
                    if not 1 <= len(text) <= 100:
                        problems.append(f"{where} {sibling['name']}: choice name {text!r} too long")

    check(commands, "/")
    assert not problems, "\n".join(problems)


async def test_unsupported_and_english_locales_get_no_localization() -> None:
    translator = CatalogueTranslator()
    context = app_commands.TranslationContext(
        app_commands.TranslationContextLocation.command_description, None
    )
    text = app_commands.locale_str("What TikTok gifts are worth")
    assert await translator.translate(text, discord.Locale.japanese, context) is None
    assert await translator.translate(text, discord.Locale.american_english, context) is None
    assert await translator.translate(text, discord.Locale.brazil_portuguese, context) == (
        "Quanto valem os presentes do TikTok"
    )
