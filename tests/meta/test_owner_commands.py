"""/livecoach: owner-only maintenance, registered only in DEV_GUILD_ID and checked at run time."""

from __future__ import annotations

import dataclasses
from typing import Any

import discord
import pytest

from bot.core.app import LiveCoach
from bot.core.config import Settings
from bot.meta.owner import NOT_AN_OWNER
from tests.harness.dispatch import Harness
from tests.harness.factory import FAKE_TOKEN
from tests.harness.fake_discord import FakeDiscord
from tests.harness.payloads import GUILD_ID, USER_ID, Actor, raw_slash

OWNER = USER_ID
MEMBER = USER_ID + 7


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return dataclasses.replace(settings, owner_ids=frozenset({OWNER}), dev_guild_id=GUILD_ID)


def owner_command(sub: str, options: list[dict[str, Any]] | None = None, user: int = OWNER) -> dict[str, Any]:
    subcommand = {"name": sub, "type": 1, "options": options or []}
    payload = raw_slash("livecoach", [subcommand], Actor(user, admin=True))
    payload["data"]["guild_id"] = str(GUILD_ID)  # how Discord marks a command registered in a server
    return payload


def test_the_group_lives_only_in_the_dev_server_and_is_hidden_by_default(bot: LiveCoach) -> None:
    assert bot.tree.get_command("livecoach") is None, "never a global command"
    group = bot.tree.get_command("livecoach", guild=discord.Object(GUILD_ID))
    assert isinstance(group, discord.app_commands.Group)
    assert group.default_permissions == discord.Permissions(administrator=True)
    assert {c.name for c in group.commands} == {"status", "resync", "catalogue"}


@pytest.mark.parametrize("sub", ["status", "resync", "catalogue"])
async def test_a_member_who_is_not_an_owner_is_refused(
    harness: Harness, fake_discord: FakeDiscord, sub: str
) -> None:
    # Even a server admin (who sees the command) is refused at run time.
    reply = await harness.run(owner_command(sub, user=MEMBER))
    assert reply.ephemeral and reply.content == NOT_AN_OWNER
    assert fake_discord.commands == {}, "nothing was synced"


async def test_status_reports_the_running_bot(harness: Harness) -> None:
    reply = await harness.run(owner_command("status"))
    assert reply.ephemeral
    assert reply.field("Version")
    assert reply.field("Database").startswith("version ")
    assert reply.field("Gift catalogue").startswith("as of ")


async def test_status_of_a_shard_process_says_which_shards_its_figures_cover(
    harness: Harness, bot: LiveCoach
) -> None:
    whole = await harness.run(owner_command("status"))
    assert whole.field("Gateway").startswith("1 shard, latency")
    assert "this process" not in whole.field("Servers")
    bot.plan = dataclasses.replace(bot.plan, ids=(1, 3), count=4)  # as SHARD_IDS=1,3 SHARD_COUNT=4 set it
    bot.shard_count = 4
    partial = await harness.run(owner_command("status"))
    assert partial.field("Gateway").startswith("shards 1, 3 of 4 here, latency")
    assert partial.field("Servers").endswith("(this process's shards)")


async def test_catalogue_compares_memory_with_the_shipped_file(harness: Harness) -> None:
    reply = await harness.run(owner_command("catalogue"))
    assert reply.ephemeral and "They match." in reply.content


async def test_resync_here_registers_the_tree_in_the_dev_server(
    harness: Harness, fake_discord: FakeDiscord
) -> None:
    reply = await harness.run(owner_command("resync", [{"name": "scope", "type": 3, "value": "here"}]))
    synced = fake_discord.commands[str(GUILD_ID)]
    assert "livecoach" in {c["name"] for c in synced}
    assert f"Synced {len(synced)} commands to this server." in reply.text
    assert "global" not in fake_discord.commands, "a server resync leaves global commands alone"


async def test_without_owner_ids_there_is_no_owner_command(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    plain = dataclasses.replace(settings, owner_ids=frozenset())
    bot = LiveCoach(plain)
    try:
        await bot.login(FAKE_TOKEN)
        assert bot.tree.get_command("livecoach") is None
        assert bot.tree.get_command("livecoach", guild=discord.Object(GUILD_ID)) is None
    finally:
        await bot.close()
