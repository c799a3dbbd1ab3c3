"""Creators' go-live rules as pure functions: handles, who may announce, the cooldown, follows, recaps.

Nothing here imports discord or storage; the service feeds it plain values.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any, Literal

from bot.core.errors import InvalidInput, NotAllowed
from bot.i18n import N_, _
from bot.reminders.model.recurrence import format_days, live_instant, next_occurrences

HANDLE_MIN = 2
HANDLE_MAX = 24
_HANDLE = re.compile(rf"^[a-z0-9_.]{{{HANDLE_MIN},{HANDLE_MAX}}}$")

ANNOUNCE_COOLDOWN = timedelta(minutes=30)
MAX_TITLE = 100
MAX_FOLLOWS = 100  # creators one member follows in one server
RECAP_WINDOW = timedelta(hours=24)  # an announcement older than this is not recapped by a session

Notify = Literal["dm", "ping"]
NOTIFY_CHOICES: tuple[Notify, ...] = ("dm", "ping")


def live_url(handle: str) -> str:
    return f"https://www.tiktok.com/@{handle}/live"


def parse_handle(text: str) -> str:
    """A TikTok handle as stored: lower case without the "@" (letters, digits, ``_`` and ``.``, 2–24)."""
    cleaned = text.strip()
    if any(unicodedata.category(ch) in ("Cf", "Cc", "Zs") and ch != " " for ch in cleaned):
        raise InvalidInput(
            _("That handle contains invisible characters: type it again by hand, e.g. @your.name.")
        )
    if cleaned.startswith("@"):
        cleaned = cleaned[1:]
    if not cleaned:
        raise InvalidInput(_("Give your TikTok handle, e.g. @your.name."))
    if any(ch.isspace() for ch in cleaned):
        raise InvalidInput(
            _("A TikTok handle has no spaces: use letters, digits, _ and . only, e.g. @your.name.")
        )
    if len(cleaned) > HANDLE_MAX:
        raise InvalidInput(
            _(
                "That handle has {length} characters; TikTok handles have {least}–{most}.",
                length=len(cleaned),
                least=HANDLE_MIN,
                most=HANDLE_MAX,
            )
        )
    handle = cleaned.lower()
    if not _HANDLE.match(handle) or not handle.isascii():
        raise InvalidInput(
            _(
                "A TikTok handle uses only letters, digits, _ and . ({least}–{most} characters), e.g. @your.name.",
                least=HANDLE_MIN,
                most=HANDLE_MAX,
            )
        )
    return handle


def clean_title(text: str | None) -> str | None:
    """The announcement's optional title: one line, no markup-breaking control characters."""
    if text is None:
        return None
    # Line breaks and other controls become spaces; invisible format characters go.
    kept = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    cleaned = " ".join("".join(ch for ch in kept if unicodedata.category(ch) != "Cf").split())
    if not cleaned:
        return None
    if len(cleaned) > MAX_TITLE:
        raise InvalidInput(
            _("Keep the title to {most} characters (it has {length}).", most=MAX_TITLE, length=len(cleaned))
        )
    return cleaned


@dataclass(frozen=True, slots=True)
class GoLiveSettings:
    guild_id: int
    channel_id: int | None = None
    role_id: int | None = None
    announcer_role_id: int | None = None  # None: every member may announce
    events: bool = False  # personal LIVEs shown as Discord scheduled events


