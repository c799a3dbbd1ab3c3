"""/live, /follow, /golive and the 🔔 Notify me button through the real command tree and fake Discord."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.core.app import LiveCoach
from bot.golive.model import MAX_FOLLOWS
from bot.sessions.model.record import validate_session
from tests.harness import payloads as P
from tests.harness.dispatch import Harness, Reply
from tests.harness.fake_discord import FakeDiscord, Fault, guild_payload
from tests.harness.payloads import GUILD_ID, OTHER_USER_ID, ROLE_ID, USER_ID, Actor, Payloads

LIVE_CHANNEL = 1300000000000000042
ANNOUNCERS = 1500000000000000077
ADMIN = Actor(admin=True)
CREATOR = Actor(USER_ID, name="Nova")
FAN = Actor(OTHER_USER_ID, name="Fan")
THIRD_USER = 1400000000000000003


@pytest.fixture(autouse=True)
def cached_guild(bot: LiveCoach) -> None:
    """The server as the gateway would have cached it (roles resolve on members)."""
    bot._connection._add_guild_from_data(
        guild_payload(GUILD_ID, channels=[LIVE_CHANNEL], roles=[ROLE_ID, ANNOUNCERS])
    )


async def ok(harness: Harness, payload: dict[str, Any]) -> Reply:
    reply = await harness.run(payload)
    assert reply.callbacks, reply
    return reply


async def configure(harness: Harness, payloads: Payloads, *, role: int | None = ROLE_ID) -> None:
    await ok(harness, payloads.slash("golive channel", ADMIN, channel=LIVE_CHANNEL))
    if role:
        reply = await ok(harness, payloads.slash("golive role", ADMIN, role=role))
        assert f"<@&{role}>" in reply.text


async def link(
    harness: Harness, payloads: Payloads, actor: Actor = CREATOR, handle: str = "@Nova.Lives"
) -> None:
    reply = await ok(harness, payloads.slash("live handle set", actor, handle=handle))
    assert "Linked" in reply.text, reply.text


@pytest.fixture
async def ready(harness: Harness, payloads: Payloads) -> None:
    """The server has a go-live channel and role, and Nova has linked @nova.lives."""
    await configure(harness, payloads)
    await link(harness, payloads)


def live_posts(fake: FakeDiscord) -> list[dict[str, Any]]:
    return [r.json for r in fake.channel_messages(LIVE_CHANNEL)]


async def test_announce_posts_name_handle_link_and_pings_only_the_role(
    ready: None, bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    reply = await harness.run(payloads.slash("live now", CREATOR, title="Late night Q&A"))
    assert reply.ephemeral and reply.callback_type == 5
    assert f"Your LIVE is announced in <#{LIVE_CHANNEL}>" in reply.followups[0]["content"]
    [post] = live_posts(fake_discord)
    assert post["content"] == f"<@&{ROLE_ID}>"
    assert post["allowed_mentions"] == {
        "parse": [],
        "roles": [str(ROLE_ID)],
        "users": [],
    }
    embed = post["embeds"][0]
    assert "Nova is LIVE" in embed["title"] and "Late night Q&A" in embed["description"]
    assert "[@nova.lives](https://www.tiktok.com/@nova.lives/live)" in embed["description"]
    buttons = post["components"][0]["components"]
    assert (
        buttons[0]["label"] == "Watch LIVE" and buttons[0]["url"] == "https://www.tiktok.com/@nova.lives/live"
    )
    assert buttons[1]["custom_id"] == f"golive:notify:{USER_ID}"
    assert "@everyone" not in post["content"]


async def test_the_cooldown_refuses_a_second_announcement_with_the_time_left(
    ready: None, bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    await ok(harness, payloads.slash("live now", CREATOR))
    again = await harness.run(payloads.slash("live now", CREATOR))
    assert "announce again in 30 min" in again.text
    assert len(live_posts(fake_discord)) == 1
    # Once the cooldown has passed, the member may announce again.
    real_clock = bot.golive.clock
    bot.golive.clock = lambda: real_clock() + timedelta(minutes=31)
    await ok(harness, payloads.slash("live now", CREATOR))
    assert len(live_posts(fake_discord)) == 2


async def test_bad_input_gets_a_sentence_and_nothing_is_stored(
    bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    for handle, says in [
        ("cool creator", "no spaces"),
        ("x" * 40, "40 characters"),
        ("cool\u200bcreator", "invisible"),
        ("@", "Give your TikTok handle"),
    ]:
        reply = await harness.run(payloads.slash("live handle set", CREATOR, handle=handle))
        assert reply.ephemeral and says in reply.text, reply.text
    assert await bot.golive.handle(GUILD_ID, USER_ID) is None
    # Announcing with no go-live channel configured.
    await link(harness, payloads)
    reply = await harness.run(payloads.slash("live now", CREATOR))
    assert "no go-live channel" in reply.text and "/golive channel" in reply.text
    assert not live_posts(fake_discord)
    assert await bot.storage.golive.last_announced(GUILD_ID, USER_ID) is None
    # Someone else's handle.
    taken = await harness.run(payloads.slash("live handle set", FAN, handle="nova.lives"))
    assert "already linked to another member" in taken.text
    assert await bot.golive.handle(GUILD_ID, OTHER_USER_ID) is None


async def test_following_rules_yourself_no_handle_and_the_limit(
    bot: LiveCoach, harness: Harness, payloads: Payloads
) -> None:
    await link(harness, payloads)
    yourself = await harness.run(payloads.slash("follow", CREATOR, creator=USER_ID))
    assert "can't follow yourself" in yourself.text
    no_handle = await harness.run(payloads.slash("follow", CREATOR, creator=OTHER_USER_ID))
    assert "hasn't linked a TikTok handle" in no_handle.text
    assert await bot.storage.golive.count_following(GUILD_ID, USER_ID) == 0
    # 1,000 follows: the limit stops them at MAX_FOLLOWS with a sentence.
    now = datetime.now(UTC)
    for creator in range(MAX_FOLLOWS):
        assert await bot.storage.golive.follow(
            GUILD_ID, OTHER_USER_ID, 10**17 + creator, "dm", now, limit=MAX_FOLLOWS
        )
    full = await harness.run(payloads.slash("follow", FAN, creator=USER_ID))
    assert f"follow {MAX_FOLLOWS} creators" in full.text and "/unfollow" in full.text
    assert await bot.storage.golive.count_following(GUILD_ID, OTHER_USER_ID) == MAX_FOLLOWS
    assert not await bot.storage.golive.follow(GUILD_ID, OTHER_USER_ID, USER_ID, "dm", now, limit=MAX_FOLLOWS)


async def test_follow_list_unfollow(bot: LiveCoach, harness: Harness, payloads: Payloads) -> None:
    await link(harness, payloads)
    followed = await ok(harness, payloads.slash("follow", FAN, creator=USER_ID, notify="ping"))
    assert "You now follow @nova.lives" in followed.text and "ping" in followed.text
    listing = await ok(harness, payloads.slash("following", FAN))
    assert f"<@{USER_ID}> · @nova.lives · ping in the post" in listing.text
    assert listing.message["allowed_mentions"]["parse"] == []
    await ok(harness, payloads.slash("unfollow", FAN, creator=USER_ID))
    assert await bot.golive.following(GUILD_ID, OTHER_USER_ID) == []
    again = await harness.run(payloads.slash("unfollow", FAN, creator=USER_ID))
    assert "You don't follow" in again.text


async def test_notify_me_button_follows_after_a_restart_and_followers_are_told(
    ready: None, bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    await ok(harness, payloads.slash("live now", CREATOR))
    message = fake_discord.created_messages[-1]
    # No view is kept per post: the click is answered by the dynamic item alone (as after a restart).
    assert not bot._connection._view_store._views.get(int(message["id"]))
    click = await harness.run(P.button(message, f"golive:notify:{USER_ID}", FAN))
    assert click.ephemeral and "direct message when @nova.lives goes LIVE" in click.text
    assert "expired" not in click.text and len(click.callbacks) == 1
    third = Actor(THIRD_USER, name="Pinger")
    await ok(harness, payloads.slash("follow", third, creator=USER_ID, notify="ping"))

    bot.golive.clock = lambda: datetime.now(UTC) + timedelta(hours=1)
    await ok(harness, payloads.slash("live now", CREATOR))
    await bot.golive.drain()
    post = live_posts(fake_discord)[-1]
    assert post["content"] == f"<@&{ROLE_ID}> <@{THIRD_USER}>"
    assert post["allowed_mentions"]["users"] == [str(THIRD_USER)]
    assert post["allowed_mentions"]["parse"] == []
    dm_channel = fake_discord.dm_channels[OTHER_USER_ID]
    [dm] = [r.json for r in fake_discord.channel_messages(dm_channel)]
    assert "Nova" in dm["content"] and "is LIVE now" in dm["content"] and "/unfollow" in dm["content"]
    assert dm["components"][0]["components"][0]["url"] == "https://www.tiktok.com/@nova.lives/live"
    assert THIRD_USER not in fake_discord.dm_channels  # pinged in the post, not messaged


async def test_a_follower_with_closed_dms_is_skipped(
    ready: None, bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    await ok(harness, payloads.slash("follow", FAN, creator=USER_ID))
    fake_discord.dm_closed.add(OTHER_USER_ID)
    await ok(harness, payloads.slash("live now", CREATOR))
    await bot.golive.drain()
    assert len(live_posts(fake_discord)) == 1


async def test_who_may_announce(
    bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    await configure(harness, payloads, role=None)
    await ok(harness, payloads.slash("golive announcers", ADMIN, role=ANNOUNCERS))
    await link(harness, payloads)
    refused = await harness.run(payloads.slash("live now", CREATOR))
    assert f"Only members with <@&{ANNOUNCERS}>" in refused.text
    allowed = Actor(USER_ID, name="Nova", roles=(ANNOUNCERS,))
    await ok(harness, payloads.slash("live now", allowed))
    [post] = live_posts(fake_discord)
    assert "content" not in post or not post["content"]  # no role configured: nobody is pinged
    assert post["allowed_mentions"]["roles"] == []


async def test_admin_settings_need_manage_server_and_a_pingable_role(
    bot: LiveCoach, harness: Harness, payloads: Payloads
) -> None:
    member = await harness.run(payloads.slash("golive channel", CREATOR, channel=LIVE_CHANNEL))
    assert "Manage Server" in member.text
    assert (await bot.golive.settings(GUILD_ID)).channel_id is None
    command = bot.tree.get_command("golive")
    assert command is not None and command.default_permissions is not None
    assert command.default_permissions.manage_guild

    payload = payloads.slash("golive role", ADMIN, role=ROLE_ID)
    payload["data"]["resolved"]["roles"][str(ROLE_ID)]["mentionable"] = False
    payload["app_permissions"] = str(P.BOT_PERMISSIONS.value & ~(1 << 17))  # no Mention Everyone
    refused = await harness.run(payload)
    assert "isn't mentionable" in refused.text
    assert (await bot.golive.settings(GUILD_ID)).role_id is None
    everyone = payloads.slash("golive role", ADMIN, role=GUILD_ID)
    everyone["data"]["resolved"]["roles"][str(GUILD_ID)]["name"] = "@everyone"
    assert "other than @everyone" in (await harness.run(everyone)).text
    assert (await bot.golive.settings(GUILD_ID)).role_id is None


async def test_a_503_is_retried_with_the_same_nonce_and_a_lasting_one_is_a_sentence(
    ready: None,
    bot: LiveCoach,
    harness: Harness,
    payloads: Payloads,
    fake_discord: FakeDiscord,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The first answer is lost after Discord created the message: the retry must not post twice.
    fake_discord.faults.append(Fault("POST", rf"^/channels/{LIVE_CHANNEL}/messages$", 503, after_effect=True))
    await ok(harness, payloads.slash("live now", CREATOR))
    assert len(fake_discord.created_messages) == 1
    bot.golive.clock = lambda: datetime.now(UTC) + timedelta(hours=1)
    monkeypatch.setattr("bot.core.http.DEFAULT_BUDGET", 0.1)  # the policy gives up at once
    fake_discord.faults.append(Fault("POST", rf"^/channels/{LIVE_CHANNEL}/messages$", 503, times=-1))
    reply = await harness.run(payloads.slash("live now", CREATOR))
    assert "Discord is having trouble" in reply.text and "ref" not in reply.text
    assert len(fake_discord.created_messages) == 1
    fake_discord.faults.clear()
    await ok(harness, payloads.slash("live now", CREATOR))  # the failed attempt cost no cooldown
    assert len(fake_discord.created_messages) == 2


async def test_a_channel_the_bot_cannot_post_in_is_explained(
    ready: None, bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    fake_discord.channel_status[LIVE_CHANNEL] = 403
    reply = await harness.run(payloads.slash("live now", CREATOR))
    assert f"I'm not allowed to post in <#{LIVE_CHANNEL}>" in reply.text
    fake_discord.channel_status[LIVE_CHANNEL] = 404
    reply = await harness.run(payloads.slash("live now", CREATOR))
    assert "no longer exists" in reply.text


def session(minutes_ago: int, minutes: int, diamonds: int = 5000) -> Any:
    now = datetime.now(UTC)
    return validate_session(
        guild_id=GUILD_ID,
        user_id=USER_ID,
        started_at=now - timedelta(minutes=minutes_ago),
        duration_minutes=minutes,
        likes=12_000,
        peak_viewers=85,
        diamonds=diamonds,
        new_followers=31,
        now=now + timedelta(minutes=1),
    )


async def test_recap_edits_the_announcement_and_hides_money_by_default(
    ready: None, bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    await ok(harness, payloads.slash("live now", CREATOR, title="Karaoke"))
    message_id = int(fake_discord.created_messages[-1]["id"])
    record = await bot.storage.sessions.add(session(minutes_ago=1, minutes=1))
    assert await bot.golive.recap(record, "Nova")
    assert fake_discord.edited_messages == [message_id]
    edited = fake_discord.messages[message_id]
    embed = edited["embeds"][0]
    assert "Nova's LIVE has ended" in embed["title"] and "Karaoke" in embed["description"]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields == {"Duration": "1 min", "Likes": "12,000", "Peak viewers": "85", "New followers": "31"}
    buttons = edited["components"][0]["components"]
    assert buttons[0]["label"] == "TikTok profile" and buttons[1]["custom_id"] == f"golive:notify:{USER_ID}"
    assert not await bot.golive.recap(record, "Nova")  # once only


async def test_recap_shows_diamonds_and_payout_when_the_creator_allows(
    ready: None, bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    await ok(harness, payloads.slash("live money", CREATOR, show=True))
    await ok(harness, payloads.slash("live now", CREATOR))
    record = await bot.storage.sessions.add(session(minutes_ago=1, minutes=1, diamonds=5000))
    assert await bot.golive.recap(record, "Nova")
    fields = {
        f["name"]: f["value"]
        for f in fake_discord.messages[fake_discord.edited_messages[0]]["embeds"][0]["fields"]
    }
    assert fields["Diamonds"] == "5,000 (≈ $25.00)"


async def test_an_old_session_does_not_recap_a_new_announcement(
    ready: None, bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    await ok(harness, payloads.slash("live now", CREATOR))
    record = await bot.storage.sessions.add(session(minutes_ago=600, minutes=60))
    assert not await bot.golive.recap(record, "Nova")
    assert not fake_discord.edited_messages


async def two_creators_one_live(
    harness: Harness, payloads: Payloads, *, follower: Actor, creator: int
) -> None:
    """Nova and Fan both link handles, ``follower`` follows ``creator``, and Nova announces."""
    await configure(harness, payloads)
    await link(harness, payloads)
    await link(harness, payloads, FAN, "fan.page")
    await ok(harness, payloads.slash("follow", follower, creator=creator))
    await ok(harness, payloads.slash("live now", CREATOR))


async def test_privacy_export_and_delete_cover_handles_follows_and_announcements(
    bot: LiveCoach, harness: Harness, payloads: Payloads
) -> None:
    await two_creators_one_live(harness, payloads, follower=CREATOR, creator=OTHER_USER_ID)
    exported = await bot.storage.export_member(GUILD_ID, USER_ID)
    assert exported["creator_profiles"][0]["handle"] == "nova.lives"
    assert exported["follows"][0]["creator_id"] == OTHER_USER_ID
    assert len(exported["golive_announcements"]) == 1
    removed = await bot.storage.delete_member(GUILD_ID, USER_ID)
    assert removed["creator_profiles"] == removed["follows"] == removed["golive_announcements"] == 1
    assert await bot.golive.handle(GUILD_ID, USER_ID) is None
    assert await bot.golive.handle(GUILD_ID, OTHER_USER_ID) == "fan.page"  # others' data stays


async def test_the_retention_purge_removes_go_live_rows(
    bot: LiveCoach, harness: Harness, payloads: Payloads
) -> None:
    await two_creators_one_live(harness, payloads, follower=FAN, creator=USER_ID)
    removed = await bot.storage.purge_guild(GUILD_ID)
    assert removed["go-live"] == 5  # 2 profiles, 1 follow, 1 announcement, 1 settings row
    for table in ("golive_settings", "creator_profiles", "follows", "golive_announcements"):
        assert await bot.storage.db.fetch_value(f"SELECT count(*) FROM {table}") == 0


async def test_session_stop_turns_the_announcement_into_the_recap(
    ready: None, bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    """The whole path a creator takes: /session start, /live now, /session stop and its form."""
    started = datetime.now(UTC)
    bot.sessions.clock = lambda: started
    await ok(harness, payloads.slash("session start", CREATOR))
    await ok(harness, payloads.slash("live now", CREATOR, title="Sunday chill"))
    message_id = int(fake_discord.created_messages[-1]["id"])
    bot.sessions.clock = lambda: started + timedelta(minutes=75)
    stop = await ok(harness, payloads.slash("session stop", CREATOR))
    done = await harness.run(
        P.modal_submit(stop.modal, {"likes": "8000", "diamonds": "3000", "peak_viewers": "50"}, CREATOR)
    )
    assert done.embed["title"] == "Session logged from your timer"
    assert any("now shows this recap" in (f.get("content") or "") for f in done.followups)
    assert fake_discord.edited_messages == [message_id]
    embed = fake_discord.messages[message_id]["embeds"][0]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert "Nova's LIVE has ended" in embed["title"] and "Sunday chill" in embed["description"]
    assert fields["Duration"] == "1 h 15 min" and fields["Likes"] == "8,000" and "Diamonds" not in fields
    # Logging another session later does not edit it again.
    await bot.storage.sessions.add(session(minutes_ago=5, minutes=3))
    again = await ok(harness, payloads.slash("session log", CREATOR, duration="30"))
    assert not any("recap" in (f.get("content") or "") for f in again.followups)
    assert fake_discord.edited_messages == [message_id]


async def test_logging_the_live_that_followed_the_announcement_turns_it_into_the_recap(
    ready: None, bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    """Issue 12's other way to end a LIVE: /session log of the session that followed /live now."""
    await ok(harness, payloads.slash("live now", CREATOR, title="Quick one"))
    message_id = int(fake_discord.created_messages[-1]["id"])
    logged = await ok(harness, payloads.slash("session log", CREATOR, duration="45", likes=1200))
    assert any("now shows this recap" in (f.get("content") or "") for f in logged.followups)
    assert fake_discord.edited_messages == [message_id]
    embed = fake_discord.messages[message_id]["embeds"][0]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Duration"] == "45 min" and fields["Likes"] == "1,200"
