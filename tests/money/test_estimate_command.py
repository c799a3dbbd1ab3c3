"""/estimate through the real command tree: figures, assumptions, errors, limits, likes honesty."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.app import LiveCoach
from bot.money.model.catalogue import load_catalogue
from bot.money.model.economy import MAX_GIFT_COUNT
from bot.sessions.model.record import SessionRecord
from tests.harness.dispatch import Harness, Reply
from tests.harness.payloads import GUILD_ID, OTHER_GUILD_ID, Actor, Payloads, raw_slash

ADMIN = Actor(admin=True)
CATALOGUE = load_catalogue()
# A currency figure: a symbol followed by digits, or digits followed by a three-letter code.
MONEY = re.compile(r"[$€£¥₹]\s?\d[\d,.]*|\d[\d,.]*\s?(?:USD|EUR|GBP|CHF|JPY)\b")


def int_field(reply: Reply, name: str) -> int:
    return int(reply.field(name).split()[0].replace(",", ""))


def assert_sentence(reply: Reply, *words: str) -> None:
    """An ephemeral one-line answer (no embed) containing ``words``."""
    assert reply.callback_type == 4
    assert reply.ephemeral, reply.message
    assert not reply.embeds
    assert "Something went wrong" not in reply.content
    for word in words:
        assert word.lower() in reply.content.lower(), reply.content


# -- /estimate gifts ------------------------------------------------------------------------------
async def test_acceptance_two_lions_and_a_hundred_roses(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("estimate gifts", text="2 lions, 100 roses"))
    assert reply.callback_type == 4
    assert not reply.ephemeral
    assert reply.field("Coins") == "60,098"
    assert reply.field("Creator diamonds") == "60,098"
    assert reply.field("Creator payout").startswith("$300.49")
    assert reply.field("Viewers paid").startswith("$635.32–$849.96")
    description = reply.embed["description"]
    assert "2 × **Lion** — 59,998 coins" in description
    assert "100 × **Rose** — 100 coins" in description
    footer = reply.embed["footer"]["text"]
    assert "1 diamond ≈ $0.005" in footer and "2024-01-05" in footer
    assert "server admins can override" in footer


async def test_private_answer_is_ephemeral(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("estimate gifts", text="lion", private=True))
    assert reply.ephemeral
    assert reply.field("Coins") == "29,999"


async def test_same_name_gift_uses_current_version_and_mentions_the_other(
    harness: Harness, payloads: Payloads
) -> None:
    reply = await harness.run(payloads.slash("estimate gifts", text="tiktok universe"))
    assert reply.field("Coins") == "44,999"
    other = reply.field("Other versions")
    assert "34,999 coins" in other and "44,999 coins" in other


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2 lionz, 3 rosse", ["don't know", "Closest", "Lion (29,999 coins)"]),
        ("0 roses", ["at least 1"]),
        (f"{MAX_GIFT_COUNT + 1} roses", ["at most 1,000,000"]),
        (", ".join(["rose"] * 26), ["at most 25"]),
        ("   ", ["at least one gift"]),
        ("5", ["Add a gift name"]),
    ],
)
async def test_bad_gift_text_gets_an_ephemeral_sentence(
    harness: Harness, payloads: Payloads, text: str, words: list[str]
) -> None:
    reply = await harness.run(payloads.slash("estimate gifts", text=text))
    assert_sentence(reply, *words)


async def test_text_over_2000_characters_is_refused_even_if_discord_let_it_through(
    harness: Harness, payloads: Payloads
) -> None:
    text = "rose, " * 400
    payload = raw_slash(
        "estimate", [{"type": 1, "name": "gifts", "options": [{"type": 3, "name": "text", "value": text}]}]
    )
    assert_sentence(await harness.run(payload), "under 2,000 characters")


async def test_a_25_line_breakdown_of_long_names_fits_discord_limits(
    harness: Harness, payloads: Payloads
) -> None:
    names = sorted({g.name for g in CATALOGUE.gifts}, key=lambda n: (-len(n), n))[:25]
    text = ", ".join(f"{MAX_GIFT_COUNT} {name}" for name in names)
    reply = await harness.run(payloads.slash("estimate gifts", text=text))
    assert reply.callback_type == 4 and not reply.ephemeral
    assert len(reply.embed["description"].splitlines()) == 25
    coins = sum(CATALOGUE.get(n).coins * MAX_GIFT_COUNT for n in names)  # type: ignore[union-attr]
    assert reply.field("Coins") == f"{coins:,}"
    # The fake Discord validates the 6,000-character and per-field limits at teardown.


GIFT_NAMES = ["rose", "lion", "galaxy", "finger heart", "tiktok universe", "falcon", "heart me", "lionn"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(-5, 2_000_000), st.sampled_from(GIFT_NAMES)), min_size=1, max_size=30))
async def test_any_gift_text_answers_with_the_sum_of_its_lines_or_a_sentence(
    harness: Harness, payloads: Payloads, items: list[tuple[int, str]]
) -> None:
    text = ", ".join(f"{count} {name}" for count, name in items)
    reply = await harness.run(payloads.slash("estimate gifts", text=text))
    if reply.ephemeral:
        assert reply.content and not reply.embeds and "Something went wrong" not in reply.content
        return
    lines = reply.embed["description"].splitlines()
    total = sum(int(re.search(r"— ([\d,]+) coins?$", line).group(1).replace(",", "")) for line in lines)  # type: ignore[union-attr]
    assert int_field(reply, "Coins") == total
    assert int_field(reply, "Creator diamonds") == total


# -- /estimate coins, diamonds, target -------------------------------------------------------------
async def test_coins_convert_to_diamonds_payout_and_viewer_cost(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("estimate coins", coins=1000))
    assert reply.embed["title"] == "1,000 coins of gifts"
    assert reply.field("Creator diamonds") == "1,000"
    assert reply.field("Creator payout") == "$5.00"
    assert reply.field("Viewers paid").startswith("$10.57–$14.14")
    assert "Assumes" in reply.embed["footer"]["text"]


async def test_diamonds_convert_to_payout_and_coins_spent(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("estimate diamonds", diamonds=40_000, private=True))
    assert reply.ephemeral
    assert reply.field("Creator payout") == "$200.00"
    assert reply.field("Gift coins behind them") == "40,000"
    assert reply.field("Viewers spent").startswith("$422.86–$565.71")
    assert "Assumes" in reply.embed["footer"]["text"]


@pytest.mark.parametrize(
    ("command", "option"), [("estimate coins", "coins"), ("estimate diamonds", "diamonds")]
)
@pytest.mark.parametrize("value", [0, -3, 10**13])
async def test_out_of_range_numbers_are_refused_even_if_discord_let_them_through(
    harness: Harness, command: str, option: str, value: int
) -> None:
    sub = command.split()[1]
    payload = raw_slash(
        "estimate", [{"type": 1, "name": sub, "options": [{"type": 4, "name": option, "value": value}]}]
    )
    assert_sentence(await harness.run(payload), "Use a number of")


async def test_target_plan_in_typical_gifts(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("estimate target", amount="100"))
    assert reply.embed["title"] == "To be paid $100.00"
    assert "**20,000 diamonds**" in reply.embed["description"]
    assert "**20,000 coins**" in reply.embed["description"]
    assert reply.field("Viewers must spend").startswith("$211.43–$282.86")
    plan = reply.field("Any one of these alone")
    for line in ("20,000 × **Rose**", "4,000 × **Finger Heart**", "20 × **Galaxy**", "1 × **Lion**"):
        assert line in plan
    assert "1 × **TikTok Universe**" in plan
    assert "Assumes" in reply.embed["footer"]["text"]


@pytest.mark.parametrize(
    ("amount", "words"), [("abc", ["plain number"]), ("0", ["above 0"]), ("-5", ["above 0"])]
)
async def test_bad_target_amounts(
    harness: Harness, payloads: Payloads, amount: str, words: list[str]
) -> None:
    assert_sentence(await harness.run(payloads.slash("estimate target", amount=amount)), *words)


# -- /estimate likes ------------------------------------------------------------------------------
def money_figures(text: str) -> list[str]:
    return MONEY.findall(text)


async def test_likes_never_show_a_cash_value(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("estimate likes", likes=50_000))
    assert reply.callback_type == 4 and not reply.ephemeral
    text = reply.text
    assert "Likes pay $0 directly" in text
    # The only currency figure anywhere is the plain "$0" of "likes pay $0".
    assert money_figures(text) == ["$0"]
    assert "per like" not in text.replace("not a price per like", "")
    assert "Log 10 more sessions" in reply.field("Indirectly")


async def test_likes_with_viewers_and_minutes_show_engagement_not_money(
    harness: Harness, payloads: Payloads
) -> None:
    reply = await harness.run(payloads.slash("estimate likes", likes=50_000, viewers=200, minutes=60))
    assert reply.field("Engagement") == "≈ 250 likes per viewer · ≈ 833 likes per minute"
    assert money_figures(reply.text) == ["$0"]


async def log_sessions(bot: LiveCoach, guild_id: int, ratio_per_1k: int, n: int) -> None:
    start = datetime(2025, 1, 1, 20, tzinfo=UTC)
    for k in range(n):
        likes = 10_000 * (k + 1)
        await bot.storage.sessions.add(
            SessionRecord(
                id=None,
                guild_id=guild_id,
                user_id=1400000000000000001,
                started_at=start + timedelta(days=k),
                duration_minutes=60,
                likes=likes,
                peak_viewers=100,
                avg_viewers=None,
                diamonds=likes * ratio_per_1k // 1000,
                new_followers=None,
            )
        )


async def test_likes_indirect_estimate_is_learned_in_diamonds_only(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    await log_sessions(bot, GUILD_ID, ratio_per_1k=20, n=12)
    await log_sessions(bot, OTHER_GUILD_ID, ratio_per_1k=500, n=12)  # another server's data must not leak
    reply = await harness.run(payloads.slash("estimate likes", likes=50_000))
    indirect = reply.field("Indirectly")
    assert "about **1,000 diamonds**" in indirect  # 50,000 likes × 20 per 1,000, exact data
    assert "12 sessions" in indirect and "association, not a price" in indirect
    assert money_figures(reply.text) == ["$0"]


async def test_likes_estimate_flags_extrapolation(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    await log_sessions(bot, GUILD_ID, ratio_per_1k=20, n=10)
    reply = await harness.run(payloads.slash("estimate likes", likes=5_000_000))
    assert "outside what was logged here" in reply.field("Indirectly")
    assert money_figures(reply.text) == ["$0"]


async def test_likes_with_nine_sessions_says_what_data_is_missing(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    await log_sessions(bot, GUILD_ID, ratio_per_1k=20, n=9)
    reply = await harness.run(payloads.slash("estimate likes", likes=50_000))
    assert reply.field("Indirectly").startswith("Log 1 more session with likes and diamonds (9 of 10")


async def test_likes_out_of_range(harness: Harness) -> None:
    payload = raw_slash(
        "estimate",
        [
            {
                "type": 1,
                "name": "likes",
                "options": [
                    {"type": 4, "name": "likes", "value": 100},
                    {"type": 4, "name": "minutes", "value": 0},
                ],
            }
        ],
    )
    assert_sentence(await harness.run(payload), "1 to 1,440 minutes")


# -- server overrides -----------------------------------------------------------------------------
async def test_estimate_follows_the_server_rates_and_says_so(harness: Harness, payloads: Payloads) -> None:
    before = await harness.run(payloads.slash("estimate gifts", text="2 lions, 100 roses"))
    assert before.field("Creator payout").startswith("$300.49")
    changed = await harness.run(payloads.slash("config rates", ADMIN, usd_per_diamond="0.004"))
    assert changed.ephemeral and "Rates updated" in changed.embed["title"]
    after = await harness.run(payloads.slash("estimate gifts", text="2 lions, 100 roses"))
    assert after.field("Creator payout").startswith("$240.39")  # 60,098 × 0.004 = 240.392
    assert "this server overrides: 1 diamond ≈ $0.004 (default $0.005)" in after.embed["footer"]["text"]
    elsewhere = await harness.run(
        payloads.slash("estimate gifts", Actor(guild_id=OTHER_GUILD_ID), text="2 lions, 100 roses")
    )
    assert elsewhere.field("Creator payout").startswith("$300.49")


async def test_estimate_in_another_currency_shows_both(harness: Harness, payloads: Payloads) -> None:
    await harness.run(payloads.slash("config rates", ADMIN, currency="EUR", currency_per_usd="0.9"))
    reply = await harness.run(payloads.slash("estimate gifts", text="2 lions, 100 roses"))
    assert reply.field("Creator payout").startswith("€270.44 (≈ $300.49)")
    assert "0.9 EUR per USD" in reply.embed["footer"]["text"]
    target = await harness.run(payloads.slash("estimate target", amount="90"))
    assert "**20,000 diamonds**" in target.embed["description"]  # €90 = $100 at 0.9


async def test_server_custom_gift_is_used_and_labelled(harness: Harness, payloads: Payloads) -> None:
    await harness.run(payloads.slash("config gift add", ADMIN, name="Lion", coins=30_000))
    reply = await harness.run(payloads.slash("estimate gifts", text="2 lions"))
    assert reply.field("Coins") == "60,000"
    assert "(server)" in reply.embed["description"]
    assert "29,999 coins (catalogue price" in reply.field("Other versions")


async def test_many_sessions_defer_then_answer_with_the_fit(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    await log_sessions(bot, GUILD_ID, ratio_per_1k=20, n=60)  # above the in-thread threshold
    reply = await harness.run(payloads.slash("estimate likes", likes=50_000, private=True))
    assert reply.callback_type == 5 and reply.ephemeral  # deferred while the bootstrap runs
    assert "about **1,000 diamonds**" in reply.field("Indirectly")
    assert "60 sessions" in reply.field("Indirectly")
    again = await harness.run(payloads.slash("estimate likes", likes=50_000))
    assert again.callback_type == 4  # the fit is cached until the sessions change
