"""/reminder through the real command tree: add, list, remove, pause/resume, test, add-peak, checks."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from datetime import time as dtime
from zoneinfo import ZoneInfo

import pytest

from bot.core.app import LiveCoach
from bot.core.config import Settings
from bot.reminders.model.reminder import MAX_REMINDERS_PER_SERVER
from bot.reminders.service import TIMER_JOB_ID
from tests.harness import payloads as P
from tests.harness.dispatch import Harness
from tests.harness.fake_discord import FakeDiscord, Fault
from tests.harness.payloads import CHANNEL_ID, GUILD_ID, OTHER_GUILD_ID, ROLE_ID, Actor, Payloads
from tests.harness.reminders import scheduled
from tests.harness.sessions import add_session

ADMIN = Actor(admin=True)
OTHER_CHANNEL = 1300000000000000777
NOW = datetime(2026, 1, 10, 12, tzinfo=UTC)  # a Saturday


@pytest.fixture(autouse=True)
def fixed_clock(bot: LiveCoach, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bot.reminders, "clock", lambda: NOW)


def unix(text: str, style: str) -> int:
    match = re.search(rf"<t:(\d+):{style}>", text)
    assert match, text
    return int(match.group(1))


async def add(harness: Harness, payloads: Payloads, **options: object) -> int:
    reply = await harness.run(payloads.slash("reminder add", ADMIN, **options))
    assert reply.ephemeral
    match = re.search(r"Reminder #(\d+) added", reply.embed.get("title", ""))
    assert match, reply.text
    return int(match.group(1))


async def test_add_then_list_shows_next_time_and_job(
    bot: LiveCoach, harness: Harness, payloads: Payloads
) -> None:
    reply = await harness.run(
        payloads.slash(
            "reminder add",
            ADMIN,
            days="weekdays",
            time="19:00",
            timezone="America/New_York",
            role=ROLE_ID,
            message="Prime time!",
            minutes_before=15,
        )
    )
    assert reply.callback_type == 4 and reply.ephemeral
    assert "Weekdays at 19:00 America/New_York, posted 15 min before" in reply.text
    next_post = datetime.fromtimestamp(unix(reply.text, "F"), UTC)
    # Mon 12 Jan 2026 18:45 EST = 23:45 UTC
    assert next_post == datetime(2026, 1, 12, 23, 45, tzinfo=UTC)
    assert unix(reply.text, "R") == int(next_post.timestamp())
    rid = int(re.search(r"#(\d+)", reply.embed["title"]).group(1))  # type: ignore[union-attr]
    assert await scheduled(bot, rid) == next_post  # on the due timer, at the post the reply names

    listing = await harness.run(payloads.slash("reminder list", Actor()))  # open to everyone
    assert listing.ephemeral
    field = listing.field(f"#{rid}")
    assert "✅ Active" in field and f"<t:{int(next_post.timestamp())}:F>" in field
    assert f"<t:{int(next_post.timestamp())}:R>" in field
    assert f"<#{CHANNEL_ID}>" in field and f"<@&{ROLE_ID}>" in field


async def test_default_zone_is_the_servers(bot: LiveCoach, harness: Harness, payloads: Payloads) -> None:
    await bot.storage.settings.update(GUILD_ID, timezone="Europe/London")
    rid = await add(harness, payloads, days="sat", time="10:00", channel=OTHER_CHANNEL)
    reminder = await bot.storage.reminders.get(GUILD_ID, rid)
    assert (
        reminder is not None and reminder.timezone == "Europe/London" and reminder.channel_id == OTHER_CHANNEL
    )
    assert reminder.days == frozenset({5})


async def test_dst_note_is_in_the_reply(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(
        payloads.slash("reminder add", ADMIN, days="sun", time="02:30", timezone="America/New_York")
    )
    assert reply.field("Daylight saving") == (
        "On Sun 8 Mar 2026 02:30 does not exist in America/New_York (clocks go forward); "
        "that day's reminder posts at 03:30 instead."
    )
    plain = await harness.run(payloads.slash("reminder add", ADMIN, days="sun", time="19:00", timezone="UTC"))
    assert "Daylight saving" not in plain.text


@pytest.mark.parametrize(
    ("options", "sentence"),
    [
        ({"days": "someday", "time": "19:00"}, "Use days like"),
        ({"days": "daily", "time": "25:00"}, "Use a time like"),
        ({"days": "daily", "time": "19:00", "timezone": "Mars/Olympus"}, "Unknown time zone"),
        ({"days": "daily", "time": "19:00", "role": GUILD_ID}, "Pick a role to ping other"),
    ],
)
async def test_bad_input_is_one_sentence(
    harness: Harness, payloads: Payloads, options: dict[str, object], sentence: str
) -> None:
    reply = await harness.run(payloads.slash("reminder add", ADMIN, **options))
    assert reply.ephemeral and reply.content.startswith(sentence) and reply.content.endswith((".", "?"))


async def test_admin_commands_need_manage_server(harness: Harness, payloads: Payloads) -> None:
    rid = await add(harness, payloads, days="daily", time="19:00", timezone="UTC")
    member = Actor()
    for name, options in [
        ("reminder add", {"days": "daily", "time": "19:00"}),
        ("reminder add-peak", {}),
        ("reminder remove", {"id": rid}),
        ("reminder pause", {"id": rid}),
        ("reminder resume", {"id": rid}),
        ("reminder test", {"id": rid}),
    ]:
        reply = await harness.run(payloads.slash(name, member, **options))
        assert reply.content == "You need the Manage Server permission to do that.", name


async def test_cap_per_server(bot: LiveCoach, harness: Harness, payloads: Payloads) -> None:
    for _ in range(MAX_REMINDERS_PER_SERVER):
        await add(harness, payloads, days="daily", time="19:00", timezone="UTC")
    reply = await harness.run(
        payloads.slash("reminder add", ADMIN, days="daily", time="20:00", timezone="UTC")
    )
    assert reply.content == (
        "This server already has the maximum of 25 reminders: remove one with /reminder remove first."
    )
    assert await bot.storage.reminders.count(GUILD_ID) == MAX_REMINDERS_PER_SERVER
    listing = await harness.run(payloads.slash("reminder list", Actor()))
    assert len(listing.embed["fields"]) == 25  # and the fake checked the 6,000-character limit


async def test_pause_resume_remove_and_other_servers(
    bot: LiveCoach, harness: Harness, payloads: Payloads
) -> None:
    rid = await add(harness, payloads, days="daily", time="19:00", timezone="UTC")
    other = Actor(admin=True, guild_id=OTHER_GUILD_ID)
    for name in ("reminder pause", "reminder remove", "reminder test"):
        reply = await harness.run(payloads.slash(name, other, id=rid))
        assert reply.content == f"There is no reminder #{rid} in this server: /reminder list shows them."
    paused = await harness.run(payloads.slash("reminder pause", ADMIN, id=rid))
    assert paused.content.startswith(f"Paused reminder #{rid}")
    assert await scheduled(bot, rid) is None
    listing = await harness.run(payloads.slash("reminder list", Actor()))
    assert "⏸️ Paused: paused by" in listing.field(f"#{rid}")
    again = await harness.run(payloads.slash("reminder pause", ADMIN, id=rid))
    assert "already paused" in again.content
    resumed = await harness.run(payloads.slash("reminder resume", ADMIN, id=rid))
    assert resumed.content.startswith(f"Resumed reminder #{rid}. Next post <t:")
    assert await scheduled(bot, rid) is not None
    removed = await harness.run(payloads.slash("reminder remove", ADMIN, id=rid))
    assert removed.content == f"Removed reminder #{rid} (Every day at 19:00 UTC)."
    assert await scheduled(bot, rid) is None
    assert await bot.storage.reminders.get(GUILD_ID, rid) is None


async def test_id_and_days_and_zone_autocomplete(harness: Harness, payloads: Payloads) -> None:
    rid = await add(harness, payloads, days="mon,wed", time="19:00", timezone="UTC")
    await harness.run(
        payloads.slash("reminder add", Actor(admin=True, guild_id=OTHER_GUILD_ID), days="daily", time="8:00")
    )
    choices = (await harness.run(payloads.autocomplete("reminder remove", "id", ADMIN, id=""))).choices
    assert choices == [{"name": f"#{rid} · Mon, Wed at 19:00 UTC", "value": rid}]
    days = (await harness.run(payloads.autocomplete("reminder add", "days", ADMIN, days="mon-thu"))).choices
    assert days[0] == {"name": "mon-thu → Mon, Tue, Wed, Thu", "value": "mon-thu"}
    zones = (
        await harness.run(payloads.autocomplete("reminder add", "timezone", ADMIN, timezone="new y"))
    ).choices
    assert zones[0]["value"] == "America/New_York"


async def test_test_post_is_marked_as_a_test_and_pings_nobody(
    harness: Harness, payloads: Payloads, fake_discord: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    rid = await add(
        harness,
        payloads,
        days="daily",
        time="19:00",
        timezone="UTC",
        role=ROLE_ID,
        message="Go go go",
        channel=OTHER_CHANNEL,
    )
    reply = await harness.run(payloads.slash("reminder test", ADMIN, id=rid))
    assert reply.callback_type == 5
    assert reply.followups[-1]["content"] == (
        f"Posted a test of reminder #{rid} in <#{OTHER_CHANNEL}>, marked as a test; it pinged nobody."
    )
    (post,) = fake_discord.channel_messages(OTHER_CHANNEL)
    assert post.json["content"] == (
        f"-# 🧪 Test of go-live reminder #{rid}, not a real alert. "
        f"The real post pings <@&{ROLE_ID}>; this test pings nobody.\n🔴 **Going LIVE now!**\nGo go go"
    )
    assert post.json["allowed_mentions"] == {"parse": [], "roles": []}  # the role is named, not pinged
    fake_discord.channel_status[OTHER_CHANNEL] = 403
    refused = await harness.run(payloads.slash("reminder test", ADMIN, id=rid))
    assert refused.followups[-1]["content"].startswith(f"I'm not allowed to post in <#{OTHER_CHANNEL}>")
    # One 503 (and the REST policy's retries): a clear sentence, not "Something went wrong (ref …)".
    monkeypatch.setattr("bot.core.http.DEFAULT_BUDGET", 0.1)  # the policy gives up at once
    del fake_discord.channel_status[OTHER_CHANNEL]
    fake_discord.faults.append(Fault("POST", rf"^/channels/{OTHER_CHANNEL}/messages$", 503, times=-1))
    unavailable = await harness.run(payloads.slash("reminder test", ADMIN, id=rid))
    text = unavailable.followups[-1]["content"]
    assert "Discord didn't take the test post (HTTP 503): nothing was posted" in text and "ref" not in text


async def test_a_role_the_bot_cannot_mention_is_refused_at_add_time(
    bot: LiveCoach, harness: Harness, payloads: Payloads
) -> None:
    payload = payloads.slash("reminder add", ADMIN, days="daily", time="19:00", role=ROLE_ID)
    payload["data"]["resolved"]["roles"][str(ROLE_ID)]["mentionable"] = False
    payload["app_permissions"] = str(P.BOT_PERMISSIONS.value & ~(1 << 17))  # no Mention Everyone
    reply = await harness.run(payload)
    assert reply.ephemeral and "isn't mentionable" in reply.text
    assert await bot.storage.reminders.list_for_guild(GUILD_ID) == []
    # With Mention Everyone the bot can ping it, so it is accepted.
    allowed = payloads.slash("reminder add", ADMIN, days="daily", time="19:00", role=ROLE_ID)
    allowed["data"]["resolved"]["roles"][str(ROLE_ID)]["mentionable"] = False
    await add_payload(harness, allowed)


async def add_payload(harness: Harness, payload: dict) -> None:  # type: ignore[type-arg]
    reply = await harness.run(payload)
    assert "added" in reply.embed.get("title", ""), reply.text


async def session(bot: LiveCoach, start: datetime, diamonds: int) -> None:
    """A one-hour session that started at ``start``."""
    await add_session(bot, ago=NOW - start, now=NOW, diamonds=diamonds, likes=1000, minutes=60)


async def test_add_peak_uses_top_slots(bot: LiveCoach, harness: Harness, payloads: Payloads) -> None:
    await bot.storage.settings.update(GUILD_ID, timezone="America/New_York")
    # 12 one-hour sessions: Thursdays 20:00 EST are best, then Saturdays 11:00, then Tuesdays 21:00.
    base = datetime(2025, 12, 4, 20, tzinfo=ZoneInfo("America/New_York"))  # a Thursday
    for week in range(4):
        await session(bot, base + timedelta(weeks=week), 5000)
        await session(bot, base + timedelta(weeks=week, days=2, hours=-9), 3000)
        await session(bot, base + timedelta(weeks=week, days=-2, hours=1), 1000)
    reply = await harness.run(payloads.slash("reminder add-peak", ADMIN, minutes_before=30, role=ROLE_ID))
    assert reply.embed["title"] == "Added 3 reminders before your top slots"
    stored = await bot.storage.reminders.list_for_guild(GUILD_ID)
    assert [(r.days, r.at.hour, r.lead_minutes, r.role_id) for r in stored] == [
        (frozenset({3}), 20, 30, ROLE_ID),
        (frozenset({5}), 11, 30, ROLE_ID),
        (frozenset({1}), 21, 30, ROLE_ID),
    ]
    assert all("from this server's sessions" in (r.label or "") for r in stored)


async def test_add_peak_without_data_is_labelled_generic(
    bot: LiveCoach, harness: Harness, payloads: Payloads
) -> None:
    await bot.storage.settings.update(GUILD_ID, timezone="America/Los_Angeles")
    reply = await harness.run(payloads.slash("reminder add-peak", ADMIN))
    assert "generic" in reply.embed["title"]
    stored = await bot.storage.reminders.list_for_guild(GUILD_ID)
    assert [(r.days, r.at.hour, r.lead_minutes) for r in stored] == [
        (frozenset({3}), 18, 15),  # Pacific prime time starts at 18:00
        (frozenset({5}), 10, 15),
        (frozenset({1}), 18, 15),
    ]
    assert all("generic guidance" in (r.label or "") for r in stored)
    listing = await harness.run(payloads.slash("reminder list", Actor()))
    assert "generic guidance" in listing.text


async def test_channel_option_is_text_only(bot: LiveCoach, harness: Harness, payloads: Payloads) -> None:
    add_command = bot.tree.get_command("reminder").get_command("add")  # type: ignore[union-attr]
    option = next(o for o in add_command.to_dict(bot.tree)["options"] if o["name"] == "channel")
    assert option["channel_types"] == [0, 5]
    payload = payloads.slash("reminder add", ADMIN, days="daily", time="19:00", channel=OTHER_CHANNEL)
    payload["data"]["resolved"]["channels"][str(OTHER_CHANNEL)]["type"] = 2  # a voice channel
    reply = await harness.run(payload)
    assert reply.content == "Pick a text channel for the reminder."
    assert await bot.storage.reminders.count(GUILD_ID) == 0


async def test_one_shot_processes_schedule_nothing(
    settings: Settings, harness: Harness, payloads: Payloads
) -> None:
    await add(harness, payloads, days="daily", time="19:00", timezone="UTC")
    one_shot = LiveCoach(settings, background=False)  # e.g. `python -m bot sync` on the same file
    await one_shot.login(settings.token.reveal())
    try:
        assert one_shot.scheduler.get_job(TIMER_JOB_ID) is None
        assert one_shot.reminders.startup_task is None and not one_shot.reminders.started
    finally:
        await one_shot.close()


async def test_list_pages_when_more_than_one_embed_holds(
    bot: LiveCoach, harness: Harness, payloads: Payloads
) -> None:
    """A server over the cap (stored before it existed) still sees every reminder, 25 per page."""
    from bot.reminders.model.reminder import NewReminder
    from tests.harness import payloads as P

    items = [
        NewReminder(GUILD_ID, CHANNEL_ID, frozenset({n % 7}), dtime(n % 24), "UTC", 1400000000000000001)
        for n in range(30)
    ]
    assert await bot.storage.reminders.add_many(items, NOW, cap=30) is not None
    first = await harness.run(payloads.slash("reminder list", Actor()))
    assert first.ephemeral and len(first.embed["fields"]) == 25
    assert first.embed["description"].startswith("30 of 25 reminders")
    assert first.embed["footer"]["text"] == "Page 1 of 2"
    (previous, next_) = first.custom_ids
    assert previous.startswith("reminders:previous:") and next_.startswith("reminders:next:")
    second = await harness.run(P.button(first.stored_message, next_, Actor()))
    (edit,) = second.callbacks
    page = edit.json["data"]["embeds"][0]
    assert edit.json["type"] == 7 and page["footer"]["text"] == "Page 2 of 2"
    assert [f["name"].split(" ·")[0] for f in page["fields"]] == [f"#{n}" for n in range(26, 31)]
    other = await harness.run(P.button(first.stored_message, next_, Actor(user_id=1400000000000000999)))
    assert other.content == "Only the member who ran this command can use these buttons."
