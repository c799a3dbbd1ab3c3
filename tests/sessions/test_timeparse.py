from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.errors import InvalidInput
from bot.sessions.model.timeparse import parse_start

NY = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
# Friday 2026-11-20 22:00 in New York (EST, UTC-5).
NOW = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now", NOW),
        ("today 20:00", utc(2026, 11, 21, 1, 0)),
        ("yesterday 21:30", utc(2026, 11, 20, 2, 30)),
        ("Yesterday  9pm", utc(2026, 11, 20, 2, 0)),
        ("20:00", utc(2026, 11, 21, 1, 0)),
        ("23:00", utc(2026, 11, 20, 4, 0)),  # later than now today -> yesterday
        ("9:30pm", utc(2026, 11, 21, 2, 30)),
        ("2026-11-20 19:00", utc(2026, 11, 21, 0, 0)),
        ("2026-11-20T19:00", utc(2026, 11, 21, 0, 0)),
        ("2026-11-20 9:05", utc(2026, 11, 20, 14, 5)),
        ("2026-11-20T19:00Z", utc(2026, 11, 20, 19, 0)),
        ("2026-11-20T19:00:00+01:00", utc(2026, 11, 20, 18, 0)),
        ("mon 20:00", utc(2026, 11, 17, 1, 0)),
        ("monday 20:00", utc(2026, 11, 17, 1, 0)),
        ("fri 21:00", utc(2026, 11, 21, 2, 0)),  # today is Friday and 21:00 has passed
        ("fri 23:00", utc(2026, 11, 14, 4, 0)),  # today's 23:00 is ahead -> last Friday
        ("sat 10:00", utc(2026, 11, 14, 15, 0)),
        ("2h ago", NOW - timedelta(hours=2)),
        ("90m ago", NOW - timedelta(minutes=90)),
        ("1h 30m ago", NOW - timedelta(minutes=90)),
        ("3 days ago", NOW - timedelta(days=3)),
    ],
)
def test_accepted_forms(text: str, expected: datetime) -> None:
    result = parse_start(text, NY, NOW)
    assert result == expected
    assert result.tzinfo is UTC


def test_zone_is_respected() -> None:
    assert parse_start("yesterday 21:30", BERLIN, NOW) == utc(2026, 11, 20, 20, 30)


def test_future_explicit_times_rejected() -> None:
    with pytest.raises(InvalidInput, match="future"):
        parse_start("today 23:30", NY, NOW)
    with pytest.raises(InvalidInput, match="future"):
        parse_start("2026-11-21 10:00", NY, NOW)
    # within the 2-minute clock skew is fine
    assert parse_start("today 22:01", NY, NOW) == NOW + timedelta(minutes=1)


@pytest.mark.parametrize(
    "text", ["soon", "2026-11-20", "2026-13-01 10:00", "25:00", "13pm", "99999d ago", "20"]
)
def test_rejected_with_examples(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_start(text, NY, NOW)
    assert caught.value.message.endswith(".")


def test_unknown_format_lists_examples() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_start("next tuesday-ish", NY, NOW)
    assert "`now`" in caught.value.message and "`2026-11-20 19:00`" in caught.value.message


# --- DST in America/New_York: 2026-03-08 02:00 -> 03:00, 2026-11-01 02:00 -> 01:00 ---

SPRING_NOW = datetime(2026, 3, 9, 12, 0, tzinfo=UTC)
FALL_NOW = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)


def test_spring_forward_gap_shifts_forward() -> None:
    result = parse_start("2026-03-08 02:30", NY, SPRING_NOW)
    assert result == utc(2026, 3, 8, 7, 30)
    assert result.astimezone(NY).strftime("%H:%M %Z") == "03:30 EDT"


def test_spring_forward_neighbours() -> None:
    assert parse_start("2026-03-08 01:59", NY, SPRING_NOW) == utc(2026, 3, 8, 6, 59)  # EST
    assert parse_start("2026-03-08 03:00", NY, SPRING_NOW) == utc(2026, 3, 8, 7, 0)  # EDT


def test_spring_forward_relative_day() -> None:
    now = datetime(2026, 3, 8, 18, 0, tzinfo=UTC)  # 14:00 EDT on the change day
    assert parse_start("today 02:30", NY, now) == utc(2026, 3, 8, 7, 30)
    assert parse_start("yesterday 20:00", NY, now) == utc(2026, 3, 8, 1, 0)  # EST evening
    assert parse_start("today 12:00", NY, now) == utc(2026, 3, 8, 16, 0)  # EDT noon


def test_fall_back_ambiguous_takes_earlier() -> None:
    result = parse_start("2026-11-01 01:30", NY, FALL_NOW)
    assert result == utc(2026, 11, 1, 5, 30)
    assert result.astimezone(NY).tzname() == "EDT"


def test_fall_back_relative_and_offset() -> None:
    now = datetime(2026, 11, 1, 18, 0, tzinfo=UTC)  # 13:00 EST
    assert parse_start("today 01:30", NY, now) == utc(2026, 11, 1, 5, 30)
    assert parse_start("today 12:00", NY, now) == utc(2026, 11, 1, 17, 0)  # EST noon
    # an explicit offset picks the second 01:30
    assert parse_start("2026-11-01T01:30-05:00", NY, now) == utc(2026, 11, 1, 6, 30)


def test_ago_is_absolute_across_dst() -> None:
    now = datetime(2026, 3, 8, 8, 0, tzinfo=UTC)  # 04:00 EDT, one hour after the jump
    assert parse_start("3h ago", NY, now) == utc(2026, 3, 8, 5, 0)


RELATIVE = st.one_of(
    st.just("now"),
    st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.integers(0, 59)),
    st.builds(lambda h, m: f"yesterday {h}:{m:02d}", st.integers(0, 23), st.integers(0, 59)),
    st.builds(
        lambda d, h: f"{d} {h:02d}:15",
        st.sampled_from(["mon", "tue", "wednesday", "thu", "fri", "sat", "sunday"]),
        st.integers(0, 23),
    ),
    st.builds(lambda n, u: f"{n}{u} ago", st.integers(0, 1500), st.sampled_from(["m", "h", "d"])),
)
NOWS = st.datetimes(min_value=datetime(2021, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC))
ZONES = st.sampled_from(
    [NY, BERLIN, ZoneInfo("Asia/Kolkata"), ZoneInfo("Australia/Lord_Howe"), ZoneInfo("UTC")]
)


@given(RELATIVE, NOWS, ZONES)
def test_relative_inputs_never_in_future(text: str, now: datetime, zone: ZoneInfo) -> None:
    result = parse_start(text, zone, now)
    assert result <= now + timedelta(minutes=2)
    assert result >= now - timedelta(days=5000)
    assert result.tzinfo is UTC


@given(st.text(max_size=80), NOWS, ZONES)
def test_arbitrary_text_only_raises_invalid_input(text: str, now: datetime, zone: ZoneInfo) -> None:
    try:
        result = parse_start(text, zone, now)
    except InvalidInput:
        return
    assert result <= now + timedelta(minutes=2)


@given(st.from_regex(r"\A[0-9 :.aptmhdoygsTZ+-]{1,25}\Z"), NOWS)
def test_time_like_text_only_raises_invalid_input(text: str, now: datetime) -> None:
    with contextlib.suppress(InvalidInput):
        parse_start(text, NY, now)


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        parse_start("now", NY, datetime(2026, 1, 1))
