from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.errors import InvalidInput
from bot.sessions.model.record import (
    MAX_DIAMONDS,
    MAX_LIKES,
    MAX_NOTE,
    MAX_VIEWERS,
    SessionRecord,
    diamonds_or_gifts,
    duration_text,
    is_count,
    may_change,
    needs_manage_to_export,
    parse_count,
    parse_duration,
    validate_session,
)

NOW = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)


def make(**overrides: Any) -> SessionRecord:
    values: dict[str, Any] = {
        "guild_id": 1,
        "user_id": 2,
        "started_at": NOW - timedelta(hours=3),
        "duration_minutes": 90,
        "likes": 12_000,
        "peak_viewers": 80,
        "diamonds": 2_500,
        "now": NOW,
    }
    values.update(overrides)
    return validate_session(**values)


def test_valid_session_is_normalised() -> None:
    record = make(gifts=[(5655, 3), ("Rose", 10), (5655, 2)], note="  great stream  ", avg_viewers=40)
    assert record.started_at.tzinfo is UTC
    assert record.gifts == ((5655, 5), ("Rose", 10))
    assert record.note == "great stream"
    assert record.ended_at == record.started_at + timedelta(minutes=90)
    assert str(record.hours) == "1.5"


def test_record_is_frozen_and_requires_aware_start() -> None:
    record = make()
    with pytest.raises(AttributeError):
        record.likes = 5  # type: ignore[misc]
    with pytest.raises(ValueError):
        SessionRecord(None, 1, 2, datetime(2026, 1, 1), 10, 0, 0, None, 0, None)


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"duration_minutes": 0}, "1 minute and 24 hours"),
        ({"duration_minutes": 24 * 60 + 1}, "24 hours"),
        ({"likes": -1}, "0 or more"),
        ({"likes": MAX_LIKES}, f"{MAX_LIKES:,}"),
        ({"peak_viewers": MAX_VIEWERS}, f"{MAX_VIEWERS:,}"),
        ({"diamonds": MAX_DIAMONDS}, f"{MAX_DIAMONDS:,}"),
        ({"new_followers": -3}, "0 or more"),
        ({"avg_viewers": 81}, "no higher than peak"),
        ({"note": "x" * (MAX_NOTE + 1)}, str(MAX_NOTE)),
        ({"started_at": NOW + timedelta(minutes=3)}, "future"),
        ({"started_at": NOW - timedelta(days=6 * 365)}, "5 years"),
        ({"likes": 1.5}, "whole number"),
        ({"likes": True}, "whole number"),
        ({"gifts": [("Rose", 0)]}, "1 or more"),
        ({"gifts": [("", 1)]}, "name"),
    ],
)
def test_rejections_name_the_limit(overrides: dict[str, Any], fragment: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        make(**overrides)
    assert fragment in caught.value.message
    assert caught.value.message.endswith(".")


def test_clock_skew_and_edges_allowed() -> None:
    assert make(started_at=NOW + timedelta(minutes=2)).started_at == NOW + timedelta(minutes=2)
    assert make(duration_minutes=1).duration_minutes == 1
    assert make(duration_minutes=1440).duration_minutes == 1440
    assert make(likes=MAX_LIKES - 1, diamonds=0).likes == MAX_LIKES - 1
    assert make(note="   ").note is None


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("90", 90),
        ("90m", 90),
        ("90 min", 90),
        ("1h30", 90),
        ("1h 30m", 90),
        ("1H30M", 90),
        ("1:30", 90),
        ("2h", 120),
        ("1.5h", 90),
        ("0:05", 5),
        ("24h", 1440),
        ("2 hours 5 minutes", 125),
    ],
)
def test_parse_duration_accepts(text: str, minutes: int) -> None:
    assert parse_duration(text) == minutes


@pytest.mark.parametrize(
    "text", ["", "abc", "0", "25h", "1:75", "-5", "1.2.3h", "1.5h30", "1.01h", "h", "99999999"]
)
def test_parse_duration_rejects(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_duration(text)


@given(st.text(max_size=40))
def test_parse_duration_only_raises_invalid_input(text: str) -> None:
    try:
        minutes = parse_duration(text)
    except InvalidInput:
        return
    assert 1 <= minutes <= 1440


@given(st.integers(1, 23), st.integers(0, 59))
def test_parse_duration_forms_agree(hours: int, minutes: int) -> None:
    expected = hours * 60 + minutes
    assert parse_duration(f"{hours}h{minutes}") == expected
    assert parse_duration(f"{hours}:{minutes:02d}") == expected
    assert parse_duration(f"{hours}h {minutes}m") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234", 1234),
        ("1,234", 1234),
        ("1.2k", 1200),
        ("3m", 3_000_000),
        (" 12 K ", 12_000),
        ("", 0),
        (None, 0),
    ],
)
def test_parse_count_reads_what_members_type(text: str | None, expected: int) -> None:
    assert parse_count(text, "likes") == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-5", "0 or more"),
        ("lots", "whole number"),
        ("1.2345k", "whole number"),
        ("12345678901234567", "whole number"),
    ],
)
def test_parse_count_refuses_with_a_sentence(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_count(text, "likes")


def test_the_diamonds_box_holds_a_count_or_a_gift_list() -> None:
    assert is_count("4.5k") and not is_count("2 lions")
    assert diamonds_or_gifts("4.5k") == (4500, None)
    assert diamonds_or_gifts("") == (0, None)
    assert diamonds_or_gifts(" 2 lions, 100 roses ") == (None, "2 lions, 100 roses")


def test_duration_text_reads_back_into_parse_duration() -> None:
    assert [duration_text(m) for m in (45, 120, 95)] == ["45", "2h", "1h35"]
    assert all(parse_duration(duration_text(m)) == m for m in (1, 45, 60, 95, 24 * 60))


def test_who_may_change_and_export() -> None:
    mine = make(user_id=7)
    assert may_change(mine, 7, can_manage=False)
    assert not may_change(mine, 8, can_manage=False) and may_change(mine, 8, can_manage=True)
    assert not needs_manage_to_export(7, None, everyone=False)
    assert not needs_manage_to_export(7, 7, everyone=False)
    assert needs_manage_to_export(7, 8, everyone=False) and needs_manage_to_export(7, None, everyone=True)
