"""What /privacy sends: the export files and its sentences."""

from __future__ import annotations

import json

from bot.core.attachments import Attachment, attachment
from bot.i18n import N_, _, ngettext
from bot.privacy.service import MemberExport
from bot.sessions.model.export import sessions_to_csv


def _sessions(count: int) -> str:
    return ngettext("{n} session", "{n} sessions", count)


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
    if export.has_timer:
        return _(
            "Your data in this server: {sessions} and a running timer.",
            sessions=_sessions(len(export.sessions)),
        )
    return _(
        "Your data in this server: {sessions} and no running timer.", sessions=_sessions(len(export.sessions))
    )


def delete_prompt(sessions: int) -> str:
    return _(
        "Delete all your data in this server: {sessions}, any running timer, your goals and your settings "
        "(time zone, sharing)? This cannot be undone; /privacy export first if you want a copy.",
        sessions=_sessions(sessions),
    )


def deleted_text(removed: dict[str, int]) -> str:
    extras = [
        _(text)
        for key, text in (("session_timers", N_("your running timer")), ("member_goals", N_("your goals")))
        if removed.get(key)
    ]
    parts = [_sessions(removed.get("sessions", 0)), *extras]
    if len(parts) == 1:
        listed = parts[0]
    else:
        listed = _("{items} and {last}", items=", ".join(parts[:-1]), last=parts[-1])
    return _("Deleted {what} from this server.", what=listed)