def wait_text(remaining: timedelta) -> str:
    """``"12 min"``, ``"1 min"`` or ``"45 s"``: the time left, rounded up."""
    seconds = max(1, int(-(-remaining.total_seconds() // 1)))
    if seconds < 60:
        return f"{seconds} s"
    minutes = -(-seconds // 60)
    return f"{minutes} min"


def cooldown_left(last: datetime | None, now: datetime, cooldown: timedelta = ANNOUNCE_COOLDOWN) -> timedelta:
    """How long until the member may announce again (zero when they may now)."""
    if last is None:
        return timedelta(0)
    return max(timedelta(0), last + cooldown - now)


def check_announce(
    settings: GoLiveSettings,
    handle: str | None,
    member_role_ids: frozenset[int],
    last_announced: datetime | None,
    now: datetime,
) -> None:
    """Raise the sentence that says why this member cannot announce now; return when they can."""
    if settings.channel_id is None:
        raise InvalidInput(
            _("This server has no go-live channel yet: ask an admin to set one with /golive channel.")
        )
    if settings.announcer_role_id is not None and settings.announcer_role_id not in member_role_ids:
        raise NotAllowed(
            _(
                "Only members with {role} can announce a LIVE here: ask an admin.",
                role=f"<@&{settings.announcer_role_id}>",
            )
        )
    if handle is None:
        raise InvalidInput(_("Link your TikTok handle first with /live handle set, e.g. handle:@your.name."))
    left = cooldown_left(last_announced, now)
    if left > timedelta(0):
        raise InvalidInput(
            _("You announced a LIVE a moment ago: you can announce again in {wait}.", wait=wait_text(left))
        )


def check_follow(
    follower_id: int, creator_id: int, creator_is_bot: bool, creator_handle: str | None, follows: int
) -> None:
    if creator_id == follower_id:
        raise InvalidInput(_("You can't follow yourself: pick another creator."))
    if creator_is_bot:
        raise InvalidInput(_("Bots don't go LIVE: pick a creator."))
    if creator_handle is None:
        raise InvalidInput(
            _(
                "That member hasn't linked a TikTok handle yet, so there is nothing to follow: "
                "ask them to run /live handle set."
            )
        )
    if follows >= MAX_FOLLOWS:
        raise InvalidInput(
            _(
                "You follow {most} creators here, the most one member can: /unfollow someone first.",
                most=MAX_FOLLOWS,
            )
        )


@dataclass(frozen=True, slots=True)
class Recap:
    """What the announcement becomes when the LIVE ends (money only when the creator allows it)."""

    duration_minutes: int
    likes: int | None  # None: not logged
    peak_viewers: int | None
    new_followers: int | None
    diamonds: int | None  # None: hidden by the creator's choice


def build_recap(
    duration_minutes: int,
    likes: int | None,
    peak_viewers: int | None,
    new_followers: int | None,
    diamonds: int,
    *,
    show_money: bool,
) -> Recap:
    return Recap(duration_minutes, likes, peak_viewers, new_followers, diamonds if show_money else None)


def recappable(announced_at: datetime, session_start: datetime, session_end: datetime) -> bool:
    """Whether a session is the LIVE an announcement was about.

    The session must end after the announcement and start no earlier than an hour
    before it (creators often announce a little after going live), and the announcement
    must be recent.
    """
    return (
        session_end >= announced_at
        and session_start >= announced_at - timedelta(hours=1)
        and session_end - announced_at <= RECAP_WINDOW
    )


# -- Discord scheduled events ------------------------------------------------------------------------
EVENT_LENGTH = timedelta(hours=1)  # how long an event shows a LIVE; it moves to the next one after
EVENT_MARGIN = timedelta(minutes=2)  # Discord refuses a start in the past: never aim closer than this
EVENT_PRIVACY_GUILD_ONLY = 2
EVENT_EXTERNAL = 3
EVENTS_PERMISSION_MISSING = N_(
    "I need the Manage Events permission to show members' LIVEs as server events: give it to my role "
    "in Server Settings → Roles, then run this again."
)


def check_events_permission(allowed: bool) -> None:
    """Refuse turning events on while the bot may not create them."""
    if not allowed:
        raise NotAllowed(_(EVENTS_PERMISSION_MISSING))


@dataclass(frozen=True, slots=True)
class EventPlan:
    """The external event a personal reminder's next LIVE should have in Discord."""

    starts_at: datetime
    ends_at: datetime
    body: dict[str, Any]
    fingerprint: str


def next_live_start(days: frozenset[int], at: time, zone: str, lead_minutes: int, now: datetime) -> datetime:
    """The start of the reminder's next LIVE at least :data:`EVENT_MARGIN` after ``now``."""
    lead = timedelta(minutes=lead_minutes)
    (post,) = next_occurrences(days, at, zone, lead_minutes, now + EVENT_MARGIN - lead)
    return live_instant(post, lead_minutes)


def event_plan(
    handle: str,
    message: str | None,
    days: frozenset[int],
    at: time,
    zone: str,
    lead_minutes: int,
    now: datetime,
) -> EventPlan:
    """The event body (Discord's external event: the TikTok LIVE link as its location)."""
    start = next_live_start(days, at, zone, lead_minutes, now).astimezone(UTC)
    end = start + EVENT_LENGTH
    when = _("{days} at {time} ({zone}).", days=format_days(days), time=f"{at:%H:%M}", zone=zone)
    watch = _("Watch: {link}", link=live_url(handle))
    description = (f"{message}\n\n" if message else "") + f"{when}\n{watch}"
    body: dict[str, Any] = {
        "name": _("@{handle} LIVE on TikTok", handle=handle)[:100],
        "description": description[:1000],
        "scheduled_start_time": start.isoformat(),
        "scheduled_end_time": end.isoformat(),
        "privacy_level": EVENT_PRIVACY_GUILD_ONLY,
        "entity_type": EVENT_EXTERNAL,
        "entity_metadata": {"location": live_url(handle)},
    }
    digest = hashlib.blake2b(json.dumps(body, sort_keys=True).encode(), digest_size=12).hexdigest()
    return EventPlan(start, end, body, digest)
