"""Parse the start time a member types for a LIVE session.

Wall-clock times are read in the member's IANA zone. Across DST changes a
nonexistent local time (spring-forward gap) is moved forward by the gap, and an
ambiguous one (fall-back overlap) resolves to the earlier occurrence (fold=0).
``now`` is always injected; this module never reads the clock.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.errors import InvalidInput
from bot.i18n import N_, _
from bot.sessions.model.record import CLOCK_SKEW
from bot.sessions.model.startwords import DEFAULT, to_english

MAX_INPUT = 60
MAX_AGO = timedelta(days=5 * 366)

_HELP = N_("Use a start like `now`, `yesterday 21:30`, `2026-11-20 19:00` or `2h ago`.")
_FUTURE = N_("Use a start time that is not in the future, like `yesterday {time}`.")

_WEEKDAYS = {
    "mon": 0, "monday": 0,
    "tue": 1, "tues": 1, "tuesday": 1,
    "wed": 2, "weds": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3,
    "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5,
    "sun": 6, "sunday": 6,
}  # fmt: skip

_TIME = r"(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?"
_DAY_TIME_RE = re.compile(rf"^(?:(?!at\s)(?P<day>[a-z]+)\s+)?(?:at\s+)?{_TIME}$")
_AGO_PART = re.compile(r"(?P<n>\d{1,6})\s*(?P<unit>d|days?|h|hrs?|hours?|m|mins?|minutes?)(?=\s|\d|$)\s*")
_ISO_RE = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})(?:[t ](?P<hour>\d{1,2})(?P<rest>:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)"
    r"\s*(?P<offset>z|utc|[+-]\d{2}(?::?\d{2})?)?)?$"
)


def to_utc(local: datetime, zone: ZoneInfo) -> datetime:
    """Read a naive wall-clock datetime in ``zone`` and return it in UTC.

    fold=0 gives the earlier instant for ambiguous times and, for times inside a
    DST gap, the pre-transition offset — which lands just after the gap (02:30 → 03:30).
    """
    return local.replace(tzinfo=zone, fold=0).astimezone(UTC)


def _clock(match: re.Match[str]) -> time:
    hour = int(match["hour"])
    minute = int(match["minute"] or 0)
    ampm = (match["ampm"] or "").replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            raise InvalidInput(_("Use a 12-hour time like `9pm` or a 24-hour time like `21:00`."))
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    elif match["minute"] is None:
        raise InvalidInput(_("Add minutes to the time, like `21:00`, or write `9pm`."))
    if hour > 23 or minute > 59:
        raise InvalidInput(_("Use a time of day between 00:00 and 23:59."))
    return time(hour, minute)


def _parse_ago(text: str, now: datetime) -> datetime:
    body = text.removesuffix("ago").strip()
    pos, total = 0, timedelta()
    while pos < len(body):
        part = _AGO_PART.match(body, pos)
        if not part:
            raise InvalidInput(_("Write how long ago like `2h ago`, `90m ago` or `1h 30m ago`."))
        n, unit = int(part["n"]), part["unit"][0]
        total += timedelta(**{{"d": "days", "h": "hours", "m": "minutes"}[unit]: n})
        pos = part.end()
    if pos == 0:
        raise InvalidInput(_("Write how long ago like `2h ago`, `90m ago` or `1h 30m ago`."))
    if total > MAX_AGO:
        raise InvalidInput(_("Use a start time within the last 5 years."))
    return now - total


def _parse_day_time(match: re.Match[str], zone: ZoneInfo, now: datetime) -> datetime:
    clock = _clock(match)
    today = now.astimezone(zone).date()
    day = match["day"]
    latest = now + CLOCK_SKEW
    if day is None:
        result = to_utc(datetime.combine(today, clock), zone)
        if result > latest:  # "20:00" typed before 20:00 means yesterday evening
            result = to_utc(datetime.combine(today - timedelta(days=1), clock), zone)
        return result
    if day == "today":
        target: date = today
    elif day == "yesterday":
        target = today - timedelta(days=1)
    elif day in _WEEKDAYS:
        target = today - timedelta(days=(today.weekday() - _WEEKDAYS[day]) % 7)
        if to_utc(datetime.combine(target, clock), zone) > latest:
            target -= timedelta(days=7)
    else:
        raise InvalidInput(_(_HELP))
    result = to_utc(datetime.combine(target, clock), zone)
    if result > latest:
        raise InvalidInput(_(_FUTURE, time=clock.strftime("%H:%M")))
    return result


def _parse_iso(match: re.Match[str], zone: ZoneInfo) -> datetime:
    if match["hour"] is None:
        raise InvalidInput(_("Add a time to the date, like `{date} 19:00`.", date=match["date"]))
    offset = match["offset"] or ""
    offset = "+00:00" if offset in {"z", "utc"} else offset
    if len(offset) == 3:
        offset += ":00"
    parsed = datetime.fromisoformat(f"{match['date']}T{int(match['hour']):02d}{match['rest']}{offset}")
    if parsed.tzinfo is None:
        return to_utc(parsed, zone)
    return parsed.astimezone(UTC)


def parse_start(text: str, zone: ZoneInfo, now: datetime, locale: str = DEFAULT) -> datetime:
    """Parse a typed session start into an aware UTC datetime no later than ``now`` + 2 minutes.

    Accepts ``now``; ``today 20:00``; ``yesterday 21:30``; ``20:00`` (today, or
    yesterday if today's would be in the future); ``9pm``; ``mon 20:00`` /
    ``monday 20:00`` (the most recent such day); ``2026-11-20 19:00`` or
    ``2026-11-20T19:00``; ISO with offset or ``Z``; ``2h ago`` / ``90m ago`` /
    ``1h 30m ago``. Anything else raises ``InvalidInput``. In ``locale`` the member's own
    words work too (``ontem 21h30``, ``vor 2 Std``; :mod:`bot.sessions.model.startwords`),
    and English ones still do.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    now = now.astimezone(UTC)
    cleaned = " ".join(str(text).strip().lower().split())
    if not cleaned or len(cleaned) > MAX_INPUT:
        raise InvalidInput(_(_HELP))
    cleaned = to_english(cleaned, locale)
    try:
        if cleaned in {"now", "just now", "right now"}:
            return now
        if cleaned.endswith(" ago") or (cleaned.endswith("ago") and cleaned[0].isdigit()):
            return _parse_ago(cleaned, now)
        iso = _ISO_RE.match(cleaned)
        if iso:
            result = _parse_iso(iso, zone)
            if result > now + CLOCK_SKEW:
                raise InvalidInput(_("Use a start time that is not in the future."))
            return result
        match = _DAY_TIME_RE.match(cleaned)
        if match:
            return _parse_day_time(match, zone, now)
    except (ValueError, OverflowError) as exc:
        raise InvalidInput(_(_HELP)) from exc
    raise InvalidInput(_(_HELP))
