"""Each period against the one before it: the window to compare with, and the change to show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.format import change
from bot.stats.model.summary import PERIODS, MemberSummary


def previous_window(period: str, now: datetime) -> tuple[datetime, datetime] | None:
    """[start, end) of the rolling period just before ``period`` ends at ``now``; None for "all"."""
    span = PERIODS.get(period.strip().lower())
    if span is None:
        return None
    return now - 2 * span, now - span


@dataclass(frozen=True, slots=True)
class Changes:
    """``"↑ 12 %"``-style changes of the figures a card and ``/stats member`` show; "" without a previous period."""

    sessions: str = ""
    minutes: str = ""
    diamonds: str = ""
    likes: str = ""
    diamonds_per_hour: str = ""
    best: str = ""  # "new best" when this period holds the member's best session ever


def compare(current: MemberSummary, previous: MemberSummary | None, *, record: bool = False) -> Changes:
    """The changes from ``previous`` (None: nothing to compare with) to ``current``.

    ``record``: this period's best session beats every earlier one (the caller knows the history).
    """
    best = "new best" if record and current.best is not None else ""
    if previous is None:
        return Changes(best=best)
    return Changes(
        sessions=change(current.sessions, previous.sessions),
        minutes=change(current.minutes, previous.minutes),
        diamonds=change(current.diamonds, previous.diamonds),
        likes=change(current.likes, previous.likes),
        diamonds_per_hour=change(current.diamonds_per_hour or 0, previous.diamonds_per_hour),
        best=best,
    )
