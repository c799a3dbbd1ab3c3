"""LIVE session records and the checks a logged session must pass.

Pure domain code: no Discord, no database, no clock (``now`` is passed in).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation

from bot.core.errors import InvalidInput
from bot.core.format import count
from bot.i18n import N_, _

MIN_DURATION_MINUTES = 1
MAX_DURATION_MINUTES = 24 * 60
MAX_LIKES = 10**9
MAX_VIEWERS = 10**7
MAX_DIAMONDS = 10**9
MAX_FOLLOWERS = 10**7
MAX_GIFT_COUNT = 10**6
MAX_GIFT_KINDS = 50
MAX_GIFT_KEY = 60
MAX_NOTE = 300
CLOCK_SKEW = timedelta(minutes=2)
MAX_AGE = timedelta(days=5 * 365 + 1)

GiftKey = int | str
Gifts = tuple[tuple[GiftKey, int], ...]


# Labels that sentences name (translated where the sentence is built).
LIKES = N_("likes")
DIAMONDS = N_("diamonds")
PEAK_VIEWERS = N_("peak viewers")


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One logged LIVE session; ``started_at`` is stored as an aware UTC datetime.

    Construction only normalises (UTC, tuple of gifts); use :func:`validate_session`
    for user input so every value is range-checked against ``now``.
    """

    id: int | None
    guild_id: int
    user_id: int
    started_at: datetime
    duration_minutes: int
    likes: int | None  # None: not given (unknown, never counted as 0 in an average)
    peak_viewers: int | None  # None: not given
    avg_viewers: int | None
    diamonds: int
    new_followers: int | None
    gifts: Gifts = field(default=())
    note: str | None = None
    number: int | None = None  # the per-server number members see (#N), set when stored

    @property
    def label(self) -> str:
        """``#N``: the server's number for this session (its id until it has one)."""
        return f"#{self.number if self.number is not None else self.id}"

    def __post_init__(self) -> None:
        if self.started_at.tzinfo is None or self.started_at.utcoffset() is None:
            raise ValueError("SessionRecord.started_at must be timezone-aware")
        object.__setattr__(self, "started_at", self.started_at.astimezone(UTC))
        object.__setattr__(self, "gifts", tuple((k, int(c)) for k, c in self.gifts))

    @property
    def ended_at(self) -> datetime:
        """UTC end of the session (start + duration)."""
        return self.started_at + timedelta(minutes=self.duration_minutes)

    @property
    def hours(self) -> Decimal:
        """Duration in hours, exact to the minute's fraction (Decimal)."""
        return Decimal(self.duration_minutes) / Decimal(60)


@dataclass(frozen=True, slots=True)
class Timer:
    """A running ``/session start`` timer."""

    guild_id: int
    user_id: int
    started_at: datetime
    channel_id: int | None


