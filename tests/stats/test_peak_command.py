"""/peak through the real command tree: heatmap + top slots in the server's zone, or labelled generic advice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.app import LiveCoach
from bot.sessions.model.record import SessionRecord
from tests.harness.dispatch import Harness
from tests.harness.payloads import GUILD_ID, Actor, Payloads

NOW = datetime(2026, 1, 10, 12, tzinfo=UTC)
NY = ZoneInfo("America/New_York")


@pytest.fixture(autouse=True)
def fixed_clock(bot: LiveCoach) -> None:
    bot.sessions.clock = lambda: NOW


def session(start: datetime, diamonds: int, likes: int, minutes: int = 60) -> SessionRecord:
    return SessionRecord(
        id=None,
        guild_id=GUILD_ID,
        user_id=1400000000000000001,
        started_at=start,
        duration_minutes=minutes,
        likes=likes,
        peak_viewers=10,
        avg_viewers=None,
        diamonds=diamonds,
        new_followers=None,
    )


async def seed(bot: LiveCoach) -> None:
    """12 one-hour sessions in New York time: Thu 20:00 (most diamonds), Sat 11:00, Tue 21:00 (most likes)."""
    base = datetime(2025, 12, 4, 20, tzinfo=NY)  # a Thursday
    for week in range(4):
        await bot.storage.sessions.add(session(base + timedelta(weeks=week), 5000, 1000))
        await bot.storage.sessions.add(session(base + timedelta(weeks=week, days=2, hours=-9), 3000, 2000))
        await bot.storage.sessions.add(session(base + timedelta(weeks=week, days=-2, hours=1), 1000, 90000))


async def test_too_few_sessions_gives_labelled_generic_guidance(
    bot: LiveCoach, harness: Harness, payloads: Payloads
) -> None:
    await bot.storage.settings.update(GUILD_ID, timezone="Europe/Paris")
    await bot.storage.sessions.add(session(datetime(2026, 1, 1, 19, tzinfo=UTC), 100, 100))
    reply = await harness.run(payloads.slash("peak", Actor()))
    assert reply.callback_type == 5
    assert reply.files == []
    assert "generic" in reply.embed["title"]
    assert "1 logged session in this period" in reply.embed["description"]
    assert "at least 10" in reply.embed["description"]
    assert "Generic guidance, not from this server's sessions".lower() in reply.embed["description"].lower()
    assert "Thu 20:00–21:00 (generic)" in reply.field("Generic slots")  # CET prime time starts at 20:00


async def test_heatmap_and_top_slots_in_the_server_zone(
    bot: LiveCoach, harness: Harness, payloads: Payloads
) -> None:
    await bot.storage.settings.update(GUILD_ID, timezone="America/New_York")
    await seed(bot)
    reply = await harness.run(payloads.slash("peak", Actor()))
    ((name, png),) = reply.files
    assert name == "peak.png" and png.startswith(b"\x89PNG")
    assert reply.embed["image"]["url"] == "attachment://peak.png"
    assert "From 12 logged sessions" in reply.embed["description"]
    assert reply.field("Top windows (America/New_York)").splitlines() == [
        "**1.** Thu 20:00–21:00 · 5,000 diamonds per hour (4.0 h of data, 4 sessions)",
        "**2.** Sat 11:00–12:00 · 3,000 diamonds per hour (4.0 h of data, 4 sessions)",
        "**3.** Tue 21:00–22:00 · 1,000 diamonds per hour (4.0 h of data, 4 sessions)",
    ]
    assert "Time zone" not in reply.text
    likes = await harness.run(payloads.slash("peak", Actor(), metric="likes_per_hour"))
    assert (
        likes.field("Top windows").splitlines()[0]
        == "**1.** Tue 21:00–22:00 · 90,000 likes per hour (4.0 h of data, 4 sessions)"
    )


async def test_period_limits_the_sessions(bot: LiveCoach, harness: Harness, payloads: Payloads) -> None:
    await seed(bot)  # all in December 2025, more than 30 days before NOW except the last weeks
    month = await harness.run(payloads.slash("peak", Actor(), period="30d"))
    year = await harness.run(payloads.slash("peak", Actor(), period="365d"))
    assert "generic" in month.embed["title"]
    assert "From 12 logged sessions" in year.embed["description"]


async def test_the_utc_default_is_flagged_and_one_big_night_is_no_peak(
    bot: LiveCoach, harness: Harness, payloads: Payloads
) -> None:
    """Ten logs of one evening are "low" data: no peak window, and the server is told its zone is UTC."""
    for _ in range(10):
        await bot.storage.sessions.add(session(datetime(2026, 1, 7, 20, tzinfo=UTC), 50_000, 100))
    reply = await harness.run(payloads.slash("peak", Actor()))
    assert "still UTC" in reply.field("⚠️ Time zone") and "/config timezone" in reply.text
    assert "No slot has enough data yet" in reply.field("Top windows")
    assert len(reply.files) == 1


async def test_merged_hours_make_one_window(bot: LiveCoach, harness: Harness, payloads: Payloads) -> None:
    await bot.storage.settings.update(GUILD_ID, timezone="America/New_York")
    base = datetime(2025, 12, 4, 19, tzinfo=NY)  # Thursdays 19:00-21:00, evenly strong
    for week in range(5):
        await bot.storage.sessions.add(session(base + timedelta(weeks=week), 4000, 100, minutes=120))
    for week in range(5):
        await bot.storage.sessions.add(session(base + timedelta(weeks=week, days=2), 500, 100))
    reply = await harness.run(payloads.slash("peak", Actor()))
    lines = reply.field("Top windows").splitlines()
    assert lines[0] == "**1.** Thu 19:00–21:00 · 2,000 diamonds per hour (10.0 h of data, 5 sessions)"
    assert len(lines) == 2 and lines[1].startswith("**2.** Sat 19:00–20:00")


async def test_member_option_shows_one_creators_own_best_times(
    bot: LiveCoach, harness: Harness, payloads: Payloads
) -> None:
    await bot.storage.settings.update(GUILD_ID, timezone="America/New_York")
    await seed(bot)  # all sessions belong to USER_ID
    other = 1400000000000000002
    mine = await harness.run(payloads.slash("peak", Actor(), member=1400000000000000001))
    assert "From 12 logged sessions of" in mine.embed["description"]
    theirs = await harness.run(payloads.slash("peak", Actor(), member=other))
    assert "generic" in theirs.embed["title"] and "has 0 logged sessions" in theirs.embed["description"]


async def test_add_peak_warns_while_the_zone_is_the_utc_default(
    bot: LiveCoach, harness: Harness, payloads: Payloads
) -> None:
    reply = await harness.run(payloads.slash("reminder add-peak", Actor(admin=True)))
    assert "still UTC" in reply.field("⚠️ Time zone")
