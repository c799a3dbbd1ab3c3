"""One error path: expected failures become sentences, unexpected ones a logged reference."""

from __future__ import annotations

import logging
import re

import discord
import pytest
from discord import app_commands

from bot.core.app import LiveCoach
from bot.core.errors import InvalidInput, NotFound
from tests.harness.dispatch import Harness
from tests.harness.payloads import Actor, Payloads


@pytest.fixture
def probe(bot: LiveCoach) -> Payloads:
    """Test-only commands that fail in each way, added to the real tree."""
    group = app_commands.Group(name="probe", description="Test-only failures")

    @group.command(name="invalid", description="raises InvalidInput")
    async def invalid(interaction: discord.Interaction) -> None:
        raise InvalidInput("Use a number from 1 to 10.")

    @group.command(name="invalid-after-defer", description="defers, then raises InvalidInput")
    async def invalid_after_defer(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        raise NotFound("There is no session 42 in this server: run /session list to see yours.")

    @group.command(name="crash", description="raises an unexpected error")
    async def crash(interaction: discord.Interaction) -> None:
        raise RuntimeError("boom")

    @group.command(name="crash-after-output", description="defers, sends output, then crashes")
    async def crash_after_output(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.followup.send("partial result")
        raise RuntimeError("late boom")

    @group.command(name="crash-after-answer", description="answers, then crashes")
    async def crash_after_answer(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("first")
        raise RuntimeError("late boom")

    @group.command(name="admin", description="needs Manage Server")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def admin(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("ok")

    @group.command(name="slow", description="has a cooldown")
    @app_commands.checks.cooldown(1, 60, key=lambda i: (i.guild_id, i.user.id))
    async def slow(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("done")

    bot.tree.add_command(group)
    return Payloads(bot.tree)


async def test_invalid_input_is_an_ephemeral_sentence(harness: Harness, probe: Payloads) -> None:
    reply = await harness.run(probe.slash("probe invalid"))
    assert reply.callback_type == 4
    assert reply.ephemeral
    assert reply.content == "Use a number from 1 to 10."


async def test_error_after_defer_becomes_an_ephemeral_followup(harness: Harness, probe: Payloads) -> None:
    reply = await harness.run(probe.slash("probe invalid-after-defer"))
    assert reply.callback_type == 5  # a public "thinking…" placeholder
    assert reply.followups[0]["content"].startswith("There is no session 42")
    # What the channel sees: the public placeholder is gone; the error is a new, private message.
    fake = harness.fake
    assert reply.payload_token not in fake.originals
    shown = [m for m in fake.messages.values() if m["content"].startswith("There is no session 42")]
    assert len(shown) == 1 and shown[0]["flags"] & 64


async def test_unexpected_error_gives_a_reference_and_logs_the_traceback(
    harness: Harness, probe: Payloads, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="bot.core.tree"):
        reply = await harness.run(probe.slash("probe crash"))
    assert reply.ephemeral
    match = re.fullmatch(r"Something went wrong \(ref ([A-Z0-9]{6})\)\..*", reply.content)
    assert match, reply.content
    assert "boom" not in reply.content
    (record,) = [r for r in caplog.records if match.group(1) in r.getMessage()]
    assert record.exc_info is not None and "boom" in str(record.exc_info[1])


async def test_unexpected_error_after_an_answer_goes_to_a_followup(harness: Harness, probe: Payloads) -> None:
    reply = await harness.run(probe.slash("probe crash-after-answer"))
    assert reply.callback["data"]["content"] == "first"
    assert reply.followups and reply.followups[0]["content"].startswith("Something went wrong (ref ")


async def test_error_after_real_output_keeps_the_output(harness: Harness, probe: Payloads) -> None:
    reply = await harness.run(probe.slash("probe crash-after-output"))
    assert [f["content"][:20] for f in reply.followups] == ["partial result", "Something went wrong"]
    assert reply.payload_token in harness.fake.originals, "the output that replaced the placeholder stays"


async def test_missing_manage_server_is_refused_at_run_time(harness: Harness, probe: Payloads) -> None:
    refused = await harness.run(probe.slash("probe admin", Actor(admin=False)))
    assert refused.ephemeral
    assert refused.content == "You need the Manage Server permission to do that."
    allowed = await harness.run(probe.slash("probe admin", Actor(admin=True)))
    assert allowed.content == "ok"


async def test_cooldown_says_how_long_to_wait(harness: Harness, probe: Payloads) -> None:
    first = await harness.run(probe.slash("probe slow"))
    assert first.content == "done"
    second = await harness.run(probe.slash("probe slow"))
    assert second.ephemeral
    assert re.fullmatch(r"This command is cooling down: try again in \d+ s\.", second.content)
    other_member = await harness.run(probe.slash("probe slow", Actor(user_id=1400000000000000099)))
    assert other_member.content == "done", "cooldowns are per member"


async def test_unknown_command_gets_a_sentence(harness: Harness) -> None:
    from tests.harness.payloads import raw_slash

    reply = await harness.run(raw_slash("no-such-command", []))
    assert reply.ephemeral
    assert "just been updated" in reply.content


async def test_a_button_this_process_does_not_know_gets_a_sentence(harness: Harness) -> None:
    """After a restart Discord still shows old buttons; a click must not fail silently."""
    from tests.harness.fake_discord import message_object
    from tests.harness.payloads import CHANNEL_ID, button

    row = {
        "type": 1,
        "components": [{"type": 2, "style": 1, "label": "Next", "custom_id": "pager:next:dead"}],
    }
    old = message_object(CHANNEL_ID, {"components": [row]})
    reply = await harness.run(button(old, "pager:next:dead"))
    assert reply.ephemeral
    assert reply.content == "These buttons have expired: run the command again."


async def test_a_form_this_process_does_not_know_gets_a_sentence(harness: Harness) -> None:
    from tests.harness.payloads import modal_submit

    modal = {"custom_id": "form-from-before-the-restart", "components": []}
    reply = await harness.run(modal_submit(modal, {}))
    assert reply.ephemeral
    assert reply.content == "This form has expired: run the command again to open a new one."


async def test_a_live_button_is_not_answered_twice(harness: Harness, payloads: Payloads) -> None:
    from tests.harness.payloads import button

    listing = await harness.run(payloads.slash("gift list"))
    next_id = next(c for c in listing.custom_ids if "next" in c)
    reply = await harness.run(button(listing.stored_message, next_id))
    assert len(reply.callbacks) == 1
    assert reply.callback_type == 7  # the page was edited, not answered with "expired"
