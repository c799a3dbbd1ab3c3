"""Session logs: the one gateway to sessions and timers.

Writes (validation, gifts → diamonds), member zones, and the reads /stats and /peak
aggregate in SQL; the figures themselves are computed by ``bot.stats.model``.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.core.clock import utcnow, zone_named
from bot.core.errors import InvalidInput, NotAllowed, NotFound
from bot.i18n import N_, _, current
from bot.money.model.economy import estimate_gifts
from bot.money.model.gift_parser import parse_gift_text
from bot.sessions.model.export import sessions_to_csv
from bot.sessions.model.importer import ImportPlan, mark_existing, parse_import
from bot.sessions.model.record import (
    MAX_DURATION_MINUTES,
    MIN_DURATION_MINUTES,
    Gifts,
    SessionRecord,
    Timer,
    may_change,
    needs_manage_to_export,
    parse_duration,
    validate_session,
)
from bot.sessions.model.timeparse import parse_start
from bot.sessions.render import discord_time
from bot.stats.model.peaks import MAX_SESSIONS_FOR_PEAKS, PeakPlan, Session, plan_peak_reminders
from bot.stats.model.summary import (
    LeaderboardEntry,
    MemberSummary,
    TrendPoint,
    build_summary,
    leaderboard,
    period_start,
    trend_boundaries,
    trend_points,
)
from bot.stats.model.trends import Changes, compare, previous_window

if TYPE_CHECKING:
    from bot.money.model.economy import Rates
    from bot.money.service import MoneyService
    from bot.storage import Storage

NO_TIMER = N_("You have no timer running: use /session start when you go live.")
FORM_START_FORMAT = "%Y-%m-%d %H:%M"


@dataclass(frozen=True, slots=True)
class SessionInput:
    """What a member gave for one session (command options or a form), not yet validated.

    ``diamonds`` wins over ``gifts``; without it the diamonds are computed from the gift list.
    """

    duration: str
    start: str | None = None
    likes: int | None = None  # None: left blank (unknown, not 0)
    peak_viewers: int | None = None
    diamonds: int | None = None
    gifts: str | None = None
    avg_viewers: int | None = None
    new_followers: int | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Saved:
    """A stored session; ``computed`` when its diamonds were computed from its gifts."""

    record: SessionRecord
    computed: bool


@dataclass(frozen=True, slots=True)
class Board:
    """A leaderboard page and what it was ranked from."""

    entries: list[LeaderboardEntry]
    members: int
    sessions: int


@dataclass(frozen=True, slots=True)
class PeriodView:
    """A member's period (``summary``), the one before it (None for all time) and the changes between."""

    summary: MemberSummary
    previous: MemberSummary | None
    changes: Changes
    rates: Rates


@dataclass(frozen=True, slots=True)
class PeakData:
    """A server's zone and its sessions for the /peak heatmap."""

    zone: str
    samples: Sequence[Session]


def not_found(session_id: int) -> NotFound:
    return NotFound(
        _("There is no session #{id} in this server: see /session list for your sessions.", id=session_id)
    )


def _ensure_may_change(record: SessionRecord, user_id: int, can_manage: bool) -> None:
    if not may_change(record, user_id, can_manage=can_manage):
        raise NotAllowed(
            _("You can only change your own sessions: ask someone with Manage Server to change this one.")
        )


