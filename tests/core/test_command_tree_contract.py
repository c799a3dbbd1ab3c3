"""The whole command tree, serialised as a sync would send it, against Discord's command schema."""

from __future__ import annotations

import pytest

from bot.core.app import LiveCoach
from tests.harness import contract

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
