"""Helpers shared by the tests that log sessions and click their buttons (sessions, stats, privacy)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from bot.core.app import LiveCoach
from bot.sessions.model.record import SessionRecord, validate_session
from tests.harness import payloads as P
from tests.harness.dispatch import Harness, Reply
from tests.harness.payloads import GUILD_ID, OTHER_USER_ID, USER_ID, Actor

ME = Actor()
OTHER = Actor(OTHER_USER_ID)


async def add_session(
    bot: LiveCoach,
    *,
    guild_id: int = GUILD_ID,
    user_id: int = USER_ID,
    ago: timedelta = timedelta(days=1),
    minutes: int = 60,
    likes: int = 1000,
    diamonds: int = 500,
    peak: int = 20,
    avg: int | None = None,
    now: datetime | None = None,
) -> SessionRecord:
    """Store a validated session directly (the data a test starts from)."""
    now = now or datetime.now(UTC)
    record = validate_session(
        guild_id=guild_id,
        user_id=user_id,
        started_at=now - ago,
        duration_minutes=minutes,
        likes=likes,
        peak_viewers=peak,
        diamonds=diamonds,
        avg_viewers=avg,
        now=now,
    )
    return await bot.storage.sessions.add(record)


def button_id(reply: Reply, prefix: str) -> str:
    matches = [c for c in reply.custom_ids if c.startswith(prefix)]
    assert matches, f"no button {prefix!r} in {reply.custom_ids}"
    return matches[0]


async def click(harness: Harness, reply: Reply, prefix: str, actor: Actor = ME) -> Reply:
    return await harness.run(P.button(reply.stored_message, button_id(reply, prefix), actor))


def modal_values(modal: dict) -> dict[str, str]:
    return {c["custom_id"]: c.get("value") or "" for c in P.text_inputs(modal)}


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
