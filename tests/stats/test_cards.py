"""A card's text: one format for every figure, the member's zone named, money only with consent."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot.sessions.model.record import SessionRecord
from bot.stats.cards import card_data, goal_line
from bot.stats.model.goals import make_goal, progress
from bot.stats.model.summary import MemberSummary
from bot.stats.model.trends import Changes, compare

NY = ZoneInfo("America/New_York")
BEST = SessionRecord(7, 1, 2, datetime(2026, 12, 1, 2, 30, tzinfo=UTC), 190, 9000, 80, None, 24_100, None)


def summary(**changes: object) -> MemberSummary:
    values: dict[str, object] = dict(
        sessions=16,
        minutes=1505,
        hours=Decimal("25.08"),
        likes=159_063,
        diamonds=182_400,
        payout=Decimal("912.004"),
        usd_per_diamond=Decimal("0.005"),
        likes_per_hour=Decimal("6341.4"),
        diamonds_per_hour=Decimal("7272.1"),
        payout_per_hour=Decimal("36.36"),
        best=BEST,
        streak_weeks=1,
        avg_viewers=None,
        avg_peak_viewers=Decimal("103.5"),
        new_followers=0,
    )
    values.update(changes)
    return MemberSummary(**values)  # type: ignore[arg-type]


def test_card_text_uses_the_shared_formats_and_the_members_zone() -> None:
    previous = summary(sessions=8, minutes=1600, diamonds=100_000, likes=159_063)
    card = card_data(
        summary(),
        compare(summary(), previous, record=True),
        [],
        display_name="Zoë 🌸",
        period="30d",
        server_name="Rose Garden",
        zone=NY,
        money=None,
    )
    tiles = {t.label: t for t in card.tiles}
    assert tiles["Sessions"].value == "16" and tiles["Sessions"].change == "↑ 100 %"
    assert tiles["Time live"].value == "25 h 05 min" and tiles["Time live"].change == "↓ 6 %"
    assert tiles["Streak"].value == "1 week in a row"
    assert tiles["Diamonds"].value == "182,400" and tiles["Likes"].change == "→ 0 %"
    assert "Est. payout" not in tiles and tiles["Diamonds per hour"].value == "7,272/h"
    # 02:30 UTC on 1 Dec is Monday 30 Nov, 21:30 in New York, and the zone is named.
    assert card.best == "Best: Mon 30 Nov, 21:30 · 24,100 diamonds in 3 h 10 min · new best"
    assert card.footer == "Times in America/New_York"
    assert card.headline == "Last 30 days · Rose Garden"


def test_money_appears_only_when_a_formatter_is_given() -> None:
    card = card_data(
        summary(),
        Changes(),
        [],
        display_name="A",
        period="7d",
        server_name="",
        zone=NY,
        money=lambda amount: f"${amount:.2f}",
    )
    assert {t.label: t.value for t in card.tiles}["Est. payout"] == "≈ $912.00"
    assert "estimate" in card.footer


def test_goal_lines() -> None:
    start, end = datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC)
    half = progress(
        make_goal("diamonds", "month", 30_000), 10_000, datetime(2026, 11, 16, tzinfo=UTC), start, end
    )
    assert goal_line(half) == "10,000 of 30,000 · on pace for 20,000"
    met = progress(make_goal("hours", "month", 2), 150, datetime(2026, 11, 16, tzinfo=UTC), start, end)
    assert goal_line(met) == "2 h 30 min of 2 h · goal met"
