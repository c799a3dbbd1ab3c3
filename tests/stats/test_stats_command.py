"""/stats member, server, card and likes-vs-gifts through the real command tree."""

from __future__ import annotations

import struct
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from bot.core.app import LiveCoach
from bot.core.offload import Offloader
from bot.money.model.likes import RELATION, fit_diamonds_per_1k_likes, per_1k_text
from bot.stats.charts import trend_chart
from bot.stats.model.summary import TrendPoint
from tests.harness.dispatch import Harness
from tests.harness.payloads import GUILD_ID, OTHER_GUILD_ID, OTHER_USER_ID, USER_ID, Actor, Payloads
from tests.harness.sessions import OTHER, add_session

NOW = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)  # a Friday


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and data.rstrip().endswith(b"IEND\xaeB`\x82")
    assert 5_000 < len(data) < 1_000_000
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def freeze(bot: LiveCoach, now: datetime = NOW) -> None:
    bot.sessions.clock = lambda: now
    bot.stats.clock = lambda: now


async def share(bot: LiveCoach, *user_ids: int) -> None:
    """Members who let the server see their figures (the default keeps them private)."""
    for user_id in user_ids:
        await bot.stats.set_sharing(GUILD_ID, user_id, figures="server")


async def test_member_stats_sum_in_sql_and_attach_a_trend_chart(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    freeze(bot)
    await add_session(bot, now=NOW, ago=timedelta(days=1), minutes=90, likes=3000, diamonds=1200, peak=40)
    await add_session(bot, now=NOW, ago=timedelta(days=8), minutes=30, likes=1000, diamonds=300, peak=20)
    await add_session(
        bot, now=NOW, ago=timedelta(days=40), minutes=60, likes=9, diamonds=99999
    )  # outside 30d
    await add_session(bot, now=NOW, user_id=OTHER_USER_ID, diamonds=5555)
    await add_session(bot, now=NOW, guild_id=OTHER_GUILD_ID, diamonds=7777)
    reply = await harness.run(payloads.slash("stats member"))
    assert reply.callback_type == 5 and reply.ephemeral
    # Each figure against the 30 days before (one 60-minute session of 99,999 diamonds and 9 likes).
    assert reply.field("Sessions") == "2 · ↑ 100 %"
    assert reply.field("Time live") == "2 h · ↑ 100 %"
    assert reply.field("Diamonds") == "1,500 (750/h) · ↓ 98 %"
    assert reply.field("Likes").startswith("4,000 (2,000/h) · ↑ ")
    assert reply.field("Estimated payout") == "≈ $7.50 ($3.75/h)"
    assert "#1" in reply.field("Best session") and "1,200 diamonds" in reply.field("Best session")
    assert reply.field("Streak") == "2 weeks in a row"
    assert "Assumes" in reply.embed["footer"]["text"] and "pay nothing" in reply.embed["footer"]["text"]
    [(name, png)] = reply.files
    assert name == "trend.png" and png_size(png) == (1000, 600)
    assert reply.embed["image"]["url"] == "attachment://trend.png"


async def test_member_stats_period_and_text_only(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    freeze(bot)
    await add_session(bot, now=NOW, ago=timedelta(days=1), diamonds=100)
    await add_session(bot, now=NOW, ago=timedelta(days=40), diamonds=1000)
    reply = await harness.run(payloads.slash("stats member", period="90d", chart=False))
    assert reply.callback_type == 4 and reply.ephemeral and not reply.files
    assert reply.field("Sessions") == "2 · new" and reply.field("Diamonds").startswith("1,100")
    await share(bot, USER_ID)
    week = await harness.run(payloads.slash("stats member", OTHER, member=USER_ID, period="7d", chart=False))
    assert week.field("Sessions").startswith("1 · ") and f"<@{USER_ID}>" in week.embed["description"]
    assert "TikTok" not in week.embed["description"]
    await harness.run(payloads.slash("live handle set", handle="@nova.lives"))
    await harness.run(payloads.slash("stats sharing", figures="server"))
    card = await harness.run(payloads.slash("stats member", OTHER, member=USER_ID, chart=False))
    assert "TikTok [@nova.lives](https://www.tiktok.com/@nova.lives)" in card.embed["description"]


async def test_member_stats_with_no_sessions(harness: Harness, payloads: Payloads, bot: LiveCoach) -> None:
    reply = await harness.run(payloads.slash("stats member", period="all"))
    assert reply.field("Sessions") == "0" and "No sessions logged" in reply.embed["description"]
    assert not reply.files and "image" not in reply.embed  # no empty chart


async def test_member_stats_use_the_server_currency(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    freeze(bot)
    await bot.storage.settings.update(GUILD_ID, currency="EUR", currency_per_usd=Decimal("0.9"))
    await add_session(bot, now=NOW, minutes=60, diamonds=1000)
    reply = await harness.run(payloads.slash("stats member", chart=False))
    assert reply.field("Estimated payout") == "≈ €4.50 (€4.50/h)"
    assert "EUR per USD" in reply.embed["footer"]["text"]


async def test_chart_cooldown_but_not_for_text_only(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    await harness.run(payloads.slash("stats member"))
    again = await harness.run(payloads.slash("stats member"))
    assert "cooling down" in again.content
    text = await harness.run(payloads.slash("stats member", chart=False))
    assert text.callback_type == 4 and "cooling down" not in text.content


async def test_server_leaderboard_ranks_members_without_pinging(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    freeze(bot)
    third = 1400000000000000003
    await add_session(bot, now=NOW, diamonds=500, minutes=120)
    await add_session(bot, now=NOW, user_id=OTHER_USER_ID, diamonds=900, minutes=60)
    await add_session(bot, now=NOW, user_id=OTHER_USER_ID, diamonds=100, minutes=60)
    await add_session(bot, now=NOW, user_id=third, diamonds=500, minutes=30)
    await add_session(bot, now=NOW, guild_id=OTHER_GUILD_ID, user_id=third, diamonds=10**6)
    await share(bot, USER_ID, OTHER_USER_ID, third)
    reply = await harness.run(payloads.slash("stats server"))
    assert reply.callback_type == 4 and not reply.ephemeral
    lines = reply.embed["description"].splitlines()
    assert [line.split()[1] for line in lines] == [f"<@{OTHER_USER_ID}>", f"<@{USER_ID}>", f"<@{third}>"]
    assert "1,000 diamonds" in lines[0] and "2 sessions" in lines[0]
    assert reply.message["allowed_mentions"] == {"parse": []}
    assert reply.embed["footer"]["text"].startswith("3 members · 4 sessions")
    rate = await harness.run(payloads.slash("stats server", Actor(third), metric="diamonds_per_hour"))
    assert [line.split()[1] for line in rate.embed["description"].splitlines()] == [
        f"<@{OTHER_USER_ID}>",
        f"<@{USER_ID}>",
    ]  # the 30-minute member is below the 1-hour minimum for rates
    assert "500 diamonds/h" in rate.embed["description"]


async def test_server_leaderboard_all_time_is_deferred(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    await add_session(bot, ago=timedelta(days=400), likes=42)
    await share(bot, USER_ID)
    reply = await harness.run(payloads.slash("stats server", period="all", metric="likes"))
    assert reply.callback_type == 5
    assert "42 likes" in reply.embed["description"] and "pay nothing" in reply.embed["footer"]["text"]
    empty = await harness.run(payloads.slash("stats server", OTHER, period="7d"))
    assert "No sessions logged" in empty.embed["description"]


async def test_card_is_a_public_png(harness: Harness, payloads: Payloads, bot: LiveCoach) -> None:
    freeze(bot)
    await add_session(bot, now=NOW, diamonds=12400, minutes=125)
    reply = await harness.run(payloads.slash("stats card"))
    assert reply.callback_type == 5 and not reply.ephemeral
    [(name, png)] = reply.files
    assert name == "livecoach-stats.png" and png_size(png) == (1200, 630)
    assert f"<@{USER_ID}>" in reply.message["content"]


async def test_likes_vs_gifts_needs_ten_sessions(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    for _ in range(3):
        await add_session(bot)
    reply = await harness.run(payloads.slash("stats likes-vs-gifts"))
    assert "Log 7 more sessions" in reply.embed["description"]
    assert png_size(reply.files[0][1]) == (1000, 600)


async def test_likes_vs_gifts_shows_the_fitted_ratio(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    pairs = [(1000 * (i + 1), 40 * (i + 1) + (i % 3) * 25) for i in range(12)]
    for likes, diamonds in pairs:
        await add_session(bot, likes=likes, diamonds=diamonds)
    await add_session(bot, guild_id=OTHER_GUILD_ID, likes=1000, diamonds=10**6)
    reply = await harness.run(payloads.slash("stats likes-vs-gifts"))
    fit = fit_diamonds_per_1k_likes(pairs)
    assert fit is not None
    assert per_1k_text(fit) in reply.embed["description"]  # the same words and unit as /likes
    assert "per 1,000 likes" in reply.embed["description"] and RELATION in reply.embed["description"]
    assert "not a price per like" in reply.embed["footer"]["text"]
    assert "$" not in reply.text
    assert png_size(reply.files[0][1]) == (1000, 600)


async def test_likes_vs_gifts_without_a_clear_relation_has_no_headline(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    # The server: diamonds unrelated to likes (r near 0), so no "≈ N diamonds per 1,000 likes".
    for i in range(20):
        await add_session(bot, likes=1000 + 997 * i, diamonds=(0, 0, 20000, 50, 0, 7000)[i % 6])
    reply = await harness.run(payloads.slash("stats likes-vs-gifts"))
    assert reply.embed["description"].startswith("No clear relation in this server's sessions")
    assert "diamonds per 1,000 likes (95 %" not in reply.embed["description"]


async def test_everything_the_bot_offloads_runs_in_a_worker_process() -> None:
    """The bot sends charts, the heatmap and the likes fit to worker processes: all must pickle."""
    import functools

    from bot.money.model.likes import fit_diamonds_per_1k_likes
    from bot.stats.charts import heatmap

    offload = Offloader(processes=True, workers=1)
    points = [TrendPoint(NOW.date() - timedelta(days=d), 100 * d, 1000 * d, 1.5) for d in range(7, 0, -1)]
    samples = [(1000 * i, 150 * i) for i in range(1, 21)]
    matrix = [[float(hour) for hour in range(24)] for _ in range(7)]
    try:
        png = await offload.run(trend_chart, points, "Worker", "process")
        fit = await offload.run(fit_diamonds_per_1k_likes, samples)
        heat = await offload.run(functools.partial(heatmap, matrix, "Peak", "UTC", highlight=[(0, 23)]))
    finally:
        offload.close()
    assert png_size(png) == (1000, 600)
    assert fit is not None and round(fit.per_1k) == 150
    assert png_size(heat) == (1000, 560)
