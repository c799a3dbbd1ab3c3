"""/stats member, card, sharing, goal and leaderboard-post through the real command tree."""

from __future__ import annotations

import struct
from datetime import UTC, datetime, timedelta

from bot.core.app import LiveCoach
from bot.stats.model.sharing import Sharing
from tests.harness.dispatch import Harness
from tests.harness.payloads import CHANNEL_ID, GUILD_ID, OTHER_USER_ID, USER_ID, Actor, Payloads
from tests.harness.sessions import OTHER, add_session

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)  # a Tuesday
ADMIN = Actor(admin=True)


def freeze(bot: LiveCoach, now: datetime = NOW) -> None:
    bot.sessions.clock = lambda: now
    bot.stats.clock = lambda: now


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


async def test_member_stats_in_the_members_zone_with_trends_and_known_averages(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    freeze(bot)
    await harness.run(payloads.slash("session timezone", zone="America/New_York"))
    # Best session: 02:30 UTC on 1 Dec is 30 Nov 21:30 in New York.
    await add_session(
        bot, now=NOW, ago=NOW - datetime(2026, 12, 1, 2, 30, tzinfo=UTC), minutes=90, diamonds=900, peak=110
    )
    await add_session(bot, now=NOW, ago=timedelta(days=3), minutes=60, diamonds=100, peak=97)
    await add_session(bot, now=NOW, ago=timedelta(days=5), minutes=30, diamonds=50, peak=None)  # blank peak
    await add_session(bot, now=NOW, ago=timedelta(days=40), minutes=60, diamonds=500)  # the period before
    reply = await harness.run(payloads.slash("stats member", chart=False))
    assert "times in America/New_York" in reply.embed["description"]
    assert "Mon 30 Nov 2026, 21:30" in reply.field("Best session")
    assert reply.field("Sessions") == "3 · ↑ 200 %"  # one session in the 30 days before
    assert reply.field("Time live") == "3 h · ↑ 200 %"
    assert reply.field("Average peak viewers").startswith(
        "103.5 (mean over 2 sessions"
    )  # the blank is unknown, not 0
    assert "new best" in reply.field("Best session")


async def test_others_figures_and_cards_need_consent_and_money_is_hidden_by_default(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    freeze(bot)
    await add_session(bot, now=NOW, ago=timedelta(days=1), diamonds=1000)
    peek = await harness.run(payloads.slash("stats member", OTHER, member=USER_ID, chart=False))
    assert peek.ephemeral and "keeps their stats to themselves" in peek.content
    post = await harness.run(payloads.slash("stats card", OTHER, member=USER_ID))
    assert post.ephemeral and "Only that member can post their card" in post.content
    await harness.run(payloads.slash("stats sharing", card="server", figures="server"))
    seen = await harness.run(payloads.slash("stats member", OTHER, member=USER_ID, chart=False))
    assert seen.field("Diamonds").startswith("1,000") and "Estimated payout" not in seen.text
    third = Actor(OTHER_USER_ID + 1)  # /stats card has a cooldown, and OTHER just tried it
    card = await harness.run(payloads.slash("stats card", third, member=USER_ID, format="story"))
    [(name, png)] = card.files
    assert name == "livecoach-story.png" and png_size(png) == (1080, 1920)
    own = await harness.run(payloads.slash("stats member", chart=False))
    assert "Estimated payout" in own.text  # a member always sees their own money privately
    assert await bot.stats.sharing(GUILD_ID, USER_ID) == Sharing("server", "server", False)


async def test_an_empty_card_is_refused_privately(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    freeze(bot)
    reply = await harness.run(payloads.slash("stats card"))
    assert reply.ephemeral and "no card to post" in reply.content and not reply.files


async def test_a_card_is_public_and_1200_by_630(harness: Harness, payloads: Payloads, bot: LiveCoach) -> None:
    freeze(bot)
    await add_session(bot, now=NOW, ago=timedelta(days=1), diamonds=1000)
    reply = await harness.run(payloads.slash("stats card"))
    assert reply.callback_type == 5 and not reply.ephemeral
    [(name, png)] = reply.files
    assert name == "livecoach-stats.png" and png_size(png) == (1200, 630)


async def test_goals_show_progress_and_bad_goals_store_nothing(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    freeze(bot)
    await add_session(bot, now=NOW, ago=timedelta(hours=2), diamonds=6000)
    for amount, says in (
        ("0", "above 0"),
        (str(10**15), "at most"),
        ("-4", "above 0"),
        ("lots", "as a number"),
    ):
        bad = await harness.run(
            payloads.slash("stats goal", metric="diamonds", period="month", amount=amount)
        )
        assert bad.ephemeral and says in bad.content
    assert await bot.stats.goals(GUILD_ID, USER_ID) == []
    ok = await harness.run(payloads.slash("stats goal", metric="diamonds", period="month", amount="30000"))
    assert "Diamonds this month" in ok.content and "6,000 of 30,000" in ok.content
    stats = await harness.run(payloads.slash("stats member", chart=False))
    assert "▰▰" in stats.field("Goals") and "on pace for" in stats.field("Goals")
    cleared = await harness.run(payloads.slash("stats goal-clear"))
    assert cleared.content == "Removed 1 goal."


async def test_leaderboard_posts_need_manage_server_and_post_once_after_the_week(
    harness: Harness, payloads: Payloads, bot: LiveCoach, fake_discord: object
) -> None:
    freeze(bot, datetime(2026, 11, 25, 12, tzinfo=UTC))
    refused = await harness.run(payloads.slash("stats leaderboard-post", period="week", channel=CHANNEL_ID))
    assert "needs Manage Server" in refused.content
    ok = await harness.run(payloads.slash("stats leaderboard-post", ADMIN, period="week", channel=CHANNEL_ID))
    assert f"<#{CHANNEL_ID}>" in ok.content
    await add_session(bot, now=datetime(2026, 11, 25, 12, tzinfo=UTC), ago=timedelta(hours=3), diamonds=700)
    await add_session(
        bot,
        user_id=OTHER_USER_ID,
        now=datetime(2026, 11, 25, 12, tzinfo=UTC),
        ago=timedelta(hours=2),
        diamonds=900,
    )
    await bot.stats.set_sharing(GUILD_ID, USER_ID, figures="server")
    freeze(bot, datetime(2026, 11, 30, 1, tzinfo=UTC))
    assert await bot.stats.run_due() == 1
    assert await bot.stats.run_due() == 0
    posts = fake_discord.channel_messages(CHANNEL_ID)  # type: ignore[attr-defined]
    assert len(posts) == 1
    text = str(posts[0].json)
    assert f"<@{USER_ID}>" in text and f"<@{OTHER_USER_ID}>" not in text and "1 member keeps" in text
