"""How times are stored: UTC ISO 8601 text with whole seconds, which sorts chronologically."""

from __future__ import annotations

from datetime import UTC, datetime


def stamp(moment: datetime) -> str:
    """The stored form of an aware datetime."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("stored times must be timezone-aware")
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def parse_stamp(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)
