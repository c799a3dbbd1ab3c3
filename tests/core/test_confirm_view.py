"""Confirm views answer each click exactly once (Discord refuses a second answer)."""

from __future__ import annotations

import asyncio

from bot.core.app import LiveCoach
from bot.core.ui import STALE_COMPONENT, ConfirmView
from tests.harness import payloads as P
from tests.harness.dispatch import Harness, Reply
from tests.harness.payloads import GUILD_ID, Payloads
from tests.harness.sessions import add_session, button_id, click


def answered_once(reply: Reply) -> None:
    refused = [r for r in reply.attempts if r.status == 400]
    assert not refused, f"a second answer was sent and refused: {[r.json for r in refused]}"
    assert len(reply.callbacks) == 1, reply.requests
    assert STALE_COMPONENT not in reply.text


async def test_cancel_on_session_delete_is_answered_once(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    record = await add_session(bot)
    reply = await harness.run(payloads.slash("session delete", id=record.id))
    done = await click(harness, reply, "confirm:no")
    answered_once(done)
    assert done.callback_type == 7 and done.content == f"Kept session #{record.id}."


async def test_confirm_on_session_delete_is_answered_once(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    record = await add_session(bot)
    reply = await harness.run(payloads.slash("session delete", id=record.id))
    done = await click(harness, reply, "confirm:yes")
    answered_once(done)
    assert await bot.storage.sessions.get(GUILD_ID, record.id) is None


async def test_cancel_and_confirm_on_privacy_delete_are_answered_once(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    await add_session(bot)
    reply = await harness.run(payloads.slash("privacy delete"))
    answered_once(await click(harness, reply, "confirm:no"))
    again = await harness.run(payloads.slash("privacy delete"))
    done = await click(harness, again, "confirm:yes")
    answered_once(done)
    assert "Deleted 1 session" in done.content


async def test_a_click_after_the_answer_gets_one_expired_answer(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    record = await add_session(bot)
    reply = await harness.run(payloads.slash("session delete", id=record.id))
    await click(harness, reply, "confirm:no")
    late = await click(harness, reply, "confirm:yes")
    assert len(late.callbacks) == 1 and late.content == STALE_COMPONENT
    assert await bot.storage.sessions.get(GUILD_ID, record.id) is not None


async def test_two_quick_confirm_clicks_delete_once_and_answer_each_once(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    record = await add_session(bot)
    reply = await harness.run(payloads.slash("session delete", id=record.id))
    message, custom_id = reply.stored_message, button_id(reply, "confirm:yes")
    first, second = await asyncio.gather(
        harness.run(P.button(message, custom_id)), harness.run(P.button(message, custom_id))
    )
    answered_once(first)
    answered_once(second)
    assert first.content == f"Deleted session #{record.id}."
    assert second.content == ConfirmView.BUSY
    assert await bot.storage.sessions.get(GUILD_ID, record.id) is None
