"""/schedule: a creator's own go-live reminders, through the real tree, service and fake Discord."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from bot.core.app import LiveCoach
from bot.reminders.model.reminder import MAX_PERSONAL_REMINDERS
from bot.reminders.service import Occurrence
from tests.harness.dispatch import Harness
from tests.harness.fake_discord import FakeDiscord
from tests.harness.payloads import GUILD_ID, OTHER_USER_ID, USER_ID, Actor, Payloads

LIVE_CHANNEL = 1300000000000000042
ADMIN = Actor(admin=True)
CREATOR = Actor(USER_ID, name="Nova")
FAN = Actor(OTHER_USER_ID, name="Fan")
PINGER = 1400000000000000003

pytestmark = pytest.mark.usefixtures("virtual_time")


async def set_up(harness: Harness, payloads: Payloads) -> None:
    await harness.run(payloads.slash("golive channel", ADMIN, channel=LIVE_CHANNEL))
    await harness.run(payloads.slash("live handle set", CREATOR, handle="@nova.lives"))


async def add(harness: Harness, payloads: Payloads, actor: Actor = CREATOR, **options: object) -> int:
    reply = await harness.run(payloads.slash("schedule add", actor, **options))
    match = re.search(r"reminder #(\d+) is set", reply.embed.get("title", "") if reply.embeds else "")
    assert match, reply.text
    return int(match.group(1))


async def test_a_creator_schedules_lists_pauses_and_removes_their_own(
    bot: LiveCoach, harness: Harness, payloads: Payloads
) -> None:
    await set_up(harness, payloads)
    rid = await add(harness, payloads, days="weekdays", time="20:00", timezone="Europe/Paris")
    [stored] = await bot.storage.reminders.list_for_member(GUILD_ID, USER_ID)
    assert (stored.id, stored.channel_id, stored.user_id, stored.lead_minutes) == (
        rid,
        LIVE_CHANNEL,
        USER_ID,
        15,
    )
    assert bot.scheduler.get_job(f"reminder:{rid}") is not None
    listing = await harness.run(payloads.slash("schedule list", CREATOR))
    assert "Your go-live reminders" in listing.text and f"#{rid}" in listing.text
    assert "Nothing" not in listing.text
    # Another member can neither see nor change it.
    theirs = await harness.run(payloads.slash("schedule list", FAN))
    assert "You have none yet" in theirs.text
    refused = await harness.run(payloads.slash("schedule remove", FAN, id=rid))
    assert f"You have no personal reminder #{rid}" in refused.text
    await harness.run(payloads.slash("schedule pause", CREATOR, id=rid))
    assert bot.scheduler.get_job(f"reminder:{rid}") is None
    await harness.run(payloads.slash("schedule resume", CREATOR, id=rid))
    assert bot.scheduler.get_job(f"reminder:{rid}") is not None
    removed = await harness.run(payloads.slash("schedule remove", CREATOR, id=rid))
    assert "Removed your reminder" in removed.text
    assert await bot.storage.reminders.list_for_member(GUILD_ID, USER_ID) == []


async def test_the_limit_per_member_and_what_is_needed_first(
    bot: LiveCoach, harness: Harness, payloads: Payloads
) -> None:
    no_channel = await harness.run(payloads.slash("schedule add", CREATOR, days="daily", time="20:00"))
    assert "no go-live channel" in no_channel.text
    await harness.run(payloads.slash("golive channel", ADMIN, channel=LIVE_CHANNEL))
    no_handle = await harness.run(payloads.slash("schedule add", CREATOR, days="daily", time="20:00"))
    assert "Link your TikTok handle first" in no_handle.text
    await harness.run(payloads.slash("live handle set", CREATOR, handle="nova.lives"))
    for hour in range(MAX_PERSONAL_REMINDERS):
        await add(harness, payloads, days="daily", time=f"{10 + hour}:00")
    full = await harness.run(payloads.slash("schedule add", CREATOR, days="daily", time="21:00"))
    assert f"You already have {MAX_PERSONAL_REMINDERS} personal go-live reminders" in full.text
    assert len(await bot.storage.reminders.list_for_member(GUILD_ID, USER_ID)) == MAX_PERSONAL_REMINDERS
    # Personal reminders do not use up the server's own allowance.
    server = await harness.run(
        payloads.slash("reminder add", ADMIN, days="daily", time="19:00", channel=LIVE_CHANNEL)
    )
    assert "added" in server.embed["title"]


async def test_the_post_names_the_creator_links_the_live_and_tells_followers(
    bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    await set_up(harness, payloads)
    await harness.run(payloads.slash("follow", FAN, creator=USER_ID))  # told by direct message
    await harness.run(payloads.slash("follow", Actor(PINGER), creator=USER_ID, notify="ping"))
    rid = await add(harness, payloads, days="daily", time="20:00", timezone="UTC", minutes_before=30)
    reminder = await bot.storage.reminders.get(GUILD_ID, rid)
    assert reminder is not None
    due = datetime.now(UTC).replace(hour=19, minute=30, second=0, microsecond=0) + timedelta(days=1)
    bot.reminders.clock = lambda: due
    assert await bot.reminders.deliver(rid, Occurrence.of(reminder, due), due) == "sent"
    await bot.golive.drain()
    [post] = [r.json for r in fake_discord.channel_messages(LIVE_CHANNEL)]
    live = int((due + timedelta(minutes=30)).timestamp())
    assert post["content"].startswith(
        f"<@{USER_ID}> (@nova.lives) 🔴 **going LIVE <t:{live}:t>** (in 30 min)"
    )
    assert "Watch: <https://www.tiktok.com/@nova.lives/live>" in post["content"]
    assert f"<@{PINGER}>" in post["content"]
    assert post["allowed_mentions"] == {"parse": [], "users": [str(PINGER)], "roles": []}
    [dm] = [r.json for r in fake_discord.channel_messages(fake_discord.dm_channels[OTHER_USER_ID])]
    assert "is going LIVE soon" in dm["content"] and f"<t:{live}:t>" in dm["content"]


async def test_admins_can_pause_and_remove_anyones_and_privacy_delete_removes_them(
    bot: LiveCoach, harness: Harness, payloads: Payloads
) -> None:
    await set_up(harness, payloads)
    first = await add(harness, payloads, days="daily", time="20:00")
    second = await add(harness, payloads, days="daily", time="21:00")
    await harness.run(payloads.slash("reminder pause", ADMIN, id=first))
    assert (await bot.storage.reminders.get(GUILD_ID, first)).paused  # type: ignore[union-attr]
    await harness.run(payloads.slash("reminder remove", ADMIN, id=first))
    listing = await harness.run(payloads.slash("reminder list", ADMIN))
    assert f"Personal, for <@{USER_ID}>'s LIVE" in listing.text
    exported = await bot.storage.export_member(GUILD_ID, USER_ID)
    assert [row["id"] for row in exported["reminders"]] == [second]
    removed = await bot.storage.delete_member(GUILD_ID, USER_ID)
    assert removed["reminders"] == 1
    assert await bot.reminders.fire(second) == "gone" and bot.scheduler.get_job(f"reminder:{second}") is None


@pytest.mark.parametrize(
    ("typed", "first_values"),
    [
        ("", ["daily", "weekdays", "weekends", "mon,wed,fri"]),
        ("mon,we", ["mon,we", "mon,wed"]),
        ("mon,wed", ["mon,wed", "mon,wed,tue", "mon,wed,thu", "mon,wed,fri"]),
        ("week", ["weekdays", "weekends"]),
        ("every d", ["every day"]),
        ("mon-", ["mon-tue", "mon-wed", "mon-thu", "mon-fri"]),
        ("t", ["tue", "thu"]),
    ],
)
async def test_days_autocomplete_completes_what_the_member_types(
    harness: Harness, payloads: Payloads, fake_discord: FakeDiscord, typed: str, first_values: list[str]
) -> None:
    reply = await harness.run(payloads.autocomplete("schedule add", "days", CREATOR, days=typed))
    assert reply.callback_type == 8  # the body was checked against Discord's API description
    values = [c["value"] for c in reply.choices]
    assert values[: len(first_values)] == first_values
    assert all(" → " in c["name"] and len(c["name"]) <= 100 for c in reply.choices)
    assert not fake_discord.violations


async def test_days_autocomplete_labels_say_which_days_and_nonsense_gets_the_common_sets(
    harness: Harness, payloads: Payloads
) -> None:
    mwf = await harness.run(payloads.autocomplete("schedule add", "days", CREATOR, days="mon,wed,f"))
    assert mwf.choices[0] == {"name": "mon,wed,fri → Mon, Wed, Fri", "value": "mon,wed,fri"}
    nonsense = await harness.run(payloads.autocomplete("schedule add", "days", CREATOR, days="someday"))
    assert [c["value"] for c in nonsense.choices][:3] == ["daily", "weekdays", "weekends"]


async def test_personal_reminders_follow_the_go_live_channel_when_it_changes(
    bot: LiveCoach, harness: Harness, payloads: Payloads
) -> None:
    await set_up(harness, payloads)
    rid = await add(harness, payloads, days="daily", time="20:00")
    server = await harness.run(
        payloads.slash("reminder add", ADMIN, days="daily", time="19:00", channel=LIVE_CHANNEL)
    )
    assert "added" in server.embed["title"]
    new_channel = LIVE_CHANNEL + 1
    reply = await harness.run(payloads.slash("golive channel", ADMIN, channel=new_channel))
    assert reply.text.endswith("1 personal reminder now posts there.")
    moved = await bot.storage.reminders.get(GUILD_ID, rid)
    assert moved is not None and moved.channel_id == new_channel
    [server_wide] = [r for r in await bot.storage.reminders.list_for_guild(GUILD_ID) if r.user_id is None]
    assert server_wide.channel_id == LIVE_CHANNEL  # an admin's own reminder keeps its channel
