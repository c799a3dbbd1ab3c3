"""Peak-time heatmap, top slots and generic fallback."""

from __future__ import annotations

import math
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.stats.model.peaks import (
    GENERIC_GUIDANCE,
    MIN_SESSIONS_FOR_PEAKS,
    Slot,
    cell_states,
    enough_data,
    generic_slots,
    heat_matrix,
    hours_matrix,
    peak_reminder_times,
    peak_windows,
    plan_peak_reminders,
    slot_totals,
    top_slots,
    trusted,
    window_text,
)

NY = "America/New_York"


def local(zone: str, *args: int) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def test_session_split_over_hours() -> None:
    # Wed 2026-05-06 20:30-22:00 New York: 30 min in hour 20, 60 min in hour 21.
    s = [(local(NY, 2026, 5, 6, 20, 30), 90, 900, 300)]
    hours = hours_matrix(s, NY)
    assert hours[2][20] == pytest.approx(0.5)
    assert hours[2][21] == pytest.approx(1.0)
    assert sum(map(sum, hours)) == pytest.approx(1.5)
    dph = heat_matrix(s, NY, "diamonds_per_hour")
    assert dph[2][20] == pytest.approx(200.0)  # 100 diamonds over 0.5 h
    assert dph[2][21] == pytest.approx(200.0)
    lph = heat_matrix(s, NY, "likes_per_hour")
    assert lph[2][21] == pytest.approx(600.0)
    assert dph[2][19] == 0.0


def test_session_crossing_midnight_moves_to_next_weekday() -> None:
    s = [(local(NY, 2026, 5, 10, 23, 15), 90, 0, 90)]  # Sun 23:15 -> Mon 00:45
    hours = hours_matrix(s, NY)
    assert hours[6][23] == pytest.approx(0.75)
    assert hours[0][0] == pytest.approx(0.75)


def test_dst_spring_forward_session() -> None:
    # Sun 8 Mar 2026 01:30 EST for 60 real minutes -> 30 min at 01:xx, 30 min at 03:xx (no 02:xx).
    s = [(local(NY, 2026, 3, 8, 1, 30), 60, 0, 0)]
    hours = hours_matrix(s, NY)
    assert hours[6][1] == pytest.approx(0.5)
    assert hours[6][2] == 0.0
    assert hours[6][3] == pytest.approx(0.5)


def test_dst_fall_back_session_counts_real_time() -> None:
    # Sun 1 Nov 2026 01:00 EDT for 120 real minutes: local hour 1 happens twice.
    s = [(datetime(2026, 11, 1, 5, 0, tzinfo=UTC), 120, 0, 0)]
    hours = hours_matrix(s, NY)
    assert hours[6][1] == pytest.approx(2.0)  # 01:00-02:00 EDT then 01:00-02:00 EST
    assert sum(map(sum, hours)) == pytest.approx(2.0)


def test_half_hour_offset_zone() -> None:
    s = [(datetime(2026, 5, 6, 14, 0, tzinfo=UTC), 60, 0, 0)]  # 19:30-20:30 IST
    hours = hours_matrix(s, "Asia/Kolkata")
    assert hours[2][19] == pytest.approx(0.5)
    assert hours[2][20] == pytest.approx(0.5)


def test_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        heat_matrix([], NY, "views_per_hour")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        hours_matrix([(datetime(2026, 1, 1), 10, 0, 0)], NY)
    assert hours_matrix([(datetime(2026, 1, 1, tzinfo=UTC), 0, 5, 5)], NY) == [[0.0] * 24 for _ in range(7)]


sessions_strategy = st.lists(
    st.tuples(
        st.datetimes(datetime(2025, 1, 1), datetime(2027, 12, 31), timezones=st.just(UTC)),
        st.floats(1, 24 * 60),
        st.integers(0, 10**6),
        st.integers(0, 10**5),
    ),
    max_size=15,
)


