"""/session import through the real command tree: preview, all-or-nothing, and every bad file refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.app import LiveCoach
from bot.sessions.model.export import COLUMNS
from tests.harness.dispatch import Harness, Reply
from tests.harness.fake_discord import FakeDiscord
from tests.harness.payloads import GUILD_ID, OTHER_USER_ID, USER_ID, Actor, Payloads
from tests.harness.sessions import add_session, click

NOW = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
ADMIN = Actor(1400000000000000099, admin=True)


def freeze(bot: LiveCoach) -> None:
    bot.sessions.clock = lambda: NOW


def export_csv(
    rows: int, *, start: datetime = NOW - timedelta(days=1), extra: str = "", header_extra: str = ""
) -> bytes:
    lines = [",".join(COLUMNS) + header_extra]
    for i in range(rows):
        moment = (start - timedelta(hours=3 * i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        lines.append(f",{moment},,60,1000,20,,500,,,{extra}")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


async def run_import(
    harness: Harness,
    payloads: Payloads,
    fake: FakeDiscord,
    data: bytes,
    actor: Actor | None = None,
    size: int | None = None,
) -> Reply:
    upload = fake.upload("sessions.csv", data, size=size)
    return await harness.run(payloads.slash("session import", actor, file=upload))


async def test_import_previews_then_stores_every_row(
    harness: Harness, payloads: Payloads, bot: LiveCoach, fake_discord: FakeDiscord
) -> None:
    freeze(bot)
    reply = await run_import(harness, payloads, fake_discord, export_csv(3))
    assert reply.ephemeral
    assert "Ready to import 3 sessions" in reply.text and "3 h live" in reply.text
    assert "1,500 diamonds" in reply.text and "(UTC)" in reply.text
    assert await bot.storage.sessions.count_for_member(GUILD_ID, USER_ID) == 0  # nothing before the click
    done = await click(harness, reply, "confirm:yes")
    assert done.content == "Imported 3 sessions: see /session list."
    assert await bot.storage.sessions.count_for_member(GUILD_ID, USER_ID) == 3


async def test_cancelled_import_stores_nothing(
    harness: Harness, payloads: Payloads, bot: LiveCoach, fake_discord: FakeDiscord
) -> None:
    freeze(bot)
    reply = await run_import(harness, payloads, fake_discord, export_csv(2))
    done = await click(harness, reply, "confirm:no")
    assert done.content == "Nothing was imported."
    assert await bot.storage.sessions.count_for_member(GUILD_ID, USER_ID) == 0


async def test_bad_files_get_one_private_sentence_and_store_nothing(
    harness: Harness, payloads: Payloads, bot: LiveCoach, fake_discord: FakeDiscord
) -> None:
    freeze(bot)
    await add_session(bot, now=NOW, ago=timedelta(days=1))  # the duplicate below
    cases = [
        (b"x", 50 * 1024 * 1024, "50.0 MB"),
        (b"name,score\r\nx,1\r\n", None, "not in LiveCoach's export format"),
        (export_csv(2, extra="=HYPERLINK(1)"), None, "Line 2: the note cell starts with '='"),
        (export_csv(1) + export_csv(1).split(b"\r\n", 1)[1], None, "repeats line 2"),
        (export_csv(1), None, "already logged"),
        (b"\xff\xfe\x00", None, "not UTF-8"),
    ]
    for i, (data, size, says) in enumerate(cases):
        # One member per file (imports have a cooldown); the duplicate is the logged member's own.
        actor = None if says == "already logged" else Actor(USER_ID + 1000 + i)
        reply = await run_import(harness, payloads, fake_discord, data, actor, size=size)
        assert reply.ephemeral or reply.followups, reply
        assert says in reply.text, (says, reply.text)
        assert "Traceback" not in reply.text and not reply.custom_ids
    assert await bot.storage.sessions.count_for_member(GUILD_ID, USER_ID) == 1


async def test_other_members_rows_need_manage_server(
    harness: Harness, payloads: Payloads, bot: LiveCoach, fake_discord: FakeDiscord
) -> None:
    freeze(bot)
    data = (",".join(COLUMNS) + ",member_id,member_name\r\n").encode() + (
        f",{(NOW - timedelta(days=2)):%Y-%m-%dT%H:%M:%SZ},,60,1000,20,,500,,,,{OTHER_USER_ID},Zoë\r\n".encode()
    )
    refused = await run_import(harness, payloads, fake_discord, data)
    assert "another member's session" in refused.text
    admin = await run_import(harness, payloads, fake_discord, data, ADMIN)
    done = await click(harness, admin, "confirm:yes", ADMIN)
    assert done.content.startswith("Imported 1 session")
    assert await bot.storage.sessions.count_for_member(GUILD_ID, OTHER_USER_ID) == 1


async def test_ten_thousand_rows_import_without_blocking_the_bot(
    harness: Harness, payloads: Payloads, bot: LiveCoach, fake_discord: FakeDiscord
) -> None:
    freeze(bot)
    data = export_csv(10_000, start=NOW - timedelta(hours=1))
    reply = await run_import(harness, payloads, fake_discord, data)
    assert "Ready to import 10,000 sessions" in reply.text
    assert reply.latency is not None and reply.latency < 3  # the deferral went out at once
    done = await click(harness, reply, "confirm:yes")
    assert done.content == "Imported 10,000 sessions: see /session list."
    assert await bot.storage.sessions.count_for_member(GUILD_ID, USER_ID) == 10_000