def _whole(value: object, label: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(_("Enter {what} as a whole number.", what=_(label)))
    return value


def _count(value: object, label: str, cap: int) -> int:
    number = _whole(value, label)  # label: an N_() phrase, translated where the sentence is built
    if number < 0:
        raise InvalidInput(_("Enter {what} as 0 or more.", what=_(label)))
    if number >= cap:
        raise InvalidInput(_("Enter {what} below {cap}.", what=_(label), cap=count(cap)))
    return number


def _clean_note(note: str | None) -> str | None:
    if note is None:
        return None
    cleaned = "".join(ch for ch in note if ch in "\n\t" or ch.isprintable()).strip()
    if not cleaned:
        return None
    if len(cleaned) > MAX_NOTE:
        raise InvalidInput(_("Shorten the note to {max} characters or fewer.", max=MAX_NOTE))
    return cleaned


def _clean_gifts(gifts: Iterable[tuple[GiftKey, int]]) -> Gifts:
    merged: dict[GiftKey, int] = {}
    for key, amount in gifts:
        if isinstance(key, bool) or not isinstance(key, int | str):
            raise InvalidInput(_("Name each gift by its catalogue id or name."))
        if isinstance(key, str):
            key = key.strip()
            if not key or len(key) > MAX_GIFT_KEY:
                raise InvalidInput(_("Give each gift a name of 1 to {max} characters.", max=MAX_GIFT_KEY))
        elif key <= 0:
            raise InvalidInput(_("Use a positive gift id from the catalogue."))
        number = _whole(amount, N_("each gift count"))
        if number < 1:
            raise InvalidInput(_("Enter each gift count as 1 or more."))
        merged[key] = merged.get(key, 0) + number
        if merged[key] >= MAX_GIFT_COUNT:
            raise InvalidInput(_("Enter each gift count below {max}.", max=count(MAX_GIFT_COUNT)))
    if len(merged) > MAX_GIFT_KINDS:
        raise InvalidInput(_("Log at most {max} different gifts per session.", max=MAX_GIFT_KINDS))
    return tuple(merged.items())


def validate_session(
    *,
    guild_id: int,
    user_id: int,
    started_at: datetime,
    duration_minutes: int,
    likes: int | None,
    peak_viewers: int | None,
    diamonds: int,
    now: datetime,
    avg_viewers: int | None = None,
    new_followers: int | None = None,
    gifts: Iterable[tuple[GiftKey, int]] = (),
    note: str | None = None,
    id: int | None = None,
) -> SessionRecord:
    """Check user-entered session values and return a normalised :class:`SessionRecord`.

    Raises ``InvalidInput`` with one sentence naming the limit that was broken.
    Gift entries with the same key are merged; the note is stripped (empty → None).
    """
    if started_at.tzinfo is None or started_at.utcoffset() is None:
        raise ValueError("started_at must be timezone-aware")
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    minutes = _whole(duration_minutes, N_("the duration in minutes"))
    if not MIN_DURATION_MINUTES <= minutes <= MAX_DURATION_MINUTES:
        raise InvalidInput(_("Enter a duration between 1 minute and 24 hours."))
    start = started_at.astimezone(UTC)
    if start > now.astimezone(UTC) + CLOCK_SKEW:
        raise InvalidInput(_("Use a start time that is not in the future."))
    if start < now.astimezone(UTC) - MAX_AGE:
        raise InvalidInput(_("Use a start time within the last 5 years."))
    peak = None if peak_viewers is None else _count(peak_viewers, PEAK_VIEWERS, MAX_VIEWERS)
    avg = None if avg_viewers is None else _count(avg_viewers, N_("average viewers"), MAX_VIEWERS)
    if avg is not None and peak is not None and avg > peak:
        raise InvalidInput(_("Enter average viewers no higher than peak viewers."))
    followers = None if new_followers is None else _count(new_followers, N_("new followers"), MAX_FOLLOWERS)
    return SessionRecord(
        id=id,
        guild_id=guild_id,
        user_id=user_id,
        started_at=start,
        duration_minutes=minutes,
        likes=None if likes is None else _count(likes, LIKES, MAX_LIKES),
        peak_viewers=peak,
        avg_viewers=avg,
        diamonds=_count(diamonds, DIAMONDS, MAX_DIAMONDS),
        new_followers=followers,
        gifts=_clean_gifts(gifts),
        note=_clean_note(note),
    )


_HOURS = r"(?:h|hr|hrs|hour|hours)"
_MINUTES = r"(?:m|min|mins|minute|minutes)"
_DURATION_RE = re.compile(
    rf"^(?:(?P<h>\d{{1,4}}(?:[.,]\d{{1,3}})?)\s*{_HOURS})?\s*(?:(?P<m>\d{{1,5}})\s*{_MINUTES}?)?$"
)
_CLOCK_RE = re.compile(r"^(?P<h>\d{1,2}):(?P<m>[0-5]\d)$")
_DURATION_HELP = N_("Enter the duration like `90`, `1h30` or `1:30`.")


def parse_duration(text: str) -> int:
    """Parse "90", "90m", "1h30", "1h 30m", "1:30", "2h" or "1.5h" into whole minutes (1 min–24 h)."""
    cleaned = " ".join(text.strip().lower().split())
    if len(cleaned) > 30 or not cleaned:
        raise InvalidInput(_(_DURATION_HELP))
    clock = _CLOCK_RE.match(cleaned)
    if clock:
        minutes = int(clock["h"]) * 60 + int(clock["m"])
    else:
        match = _DURATION_RE.match(cleaned)
        if not match or (match["h"] is None and match["m"] is None):
            raise InvalidInput(_(_DURATION_HELP))
        try:
            hours = Decimal(match["h"].replace(",", ".")) if match["h"] else Decimal(0)
        except InvalidOperation as exc:  # pragma: no cover - regex guarantees digits
            raise InvalidInput(_(_DURATION_HELP)) from exc
        if match["h"] and match["m"] and hours != hours.to_integral_value():
            raise InvalidInput(_(_DURATION_HELP))
        exact = hours * 60 + int(match["m"] or 0)
        minutes = int(exact.to_integral_value())
        if exact != minutes:
            raise InvalidInput(_("Round the duration to whole minutes, like `1h30`."))
    if not MIN_DURATION_MINUTES <= minutes <= MAX_DURATION_MINUTES:
        raise InvalidInput(_("Enter a duration between 1 minute and 24 hours."))
    return minutes


_COUNT_RE = re.compile(r"^(?P<n>\d+(?:\.\d+)?)\s*(?P<suffix>[km]?)$")
_SUFFIX = {"": 1, "k": 1_000, "m": 1_000_000}


def _clean_count(text: str | None) -> str:
    return (text or "").strip().lower().replace(",", "").replace("_", "").replace(" ", "")


def parse_count(text: str | None, label: str, *, default: int | None = 0) -> int | None:
    """A count typed in a form: ``1234``, ``1,234``, ``1.2k``, ``3m``; empty gives ``default``."""
    cleaned = _clean_count(text)
    if not cleaned:
        return default
    match = _COUNT_RE.match(cleaned)
    if cleaned.startswith("-"):
        raise InvalidInput(_("Enter {what} as 0 or more.", what=_(label)))
    if not match:
        raise InvalidInput(_("Enter {what} as a whole number, like 1200 or 1.2k.", what=_(label)))
    value = float(match["n"]) * _SUFFIX[match["suffix"]]
    if not value.is_integer() or len(cleaned) > 15:
        raise InvalidInput(_("Enter {what} as a whole number, like 1200 or 1.2k.", what=_(label)))
    return int(value)


def is_count(text: str) -> bool:
    """Whether ``text`` reads as a count (else a form's diamonds box holds a gift list)."""
    return bool(_COUNT_RE.match(_clean_count(text)))


def duration_text(minutes: int) -> str:
    """A duration the way a member types it back into a form: ``45``, ``2h``, ``1h30``."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return str(rest)
    return f"{hours}h{rest:02d}" if rest else f"{hours}h"


def diamonds_or_gifts(text: str | None) -> tuple[int | None, str | None]:
    """A form's "Diamonds, or the gifts you got" box: ``(diamonds, None)`` or ``(None, gift list)``."""
    cleaned = (text or "").strip()
    if not cleaned or is_count(cleaned):
        return parse_count(cleaned, DIAMONDS), None
    return None, cleaned


def may_change(record: SessionRecord, user_id: int, *, can_manage: bool) -> bool:
    """A member changes their own sessions; Manage Server changes anyone's."""
    return record.user_id == user_id or can_manage


def needs_manage_to_export(requester_id: int, member_id: int | None, *, everyone: bool) -> bool:
    """Exporting another member's sessions, or everyone's, needs Manage Server."""
    return everyone or (member_id is not None and member_id != requester_id)
