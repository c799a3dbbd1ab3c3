"""A ``CronTrigger`` that fires at the corrected local wall-clock times of a reminder.

APScheduler 3.11.3's ``CronTrigger`` walks the local calendar field by field and adds wall-clock
differences as real time. Across DST changes that fires an ambiguous time twice, can skip a post
time between 00:00 and 00:59 on the day after a spring-forward change, and skips a nonexistent
time's day when searched from inside the gap (see :mod:`bot.reminders.model.recurrence`). :class:`WallClockTrigger`
keeps the ``CronTrigger`` type, fields and time zone (so the scheduler, ``str()`` and
``isinstance(..., CronTrigger)`` behave as usual) but computes ``get_next_fire_time`` with
:func:`bot.reminders.model.recurrence.next_post`: one fire per allowed local day, never skipping a day; a
nonexistent time shifted forward by the gap (02:30 -> 03:30) as APScheduler does; an ambiguous
time at its first occurrence only.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from bot.reminders.model.recurrence import _CRON_DAYS, fire_schedule, next_post

__all__ = ["WallClockTrigger"]


class WallClockTrigger(CronTrigger):
    """Posts ``lead_minutes`` real minutes before the LIVE on ``days`` (0=Mon) at local ``at`` in ``zone``.

    The cron fields show the wall-clock approximation (``at - lead``); the fire times come from
    :func:`bot.reminders.model.recurrence.next_post`, which differs from it only across a DST change.
    """

    __slots__ = ("at", "days", "fire_at", "fire_days", "lead_minutes")

    def __init__(self, days: Iterable[int], at: time, zone: str | ZoneInfo, lead_minutes: int = 0) -> None:
        tz = zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)
        ds = frozenset(days)
        if not ds or not ds <= frozenset(range(7)):
            raise ValueError(f"days must be a non-empty subset of 0..6, got {sorted(ds)!r}")
        fire_days, fire_at = fire_schedule(ds, at, lead_minutes)
        super().__init__(
            day_of_week=",".join(_CRON_DAYS[d] for d in sorted(fire_days)),
            hour=fire_at.hour,
            minute=fire_at.minute,
            second=0,
            timezone=tz,
        )
        self.fire_days: frozenset[int] = fire_days
        self.fire_at: time = fire_at
        self.days: frozenset[int] = ds
        self.at: time = at
        self.lead_minutes: int = lead_minutes

    def get_next_fire_time(self, previous_fire_time: datetime | None, now: datetime) -> datetime | None:
        # Same search start as CronTrigger: just after the previous fire (or now, if earlier).
        if previous_fire_time is not None:
            start = min(now, previous_fire_time + timedelta(microseconds=1))
            if start == previous_fire_time:
                start += timedelta(microseconds=1)
        elif self.start_date is not None:
            start = max(now, self.start_date)
        else:
            start = now
        nxt = next_post(self.days, self.at, self.timezone, self.lead_minutes, start).astimezone(self.timezone)
        if self.end_date is not None and nxt > self.end_date:
            return None
        return nxt

    def __getstate__(self) -> dict[str, Any]:
        state = super().__getstate__()
        state["wall_clock"] = (sorted(self.days), self.at, self.lead_minutes)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        days, at, lead_minutes = state.pop("wall_clock")
        super().__setstate__(state)
        self.days, self.at, self.lead_minutes = frozenset(days), at, lead_minutes
        self.fire_days, self.fire_at = fire_schedule(self.days, at, lead_minutes)

    def __repr__(self) -> str:
        return f"<WallClockTrigger ({self}, timezone='{self.timezone}')>"
