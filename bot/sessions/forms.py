"""The /session forms: log or edit a session, and log a timed one. Each input is declared once."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import discord

from bot.core.format import duration
from bot.core.ui import LiveCoachModal
from bot.i18n import pgettext
from bot.sessions.model.record import (
    LIKES,
    MAX_NOTE,
    PEAK_VIEWERS,
    SessionRecord,
    Timer,
    diamonds_or_gifts,
    duration_text,
    parse_count,
)
from bot.sessions.service import FORM_START_FORMAT, SessionInput

FORM_TIMEOUT = 900
F = TypeVar("F", bound=discord.ui.Modal)
Submit = Callable[[F, discord.Interaction[Any]], Awaitable[None]]
TextInput = discord.ui.TextInput[Any]


# -- the inputs both forms share ------------------------------------------------------------------
def _input(
    label: str, custom_id: str, placeholder: str, default: int | None, *, max_length: int = 15
) -> TextInput:
    return discord.ui.TextInput(
        label=label,
        custom_id=custom_id,
        style=discord.TextStyle.paragraph if max_length > 100 else discord.TextStyle.short,
        placeholder=placeholder,
        default=None if default is None else str(default),
        required=False,
        max_length=max_length,
    )


def likes_input(default: int | None = None) -> TextInput:
    return _input(
        pgettext("form label", "Likes"), "likes", pgettext("form placeholder", "e.g. 12000 or 12k"), default
    )


def diamonds_input(default: int | None = None) -> TextInput:
    return _input(
        pgettext("form label", "Diamonds, or the gifts you got"),
        "diamonds",
        pgettext("form placeholder", "e.g. 4500, or: 2 lions, 100 roses"),
        default,
        max_length=1000,
    )


def peak_input(default: int | None = None) -> TextInput:
    return _input(
        pgettext("form label", "Peak viewers"),
        "peak_viewers",
        pgettext("form placeholder", "e.g. 85"),
        default,
    )


class _Earnings:
    """What a LIVE earned, as typed: likes, diamonds (or a gift list) and peak viewers."""

    likes: TextInput
    diamonds: TextInput
    peak: TextInput

    def counts(self) -> tuple[int | None, int | None, int | None, str | None]:
        """(likes, peak viewers, diamonds, gifts text) parsed from the inputs."""
        likes = parse_count(self.likes.value, LIKES, default=None)  # blank: unknown, not 0
        peak = parse_count(self.peak.value, PEAK_VIEWERS, default=None)
        diamonds, gifts = diamonds_or_gifts(self.diamonds.value)
        return likes, peak, diamonds, gifts


class SessionForm(_Earnings, LiveCoachModal):
    """Start, duration, likes, diamonds (or a gift list) and peak viewers; ``record`` when editing."""

    def __init__(
        self,
        on_submit: Submit[SessionForm],
        *,
        title: str,
        zone: ZoneInfo,
        record: SessionRecord | None = None,
    ) -> None:
        super().__init__(title=title, timeout=FORM_TIMEOUT)
        self._on_submit = on_submit
        self.record = record
        self.start: TextInput = discord.ui.TextInput(
            label=pgettext("form label", "Start ({zone})", zone=zone.key)[:45],
            custom_id="start",
            placeholder=pgettext(
                "form placeholder", "now, today 20:00, yesterday 21:30 — empty: it just ended"
            ),
            default=record.started_at.astimezone(zone).strftime(FORM_START_FORMAT) if record else None,
            required=False,
            max_length=60,
        )
        self.duration: TextInput = discord.ui.TextInput(
            label=pgettext("form label", "Duration"),
            custom_id="duration",
            placeholder=pgettext("form placeholder", "90, 1h30 or 2h"),
            default=duration_text(record.duration_minutes) if record else None,
            max_length=30,
        )
        self.likes = likes_input(record.likes if record else None)
        self.diamonds = diamonds_input(record.diamonds if record else None)
        self.peak = peak_input(record.peak_viewers if record else None)
        for item in (self.start, self.duration, self.likes, self.diamonds, self.peak):
            self.add_item(item)

    def entry(self) -> SessionInput:
        likes, peak, diamonds, gifts = self.counts()
        return SessionInput(
            duration=self.duration.value,
            start=self.start.value,
            likes=likes,
            peak_viewers=peak,
            diamonds=diamonds,
            gifts=gifts,
        )

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        await self._on_submit(self, interaction)


class StopForm(_Earnings, LiveCoachModal):
    """What a timed session earned: likes, diamonds (or gifts), peak viewers, a note."""

    def __init__(self, on_submit: Submit[StopForm], timer: Timer, minutes: int) -> None:
        title = pgettext("form title", "Log your {duration} LIVE", duration=duration(minutes))
        super().__init__(title=title[:45], timeout=FORM_TIMEOUT)
        self._on_submit = on_submit
        self.timer = timer
        self.minutes = minutes
        self.likes = likes_input()
        self.diamonds = diamonds_input()
        self.peak = peak_input()
        self.note: TextInput = discord.ui.TextInput(
            label=pgettext("form label", "Note (optional)"),
            custom_id="note",
            style=discord.TextStyle.paragraph,
            required=False,
            max_length=MAX_NOTE,
        )
        for item in (self.likes, self.diamonds, self.peak, self.note):
            self.add_item(item)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        await self._on_submit(self, interaction)
