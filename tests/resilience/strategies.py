"""Hypothesis strategies that build raw interaction payloads for every command in a tree."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from hypothesis import strategies as st

from tests.harness.fake_discord import next_id
from tests.harness.payloads import (
    CHANNEL_ID,
    GUILD_ID,
    OTHER_GUILD_ID,
    OTHER_USER_ID,
    ROLE_ID,
    USER_ID,
    Actor,
    Payloads,
)

OptionType = discord.AppCommandOptionType
MAX_SAFE = 2**53  # Discord's integer option range

NASTY_STRINGS = [
    "'; DROP TABLE sessions; --",
    '" OR 1=1 --',
    "@everyone @here",
    "<@&1500000000000000001> <@1400000000000000002> <#1300000000000000001>",
    "**bold** __u__ `code` ```block``` > quote || spoiler ||",
    "\x00\x01\x1b[31m\x7f",
    "\u202eevil\u202c",
    "🦁🦁🦁 lion 🌹",
    "Ｌｉｏｎ",
    "1e309",
    "NaN",
    "-inf",
    "-5",
    "0",
    "9" * 40,
    "1,000,000,000,000",
    " ",
    "\n\n\n",
    "a" * 1000,
    "2 lions, 100 roses, galaxy x5, 3×Rose",
    "lion x -3",
    "x" * 6000,
    "now",
    "yesterday 25:61",
    "2026-02-30 19:00",
    "Mars/Olympus_Mons",
    "America/New_York",
    "mon,tue,funday",
    "24:00",
    "%s %d {0} {name}",
    "null",
    "../../etc/passwd",
]

text = st.one_of(
    st.sampled_from(NASTY_STRINGS),
    st.text(min_size=1, max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=300),
)
snowflake = st.integers(min_value=10**17, max_value=2**63 - 1)


def _in_range(param: app_commands.Parameter) -> st.SearchStrategy[int]:
    low = int(param.min_value) if param.min_value is not None else -MAX_SAFE
    high = int(param.max_value) if param.max_value is not None else MAX_SAFE
    return st.one_of(st.integers(low, high), st.sampled_from([low, high]))


def value_for(param: app_commands.Parameter) -> st.SearchStrategy[Any]:
    """Values Discord could send for ``param`` — plus out-of-range numbers it is supposed to stop."""
    if param.choices:
        return st.sampled_from([c.value for c in param.choices])
    t = param.type
    if t is OptionType.string:
        strategy = text
        if param.max_value is not None:
            strategy = strategy.map(lambda s, n=int(param.max_value): s[:n] or "x")
        return strategy
    if t is OptionType.integer:
        return st.one_of(
            _in_range(param),
            st.sampled_from([0, -1, 1, MAX_SAFE, -MAX_SAFE, 10**12]),
            st.integers(-MAX_SAFE, MAX_SAFE),
        )
    if t is OptionType.number:
        return st.one_of(
            st.floats(-1e15, 1e15, allow_nan=False, allow_infinity=False),
            st.sampled_from([0.0, -0.0, -1.5, 1e-12, 9.999e14]),
        )
    if t is OptionType.boolean:
        return st.booleans()
    if t is OptionType.user:
        return st.one_of(st.sampled_from([USER_ID, OTHER_USER_ID]), snowflake)
    if t is OptionType.channel:
        return st.one_of(st.just(CHANNEL_ID), snowflake)
    if t is OptionType.role:
        return st.one_of(st.just(ROLE_ID), snowflake)
    if t is OptionType.mentionable:
        return st.sampled_from([USER_ID, ROLE_ID])
    return st.nothing()


actors = st.builds(
    Actor,
    user_id=st.sampled_from([USER_ID, OTHER_USER_ID]),
    guild_id=st.sampled_from([GUILD_ID, OTHER_GUILD_ID]),
    admin=st.booleans(),
)


def leaf_commands(tree: app_commands.CommandTree) -> list[app_commands.Command[Any, ..., Any]]:
    return sorted(
        (c for c in tree.walk_commands() if isinstance(c, app_commands.Command)),
        key=lambda c: c.qualified_name,
    )


@st.composite
def command_case(draw: st.DrawFn, payloads: Payloads) -> tuple[str, dict[str, Any]]:
    """A slash command (or an autocomplete request) with generated options, sent by a random actor."""
    command = draw(st.sampled_from(leaf_commands(payloads.tree)))
    actor = draw(actors)
    values: dict[str, Any] = {}
    for param in command.parameters:
        if param.type is OptionType.attachment:
            continue
        if param.required or draw(st.booleans()):
            values[param.display_name] = draw(value_for(param))
    completable = [p for p in command.parameters if p.autocomplete]
    if completable and draw(st.integers(0, 3)) == 0:
        param = draw(st.sampled_from(completable))
        values[param.display_name] = draw(st.one_of(st.just(""), text))
        payload = payloads.autocomplete(command.qualified_name, param.display_name, actor, **values)
        return f"autocomplete /{command.qualified_name} {param.display_name}", payload
    payload = payloads.slash(command.qualified_name, actor, **values)
    payload["id"] = str(next_id())
    return f"/{command.qualified_name}", payload
