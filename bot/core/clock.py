"""The clock and stored zone names: one ``utcnow`` every feature reads (tests patch it here)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def utcnow() -> datetime:
    return datetime.now(UTC)


def zone_named(name: str | None) -> ZoneInfo:
    """The zone for a stored IANA name (UTC if it is missing or no longer known to tzdata)."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")
