"""Recurring go-live reminders: parsing, APScheduler triggers and an independent occurrence model.

A reminder is "on these local weekdays at this local wall time, in this IANA zone", optionally posted
``lead_minutes`` earlier. The lead is real minutes before the LIVE's *instant*, not wall-clock
subtraction: a LIVE at 03:00 New York on Sun 14 Mar 2027 (the clocks jump from 02:00 to 03:00) with
30 minutes' lead posts at 01:30 EST, 30 minutes before 03:00 EDT; subtracting on the wall clock
would give 02:30, which does not exist and becomes 03:30, after the LIVE started. Outside DST
changes the two agree, and a lead can move the post to the previous weekday (Mon 00:15 with a
30 min lead posts Sun 23:45). :func:`fire_schedule` is that wall-clock approximation, kept for the
trigger's cron fields and the raw reference trigger only.

DST behaviour. Reminders post at :func:`next_occurrences` (the corrected wall-clock algorithm below;
the stored due times come from it through :func:`bot.reminders.model.reminder.due_after`, and
:class:`bot.reminders.model.trigger.WallClockTrigger` is the same algorithm as an APScheduler trigger): each
allowed local day posts exactly once, at :func:`fire_instant`:

* Normal wall time: at that local time, whatever the UTC offset (19:00 New York is 00:00 UTC in
  winter and 23:00 UTC in summer).
* Nonexistent wall time (spring forward, e.g. 02:30 on 2026-03-08 in America/New_York): shifted
  forward by the gap, i.e. read with the pre-transition offset: 02:30 EST = 07:30 UTC = 03:30 EDT.
* Ambiguous wall time (fall back, e.g. 01:30 on 2026-11-01 in America/New_York): once, at the first
  occurrence (01:30 EDT = 05:30 UTC).

The raw APScheduler 3.11.3 ``CronTrigger`` (:func:`cron_trigger`, measured in
tests/domain/test_recurrence.py) agrees everywhere except three edge cases, which the corrected
algorithm fixes:

* Ambiguous time: the raw trigger fires **twice** (01:30 EDT and 01:30 EST).
* Skip quirk: when its search crosses a spring-forward change by a day step it lands on the next
  day at 00:00 + the gap, so a post time before that (00:00-00:59 in New York) on the day after the
  change is skipped (a daily 00:30 New York reminder would not post on Mon 9 Mar 2026).
* Nonexistent time searched from inside/after the gap (from 03:00 EDT on 2026-03-08 for 02:30): the
  raw trigger skips that day; the corrected one still posts at 03:30.

Delivery is keyed by the *local* date and scheduled wall time (:func:`occurrence_key`), so even a
raw double fire would post once.

:func:`dst_note` turns any of these into one sentence for the /reminder add reply.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from babel import dates as babel_dates

from bot.core.errors import InvalidInput
from bot.i18n import DEFAULT_LOCALE, N_, _, current
from bot.i18n.context import babel_name
from bot.reminders.model.daywords import (
    ENGLISH_DAYS,
    fold,
    group_phrases,
    group_words,
    input_names,
    local_words,
    short_names,
    to_english,
)

__all__ = [
    "DAY_NAMES",
    "Due",
    "WallKind",
    "classify_due",
    "cron_trigger",
    "dst_note",
    "fire_instant",
    "fire_schedule",
    "format_days",
    "live_instant",
    "missed_since",
    "next_fire",
    "next_occurrences",
    "next_post",
    "occurrence_key",
    "parse_days",
    "parse_hhmm",
    "suggest_days",
    "wall_kind",
]

Due = Literal["on_time", "late", "missed"]
WallKind = Literal["normal", "nonexistent", "ambiguous"]

DAY_NAMES: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_CRON_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ALL_DAYS: frozenset[int] = frozenset(range(7))
WEEKDAYS: frozenset[int] = frozenset(range(5))
WEEKENDS: frozenset[int] = frozenset({5, 6})
MAX_LEAD_MINUTES = 7 * 24 * 60
ON_TIME_SECONDS = 60

_DAY_WORDS: dict[str, int] = ENGLISH_DAYS
_GROUPS: dict[str, frozenset[int]] = {
    "daily": ALL_DAYS,
    "everyday": ALL_DAYS,
    "all": ALL_DAYS,
    "weekdays": WEEKDAYS,
    "weekday": WEEKDAYS,
    "weekends": WEEKENDS,
    "weekend": WEEKENDS,
}
_DAYS_HINT = N_("Use days like daily, weekdays, weekends, mon,wed,fri or mon-fri.")


# --------------------------------------------------------------------------- parsing / formatting


def parse_days(text: str) -> frozenset[int]:
    """Parse a day expression into weekday numbers (0=Mon..6=Sun).

    Accepts "daily"/"every day", "weekdays", "weekends", lists ("mon,wed,fri", "Mon Wed", "tue and
    thu"), and ranges ("monday-friday", "sat-sun", "fri-mon" wraps, "mon to fri"); also the
    answer's language's day names and words (``lun-vie``, ``Mo, Mi, Fr``, ``segunda a sexta``,
    see :mod:`bot.reminders.model.daywords`), English always.
    """
    s = to_english(text.strip(), current())
    s = re.sub(r"\bevery\s*day\b", "daily", s)
    s = re.sub(r"^every\s+", "", s)
    s = re.sub(r"\s*(?:-|–|—|\bto\b|\bthrough\b|\bthru\b)\s*", "-", s)
    tokens = [t for t in re.split(r"[\s,;/&+]+|\band\b", s) if t]
    if not tokens:
        raise InvalidInput(_(_DAYS_HINT))
    days: set[int] = set()
    for tok in tokens:
        if tok in _GROUPS:
            days |= _GROUPS[tok]
        elif "-" in tok:
            parts = tok.split("-")
            if len(parts) != 2 or parts[0] not in _DAY_WORDS or parts[1] not in _DAY_WORDS:
                raise InvalidInput(_(_DAYS_HINT))
            a, b = _DAY_WORDS[parts[0]], _DAY_WORDS[parts[1]]
            days.update((a + k) % 7 for k in range((b - a) % 7 + 1))
        elif tok in _DAY_WORDS:
            days.add(_DAY_WORDS[tok])
        else:
            raise InvalidInput(_(_DAYS_HINT))
    return frozenset(days)


DEFAULT_DAY_SETS: tuple[str, ...] = (
    "daily",
    "weekdays",
    "weekends",
    "mon,wed,fri",
    "tue,thu",
    "fri,sat,sun",
    "mon-thu",
    "sat,sun",
)
_GROUP_PHRASES = ("daily", "every day", "weekdays", "weekends")
_SHORT = tuple(name.lower() for name in DAY_NAMES)
_SEPARATOR = re.compile(r"[\s,;/&+]")
MAX_DAY_SUGGESTIONS = 25


def _local_sets(locale: str) -> tuple[str, ...]:
    """The common day sets written the way a member of ``locale`` types them (English: as above)."""
    if locale == DEFAULT_LOCALE:
        return DEFAULT_DAY_SETS
    names = input_names(locale)
    english = dict(zip(_SHORT, names, strict=True))
    local = [
        re.sub(r"[a-z]+", lambda m: english.get(m.group(0), m.group(0)), value)
        for value in DEFAULT_DAY_SETS[3:]
    ]
    return (*group_words(locale), *local, *DEFAULT_DAY_SETS[:3])


def _day_prefix(prefix: str, locale: str = DEFAULT_LOCALE) -> list[int]:
    """The weekdays one of whose names starts with ``prefix`` ("t": Tue and Thu), in English or ``locale``."""
    folded = fold(prefix)
    found = {day for word, day in _DAY_WORDS.items() if word.startswith(folded)}
    if locale != DEFAULT_LOCALE:
        found |= {
            _DAY_WORDS[token]
            for word, token in local_words(locale).items()
            if word.startswith(folded) and token in _DAY_WORDS
        }
    return sorted(found)


def _day_word(word: str, locale: str) -> int | None:
    """The weekday ``word`` (one token, English or ``locale``'s) names, if it names one."""
    return _DAY_WORDS.get(to_english(word, locale))


def _parsed(text: str) -> frozenset[int] | None:
    try:
        return parse_days(text)
    except InvalidInput:
        return None


def suggest_days(typed: str) -> list[tuple[str, str]]:
    """Day sets to offer while a member types a days option: ``(label, value)`` pairs.

    The text as typed first when it already reads as days, then its last word completed
    ("mon,we" → "mon,wed"; "mon-" → "mon-fri"; "week" → "weekdays", "weekends"), then another
    day added ("mon,wed" → "mon,wed,fri"); common sets when nothing fits. Every value is one
    :func:`parse_days` accepts, and each label says which days it means. Words and labels
    follow the answer's language (``lun,mi`` → ``lun,mié``; labels ``lun, mié, vie``).
    """
    locale = current()
    shorts = input_names(locale)
    text = typed.strip()[:100]
    lowered = text.lower()
    folded = fold(lowered)
    values: list[str] = []
    defaults = _local_sets(locale)
    if not text:
        values = list(defaults)
    else:
        cut = max((m.end() for m in _SEPARATOR.finditer(text)), default=0)
        head, tail = text[:cut], lowered[cut:]
        head_days = _parsed(head) if head.strip() else frozenset()
        echo = text.rstrip(" ,;/&+")
        listed = _parsed(echo) if echo else None
        if listed is not None:
            values.append(echo)
        phrases = (*group_phrases(locale), *_GROUP_PHRASES)
        values += [phrase for phrase in phrases if fold(phrase).startswith(folded) and phrase != lowered]
        if head_days is not None:
            if "-" in tail:
                start, _sep, end = tail.partition("-")
                first = _day_word(start, locale)
                if first is not None:
                    values += [f"{head}{start}-{shorts[d]}" for d in _day_prefix(end, locale) if d != first]
            elif tail:
                values += [head + shorts[d] for d in _day_prefix(tail, locale) if d not in head_days]
            # Another day after a finished list ("mon,wed" or "mon, "), not after a word being typed.
            finished = not tail or (_day_word(tail, locale) is not None and len(tail) >= 3)
            if listed is not None and listed != ALL_DAYS and finished and "-" not in tail:
                joiner = " " if " " in echo and "," not in echo else ","
                values += [f"{echo}{joiner}{shorts[d]}" for d in range(7) if d not in listed]
        if not values:
            values = [v for v in defaults if lowered in v] or list(defaults)
    suggestions: list[tuple[str, str]] = []
    unique: dict[str, str] = {}
    for value in values:
        unique.setdefault(value.lower(), value)  # the first of each, case aside
    for value in unique.values():
        days = _parsed(value)
        if days is not None and len(value) <= 100:
            suggestions.append((f"{value} → {format_days(days)}"[:100], value))
    return suggestions[:MAX_DAY_SUGGESTIONS]


def format_days(days: Iterable[int]) -> str:
    """Human form of a day set in the answer's language: "Every day", "Weekdays", "Weekends" or
    "Mon, Wed, Fri" ("lun, mié, vie" in Spanish)."""
    ds = frozenset(days)
    if ds == ALL_DAYS:
        return _("Every day")
    if ds == WEEKDAYS:
        return _("Weekdays")
    if ds == WEEKENDS:
        return _("Weekends")
    if not ds:
        return _("No days")
    names = short_names(current())
    return ", ".join(names[d] for d in sorted(ds))


_HHMM_24 = re.compile(r"^(\d{1,2})[:.h](\d{2})$")
_HHMM_4 = re.compile(r"^(\d{2})(\d{2})$")
_AMPM = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s*m?\.?$")
_TIME_HINT = N_("Use a time like 19:00, 7pm or 7:30 pm.")


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
        raise InvalidInput(_(_TIME_HINT))
    if m := _AMPM.match(s):
        h, mi = int(m.group(1)), int(m.group(2) or 0)
        if not 1 <= h <= 12 or mi >= 60:
            raise InvalidInput(_(_TIME_HINT))
        h = h % 12 + (12 if m.group(3) == "p" else 0)
        return time(h, mi)
    raise InvalidInput(_(_TIME_HINT))


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
    """The *raw* APScheduler 3 trigger for this schedule (with its DST quirks; see the module doc).

    Reminders post at the corrected :func:`next_occurrences` instead; this one is
    kept as the reference the corrected algorithm is cross-checked against.
    """
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


def wall_kind(day: date, w: time, tz: ZoneInfo) -> WallKind:
    """Whether the wall time ``w`` on ``day`` is normal, nonexistent (spring gap) or ambiguous."""
    wall = datetime.combine(day, w)
    first = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
    second = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)
    if _naive(first, tz) != wall:
        return "nonexistent"
    return "normal" if first == second else "ambiguous"


def fire_instant(day: date, w: time, tz: ZoneInfo) -> datetime:
    """The one UTC instant a post scheduled for ``w`` on local ``day`` happens at.

    Normal: that wall time. Nonexistent: the wall time read with the pre-transition offset, i.e.
    shifted forward by the gap (02:30 -> 03:30 EDT), as APScheduler does. Ambiguous: the first
    occurrence (before the clocks go back).
    """
    return datetime.combine(day, w).replace(tzinfo=tz, fold=0).astimezone(UTC)


def _ceil_second(dt: datetime) -> datetime:
    dt = dt.astimezone(UTC)
    return dt.replace(microsecond=0) + timedelta(seconds=1) if dt.microsecond else dt


def next_fire(fire_days: frozenset[int], w: time, tz: ZoneInfo, after: datetime) -> datetime:
    """First fire instant at or after ``after`` (ceiled to the second), corrected wall-clock algorithm.

    Every allowed local day has exactly one fire instant (:func:`fire_instant`); they are strictly
    increasing day by day, so the answer is the first allowed day's instant not before ``after``.
    The search starts one day early because a gap shift can move an instant past local midnight.
    """
    if after.tzinfo is None:
        raise ValueError("after must be timezone-aware")
    p = _ceil_second(after)
    day = _naive(p, tz).date() - timedelta(days=1)
    for _attempt in range(16):
        if day.weekday() in fire_days:
            instant = fire_instant(day, w, tz)
            if instant >= p:
                return instant
        day += timedelta(days=1)
    raise RuntimeError("no fire time found")  # pragma: no cover - unreachable for non-empty days


def next_post(days: frozenset[int], at: time, tz: ZoneInfo, lead_minutes: int, after: datetime) -> datetime:
    """The first post at or after ``after``: the next LIVE instant whose post (``lead`` real minutes
    earlier) is not before ``after``. LIVE instants strictly increase, so posts do too."""
    lead = timedelta(minutes=lead_minutes)
    return next_fire(days, at, tz, after + lead) - lead


def next_occurrences(
    days: Iterable[int],
    at: time,
    zone: str,
    lead_minutes: int,
    after: datetime,
    count: int = 1,
) -> list[datetime]:
    """The next ``count`` post times (aware UTC), the first at or after ``after``.

    This is what :class:`bot.reminders.model.trigger.WallClockTrigger` fires at: one post per allowed local
    LIVE day, ``lead_minutes`` real minutes before that day's LIVE instant (:func:`fire_instant`,
    DST-corrected, see the module doc). With no lead it equals the raw ``cron_trigger`` everywhere
    except the three documented edge cases.
    """
    if after.tzinfo is None:
        raise ValueError("after must be timezone-aware")
    ds, tz = _check(days, at, zone, lead_minutes)
    out: list[datetime] = []
    point = after
    for _index in range(count):
        nxt = next_post(ds, at, tz, lead_minutes, point)
        out.append(nxt)
        point = nxt + timedelta(microseconds=1)
    return out


def live_instant(post_utc: datetime, lead_minutes: int) -> datetime:
    """The LIVE a post announces: ``lead_minutes`` real minutes after it."""
    return post_utc + timedelta(minutes=lead_minutes)


def _note_day(d: date) -> str:
    """``Sun 8 Mar 2026`` (English), ``dom, 8 mar 2026`` (Spanish): the day a DST note is about."""
    locale = current()
    if locale == DEFAULT_LOCALE:
        return f"{DAY_NAMES[d.weekday()]} {d.day} {d:%b %Y}"
    return babel_dates.format_skeleton("yMMMEd", d, locale=babel_name(locale))


def dst_note(days: Iterable[int], at: time, zone: str, now: datetime, lead_minutes: int = 0) -> str | None:
    """One sentence about the first DST oddity for this reminder within 12 months of ``now``, if any.

    Covers a nonexistent LIVE time (read later on the clock, by the size of the gap), an ambiguous
    one (once, at the first of the two), and a clock change between the post and its LIVE (the post
    stays ``lead`` real minutes before the LIVE, so its wall time moves). None when nothing is odd.
    In the answer's language.
    """
    ds, tz = _check(days, at, zone, lead_minutes)
    hhmm = f"{at:%H:%M}"
    lead = timedelta(minutes=lead_minutes)
    start = _naive(now, tz).date() - timedelta(days=1)
    for offset in range(368):
        d = start + timedelta(days=offset)
        if d.weekday() not in ds:
            continue
        live = fire_instant(d, at, tz)
        post = live - lead
        if post < now:
            continue
        kind = wall_kind(d, at, tz)
        if kind == "nonexistent":
            if not lead_minutes:
                return _(
                    "On {day} {time} does not exist in {zone} (clocks go forward); "
                    "that day's reminder posts at {shifted} instead.",
                    day=_note_day(d),
                    time=hhmm,
                    zone=zone,
                    shifted=f"{_naive(live, tz):%H:%M}",
                )
            return _(
                "On {day} {time} does not exist in {zone} (clocks go forward); that day's LIVE "
                "time is {shifted} and the reminder posts {lead} min before it, at {post}.",
                day=_note_day(d),
                time=hhmm,
                zone=zone,
                shifted=f"{_naive(live, tz):%H:%M}",
                lead=lead_minutes,
                post=f"{_naive(post, tz):%H:%M}",
            )
        if kind == "ambiguous":
            return _(
                "On {day} {time} happens twice in {zone} (clocks go back); "
                "that day's reminder posts once, at the first {time} ({abbreviation}).",
                day=_note_day(d),
                time=hhmm,
                zone=zone,
                abbreviation=live.astimezone(tz).tzname(),
            )
        if lead_minutes and post.astimezone(tz).utcoffset() != live.astimezone(tz).utcoffset():
            local_post = post.astimezone(tz)
            return _(
                "On {day} the clocks change in {zone} between the post and the LIVE; the reminder "
                "still posts {lead} real minutes before the {time} LIVE, at {post} {abbreviation}.",
                day=_note_day(d),
                zone=zone,
                lead=lead_minutes,
                time=hhmm,
                post=f"{local_post:%H:%M}",
                abbreviation=local_post.tzname(),
            )
    return None


# --------------------------------------------------------------------------- delivery bookkeeping


def occurrence_key(due_utc: datetime, zone: str, fire_at: time) -> str:
    """Exactly-once key of one occurrence: its *local* date and scheduled wall time in ``zone``.

    E.g. ``"2026-11-01T01:30"``. Both instants of an ambiguous 01:30 get the same key (so a second
    fire is a conflict and is skipped), and a gap-shifted post (02:30 posted at 03:30) keeps its
    scheduled ``02:30`` key. ``fire_at`` is the post's wall time (after the lead is applied).
    """
    if due_utc.tzinfo is None:
        raise ValueError("due_utc must be timezone-aware")
    tz = ZoneInfo(zone)
    local = due_utc.astimezone(tz)
    if local.replace(second=0, microsecond=0).time() != fire_at:
        for d in (local.date(), local.date() - timedelta(days=1)):
            if fire_instant(d, fire_at, tz) == due_utc.astimezone(UTC):
                return f"{d.isoformat()}T{fire_at:%H:%M}"
        return f"{local:%Y-%m-%dT%H:%M}"
    return f"{local.date().isoformat()}T{fire_at:%H:%M}"


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
    """Post times in ``(last_checked, now]`` with their classification, oldest first (for start-up)."""
    ds, tz = _check(days, at, zone, lead_minutes)
    out: list[tuple[datetime, Due]] = []
    point = last_checked + timedelta(microseconds=1)
    while True:
        nxt = next_post(ds, at, tz, lead_minutes, point)
        if nxt > now:
            return out
        out.append((nxt, classify_due(nxt, now, grace)))
        point = nxt + timedelta(microseconds=1)
