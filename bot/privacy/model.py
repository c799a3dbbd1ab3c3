"""What a member's data export holds, as plain data (no Discord, no storage)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from bot.sessions.model.record import SessionRecord


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def session_json(record: SessionRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "number": record.number,  # the #N members see in this server
        "started_at": iso(record.started_at),
        "duration_minutes": record.duration_minutes,
        "likes": record.likes,
        "peak_viewers": record.peak_viewers,
        "avg_viewers": record.avg_viewers,
        "diamonds": record.diamonds,
        "new_followers": record.new_followers,
        "gifts": [[key, count] for key, count in record.gifts],
        "note": record.note,
    }


def _json_value(column: str, value: Any) -> Any:
    # Discord ids exceed JavaScript's exact integers: hand them over as strings, as Discord does.
    return str(value) if value is not None and column.endswith("_id") else value


def member_document(
    *,
    guild_id: int,
    user_id: int,
    exported_at: datetime,
    timezone: str | None,
    sessions: Sequence[SessionRecord],
    timer: Mapping[str, Any] | None,
    stored_rows: Mapping[str, Sequence[Mapping[str, Any]]],
) -> dict[str, Any]:
    """The JSON export: readable sessions first, then every stored row of every member table."""
    return {
        "server_id": str(guild_id),
        "user_id": str(user_id),
        "exported_at": iso(exported_at),
        "timezone": timezone,
        "sessions": [session_json(r) for r in sessions],
        "running_timer": None
        if timer is None
        else {
            "started_at": iso(timer["started_at"]),
            "channel_id": timer["channel_id"] and str(timer["channel_id"]),
        },
        "stored_rows": {
            table: [{column: _json_value(column, value) for column, value in row.items()} for row in rows]
            for table, rows in stored_rows.items()
        },
    }
