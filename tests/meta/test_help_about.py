from __future__ import annotations

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
