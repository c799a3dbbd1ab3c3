"""Go-live reminders as values: what is asked for, what is stored, what was delivered, and the rules.

Pure: imports neither discord nor storage. Storage reads and writes these types; the service
applies the rules (the per-server cap, the ping role, message and lead limits) before it writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Literal

from bot.core.errors import InvalidInput
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
        raise InvalidInput("Pick a role to ping other than @everyone.")
    return role_id


def lead_minutes(minutes: int) -> int:
    """Discord enforces the option's range in its client only: checked again here."""
    if not 0 <= minutes <= MAX_LEAD:
        raise InvalidInput(f"Use minutes before from 0 to {MAX_LEAD}.")
    return minutes


def message_text(message: str | None) -> str | None:
    """The reminder's own text, trimmed (``None`` for the default text)."""
    text = (message or "").strip()
    if len(text) > MAX_MESSAGE:
        raise InvalidInput(f"Keep the message to {MAX_MESSAGE} characters or fewer.")
    return text or None


def cap_sentence(adding: int, *, personal: bool = False) -> str:
    """Why ``adding`` more reminders would not fit in a server (or in a member's own schedule)."""
    if personal:
        return (
            f"You already have {MAX_PERSONAL_REMINDERS} personal go-live reminders, the most one member can: "
            "remove one with /schedule remove first."
        )
    if adding == 1:
        return (
            f"This server already has the maximum of {MAX_REMINDERS_PER_SERVER} reminders: "
            "remove one with /reminder remove first."
        )
    return (
        f"That would go past the maximum of {MAX_REMINDERS_PER_SERVER} reminders in this server: "
        f"remove {adding} with /reminder remove first."
    )
