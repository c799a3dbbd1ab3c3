"""What /privacy sends: the export files and its sentences."""

from __future__ import annotations

import json

from bot.core.attachments import Attachment, attachment
from bot.privacy.service import MemberExport
from bot.sessions.model.export import sessions_to_csv


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def export_files(export: MemberExport) -> list[Attachment]:
    return [
        attachment(
            json.dumps(export.document, ensure_ascii=False, indent=2).encode("utf-8"),
            "livecoach-my-data.json",
        ),
        attachment(
            sessions_to_csv(export.sessions, export.zone_name, excel_bom=True, gift_name=export.gift_name),
            "livecoach-sessions.csv",
        ),
    ]


def export_summary(export: MemberExport) -> str:
    timer_text = "a running timer" if export.has_timer else "no running timer"
    return f"Your data in this server: {_plural(len(export.sessions), 'session')} and {timer_text}."


def delete_prompt(sessions: int) -> str:
    return (
        f"Delete all your data in this server: {_plural(sessions, 'session')}, any running timer, your goals "
        "and your settings (time zone, sharing)? This cannot be undone; /privacy export first if you want a copy."
    )


def deleted_text(removed: dict[str, int]) -> str:
    extras = [
        text
        for key, text in (("session_timers", "your running timer"), ("member_goals", "your goals"))
        if removed.get(key)
    ]
    parts = [_plural(removed.get("sessions", 0), "session"), *extras]
    listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    return f"Deleted {listed} from this server."