class SessionService:
    """Owned by the bot as ``bot.sessions``; cogs call it, never the session tables directly."""

    def __init__(
        self, storage: Storage, money: MoneyService, *, clock: Callable[[], datetime] = utcnow
    ) -> None:
        self._storage = storage
        self._money = money
        self.clock = clock

    # -- zones ------------------------------------------------------------------------------------
    async def server_zone(self, guild_id: int) -> ZoneInfo:
        return zone_named((await self._storage.settings.get(guild_id)).timezone)

    async def member_zone(self, guild_id: int, user_id: int) -> ZoneInfo:
        """The zone a member's session times are read and shown in: their own, else the server's."""
        own = await self._storage.members.timezone(guild_id, user_id)
        return zone_named(own) if own is not None else await self.server_zone(guild_id)

    async def set_member_zone(self, guild_id: int, user_id: int, zone: str | None) -> ZoneInfo:
        """Set (or with None clear) a member's own zone; returns the zone their times now use."""
        await self._storage.members.set_timezone(guild_id, user_id, zone)
        return await self.member_zone(guild_id, user_id)

    # -- building a record from what a member typed -----------------------------------------------
    async def diamonds_from(
        self, guild_id: int, diamonds: int | None, gifts_text: str | None
    ) -> tuple[int, Gifts, bool]:
        """(diamonds, gifts, computed_from_gifts): typed diamonds win over the gifts' value."""
        gifts: Gifts = ()
        computed = 0
        if gifts_text and gifts_text.strip():
            lines = parse_gift_text(gifts_text, await self._money.catalogue(guild_id))
            computed = estimate_gifts(lines, await self._money.rates(guild_id)).diamonds
            gifts = tuple((line.gift.id if line.gift.id else line.gift.name, line.count) for line in lines)
        if diamonds is not None:
            return diamonds, gifts, False
        return computed, gifts, bool(gifts)

    async def _build(
        self,
        guild_id: int,
        author_id: int,
        entry: SessionInput,
        keep: SessionRecord | None = None,
    ) -> tuple[SessionRecord, bool]:
        """Validate ``entry`` read in the author's zone; ``keep`` is the session being edited."""
        zone = await self.member_zone(guild_id, author_id)
        now = self.clock()
        minutes = parse_duration(entry.duration)
        start = (entry.start or "").strip()
        if keep is not None and start == keep.started_at.astimezone(zone).strftime(FORM_START_FORMAT):
            started_at = keep.started_at  # unchanged in the form: keep its seconds
        elif start:
            started_at = parse_start(start, zone, now, current())
        else:
            started_at = now - timedelta(minutes=minutes)
        amount, gifts, computed = await self.diamonds_from(guild_id, entry.diamonds, entry.gifts)
        if keep is not None and not gifts and entry.diamonds is not None:
            gifts = keep.gifts
        record = validate_session(
            guild_id=guild_id,
            user_id=keep.user_id if keep else author_id,
            started_at=started_at,
            duration_minutes=minutes,
            likes=entry.likes,
            peak_viewers=entry.peak_viewers,
            diamonds=amount,
            now=now,
            avg_viewers=entry.avg_viewers,
            new_followers=entry.new_followers,
            gifts=gifts,
            note=entry.note,
            id=keep.id if keep else None,
        )
        return (replace(record, number=keep.number) if keep else record), computed

    # -- log / edit / delete ----------------------------------------------------------------------
    async def log(self, guild_id: int, user_id: int, entry: SessionInput) -> Saved:
        record, computed = await self._build(guild_id, user_id, entry)
        return Saved(await self._storage.sessions.add(record), computed)

    async def get(self, guild_id: int, session_id: int) -> SessionRecord:
        record = await self._storage.sessions.get(guild_id, session_id)
        if record is None:
            raise not_found(session_id)
        return record

    async def editable(
        self, guild_id: int, session_id: int, user_id: int, *, can_manage: bool
    ) -> SessionRecord:
        """Session ``session_id`` if ``user_id`` may change it (else NotFound / NotAllowed)."""
        record = await self.get(guild_id, session_id)
        _ensure_may_change(record, user_id, can_manage)
        return record

    async def edit(
        self, guild_id: int, session_id: int, editor_id: int, entry: SessionInput, *, can_manage: bool
    ) -> Saved:
        """Replace a session's form values; its owner, average viewers, followers and note stay."""
        keep = await self.editable(guild_id, session_id, editor_id, can_manage=can_manage)
        entry = replace(entry, avg_viewers=keep.avg_viewers, new_followers=keep.new_followers, note=keep.note)
        record, computed = await self._build(guild_id, editor_id, entry, keep)
        if not await self._storage.sessions.update(record):
            raise not_found(session_id)
        return Saved(record, computed)

    async def delete(self, guild_id: int, session_id: int, user_id: int, *, can_manage: bool) -> None:
        await self.editable(guild_id, session_id, user_id, can_manage=can_manage)
        if not await self._storage.sessions.delete(guild_id, session_id):
            raise not_found(session_id)

    # -- timers -----------------------------------------------------------------------------------
    async def start_timer(self, guild_id: int, user_id: int, channel_id: int | None) -> Timer:
        repo = self._storage.sessions
        timer = await repo.start_timer(guild_id, user_id, self.clock(), channel_id)
        if timer is None:
            running = await repo.get_timer(guild_id, user_id)
            since = discord_time(running.started_at) if running else "earlier"
            raise InvalidInput(
                _(
                    "Your timer is already running (started {since}): use /session stop when your LIVE ends.",
                    since=since,
                )
            )
        return timer

    async def timer_to_stop(self, guild_id: int, user_id: int) -> tuple[Timer, int]:
        """The member's running timer and its whole minutes, if it can be logged now.

        A timer over 24 hours is discarded (it cannot be a real LIVE).
        """
        timer = await self._storage.sessions.get_timer(guild_id, user_id)
        if timer is None:
            raise NotFound(_(NO_TIMER))
        minutes = int((self.clock() - timer.started_at).total_seconds() // 60)
        if minutes < MIN_DURATION_MINUTES:
            raise InvalidInput(
                _(
                    "Your timer has run for less than a minute: stop it once you have been live a while, "
                    "or use /session cancel to discard it."
                )
            )
        if minutes > MAX_DURATION_MINUTES:
            await self._storage.sessions.cancel_timer(guild_id, user_id)
            raise InvalidInput(
                _(
                    "Your timer ran for more than 24 hours (started {since}), "
                    "so I discarded it: log that LIVE with /session log and its real duration.",
                    since=discord_time(timer.started_at),
                )
            )
        return timer, minutes

    async def finish_timer(
        self,
        timer: Timer,
        minutes: int,
        *,
        likes: int | None,
        peak_viewers: int | None,
        diamonds: int | None,
        gifts: str | None,
        note: str | None,
    ) -> Saved:
        """Log the timed LIVE and remove its timer in one step."""
        amount, gift_counts, computed = await self.diamonds_from(timer.guild_id, diamonds, gifts)
        record = validate_session(
            guild_id=timer.guild_id,
            user_id=timer.user_id,
            started_at=timer.started_at,
            duration_minutes=minutes,
            likes=likes,
            peak_viewers=peak_viewers,
            diamonds=amount,
            now=self.clock(),
            gifts=gift_counts,
            note=note,
        )
        saved = await self._storage.sessions.finish_timer(timer, record)
        if saved is None:
            raise NotFound(_("That timer was already stopped: see /session list for your logged sessions."))
        return Saved(saved, computed)

    async def cancel_timer(self, guild_id: int, user_id: int) -> None:
        if not await self._storage.sessions.cancel_timer(guild_id, user_id):
            raise NotFound(_(NO_TIMER))

    # -- reading ----------------------------------------------------------------------------------
    async def count(self, guild_id: int, user_id: int) -> int:
        return await self._storage.sessions.count_for_member(guild_id, user_id)

    async def page(self, guild_id: int, user_id: int, page: int, size: int) -> list[SessionRecord]:
        """Page ``page`` (0-based) of the member's sessions, newest first."""
        return await self._storage.sessions.list_for_member(guild_id, user_id, limit=size, offset=page * size)

    @staticmethod
    def ensure_may_export(
        requester_id: int, member_id: int | None, *, everyone: bool, can_manage: bool
    ) -> None:
        if needs_manage_to_export(requester_id, member_id, everyone=everyone) and not can_manage:
            raise NotAllowed(
                _("You can export only your own sessions: exporting others' needs Manage Server.")
            )

    async def export_csv(
        self,
        guild_id: int,
        member_id: int | None,
        zone: ZoneInfo,
        member_name: Callable[[int], str] = lambda _user_id: "",
    ) -> tuple[int, bytes]:
        """(count, CSV) of one member's sessions, or with ``member_id`` None the whole server's.

        The server-wide file names each row's member (id, and ``member_name`` of it).
        """
        repo = self._storage.sessions
        if member_id is None:
            records = await repo.all_for_guild(guild_id)
        else:
            records = await repo.all_for_member(guild_id, member_id)
        if not records:
            raise NotFound(_("There are no sessions to export yet: log one with /session log."))
        catalogue = await self._money.catalogue(guild_id)
        return len(records), sessions_to_csv(
            records,
            zone.key,
            excel_bom=True,
            gift_name=catalogue.name_for,
            member_name=member_name if member_id is None else None,
        )

    # -- a member's period against the one before (stats and cards) -------------------------------
    async def period_view(
        self, guild_id: int, user_id: int, period: str, now: datetime, zone: ZoneInfo
    ) -> PeriodView:
        """The member's summary over ``period`` (streak in ``zone``), the period before it and the changes."""
        rates = await self._money.rates(guild_id)
        per_diamond = rates.usd_per_diamond * rates.currency_per_usd
        repo = self._storage.sessions
        since = period_start(period, now)
        totals = await repo.member_totals(guild_id, user_id, since)
        best = await repo.best_session(guild_id, user_id, since) if totals.sessions else None
        streak = await self.streak(guild_id, user_id, now, zone)
        summary = build_summary(totals, best, streak, per_diamond)
        previous = None
        window = previous_window(period, now)
        if window is not None:
            before = await repo.member_totals(guild_id, user_id, window[0], until=window[1])
            previous = build_summary(before, None, streak, per_diamond)
        record = False
        if best is not None and since is not None:
            first = await repo.first_start(guild_id, user_id)
            ever = await repo.best_session(guild_id, user_id, None)
            record = first is not None and first < since and ever is not None and ever.id == best.id
        return PeriodView(summary, previous, compare(summary, previous, record=record), rates)

    async def streak(self, guild_id: int, user_id: int, now: datetime, zone: ZoneInfo) -> int:
        """Consecutive weeks in ``zone`` with a session, ending this week or last (:func:`member_streak`)."""
        return await self._storage.sessions.streak_weeks(guild_id, user_id, now, zone)

    # -- import -----------------------------------------------------------------------------------
    async def import_plan(
        self,
        guild_id: int,
        importer_id: int,
        data: bytes,
        *,
        can_manage: bool,
        run: Callable[..., Awaitable[ImportPlan]],
    ) -> ImportPlan:
        """Check a CSV (in ``run``, a worker) and flag rows already stored; stores nothing."""
        plan = await run(
            functools.partial(
                parse_import,
                data,
                guild_id=guild_id,
                importer_id=importer_id,
                now=self.clock(),
                may_import_others=can_manage,
            )
        )
        existing = await self._storage.sessions.start_keys(guild_id, plan.members)
        mark_existing(plan, existing)
        return plan

    async def import_rows(self, guild_id: int, plan: ImportPlan) -> int:
        """Store every row of a checked plan in one transaction, or none (gift names mapped to this server's gifts)."""
        existing = await self._storage.sessions.start_keys(guild_id, plan.members)
        mark_existing(plan, existing)  # a session logged since the preview
        if not plan.ok:
            raise InvalidInput(
                _("Some rows are already logged now (logged since the preview): nothing was imported.")
                + "\n"
                + plan.error_text()
            )
        catalogue = await self._money.catalogue(guild_id)

        def key(name: str) -> int | str:
            gift = catalogue.get(name)
            return name if gift is None else (gift.id or gift.name)

        records = [
            replace(row.record, gifts=tuple((key(str(name)), count) for name, count in row.record.gifts))
            for row in plan.rows
        ]
        return await self._storage.sessions.add_many(records)

    # -- stats reads (aggregated in SQL; figures from bot.stats.model) ----------------------------
    async def summary(
        self, guild_id: int, user_id: int, period: str, now: datetime
    ) -> tuple[MemberSummary, ZoneInfo, Rates]:
        """A member's totals, rates, best session and streak over ``period``, in the server's zone."""
        zone = await self.server_zone(guild_id)
        rates = await self._money.rates(guild_id)
        since = period_start(period, now)
        repo = self._storage.sessions
        totals = await repo.member_totals(guild_id, user_id, since)
        best = await repo.best_session(guild_id, user_id, since) if totals.sessions else None
        streak = await self.streak(guild_id, user_id, now, zone)
        summary = build_summary(totals, best, streak, rates.usd_per_diamond * rates.currency_per_usd)
        return summary, zone, rates

    async def trend(
        self, guild_id: int, user_id: int, period: str, now: datetime, zone: ZoneInfo
    ) -> list[TrendPoint]:
        """Per local day or week sums of the member's sessions (the /stats chart)."""
        repo = self._storage.sessions
        first = await repo.first_start(guild_id, user_id) if period == "all" else None
        edges = trend_boundaries(period, now, zone, first)
        return trend_points(period, edges, zone, await repo.bucket_sums(guild_id, edges, user_id))

    async def leaderboard(self, guild_id: int, period: str, metric: str, *, limit: int) -> Board:
        rows = await self._storage.sessions.leaderboard_rows(guild_id, period_start(period, self.clock()))
        return Board(leaderboard(rows, metric, limit=limit), len(rows), sum(r[1] for r in rows))

    async def likes_pairs(self, guild_id: int, *, latest: int) -> list[tuple[int, int]]:
        """(likes, diamonds) of the server's ``latest`` sessions with likes."""
        return await self._storage.sessions.likes_diamonds_pairs(guild_id, latest=latest)

    async def peak_data(self, guild_id: int, since: datetime | None, user_id: int | None = None) -> PeakData:
        """The server's zone and its most recent sessions since ``since`` (all with None); one
        member's own with ``user_id``."""
        zone = (await self._storage.settings.get(guild_id)).timezone
        samples = await self._storage.sessions.peak_samples(
            guild_id, since, latest=MAX_SESSIONS_FOR_PEAKS, user_id=user_id
        )
        return PeakData(zone, samples)

    async def peak_plan(self, guild_id: int, since: datetime | None) -> tuple[str, PeakPlan]:
        """(server zone, the reminders /reminder add-peak should add) from sessions since ``since``."""
        data = await self.peak_data(guild_id, since)
        return data.zone, plan_peak_reminders(data.samples, data.zone)
