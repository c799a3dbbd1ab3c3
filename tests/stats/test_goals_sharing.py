"""Goals (validation, calendar periods across DST, progress and projection) and consent rules."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bot.core.errors import InvalidInput, NotAllowed
from bot.stats.model.goals import (
    Goal,
    make_goal,
    period_bounds,
    period_key,
    period_label,
    previous_bounds,
    progress,
)
from bot.stats.model.sharing import (
    PRIVATE,
    Sharing,
    describe,
    ensure_may_post_card,
    ensure_may_see_figures,
    money_shown,
)

NY = ZoneInfo("America/New_York")


def test_goals_are_stored_in_exact_units() -> None:
    assert make_goal("diamonds", "week", 5000) == Goal("diamonds", "week", 5000)
    assert make_goal("Hours", " Month ", "2.5") == Goal("hours", "month", 150)
    assert make_goal("diamonds", "month", "12,000").target == 12_000
    assert make_goal("hours", "week", 168).target == 168 * 60


@pytest.mark.parametrize(
    ("metric", "period", "amount", "says"),
    [
        ("diamonds", "week", 0, "above 0"),
        ("hours", "month", 0, "above 0"),
        ("diamonds", "week", -5, "above 0"),
        ("diamonds", "month", 10**15, "at most 400,000,000"),
        ("diamonds", "month", "1e400", "at most"),
        ("hours", "week", 10**15, "at most 168 hours"),
        ("hours", "week", 169, "at most 168 hours"),
        ("hours", "month", 745, "at most 744 hours"),
        ("hours", "week", "0.001", "at least 1 minute"),
        ("diamonds", "week", "2.5", "whole number"),
        ("diamonds", "week", "10^15", "as a number"),
        ("diamonds", "week", "NaN", "as a number"),
        ("diamonds", "week", "lots", "as a number"),
        ("likes", "week", 5, "diamonds or hours"),
        ("hours", "year", 5, "per week or per month"),
    ],
)
def test_bad_goals_get_one_sentence(metric: str, period: str, amount: object, says: str) -> None:
    with pytest.raises(InvalidInput, match=says):
        make_goal(metric, period, amount)  # type: ignore[arg-type]


def test_periods_are_the_local_calendar_week_and_month_across_dst() -> None:
    # 1 Nov 2026 02:00 EDT → EST: that week (Mon 26 Oct – Mon 2 Nov) lasts 7 days and an hour.
    now = datetime(2026, 10, 31, 12, tzinfo=UTC)
    start, end = period_bounds("week", now, NY)
    assert start == datetime(2026, 10, 26, 4, tzinfo=UTC) and end == datetime(2026, 11, 2, 5, tzinfo=UTC)
    start, end = period_bounds("month", now, NY)
    assert start == datetime(2026, 10, 1, 4, tzinfo=UTC) and end == datetime(2026, 11, 1, 4, tzinfo=UTC)
    # 02:30 UTC on 1 Dec is still 30 November in New York.
    start, _ = period_bounds("month", datetime(2026, 12, 1, 2, 30, tzinfo=UTC), NY)
    assert period_label("month", start, NY) == "November 2026" and period_key("month", start, NY) == "2026-11"
    week, _ = period_bounds("week", datetime(2026, 12, 1, 12, tzinfo=UTC), NY)
    assert (
        period_label("week", week, NY) == "Week of 30 Nov 2026" and period_key("week", week, NY) == "2026-W49"
    )
    assert previous_bounds("month", datetime(2026, 1, 10, tzinfo=UTC), UTC)[0] == datetime(
        2025, 12, 1, tzinfo=UTC
    )


def test_progress_projects_the_month_at_the_current_pace() -> None:
    start, end = datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC)
    goal = make_goal("diamonds", "month", 30_000)
    halfway = progress(goal, 10_000, datetime(2026, 11, 16, tzinfo=UTC), start, end)
    assert halfway.projected == 20_000 and halfway.ratio == Decimal(1) / 3 and not halfway.met
    done = progress(goal, 31_000, datetime(2026, 12, 5, tzinfo=UTC), start, end)  # after the end: no scaling
    assert done.projected == 31_000 and done.met
    assert progress(goal, 0, start, start, end).projected is None
    hours = progress(make_goal("hours", "month", 10), 90, datetime(2026, 11, 16, tzinfo=UTC), start, end)
    assert hours.amount_text(hours.done) == "1 h 30 min" and hours.goal.target_text() == "10 h"


def test_consent_defaults_keep_everything_to_the_member() -> None:
    me, other = 1, 2
    ensure_may_see_figures(PRIVATE, me, me)
    ensure_may_post_card(PRIVATE, me, me)
    with pytest.raises(NotAllowed, match="keeps their stats to themselves"):
        ensure_may_see_figures(PRIVATE, other, me)
    with pytest.raises(NotAllowed, match="Only that member can post their card"):
        ensure_may_post_card(PRIVATE, other, me)
    assert money_shown(PRIVATE, me, me, public=False)
    assert not money_shown(PRIVATE, me, me, public=True)  # their own public card hides money by default
    assert not money_shown(PRIVATE, other, me, public=False)
    open_ = Sharing(card="server", figures="server", show_money=True)
    ensure_may_see_figures(open_, other, me)
    ensure_may_post_card(open_, other, me)
    assert money_shown(open_, other, me, public=True)
    assert "only me" in describe(PRIVATE) and "hidden" in describe(PRIVATE)
    with pytest.raises(ValueError):
        Sharing(card="everyone")