@settings(max_examples=150, deadline=None)
@given(
    sessions=sessions_strategy,
    zone=st.sampled_from([NY, "Europe/London", "Australia/Sydney", "Asia/Kathmandu"]),
)
def test_totals_are_conserved(sessions: list[tuple[datetime, float, int, int]], zone: str) -> None:
    totals = slot_totals(sessions, zone)
    assert sum(map(sum, totals.hours)) == pytest.approx(sum(d for _, d, _, _ in sessions) / 60)
    assert sum(map(sum, totals.likes)) == pytest.approx(sum(x for _, _, x, _ in sessions), abs=1e-3)
    assert sum(map(sum, totals.diamonds)) == pytest.approx(sum(x for _, _, _, x in sessions), abs=1e-3)
    dph = heat_matrix(sessions, zone, "diamonds_per_hour")
    rebuilt = sum(dph[d][h] * totals.hours[d][h] for d in range(7) for h in range(24))
    assert rebuilt == pytest.approx(sum(x for _, _, _, x in sessions), abs=1e-3)
    assert all(len(row) == 24 for row in dph) and len(dph) == 7
    assert all(v >= 0 and not math.isnan(v) for row in dph for v in row)


def test_top_slots() -> None:
    sessions = []
    base = local(NY, 2026, 1, 1, 20, 0)  # Thu 20:00
    for week in range(6):
        sessions.append((base + timedelta(weeks=week), 60, 0, 1000))  # Thu 20: 1000/h
        sessions.append((base + timedelta(weeks=week, days=2, hours=-8), 60, 0, 400))  # Sat 12: 400/h
    sessions.append((base + timedelta(days=1), 30, 0, 100000))  # Fri 20: huge but only 0.5 h
    m = heat_matrix(sessions, NY, "diamonds_per_hour")
    h = hours_matrix(sessions, NY)
    top = top_slots(m, h, n=3, min_hours=1.0)
    assert [(s.weekday, s.hour) for s in top] == [(3, 20), (5, 12)]
    assert top[0].value == pytest.approx(1000.0) and top[0].hours == pytest.approx(6.0)
    assert top[1].value == pytest.approx(400.0)
    assert top_slots(m, h, n=1, min_hours=0.5)[0].weekday == 4  # Fri qualifies once 0.5 h is enough
    assert top_slots(m, h, n=0) == []


def test_a_slot_needs_several_sessions_on_two_days_to_be_a_peak() -> None:
    one_big_night = [(local(NY, 2026, 5, 6, 20), 60, 0, 90_000)] * 5  # five logs of one evening
    totals = slot_totals(one_big_night, NY)
    assert totals.sessions[2][20] == 5 and totals.days[2][20] == 1
    assert not trusted(totals, 2, 20) and peak_windows(totals, "diamonds_per_hour") == []
    assert cell_states(totals)[2][20] == "low" and cell_states(totals)[2][19] == "none"
    spread = weekly(NY, (2026, 5, 6, 20), 3, 60, 900)
    totals = slot_totals(spread, NY)
    assert trusted(totals, 2, 20) and cell_states(totals)[2][20] == "ok"
    # Two sessions on two days are still too few.
    assert not trusted(slot_totals(spread[:2], NY), 2, 20)


def test_adjacent_strong_hours_merge_and_weak_neighbours_do_not() -> None:
    strong = weekly(NY, (2026, 5, 7, 19), 4, 120, 2000)  # Thu 19-21: 1,000 diamonds/h each hour
    weak = weekly(NY, (2026, 5, 7, 21), 4, 60, 200)  # Thu 21-22: 200/h, below 75 % of 1,000
    [window] = peak_windows(slot_totals(strong + weak, NY), "diamonds_per_hour", n=1)
    assert (window.weekday, window.start, window.end) == (3, 19, 21)
    assert window.value == pytest.approx(1000.0) and window.hours == pytest.approx(8.0)
    assert window_text(window) == "Thu 19:00–21:00"


def test_enough_data() -> None:
    assert MIN_SESSIONS_FOR_PEAKS == 10
    assert not enough_data(9)
    assert enough_data(10)


