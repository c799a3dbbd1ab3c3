"""Recurrence parsing, the corrected DST schedule cross-checked against raw APScheduler, notes, keys."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.errors import InvalidInput
from bot.reminders.model.recurrence import (
    classify_due,
    cron_trigger,
    dst_note,
    fire_instant,
    fire_schedule,
    format_days,
    live_instant,
    missed_since,
    next_occurrences,
    occurrence_key,
    parse_days,
    parse_hhmm,
    suggest_days,
    wall_kind,
)
from tests.harness.reminders import DST_EDGE_SCHEDULES

NY = "America/New_York"
ZONES = [NY, "Europe/London", "Australia/Sydney"]
DAILY = frozenset(range(7))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("daily", DAILY),
        ("Every day", DAILY),
        ("weekdays", {0, 1, 2, 3, 4}),
        ("weekends", {5, 6}),
        ("mon,wed,fri", {0, 2, 4}),
        ("Mon Wed", {0, 2}),
        ("monday-friday", {0, 1, 2, 3, 4}),
        ("sat-sun", {5, 6}),
        ("fri-mon", {4, 5, 6, 0}),
        ("Tue and Thu", {1, 3}),
        ("mon to wed, sun", {0, 1, 2, 6}),
        ("THURSDAYS", {3}),
    ],
)
def test_parse_days(text: str, expected: set[int]) -> None:
    assert parse_days(text) == frozenset(expected)


@pytest.mark.parametrize("text", ["", "someday", "mon-", "mon-xyz", "8"])
def test_parse_days_rejects(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_days(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("19:00", time(19)),
        ("7:05", time(7, 5)),
        ("0730", time(7, 30)),
        ("1900", time(19)),
        ("7pm", time(19)),
        ("7 PM", time(19)),
        ("7:30 pm", time(19, 30)),
        ("12am", time(0)),
        ("12pm", time(12)),
        ("11:59p.m.", time(23, 59)),
        ("noon", time(12)),
        ("midnight", time(0)),
        ("19.30", time(19, 30)),
    ],
)
def test_parse_hhmm(text: str, expected: time) -> None:
    assert parse_hhmm(text) == expected


@pytest.mark.parametrize("text", ["7", "19", "25:00", "13pm", "7:60", "abc", "730", ""])
def test_parse_hhmm_rejects(text: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        parse_hhmm(text)
    assert exc.value.message.endswith(".")


def test_format_days() -> None:
    assert format_days(DAILY) == "Every day"
    assert format_days({0, 1, 2, 3, 4}) == "Weekdays"
    assert format_days({5, 6}) == "Weekends"
    assert format_days({4, 0, 2}) == "Mon, Wed, Fri"


@given(st.frozensets(st.integers(0, 6), min_size=1))
def test_format_parse_roundtrip(days: frozenset[int]) -> None:
    assert parse_days(format_days(days)) == days


@given(st.text(alphabet="montuewdhfrisaky ,-&/:", max_size=40) | st.text(max_size=120))
def test_every_day_suggestion_is_one_the_parser_takes(typed: str) -> None:
    suggestions = suggest_days(typed)
    assert 1 <= len(suggestions) <= 25
    assert len({value for _, value in suggestions}) == len(suggestions)
    for label, value in suggestions:
        assert len(label) <= 100 and len(value) <= 100
        assert label == f"{value} → {format_days(parse_days(value))}"[:100]


@given(st.frozensets(st.integers(0, 6), min_size=1, max_size=6))
def test_a_typed_day_list_is_offered_first_then_each_missing_day(days: frozenset[int]) -> None:
    typed = ",".join(("mon", "tue", "wed", "thu", "fri", "sat", "sun")[d] for d in sorted(days))
    values = [value for _, value in suggest_days(typed)]
    assert values[0] == typed
    assert {frozenset(parse_days(v)) for v in values[1:]} >= {days | {d} for d in range(7) if d not in days}


def test_lead_wraps_to_previous_day() -> None:
    assert fire_schedule({0}, time(0, 15), 30) == (frozenset({6}), time(23, 45))
    assert fire_schedule({6, 0}, time(19), 60) == (frozenset({6, 0}), time(18))
    trig = cron_trigger({0}, time(0, 15), NY, 30)
    nxt = trig.get_next_fire_time(None, datetime(2026, 6, 1, 12, tzinfo=UTC))  # Monday noon
    assert nxt.astimezone(ZoneInfo(NY)).replace(tzinfo=None) == datetime(2026, 6, 7, 23, 45)  # Sunday


def test_19_ny_daily_across_both_changes() -> None:
    tz = ZoneInfo(NY)
    occ = next_occurrences(DAILY, time(19), NY, 0, datetime(2026, 3, 6, 12, tzinfo=UTC), 4)
    # EST (UTC-5): 19:00 local = 00:00 UTC next day; EDT (UTC-4): 23:00 UTC.
    assert occ == [
        datetime(2026, 3, 7, 0, 0, tzinfo=UTC),
        datetime(2026, 3, 8, 0, 0, tzinfo=UTC),
        datetime(2026, 3, 8, 23, 0, tzinfo=UTC),
        datetime(2026, 3, 9, 23, 0, tzinfo=UTC),
    ]
    occ = next_occurrences(DAILY, time(19), NY, 0, datetime(2026, 10, 30, tzinfo=UTC), 4)
    assert occ == [
        datetime(2026, 10, 30, 23, 0, tzinfo=UTC),
        datetime(2026, 10, 31, 23, 0, tzinfo=UTC),
        datetime(2026, 11, 2, 0, 0, tzinfo=UTC),
        datetime(2026, 11, 3, 0, 0, tzinfo=UTC),
    ]
    for o in occ:
        assert o.astimezone(tz).time() == time(19)


def test_nonexistent_time_posts_an_hour_later() -> None:
    trig = cron_trigger(DAILY, time(2, 30), NY)
    after = datetime(2026, 3, 8, 0, 0, tzinfo=UTC)
    got = trig.get_next_fire_time(None, after)
    assert got.astimezone(UTC) == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)  # = 03:30 EDT
    assert next_occurrences(DAILY, time(2, 30), NY, 0, after) == [got.astimezone(UTC)]
    # Searching from after the change (03:00 EDT): the raw trigger skips that day (edge case 3);
    # the corrected schedule still posts at 03:30.
    late = datetime(2026, 3, 8, 7, 0, tzinfo=UTC)
    assert trig.get_next_fire_time(None, late).astimezone(UTC) == datetime(2026, 3, 9, 6, 30, tzinfo=UTC)
    assert next_occurrences(DAILY, time(2, 30), NY, 0, late)[0] == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)


def test_ambiguous_time_raw_fires_twice_corrected_once() -> None:
    after = datetime(2026, 10, 31, 12, tzinfo=UTC)
    trig = cron_trigger(DAILY, time(1, 30), NY)
    prev, chain = None, []
    now = after
    for _ in range(3):
        prev = trig.get_next_fire_time(prev, now)
        now = prev
        chain.append(prev.astimezone(UTC))
    assert chain == [
        datetime(2026, 11, 1, 5, 30, tzinfo=UTC),  # 01:30 EDT
        datetime(2026, 11, 1, 6, 30, tzinfo=UTC),  # 01:30 EST: the raw trigger's second fire
        datetime(2026, 11, 2, 6, 30, tzinfo=UTC),
    ]
    assert next_occurrences(DAILY, time(1, 30), NY, 0, after, 2) == [chain[0], chain[2]]
    # Both raw instants share one delivery key, so even a raw double fire posts once.
    assert occurrence_key(chain[0], NY, time(1, 30)) == occurrence_key(chain[1], NY, time(1, 30))


def test_skip_quirk_after_spring_forward_is_fixed() -> None:
    start = datetime(2026, 3, 7, 12, tzinfo=UTC)
    trig = cron_trigger(DAILY, time(0, 30), NY)
    first = trig.get_next_fire_time(None, start)
    raw_second = trig.get_next_fire_time(first, first).astimezone(UTC)
    assert raw_second == datetime(2026, 3, 10, 4, 30, tzinfo=UTC)  # raw skips Mon 9 Mar
    occ = next_occurrences(DAILY, time(0, 30), NY, 0, start, 3)
    assert occ == [
        datetime(2026, 3, 8, 5, 30, tzinfo=UTC),
        datetime(2026, 3, 9, 4, 30, tzinfo=UTC),  # 00:30 EDT on Mon 9 Mar: posted
        datetime(2026, 3, 10, 4, 30, tzinfo=UTC),
    ]


def _spring_forward_before(moment: datetime, tz: ZoneInfo, hours: int = 26) -> bool:
    earlier = moment - timedelta(hours=hours)
    return (moment.astimezone(tz).utcoffset() or timedelta(0)) > (
        earlier.astimezone(tz).utcoffset() or timedelta(0)
    )


def assert_agrees_or_documented(
    days: frozenset[int], at: time, zone: str, lead: int, after: datetime, got: datetime, raw: datetime
) -> str:
    """Corrected ``got`` equals the raw trigger's ``raw`` or differs by a documented DST edge case.

    Returns "same", "ambiguous" (raw's second fire of an ambiguous time) or "spring" (raw skipped a
    post on the day of or after a spring-forward change: the skip quirk or a search from the gap).
    """
    if got == raw:
        return "same"
    tz = ZoneInfo(zone)
    fire_days, w = fire_schedule(days, at, lead)
    raw_local = raw.astimezone(tz)
    if got > raw:
        # Raw fired at the second instance of an ambiguous wall time; the corrected one does not.
        assert raw_local.replace(tzinfo=None).time() == w, (got, raw)
        assert wall_kind(raw_local.date(), w, tz) == "ambiguous", (got, raw)
        assert raw != fire_instant(raw_local.date(), w, tz) and raw_local.fold == 1
        assert got == next_occurrences(days, at, zone, lead, raw + timedelta(microseconds=1))[0]
        return "ambiguous"
    # Raw skipped an occurrence right after a spring-forward change; the corrected one keeps it.
    assert _spring_forward_before(got, tz), (after, got, raw)
    assert (
        got.astimezone(tz).weekday() in fire_days or wall_kind(got.astimezone(tz).date(), w, tz) != "normal"
    )
    assert raw == next_occurrences(days, at, zone, lead, got + timedelta(microseconds=1))[0], (got, raw)
    return "spring"


def _year_chain_apscheduler(days: frozenset[int], at: time, zone: str, lead: int) -> list[datetime]:
    trig = cron_trigger(days, at, zone, lead)
    start, end = datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)
    out: list[datetime] = []
    prev = None
    now = start
    while True:
        nxt = trig.get_next_fire_time(prev, now)
        if nxt.astimezone(UTC) >= end:
            return out
        out.append(nxt.astimezone(UTC))
        prev, now = nxt, nxt


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize(
    ("days", "at", "lead"),
    DST_EDGE_SCHEDULES,
)
def test_year_matches_apscheduler_except_documented_edges(
    days: frozenset[int], at: time, zone: str, lead: int
) -> None:
    raw = _year_chain_apscheduler(days, at, zone, lead)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    got = [
        g
        for g in next_occurrences(days, at, zone, lead, start, len(raw) + 3)
        if g < datetime(2027, 1, 1, tzinfo=UTC)
    ]
    tz = ZoneInfo(zone)
    fire_days, w = fire_schedule(days, at, lead)
    # Exactly one post per allowed local day (nominal day of a gap-shifted post included).
    nominal = [datetime.strptime(occurrence_key(g, zone, w), "%Y-%m-%dT%H:%M").date() for g in got]
    assert len(set(nominal)) == len(nominal)
    day, expected_days = start.astimezone(tz).date(), []
    while day <= date(2027, 1, 1):
        if day.weekday() in fire_days and start <= fire_instant(day, w, tz) < datetime(
            2027, 1, 1, tzinfo=UTC
        ):
            expected_days.append(day)
        day += timedelta(days=1)
    assert nominal == expected_days
    extra = [r for r in raw if r not in set(got)]
    missing = [g for g in got if g not in set(raw)]
    for r in extra:  # only second fires of ambiguous times
        assert r.astimezone(tz).fold == 1 and wall_kind(r.astimezone(tz).date(), w, tz) == "ambiguous"
    for g in missing:  # only posts right after a spring-forward change
        assert _spring_forward_before(g, tz), g
    assert sorted(set(raw) - set(extra)) == sorted(set(got) - set(missing))


@pytest.mark.parametrize("zone", ZONES)
def test_every_quarter_hour_around_changes_agrees_or_is_documented(zone: str) -> None:
    tz = ZoneInfo(zone)
    changes = []
    t = datetime(2026, 1, 1, tzinfo=UTC)
    while t < datetime(2027, 1, 1, tzinfo=UTC):
        if (t + timedelta(hours=1)).astimezone(tz).utcoffset() != t.astimezone(tz).utcoffset():
            changes.append(t + timedelta(hours=1))
        t += timedelta(hours=1)
    assert len(changes) == 2
    kinds: set[str] = set()
    for hh, mm in [(0, 0), (0, 30), (1, 0), (1, 30), (1, 59), (2, 0), (2, 30), (3, 0), (23, 30)]:
        for days in (DAILY, frozenset({6}), frozenset({0})):
            trig = cron_trigger(days, time(hh, mm), zone)
            for change in changes:
                a = change - timedelta(hours=30)
                while a < change + timedelta(hours=30):
                    for after in (a, a + timedelta(seconds=30)):
                        raw = trig.get_next_fire_time(None, after).astimezone(UTC)
                        (got,) = next_occurrences(days, time(hh, mm), zone, 0, after)
                        kinds.add(assert_agrees_or_documented(days, time(hh, mm), zone, 0, after, got, raw))
                    a += timedelta(minutes=15)
    assert {"same", "ambiguous", "spring"} <= kinds


@settings(max_examples=300, deadline=None)
@given(
    days=st.frozensets(st.integers(0, 6), min_size=1),
    hour=st.integers(0, 23),
    minute=st.sampled_from([0, 1, 15, 30, 45, 59]),
    lead=st.sampled_from([0, 5, 30, 60, 90, 24 * 60]),
    zone=st.sampled_from([*ZONES, "Australia/Lord_Howe", "America/Santiago", "Asia/Kolkata", "UTC"]),
    after=st.datetimes(datetime(2025, 1, 1), datetime(2028, 1, 1), timezones=st.just(UTC)),
)
def test_property_matches_apscheduler_except_documented_edges(
    days: frozenset[int], hour: int, minute: int, lead: int, zone: str, after: datetime
) -> None:
    at = time(hour, minute)
    posts = next_occurrences(days, at, zone, lead, after, 3)
    # The lead is real minutes before each LIVE instant; the LIVE instants are the lead-free schedule.
    live_after = after + timedelta(minutes=lead)
    got = next_occurrences(days, at, zone, 0, live_after, 3)
    assert posts == [g - timedelta(minutes=lead) for g in got]
    assert posts[0] >= after and posts == sorted(posts) and len(set(posts)) == 3
    trig = cron_trigger(days, at, zone, 0)
    assert_agrees_or_documented(
        days, at, zone, 0, live_after, got[0], trig.get_next_fire_time(None, live_after).astimezone(UTC)
    )
    fire_days, w = fire_schedule(days, at, 0)
    tz = ZoneInfo(zone)
    for g in got:
        assert g.tzinfo is UTC
        key_day = datetime.strptime(occurrence_key(g, zone, w), "%Y-%m-%dT%H:%M").date()
        assert key_day.weekday() in fire_days
        assert g == fire_instant(key_day, w, tz)
        local = g.astimezone(tz)
        if local.time() != w:  # documented substitute: nonexistent wall time shifted by the gap
            assert wall_kind(key_day, w, tz) == "nonexistent"
            assert (
                timedelta(0) < local.replace(tzinfo=None) - datetime.combine(key_day, w) <= timedelta(hours=2)
            )
        else:
            assert local.fold == 0  # ambiguous: the first occurrence


def test_dst_notes() -> None:
    now = datetime(2026, 1, 10, tzinfo=UTC)
    assert dst_note(DAILY, time(2, 30), NY, now) == (
        "On Sun 8 Mar 2026 02:30 does not exist in America/New_York (clocks go forward); "
        "that day's reminder posts at 03:30 instead."
    )
    assert dst_note(DAILY, time(1, 30), NY, now) == (
        "On Sun 1 Nov 2026 01:30 happens twice in America/New_York (clocks go back); "
        "that day's reminder posts once, at the first 01:30 (EDT)."
    )
    assert dst_note(DAILY, time(0, 30), NY, now) is None  # the skip quirk is fixed: nothing to say
    assert dst_note(DAILY, time(19), NY, now) is None
    assert dst_note({0, 1, 2, 3, 4, 5}, time(2, 30), NY, now) is None  # no Sundays, no problem
    # 02:30 with no lead does not exist on Sun 8 Mar 2026; with 30 minutes' lead before 03:00 it posts
    # 01:30 EST, 30 real minutes before 03:00 EDT: the note says so.
    assert dst_note(DAILY, time(3, 0), NY, now, lead_minutes=30) == (
        "On Sun 8 Mar 2026 the clocks change in America/New_York between the post and the LIVE; "
        "the reminder still posts 30 real minutes before the 03:00 LIVE, at 01:30 EST."
    )
    assert dst_note(DAILY, time(19), "Asia/Tokyo", now) is None
    # The note describes exactly what the schedule does on that day.
    (post,) = next_occurrences(DAILY, time(2, 30), NY, 0, datetime(2026, 3, 8, 5, tzinfo=UTC))
    assert post.astimezone(ZoneInfo(NY)).strftime("%H:%M") == "03:30"


def test_lead_is_real_minutes_before_the_live_across_dst() -> None:
    """14 Mar 2027, New York springs forward at 02:00: a 03:00 LIVE with 30 minutes' lead posts at
    01:30 EST (06:30 UTC), 30 real minutes before 03:00 EDT (07:00 UTC), not at 02:30 → 03:30."""
    tz = ZoneInfo(NY)
    sunday = frozenset({6})
    (post,) = next_occurrences(sunday, time(3), NY, 30, datetime(2027, 3, 13, tzinfo=UTC))
    assert post == datetime(2027, 3, 14, 6, 30, tzinfo=UTC)
    assert post.astimezone(tz).strftime("%H:%M %Z") == "01:30 EST"
    assert live_instant(post, 30).astimezone(tz).strftime("%H:%M %Z") == "03:00 EDT"
    # Fall back (7 Nov 2027, 02:00 EDT -> 01:00 EST): 90 minutes before a 02:00 LIVE is 01:30 EDT.
    (autumn,) = next_occurrences(sunday, time(2), NY, 90, datetime(2027, 11, 6, tzinfo=UTC))
    assert autumn == datetime(2027, 11, 7, 7, 0, tzinfo=UTC) - timedelta(minutes=90)
    assert autumn.astimezone(tz).strftime("%H:%M %Z") == "01:30 EDT"
    # The start-up catch-up finds the same post.
    found = missed_since(sunday, time(3), NY, 30, post - timedelta(hours=1), post, timedelta(minutes=10))
    assert found == [(post, "on_time")]
    # Outside DST changes, real minutes and wall-clock subtraction agree.
    (summer,) = next_occurrences(sunday, time(3), NY, 30, datetime(2027, 6, 1, tzinfo=UTC))
    assert summer.astimezone(tz).strftime("%H:%M") == "02:30"


def test_occurrence_key_is_local_and_stable() -> None:
    due = datetime(2026, 3, 9, 23, 0, tzinfo=UTC)
    assert occurrence_key(due, NY, time(19)) == "2026-03-09T19:00"
    assert occurrence_key(due.astimezone(ZoneInfo(NY)), NY, time(19)) == "2026-03-09T19:00"
    shifted = datetime(2026, 3, 8, 7, 30, tzinfo=UTC)  # 02:30 posted at 03:30 EDT
    assert occurrence_key(shifted, NY, time(2, 30)) == "2026-03-08T02:30"
    with pytest.raises(ValueError):
        occurrence_key(datetime(2026, 1, 1), NY, time(19))


def test_classify_due() -> None:
    due = datetime(2026, 5, 1, 18, tzinfo=UTC)
    grace = timedelta(minutes=30)
    assert classify_due(due, due, grace) == "on_time"
    assert classify_due(due, due + timedelta(seconds=59), grace) == "on_time"
    assert classify_due(due, due + timedelta(seconds=60), grace) == "late"
    assert classify_due(due, due + grace, grace) == "late"
    assert classify_due(due, due + grace + timedelta(seconds=1), grace) == "missed"


def test_missed_since_after_downtime() -> None:
    last = datetime(2026, 5, 1, 0, 0, tzinfo=UTC)
    now = datetime(2026, 5, 3, 23, 10, tzinfo=UTC)  # 19:10 EDT on Sun 3 May
    got = missed_since(DAILY, time(19), NY, 0, last, now, timedelta(minutes=30))
    assert got == [
        (datetime(2026, 5, 1, 23, 0, tzinfo=UTC), "missed"),
        (datetime(2026, 5, 2, 23, 0, tzinfo=UTC), "missed"),
        (datetime(2026, 5, 3, 23, 0, tzinfo=UTC), "late"),
    ]
    # last_checked is exclusive, now inclusive
    assert missed_since(DAILY, time(19), NY, 0, got[0][0], got[0][0], timedelta(0)) == []
    edge = missed_since(DAILY, time(19), NY, 0, last, got[0][0], timedelta(0))
    assert edge == [(got[0][0], "on_time")]


def test_programming_errors() -> None:
    with pytest.raises(ValueError):
        cron_trigger(set(), time(19), NY)
    with pytest.raises(ValueError):
        next_occurrences(DAILY, time(19), NY, 0, datetime(2026, 1, 1))
    with pytest.raises(ValueError):
        cron_trigger(DAILY, time(19), NY, -5)
