"""/estimate through the real command tree: figures, assumptions, errors, limits, likes honesty."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from discord import app_commands
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.app import LiveCoach
from bot.money.model.catalogue import load_catalogue
from bot.money.model.economy import MAX_GIFT_COUNT
from bot.sessions.model.record import SessionRecord
from tests.harness.dispatch import Harness, Reply
from tests.harness.payloads import GUILD_ID, OTHER_GUILD_ID, OTHER_USER_ID, Actor, Payloads, raw_slash, select

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
    assert "1 diamond ≈ $0.005" in footer and "2026-07-20" in footer
    assert "server admins can override" in footer and "LIVE missions" in footer


async def test_issue_examples_are_answered(harness: Harness, payloads: Payloads) -> None:
    for text in ("3 lions 50 roses", "3 lion and 50 rose", "3 LIONS + 50 Roses", "lion x3\n50 roses"):
        reply = await harness.run(payloads.slash("estimate gifts", text=text))
        assert reply.callback_type == 4 and not reply.ephemeral, text
        assert reply.field("Coins") == "90,047", text  # 3 × 29,999 + 50
        assert reply.field("Creator payout").startswith("$450.24"), text
    both = await harness.run(payloads.slash("estimate gifts", text="2 Lions + 1 Galaxy"))
    assert both.field("Coins") == "60,998"


async def test_universes_are_a_choice_and_the_answer_follows(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("estimate gifts", text="3 lions, 50 roses, 2 universes"))
    assert reply.callback_type == 4 and not reply.ephemeral
    assert reply.embed["title"] == "Which gift did you mean?"
    assert "3 × **Lion**" in reply.field("Understood") and "50 × **Rose**" in reply.field("Understood")
    (menu,) = [c for row in reply.components for c in row["components"]]
    assert menu["type"] == 3
    labels = [o["label"] for o in menu["options"]]
    assert labels == [
        "TikTok Universe+ — 34,999 coins (every 2026 panel)",
        "TikTok Universe — 44,999 coins (every 2026 panel)",
    ]
    other = await harness.run(select(reply.stored_message, menu["custom_id"], ["0"], Actor(OTHER_USER_ID)))
    assert other.ephemeral and "Only the member who ran this command" in other.content
    chosen = await harness.run(select(reply.stored_message, menu["custom_id"], [menu["options"][1]["value"]]))
    assert chosen.callback_type == 7
    assert chosen.field("Coins") == f"{3 * 29_999 + 50 + 2 * 44_999:,}"
    assert "2 × **TikTok Universe** — 89,998 coins" in chosen.embed["description"]
    assert not chosen.components  # the menu is gone once the answer is there


async def test_one_unknown_item_is_skipped_and_named(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("estimate gifts", text="3 lions, 2 lino qqq, 50 roses, 2 lionz"))
    assert reply.field("Coins") == f"{5 * 29_999 + 50:,}"
    notes = reply.field("How I read your list")
    assert "Read “2 lionz” as **Lion**." in notes
    assert "Skipped: “lino qqq”. Closest: " in notes and "Lion (29,999 coins)" in notes


async def test_small_figures_and_singulars(harness: Harness, payloads: Payloads) -> None:
    rose = await harness.run(payloads.slash("estimate gifts", text="1 rose"))
    assert rose.field("Creator payout").startswith("$0.005")
    assert "1 × **Rose** — 1 coin" in rose.embed["description"]
    assert rose.field("Viewers paid").startswith("$0.0106–$0.0141")
    one = await harness.run(payloads.slash("estimate diamonds", diamonds=1))
    assert one.embed["title"] == "1 diamond"
    coin = await harness.run(payloads.slash("estimate coins", coins=1))
    assert coin.embed["title"] == "1 coin of gifts"


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
        ("2 lino qqq", ["don't know", "Closest", "Lion (29,999 coins)"]),
        ("0 roses", ["at least 1"]),
        ("0 lions", ["at least 1"]),
        ("-3 roses", ["at least 1"]),
        ("999999999999 lions", ["at most 1,000,000"]),
        ("🌹🌹🌹", ["write gift names in words"]),
        ("12 34", ["Add a gift name"]),
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
    plain = [
        g.name
        for g in CATALOGUE.gifts
        if (m := CATALOGUE.resolve(g.name)).gift is not None and not m.plural_of
    ]
    names = sorted(set(plain), key=lambda n: (-len(n), n))[:25]
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
    for line in ("20,000 × **Rose**", "4,000 × **Finger Heart**", "20 × **Galaxy**", "2 × **Interstellar**"):
        assert line in plan
    assert "Lion" not in plan and "Universe" not in plan  # each alone would overshoot $100
    assert reply.field("For example") == "2 × **Interstellar**"
    assert "Assumes" in reply.embed["footer"]["text"]


async def test_a_cent_needs_two_roses_not_a_lion(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("estimate target", amount="0.01"))
    assert reply.embed["title"] == "To be paid $0.01"
    assert "**2 diamonds**" in reply.embed["description"] and "**2 coins**" in reply.embed["description"]
    assert reply.field("Any one of these alone") == "2 × **Rose** (1 coin each)"


@pytest.mark.parametrize(
    ("amount", "title", "note"),
    [
        ("1.000,50", "To be paid $1,000.50", None),
        ("1,000.50", "To be paid $1,000.50", None),
        ("1 000,50", "To be paid $1,000.50", None),
        ("50k", "To be paid $50,000.00", None),
        ("1.2m", "To be paid $1,200,000.00", None),
        ("$500", "To be paid $500.00", None),
        ("500 USD", "To be paid $500.00", None),
        ("1.000", "To be paid $1,000.00", "Read “1.000” as 1,000"),
    ],
)
async def test_target_amounts_as_people_type_them(
    harness: Harness, payloads: Payloads, amount: str, title: str, note: str | None
) -> None:
    reply = await harness.run(payloads.slash("estimate target", amount=amount))
    assert reply.embed["title"] == title
    if note:
        assert reply.embed["description"].startswith(note)


async def test_euro_amounts_in_a_euro_server_and_a_usd_server(harness: Harness, payloads: Payloads) -> None:
    refused = await harness.run(payloads.slash("estimate target", amount="500 €"))
    assert_sentence(refused, "counts money in USD")
    await harness.run(payloads.slash("config rates", ADMIN, currency="EUR", currency_per_usd="0.9"))
    for amount in ("€500", "500 €"):
        reply = await harness.run(payloads.slash("estimate target", amount=amount))
        assert reply.embed["title"] == "To be paid €500.00"
    usd = await harness.run(payloads.slash("estimate target", amount="$100"))
    assert usd.embed["title"] == "To be paid €90.00"
    assert "Converted $100.00 to €90.00 at 0.9 EUR per USD." in usd.embed["description"]


@pytest.mark.parametrize(
    ("amount", "words"),
    [("abc", ["as a number"]), ("0", ["above 0"]), ("-5", ["above 0"]), ("1.2.3", ["one number"])],
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
    assert "29,999 coins (every 2026 panel)" in reply.field("Other versions")


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


# -- a member's own rate --------------------------------------------------------------------------
async def test_my_rate_and_agency_cut_apply_to_that_member_only(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    saved = await harness.run(payloads.slash("estimate my-rate", usd_per_diamond="0.004", agency_cut="20%"))
    assert saved.ephemeral and saved.embed["title"] == "Your payout figures are saved"
    assert saved.field("Agency cut") == "20 %"
    assert await bot.storage.member_rates.get(GUILD_ID, Actor().user_id) == (Decimal("0.004"), Decimal("20"))
    mine = await harness.run(payloads.slash("estimate gifts", text="2 lions, 100 roses"))
    payout = mine.field("Creator payout")
    assert payout.startswith("$240.39")  # 60,098 × 0.004
    assert "you keep $192.31 after your agency's 20 %" in payout
    footer = mine.embed["footer"]["text"]
    assert "your own rate" in footer and "agency keeps 20 %" in footer
    target = await harness.run(payloads.slash("estimate target", amount="80"))
    assert "**25,000 diamonds**" in target.embed["description"]  # keep $80 after 20 % at $0.004
    theirs = await harness.run(
        payloads.slash("estimate gifts", Actor(OTHER_USER_ID), text="2 lions, 100 roses")
    )
    assert theirs.field("Creator payout").startswith("$300.49") and "you keep" not in theirs.field(
        "Creator payout"
    )
    reset = await harness.run(payloads.slash("estimate my-rate", reset=True))
    assert reset.embed["title"] == "Back to this server's rate"
    again = await harness.run(payloads.slash("estimate gifts", text="2 lions, 100 roses"))
    assert again.field("Creator payout").startswith("$300.49")
    assert await bot.storage.member_rates.get(GUILD_ID, Actor().user_id) == (None, None)


async def test_my_rate_is_covered_by_privacy_delete(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    await harness.run(payloads.slash("estimate my-rate", agency_cut="15"))
    assert "member_rates" in bot.storage.MEMBER_TABLES
    removed = await bot.storage.delete_member(GUILD_ID, Actor().user_id)
    assert removed["member_rates"] == 1
    assert await bot.storage.member_rates.get(GUILD_ID, Actor().user_id) == (None, None)


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"usd_per_diamond": "abc"}, ["plain number"]),
        ({"usd_per_diamond": "5"}, ["between 0.0005 and 0.05"]),
        ({"agency_cut": "95"}, ["0 to 90"]),
        ({"agency_cut": "-5"}, ["0 to 90"]),
        ({"agency_cut": "20", "reset": True}, ["reset on its own"]),
    ],
)
async def test_bad_my_rate_is_one_sentence_and_nothing_is_stored(
    harness: Harness, payloads: Payloads, bot: LiveCoach, options: dict[str, object], words: list[str]
) -> None:
    assert_sentence(await harness.run(payloads.slash("estimate my-rate", **options)), *words)
    assert await bot.storage.member_rates.get(GUILD_ID, Actor().user_id) == (None, None)


async def test_unusual_own_rate_is_saved_with_a_warning(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("estimate my-rate", usd_per_diamond="0.0005"))
    assert "may be a typo" in reply.embed["description"]


# -- help for every group -------------------------------------------------------------------------
async def test_help_works_for_every_group(harness: Harness, payloads: Payloads, bot: LiveCoach) -> None:
    groups = [c for c in bot.tree.get_commands() if isinstance(c, app_commands.Group)]
    assert {"estimate", "gift", "config"} <= {g.name for g in groups}
    for group in groups:
        reply = await harness.run(payloads.slash("help", command=group.name))
        assert reply.embed["title"] == f"/{group.name}", reply.message
        for sub in group.walk_commands():
            if not isinstance(sub, app_commands.Group):
                assert f"/{sub.qualified_name}" in reply.embed["description"]
    assert_sentence(
        await harness.run(payloads.slash("help", command="nosuch")), "There is no /nosuch command"
    )
