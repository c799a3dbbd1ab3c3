"""Go-live reminders as values: what is asked for, what is stored, what was delivered, and the rules.

Pure: imports neither discord nor storage. Storage reads and writes these types; the service
applies the rules (the per-server cap, the ping role, message and lead limits) before it writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Literal

from bot.core.errors import InvalidInput
from bot.i18n import _
from bot.reminders.model.recurrence import dst_note, next_occurrences

MAX_REMINDERS_PER_SERVER = 25  # server-wide ones; members' personal ones have their own limit
MAX_PERSONAL_REMINDERS = 5
MAX_MESSAGE = 500
MAX_LEAD = 1440

DeliveryStatus = Literal["claimed", "sent", "late", "skipped", "failed"]


@dataclass(frozen=True, slots=True)
class NewReminder:
    """What ``/reminder add`` (or ``add-peak``) asks to store."""

    guild_id: int
    channel_id: int
    days: frozenset[int]
    at: time
    timezone: str
    created_by: int
    lead_minutes: int = 0
    role_id: int | None = None
    message: str | None = None
    label: str | None = None
    user_id: int | None = None  # the creator whose personal reminder this is (None: server-wide)


@dataclass(frozen=True, slots=True)
class Reminder:
    id: int
    guild_id: int
    channel_id: int
    days: frozenset[int]
    at: time  # LIVE start, local wall time; the post fires lead_minutes earlier
    timezone: str
    lead_minutes: int
    role_id: int | None
    message: str | None
    label: str | None
    paused: bool
    pause_reason: str | None
    flag: str | None
    created_by: int
    created_at: datetime
    active_since: datetime
    user_id: int | None = None  # personal reminders: the creator who goes LIVE
    # The first post not yet handled (UTC): what the due timer fires on; None while paused.
    next_due: datetime | None = None

    @property
    def personal(self) -> bool:
        return self.user_id is not None


@dataclass(frozen=True, slots=True)
class Delivery:
    reminder_id: int
    occurrence: str
    due_at: datetime
    status: DeliveryStatus
    message_id: int | None
    detail: str | None


@dataclass(frozen=True, slots=True)
class Upcoming:
    """A reminder with its next post (``None`` while paused) and its daylight-saving note, if any."""

    reminder: Reminder
    next_due: datetime | None
    dst_note: str | None = None

    @classmethod
    def of(cls, reminder: Reminder, now: datetime) -> Upcoming:
        return cls(
            reminder,
            next_due(reminder, now),
            dst_note(reminder.days, reminder.at, reminder.timezone, now, reminder.lead_minutes),
        )


def next_due(reminder: Reminder, now: datetime) -> datetime | None:
    """When the reminder posts next after ``now`` (UTC); ``None`` while it is paused."""
    if reminder.paused:
        return None
    return next_occurrences(reminder.days, reminder.at, reminder.timezone, reminder.lead_minutes, now)[0]


def due_after(reminder: Reminder | NewReminder, after: datetime) -> datetime:
    """The reminder's first post strictly after ``after`` (aware UTC), DST-corrected.

    What the stored ``next_due`` is: after the catch-up floor (created, resumed, or the latest
    handled occurrence); one microsecond on, because :func:`next_occurrences` is "at or after".
    """
    return next_occurrences(
        reminder.days,
        reminder.at,
        reminder.timezone,
        reminder.lead_minutes,
        after + timedelta(microseconds=1),
    )[0]


def ping_role(role_id: int | None, guild_id: int) -> int | None:
    """The role a reminder may ping: any but @everyone (whose id is the server's)."""
    if role_id is not None and role_id == guild_id:
        raise InvalidInput(_("Pick a role to ping other than @everyone."))
    return role_id


def lead_minutes(minutes: int) -> int:
    """Discord enforces the option's range in its client only: checked again here."""
    if not 0 <= minutes <= MAX_LEAD:
        raise InvalidInput(_("Use minutes before from 0 to {most}.", most=MAX_LEAD))
    return minutes


def message_text(message: str | None) -> str | None:
    """The reminder's own text, trimmed (``None`` for the default text)."""
    text = (message or "").strip()
    if len(text) > MAX_MESSAGE:
        raise InvalidInput(_("Keep the message to {most} characters or fewer.", most=MAX_MESSAGE))
    return text or None


def cap_sentence(adding: int, *, personal: bool = False) -> str:
    """Why ``adding`` more reminders would not fit in a server (or in a member's own schedule)."""
    if personal:
        return _(
            "You already have {most} personal go-live reminders, the most one member can: "
            "remove one with /schedule remove first.",
            most=MAX_PERSONAL_REMINDERS,
        )
    if adding == 1:
        return _(
            "This server already has the maximum of {most} reminders: remove one with /reminder remove first.",
            most=MAX_REMINDERS_PER_SERVER,
        )
    return _(
        "That would go past the maximum of {most} reminders in this server: "
        "remove {adding} with /reminder remove first.",
        most=MAX_REMINDERS_PER_SERVER,
        adding=adding,
    )


# -- flags and pause reasons: stored as codes, shown in the reader's language ------------------------
# Rows written before the codes hold English sentences; :func:`read_flag` and :func:`read_pause`
# read both, so no migration is needed.

ROLE_DELETED_FLAG = "role_deleted"
_FAILED = "failed:"  # "failed:<unix seconds of the post>:<what Discord did>"
PAUSED_BY = "paused_by:"  # "paused_by:<user id>"
FORBIDDEN = "forbidden:"  # "forbidden:<channel id>": Discord answered 403
CHANNEL_GONE = "channel_gone:"  # "channel_gone:<channel id>": Discord answered 404
TIMED_OUT = "timeout"  # the failure detail when Discord did not answer in time

LEGACY_ROLE_DELETED = "Its role was deleted, so it posts without a ping: re-add it with another role."
LEGACY_FORBIDDEN_PREFIX = "I'm not allowed to post in"
_LEGACY_FAILED = re.compile(r"^Last post failed \((?P<detail>.+?)\) at <t:(?P<at>\d+):f>")
_LEGACY_PAUSED_BY = re.compile(r"^paused by <@(?P<id>\d+)>$")
_LEGACY_CHANNEL = re.compile(r"^(?:I'm not allowed to post in|Channel) <#(?P<id>\d+)>")

FlagKind = Literal["role_deleted", "failed", "text"]
PauseKind = Literal["paused_by", "forbidden", "channel_gone", "text"]


@dataclass(frozen=True, slots=True)
class Flag:
    """A stored flag, read: its kind and what it names (``text``: an unknown stored sentence)."""

    kind: FlagKind
    at: datetime | None = None
    detail: str = ""


@dataclass(frozen=True, slots=True)
class PauseReason:
    kind: PauseKind
    id: int = 0  # the member (paused_by) or the channel (forbidden, channel_gone)
    text: str = ""


def failed_flag(due_utc: datetime, detail: str) -> str:
    """The code stored when an occurrence could not be posted (``detail``: "HTTP 503" or "timeout")."""
    return f"{_FAILED}{int(due_utc.timestamp())}:{detail}"


def read_flag(stored: str | None) -> Flag | None:
    """The flag a row holds, whether stored as a code or (older rows) as an English sentence."""
    if not stored:
        return None
    if stored in (ROLE_DELETED_FLAG, LEGACY_ROLE_DELETED):
        return Flag("role_deleted")
    if stored.startswith(_FAILED):
        at, _sep, detail = stored[len(_FAILED) :].partition(":")
        if at.isdigit():
            return Flag("failed", datetime.fromtimestamp(int(at), UTC), detail)
    if legacy := _LEGACY_FAILED.match(stored):
        detail = legacy["detail"]
        return Flag("failed", datetime.fromtimestamp(int(legacy["at"]), UTC), _legacy_detail(detail))
    return Flag("text", detail=stored)


def _legacy_detail(detail: str) -> str:
    return TIMED_OUT if detail == "no answer in time" else detail


def paused_by(user_id: int) -> str:
    return f"{PAUSED_BY}{user_id}"


def fault_code(status: int, channel_id: int) -> str:
    """Why Discord's refusal paused a reminder, as stored: 404 the channel is gone, else not allowed."""
    return f"{CHANNEL_GONE if status == 404 else FORBIDDEN}{channel_id}"


def read_pause(stored: str | None) -> PauseReason | None:
    """The pause reason a row holds, a code or (older rows) an English sentence."""
    if not stored:
        return None
    for prefix, kind in ((PAUSED_BY, "paused_by"), (FORBIDDEN, "forbidden"), (CHANNEL_GONE, "channel_gone")):
        rest = stored[len(prefix) :]
        if stored.startswith(prefix) and rest.isdigit():
            return PauseReason(kind, int(rest))  # type: ignore[arg-type]
    if legacy := _LEGACY_PAUSED_BY.match(stored):
        return PauseReason("paused_by", int(legacy["id"]))
    if legacy := _LEGACY_CHANNEL.match(stored):
        kind = "forbidden" if stored.startswith(LEGACY_FORBIDDEN_PREFIX) else "channel_gone"
        return PauseReason(kind, int(legacy["id"]))  # type: ignore[arg-type]
    return PauseReason("text", text=stored)