def test_generic_guidance_is_labelled() -> None:
    assert "generic" in GENERIC_GUIDANCE.label.lower()
    names = {w.name: w for w in GENERIC_GUIDANCE.windows}
    assert names["Prime time"].start == time(19) and names["Prime time"].end == time(23)
    assert names["Lunch"].start == time(12) and names["Lunch"].end == time(14)
    assert names["Weekend late morning"].days == frozenset({5, 6})
    assert GENERIC_GUIDANCE.best_day == 3


def test_generic_slots_follow_zone() -> None:
    ny = generic_slots(NY)
    assert [(s.weekday, s.hour) for s in ny] == [(3, 19), (5, 10), (1, 19)]
    assert all(s.generic for s in ny)
    assert generic_slots("America/Los_Angeles")[0].hour == 18
    assert generic_slots("Europe/Berlin")[0].hour == 20
    assert generic_slots("Europe/London")[0].hour == 19
    assert generic_slots("Australia/Sydney")[0].hour == 19


def test_peak_reminder_times() -> None:
    slots = [Slot(3, 19, 1.0, 2.0), Slot(0, 0, 1.0, 2.0), Slot(3, 19, 0.5, 1.0)]
    assert peak_reminder_times(slots, 30) == [(3, time(18, 30)), (6, time(23, 30))]
    assert peak_reminder_times(slots, 0) == [(3, time(19)), (0, time(0))]
    with pytest.raises(ValueError):
        peak_reminder_times(slots, -1)


def test_thin_slots_are_blank_so_the_picture_matches_the_ranking() -> None:
    from bot.stats.model.peaks import thin_cells_blank

    matrix = [[0.0] * 24 for _ in range(7)]
    hours = [[0.0] * 24 for _ in range(7)]
    matrix[0][20], hours[0][20] = 5000.0, 3.0  # well measured
    matrix[6][23], hours[6][23] = 90000.0, 0.2  # twelve minutes with one big gift
    shown = thin_cells_blank(matrix, hours)
    assert shown[0][20] == 5000.0
    assert shown[6][23] is None
    assert [(s.weekday, s.hour) for s in top_slots(matrix, hours, 3)] == [(0, 20)]


def test_plan_peak_reminders_falls_back_to_generic_slots_without_enough_data() -> None:
    few = [(local(NY, 2026, 5, 6, 20), 60, 100, 500)] * (MIN_SESSIONS_FOR_PEAKS - 1)
    plan = plan_peak_reminders(few, NY)
    assert plan.generic
    assert [(r.days, r.at) for r in plan.reminders] == [
        (frozenset({3}), time(19)),
        (frozenset({5}), time(10)),
        (frozenset({1}), time(19)),
    ]
    assert plan.reminders[0].label == (
        "Peak slot Thu 19:00–20:00, from generic guidance (not enough logged sessions)"
    )


def weekly(zone: str, first: tuple[int, ...], weeks: int, minutes: int, diamonds: int) -> list:  # type: ignore[type-arg]
    """One session a week for ``weeks`` weeks, starting at local ``first`` (y, m, d, h)."""
    return [(local(zone, *first) + timedelta(weeks=w), minutes, 0, diamonds) for w in range(weeks)]


def test_plan_peak_reminders_uses_the_servers_best_windows_in_its_zone() -> None:
    # Wednesdays 20:00-22:00 New York earn most; Fridays 12:00-13:00 less; Sundays 09:00 too rarely.
    samples = (
        weekly(NY, (2026, 5, 6, 20), 6, 120, 4000)
        + weekly(NY, (2026, 5, 8, 12), 3, 60, 500)
        + weekly(NY, (2026, 5, 10, 9), 2, 60, 100)
    )
    plan = plan_peak_reminders(samples, NY)
    assert not plan.generic
    # Wed 20-22 is one window, so one reminder, not two an hour apart; Sunday has only 2 sessions.
    assert [(r.days, r.at) for r in plan.reminders] == [
        (frozenset({2}), time(20)),
        (frozenset({4}), time(12)),
    ]
    assert [r.label for r in plan.reminders] == [
        "Peak window Wed 20:00–22:00, from this server's sessions",
        "Peak window Fri 12:00–13:00, from this server's sessions",
    ]
    assert plan_peak_reminders(samples, NY, n=1).reminders == plan.reminders[:1]
