"""Recurring go-live reminders: parsing, APScheduler triggers and an independent occurrence model.

A reminder is "on these local weekdays at this local wall time, in this IANA zone", optionally posted
``lead_minutes`` earlier. The *fire time* is ``at - lead`` on the local calendar, so a lead can move
the post to the previous weekday (Mon 00:15 with a 30 min lead posts Sun 23:45).

DST behaviour (APScheduler 3.11.3 ``CronTrigger``, measured and reproduced exactly by
:func:`next_occurrences`):

* Nonexistent fire time (spring forward, e.g. 02:30 on 2026-03-08 in America/New_York): the trigger
  fires at the wall time read with the *pre-transition* offset, i.e. 02:30 EST = 07:30 UTC = 03:30
  EDT - one hour later on the clock. It only does so when the search starts before the clock change;
  a search starting at or after the change (03:00 EDT onwards) skips that day.
* Ambiguous fire time (fall back, e.g. 01:30 on 2026-11-01 in America/New_York): the trigger fires
  **twice**, at 01:30 EDT (05:30 UTC) and again at 01:30 EST (06:30 UTC). The two occurrences have
  different :func:`occurrence_key` values, so both are delivered.
* Skip quirk: when the scheduler's search crosses a spring-forward change by a day step it lands on
  the next day at 00:00 + the DST gap (01:00) instead of 00:00, so a fire time earlier than that
  (00:00-00:59) on the day after the change is skipped. In America/New_York a daily 00:30 reminder
  posts on Sun 8 Mar 2026 but not on Mon 9 Mar 2026; in Europe/London (change at 01:00) a daily
  00:30 survives, but a Mondays-only 00:30 skips Mon 30 Mar 2026.

:func:`dst_note` turns any of these into one sentence for the /reminder add reply.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from bot.errors import InvalidInput

__all__ = [
    "DAY_NAMES",
    "Due",
    "classify_due",
    "cron_trigger",
    "dst_note",
    "fire_schedule",
    "format_days",
    "missed_since",
    "next_occurrences",
    "occurrence_key",
    "parse_days",
    "parse_hhmm",
]

Due = Literal["on_time", "late", "missed"]

DAY_NAMES: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_CRON_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ALL_DAYS: frozenset[int] = frozenset(range(7))
WEEKDAYS: frozenset[int] = frozenset(range(5))
WEEKENDS: frozenset[int] = frozenset({5, 6})
MAX_LEAD_MINUTES = 7 * 24 * 60
ON_TIME_SECONDS = 60

_DAY_WORDS: dict[str, int] = {}
for _i, _names in enumerate(
    (
        ("mo", "mon", "monday", "mondays"),
        ("tu", "tue", "tues", "tuesday", "tuesdays"),
        ("we", "wed", "weds", "wednesday", "wednesdays"),
        ("th", "thu", "thur", "thurs", "thursday", "thursdays"),
        ("fr", "fri", "friday", "fridays"),
        ("sa", "sat", "saturday", "saturdays"),
        ("su", "sun", "sunday", "sundays"),
    )
):
    for _n in _names:
        _DAY_WORDS[_n] = _i
_GROUPS: dict[str, frozenset[int]] = {
    "daily": ALL_DAYS,
    "everyday": ALL_DAYS,
    "all": ALL_DAYS,
    "weekdays": WEEKDAYS,
    "weekday": WEEKDAYS,
    "weekends": WEEKENDS,
    "weekend": WEEKENDS,
}
_DAYS_HINT = "Use days like daily, weekdays, weekends, mon,wed,fri or mon-fri."


# --------------------------------------------------------------------------- parsing / formatting


def parse_days(text: str) -> frozenset[int]:
    """Parse a day expression into weekday numbers (0=Mon..6=Sun).

    Accepts "daily"/"every day", "weekdays", "weekends", lists ("mon,wed,fri", "Mon Wed", "tue and
    thu"), and ranges ("monday-friday", "sat-sun", "fri-mon" wraps, "mon to fri").
    """
    s = text.strip().lower()
    s = re.sub(r"\bevery\s*day\b", "daily", s)
    s = re.sub(r"^every\s+", "", s)
    s = re.sub(r"\s*(?:-|–|—|\bto\b|\bthrough\b|\bthru\b)\s*", "-", s)
    tokens = [t for t in re.split(r"[\s,;/&+]+|\band\b", s) if t]
    if not tokens:
        raise InvalidInput(_DAYS_HINT)
    days: set[int] = set()
    for tok in tokens:
        if tok in _GROUPS:
            days |= _GROUPS[tok]
        elif "-" in tok:
            parts = tok.split("-")
            if len(parts) != 2 or parts[0] not in _DAY_WORDS or parts[1] not in _DAY_WORDS:
                raise InvalidInput(_DAYS_HINT)
            a, b = _DAY_WORDS[parts[0]], _DAY_WORDS[parts[1]]
            days.update((a + k) % 7 for k in range((b - a) % 7 + 1))
        elif tok in _DAY_WORDS:
            days.add(_DAY_WORDS[tok])
        else:
            raise InvalidInput(_DAYS_HINT)
    return frozenset(days)


def format_days(days: Iterable[int]) -> str:
    """Human form of a day set: "Every day", "Weekdays", "Weekends" or "Mon, Wed, Fri"."""
    ds = frozenset(days)
    if ds == ALL_DAYS:
        return "Every day"
    if ds == WEEKDAYS:
        return "Weekdays"
    if ds == WEEKENDS:
        return "Weekends"
    if not ds:
        return "No days"
    return ", ".join(DAY_NAMES[d] for d in sorted(ds))


_HHMM_24 = re.compile(r"^(\d{1,2})[:.h](\d{2})$")
_HHMM_4 = re.compile(r"^(\d{2})(\d{2})$")
_AMPM = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s*m?\.?$")
_TIME_HINT = "Use a time like 19:00, 7pm or 7:30 pm."


def parse_hhmm(text: str) -> time:
    """Parse a wall-clock time.

    Accepts 24-hour "19:00", "7:05", "19.00", "19h00", four digits "0730"/"1900", 12-hour "7pm",
    "7 pm", "7:30 pm", "7:30p.m.", and "noon"/"midnight". A bare "7" or "19" is rejected as ambiguous.
    """
    s = text.strip().lower()
    if s == "noon":
        return time(12, 0)
    if s == "midnight":
        return time(0, 0)
    if m := _HHMM_24.match(s) or _HHMM_4.match(s):
        h, mi = int(m.group(1)), int(m.group(2))
        if h == 24 and mi == 0:
            return time(0, 0)
        if h < 24 and mi < 60:
            return time(h, mi)
        raise InvalidInput(_TIME_HINT)
    if m := _AMPM.match(s):
        h, mi = int(m.group(1)), int(m.group(2) or 0)
        if not 1 <= h <= 12 or mi >= 60:
            raise InvalidInput(_TIME_HINT)
        h = h % 12 + (12 if m.group(3) == "p" else 0)
        return time(h, mi)
    raise InvalidInput(_TIME_HINT)


# --------------------------------------------------------------------------- schedule maths


def _check(days: Iterable[int], at: time, zone: str, lead_minutes: int) -> tuple[frozenset[int], ZoneInfo]:
    ds = frozenset(days)
    if not ds or not ds <= ALL_DAYS:
        raise ValueError(f"days must be a non-empty subset of 0..6, got {sorted(ds)!r}")
    if at.tzinfo is not None or at.second or at.microsecond:
        raise ValueError("at must be a naive wall time with whole minutes")
    if not 0 <= lead_minutes <= MAX_LEAD_MINUTES:
        raise ValueError(f"lead_minutes must be within 0..{MAX_LEAD_MINUTES}")
    return ds, ZoneInfo(zone)


def fire_schedule(days: Iterable[int], at: time, lead_minutes: int = 0) -> tuple[frozenset[int], time]:
    """Local weekdays and wall time on which the post fires (``at`` moved ``lead_minutes`` earlier)."""
    total = at.hour * 60 + at.minute - lead_minutes
    shift, minute_of_day = divmod(total, 24 * 60)  # shift <= 0: days earlier
    fire_days = frozenset((d + shift) % 7 for d in days)
    return fire_days, time(minute_of_day // 60, minute_of_day % 60)


def cron_trigger(days: Iterable[int], at: time, zone: str, lead_minutes: int = 0) -> CronTrigger:
    """APScheduler 3 trigger posting on ``days`` at ``at`` local time minus ``lead_minutes``."""
    ds, tz = _check(days, at, zone, lead_minutes)
    fire_days, w = fire_schedule(ds, at, lead_minutes)
    return CronTrigger(
        day_of_week=",".join(_CRON_DAYS[d] for d in sorted(fire_days)),
        hour=w.hour,
        minute=w.minute,
        second=0,
        timezone=tz,
    )


def _naive(dt: datetime, tz: ZoneInfo) -> datetime:
    return dt.astimezone(tz).replace(tzinfo=None)


def _instances(day: date, w: time, tz: ZoneInfo) -> tuple[list[datetime], bool]:
    """UTC instants the wall time ``w`` maps to on ``day`` and whether it is nonexistent.

    Nonexistent times map to one instant read with the pre-transition offset (fold=0), as
    APScheduler does; ambiguous times map to both instants, earliest first.
    """
    wall = datetime.combine(day, w)
    first = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
    second = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)
    if _naive(first, tz) != wall:  # in the spring-forward gap
        return [first], True
    return ([first] if first == second else sorted({first, second})), False


def _next_fire(fire_days: frozenset[int], w: time, tz: ZoneInfo, after: datetime) -> datetime:
    """First fire instant at or after ``after``, following APScheduler 3.11.3's wall-clock search.

    The search walks the local calendar: on an allowed day it takes the first instance of ``w`` not
    before the search point; otherwise it steps to the next hour (same hour as ``w`` only) or the next
    day. Steps add the *wall-clock* difference as real time, which is what shifts the landing point
    by the DST gap when a step crosses a spring-forward change (the documented skip quirk).
    """
    p = after.astimezone(UTC)
    if p.microsecond:
        p = p.replace(microsecond=0) + timedelta(seconds=1)
    for _ in range(10_000):
        pw = _naive(p, tz)
        if pw.weekday() in fire_days:
            instants, gap = _instances(pw.date(), w, tz)
            for u in instants:
                if (datetime.combine(pw.date(), w) >= pw) if gap else (u >= p):
                    return u
            if w.hour == pw.hour and pw.hour < 23:
                p += pw.replace(minute=0, second=0) + timedelta(hours=1) - pw
                continue
        p += datetime.combine(pw.date() + timedelta(days=1), time(0)) - pw
    raise RuntimeError("no fire time found")  # pragma: no cover - unreachable for valid input


def next_occurrences(
    days: Iterable[int],
    at: time,
    zone: str,
    lead_minutes: int,
    after: datetime,
    count: int = 1,
) -> list[datetime]:
    """The next ``count`` fire times (aware UTC), the first at or after ``after``.

    Later ones follow the scheduler's own chaining (search from previous fire + 1 µs). Matches
    ``cron_trigger(...).get_next_fire_time(None, after)`` exactly, DST quirks included.
    """
    if after.tzinfo is None:
        raise ValueError("after must be timezone-aware")
    ds, tz = _check(days, at, zone, lead_minutes)
    fire_days, w = fire_schedule(ds, at, lead_minutes)
    out: list[datetime] = []
    point = after
    for _ in range(count):
        nxt = _next_fire(fire_days, w, tz, point)
        out.append(nxt)
        point = nxt + timedelta(microseconds=1)
    return out


def _note_day(d: date) -> str:
    return f"{DAY_NAMES[d.weekday()]} {d.day} {d:%b %Y}"


def dst_note(days: Iterable[int], at: time, zone: str, now: datetime, lead_minutes: int = 0) -> str | None:
    """One sentence about the first DST oddity for this reminder within 12 months of ``now``, if any.

    Covers a nonexistent post time (posts an hour later on the clock), an ambiguous one (posts twice)
    and the scheduler's skip quirk (no post that day). Returns None when every post is normal.
    """
    ds, tz = _check(days, at, zone, lead_minutes)
    fire_days, w = fire_schedule(ds, at, lead_minutes)
    hhmm = f"{w:%H:%M}"
    end = now + timedelta(days=366)
    fires = []
    point = now
    while True:
        nxt = _next_fire(fire_days, w, tz, point)
        if nxt > end:
            break
        fires.append(nxt)
        point = nxt + timedelta(microseconds=1)
    fired = set(fires)
    d = _naive(now, tz).date()
    end_day = _naive(end, tz).date()
    while d <= end_day:
        if d.weekday() in fire_days:
            instants, gap = _instances(d, w, tz)
            got = [u for u in instants if u in fired]
            if gap and got:
                return (
                    f"On {_note_day(d)} {hhmm} does not exist in {zone}; "
                    f"that day's reminder posts at {_naive(got[0], tz):%H:%M} instead."
                )
            if len(got) > 1:
                return (
                    f"On {_note_day(d)} {hhmm} happens twice in {zone}; "
                    "that day's reminder posts twice, one hour apart."
                )
            if not got and any(now <= u <= end for u in instants):
                return (
                    f"On {_note_day(d)} the {hhmm} reminder will not post, "
                    f"because of the clock change in {zone} just before it."
                )
        d += timedelta(days=1)
    return None


# --------------------------------------------------------------------------- delivery bookkeeping


def occurrence_key(reminder_id: int | str, due_utc: datetime) -> str:
    """Stable exactly-once key for one occurrence, e.g. ``"42:2026-03-09T23:00Z"``."""
    if due_utc.tzinfo is None:
        raise ValueError("due_utc must be timezone-aware")
    return f"{reminder_id}:{due_utc.astimezone(UTC):%Y-%m-%dT%H:%MZ}"


def classify_due(due_utc: datetime, now: datetime, grace: timedelta) -> Due:
    """ "on_time" if ``now`` is < 60 s past due (or before it), "late" within ``grace``, else "missed"."""
    lag = now - due_utc
    if lag < timedelta(seconds=ON_TIME_SECONDS):
        return "on_time"
    if lag <= grace:
        return "late"
    return "missed"


def missed_since(
    days: Iterable[int],
    at: time,
    zone: str,
    lead_minutes: int,
    last_checked: datetime,
    now: datetime,
    grace: timedelta,
) -> list[tuple[datetime, Due]]:
    """Fire times in ``(last_checked, now]`` with their classification, oldest first (for start-up)."""
    ds, tz = _check(days, at, zone, lead_minutes)
    fire_days, w = fire_schedule(ds, at, lead_minutes)
    out: list[tuple[datetime, Due]] = []
    point = last_checked + timedelta(microseconds=1)
    while True:
        nxt = _next_fire(fire_days, w, tz, point)
        if nxt > now:
            return out
        out.append((nxt, classify_due(nxt, now, grace)))
        point = nxt + timedelta(microseconds=1)
