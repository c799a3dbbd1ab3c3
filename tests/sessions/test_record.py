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
