"""Go-live reminder delivery: scheduling, exactly-once posting, start-up catch-up, faults.

Scheduling (by due time)
    Each active reminder's next unhandled post is stored as a UTC instant (``reminders.next_due``,
    indexed), computed with the DST-corrected wall-clock algorithm
    (:func:`bot.reminders.model.reminder.due_after`). The process holds ONE APScheduler date job,
    ``reminders:due``, armed for the soonest ``next_due`` (of the servers this process owns, see
    :class:`bot.core.shards.ShardPlan`). When it fires, every reminder due by now is claimed
    (each claim moves that reminder's ``next_due`` past the occurrence, in the claim's transaction)
    and its post handed to the send queue; then the job is re-armed for the new soonest time. Every
    write that changes a next post (add, pause, resume, remove, zone move, a fault pause) re-arms it
    too. Start-up is therefore one indexed query, not one job per reminder. The delivery classifies
    the lag (on time < 60 s, late within grace - marked "(posted late: ...)" - else skipped and
    recorded as skipped).

Exactly once
    Each occurrence is identified by (reminder id, *local* date + scheduled wall time in the
    reminder's zone), see :func:`bot.reminders.model.recurrence.occurrence_key`. A ``claimed`` row is inserted in a
    transaction *before* anything is sent; a conflict means another fire (a doubled trigger, an
    ambiguous fall-back time, a second start-up catch-up, a second process on the same file) already
    owns it, so this one skips. A crash between claim and send loses that one post rather than ever
    doubling it; a clean shutdown releases claims that were never attempted so the next start's
    catch-up can still post them late.

Catch-up
    At start-up, the reminders whose ``next_due`` has passed are the ones missed while offline; for
    each, occurrences in [next_due, now] are found with
    :func:`bot.reminders.model.recurrence.missed_since` (``next_due`` is the first post after the
    latest recorded occurrence, or after when the reminder was created/resumed; looking back at
    most :data:`CATCH_UP_HORIZON`). The newest one within the grace is posted once, marked late;
    every other one is recorded as skipped. A timer run after a stall handles them the same way,
    marked late only from a minute behind.

Faults
    403/404 from ``POST /channels/{id}/messages`` pause the reminder with the reason (shown in
    /reminder list), take it off the timer (no retry loop) and tell the server's log channel once, if one is
    configured. A role that the cached guild no longer has is left out of the ping and the reminder
    is flagged. Every post goes through one :class:`SendQueue` per process (global 50/s, 5 per
    channel per 5 s), with explicit ``AllowedMentions`` for the chosen role only.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from time import perf_counter
from typing import TYPE_CHECKING, Any, Literal, Protocol

import discord

from bot.core import clock as core_clock
from bot.core.errors import InvalidInput, LiveCoachError, NotAllowed, NotFound
from bot.core.http import DiscordUnavailable
from bot.core.mentions import Mentions
from bot.i18n import _, using
from bot.reminders import render as render
from bot.reminders.language import PostLanguage
from bot.reminders.model.recurrence import fire_schedule, live_instant, missed_since, occurrence_key
from bot.reminders.model.reminder import (
    FORBIDDEN,
    LEGACY_FORBIDDEN_PREFIX,
    MAX_PERSONAL_REMINDERS,
    MAX_REMINDERS_PER_SERVER,
    ROLE_DELETED_FLAG,
    TIMED_OUT,
    NewReminder,
    Reminder,
    Upcoming,
    cap_sentence,
    failed_flag,
    fault_code,
    lead_minutes,
    message_text,
    next_due,
    paused_by,
    ping_role,
)
from bot.reminders.send_queue import QueueClosed, SendQueue
from bot.stats.model.peaks import MAX_SESSIONS_FOR_PEAKS, PeakPlan, plan_peak_reminders

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from bot.core.shards import ShardPlan
    from bot.storage import Storage
    from bot.storage.reminders import ReminderRepository
    from bot.storage.sessions import SessionRepository
    from bot.storage.settings import GuildSettingsRepository

log = logging.getLogger(__name__)

CATCH_UP_HORIZON = timedelta(days=8)
DELIVERY_RETENTION = timedelta(days=60)
SHUTDOWN_DRAIN_SECONDS = 10.0
PEAK_LOOKBACK = timedelta(days=90)
RETRY_DELAYS = (5.0, 15.0, 30.0, 60.0, 120.0, 240.0)
# Reminders paused because Discord answered 403 (the code, and older rows' English sentence).
NOT_ALLOWED_PREFIXES = (FORBIDDEN, LEGACY_FORBIDDEN_PREFIX)

Outcome = Literal["sent", "late", "duplicate", "skipped", "paused", "failed", "gone"]


def _now() -> datetime:
    """``bot.core.clock.utcnow``, read at each call so a test can set the time before start-up."""
    return core_clock.utcnow()


def delivery_nonce(reminder_id: int, occurrence_key: str) -> str:
    """Discord's message nonce for one occurrence (at most 25 characters)."""
    return hashlib.blake2b(f"{reminder_id}|{occurrence_key}".encode(), digest_size=12).hexdigest()


def _failure_detail(exc: BaseException) -> str:
    """'HTTP 503' or 'no answer in time': what Discord did, for the record, the list and the log."""
    status = getattr(exc, "status", None)
    if isinstance(exc, DiscordUnavailable):
        return "no answer in time" if exc.timed_out else "HTTP 503"
    return f"HTTP {status}" if status else "no answer in time"


TIMER_JOB_ID = "reminders:due"  # the one scheduler job of the reminders feature
DUE_BATCH = 500  # reminders read per due query while a timer run works through what is due


# Discord allows 50 requests/s globally and 5 messages per channel per 5 s. The queue releases
# posts in small bursts (10 per 0.21 s ≈ 47.6/s) instead of 50 at once: arrival jitter at Discord
# then cannot squeeze 51 requests into one second, and a late wake-up costs one small window.
GLOBAL_BURST = 10
GLOBAL_BURST_SECONDS = 0.2
RATE_MARGIN_SECONDS = 0.01
PER_CHANNEL = 5
PER_CHANNEL_SECONDS = 5.04  # + margin: a channel's 6th post starts >= 5.05 s after its 1st


def new_send_queue(send: Callable[[int, Post], Awaitable[int]], share: float = 1.0) -> SendQueue[int]:
    """The posting queue; ``share`` is this process's part of the bot's global rate limit.

    Discord's global limit is per bot token, not per process: shard processes each take the
    part of it their shards are of the whole (two of four shards: half), so together they stay
    under it. Per-channel limits need no sharing: a channel belongs to one server, one shard.
    """
    # Smaller bursts, not longer windows: 10 per 0.4 s would let 30 out in some second (bursts at
    # 0, 0.4 and 0.8 s), and two such processes 60 (measured: 429s); 5 per 0.2 s lets out 25.
    return SendQueue(
        send,
        global_rate=max(1, round(GLOBAL_BURST * share)),
        global_window=GLOBAL_BURST_SECONDS,
        per_channel=PER_CHANNEL,
        per_channel_window=PER_CHANNEL_SECONDS,
        margin=RATE_MARGIN_SECONDS,
    )


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One scheduled post: its UTC instant and its exactly-once key (local date + wall time)."""

    due: datetime
    key: str

    @classmethod
    def of(cls, reminder: Reminder, due: datetime) -> Occurrence:
        _, fire_at = fire_schedule(reminder.days, reminder.at, reminder.lead_minutes)
        return cls(due.astimezone(UTC), occurrence_key(due, reminder.timezone, fire_at))


@dataclass(frozen=True, slots=True)
class Post:
    """What the send queue posts to a channel.

    ``nonce`` (with Discord's ``enforce_nonce``) makes the post idempotent at Discord: if
    a send is retried after Discord created the message but its answer was lost (a 5xx or
    a dropped connection), Discord returns the first message instead of posting again.
    """

    content: str
    role_id: int | None
    nonce: str | None = None
    user_ids: tuple[int, ...] = ()  # members pinged by name (followers who asked for a ping)

    def mentions(self) -> Mentions:
        """Exactly the role and members this post names: never @everyone."""
        if not self.user_ids:
            return Mentions.only_role(self.role_id)
        return Mentions(
            everyone=False,
            users=[discord.Object(uid) for uid in self.user_ids],
            roles=[discord.Object(self.role_id)] if self.role_id else [],
            replied_user=False,
        )


class Creators(Protocol):
    """What personal reminders need from the go-live feature: the creator's handle and audience."""

    async def handle(self, guild_id: int, user_id: int) -> str | None: ...

    async def reminder_audience(self, guild_id: int, creator_id: int, live_at: datetime) -> list[int]:
        """Tell the creator's followers (DMs in the background); return those to ping in the post."""
        ...


class ReminderEvents(Protocol):
    """Where personal reminders also show as Discord scheduled events: told of every change."""

    def touch(self, guild_id: int, reminder_id: int) -> None: ...


class Poster(Protocol):
    """What delivery needs from Discord: post to a channel, and whether a cached server lost a role."""

    async def post(self, channel_id: int, post: Post) -> int: ...

    def role_deleted(self, guild_id: int, role_id: int) -> bool: ...

    def server_locale(self, guild_id: int) -> object:
        """The server's Discord language (``preferred_locale``) if known, else None."""
        ...


class DiscordPoster:
    """:class:`Poster` over a logged-in ``discord.Client`` (public API only: no gateway needed to post)."""

    def __init__(self, client: discord.Client) -> None:
        self._client = client

    async def post(self, channel_id: int, post: Post) -> int:
        channel = self._client.get_partial_messageable(channel_id, type=discord.ChannelType.text)
        nonce: dict[str, Any] = {} if post.nonce is None else {"nonce": post.nonce}
        message = await channel.send(content=post.content, allowed_mentions=post.mentions(), **nonce)
        return message.id

    def role_deleted(self, guild_id: int, role_id: int) -> bool:
        """Known deleted only when the server is cached and lacks the role."""
        guild = self._client.get_guild(guild_id)
        return guild is not None and guild.get_role(role_id) is None

    def server_locale(self, guild_id: int) -> object:
        guild = self._client.get_guild(guild_id)
        return guild.preferred_locale if guild is not None else None


class ReminderService:
    """Owns the due timer, the send queue and delivery for one bot process (``bot.reminders``).

    Every write goes through it so the timer follows: :meth:`add`, :meth:`add_peak`, :meth:`remove`,
    :meth:`pause`, :meth:`resume`, :meth:`move_zone`. Until :meth:`start` (a one-shot process such
    as ``sync`` never starts it) writes are stored (with their next post) but no timer is armed.

    ``shards``: the servers this process owns (``None``: all); only their reminders are fired.
    """

    def __init__(
        self,
        reminders: ReminderRepository,
        settings: GuildSettingsRepository,
        sessions: SessionRepository,
        scheduler: AsyncIOScheduler,
        poster: Poster,
        *,
        grace_minutes: int,
        clock: Callable[[], datetime] = _now,
        shards: ShardPlan | None = None,
    ) -> None:
        self.repo = reminders
        self._settings = settings
        self._sessions = sessions
        self._scheduler = scheduler
        self.poster = poster
        self.clock = clock
        self.grace = timedelta(minutes=grace_minutes)
        self.shards = shards
        share = 1.0 if shards is None or shards.is_whole else len(shards.ids) / shards.count
        self.queue: SendQueue[int] = new_send_queue(poster.post, share)
        # Posts are in the server's /config language (else its Discord one), not the trigger's.
        self.languages = PostLanguage(settings, lambda guild_id: self.poster.server_locale(guild_id))
        self._tasks: set[asyncio.Task[Any]] = set()
        self.started = False
        self.startup_task: asyncio.Task[None] | None = None
        self.rebuild_seconds = 0.0
        # The one timer: a run (start-up catch-up, then each fire) works through what is due and
        # re-arms; a write during a run asks it to look again instead of arming beside it.
        self._run: asyncio.Task[None] | None = None
        self._again = False
        self._arm_lock = asyncio.Lock()
        self.armed_for: datetime | None = None  # the next_due the timer is armed for (None: disarmed)
        # True: the timer is armed (the job exists, paused) but never fires in real time. For tests
        # that drive delivery through fire/deliver/catch_up on a controlled clock, while the stored
        # next posts (made on that clock) lie in the real past.
        self.timer_held = False
        # Personal reminders name their creator and tell followers; set by the composition root.
        self.creators: Creators | None = None
        # Personal reminders' Discord scheduled events follow every change; set by the composition root.
        self.events: ReminderEvents | None = None
        # Pauses between attempts when Discord answers 5xx or times out; each retry must still
        # fall within the grace window, or the occurrence is recorded as failed.
        self.retry_delays: tuple[float, ...] = RETRY_DELAYS
        self.sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep

    @classmethod
    def for_client(
        cls,
        client: discord.Client,
        storage: Storage,
        scheduler: AsyncIOScheduler,
        *,
        grace_minutes: int,
        shards: ShardPlan | None = None,
    ) -> ReminderService:
        """The service of a bot process: posts through ``client``, stores through ``storage``."""
        return cls(
            storage.reminders,
            storage.settings,
            storage.sessions,
            scheduler,
            DiscordPoster(client),
            grace_minutes=grace_minutes,
            shards=shards,
        )

    # ------------------------------------------------------------------ lifecycle

    async def start(self, now: datetime | None = None) -> int:
        """Start the queue, fill in missing next posts, start catch-up (which then arms the timer).

        Returns how many next posts were filled in (rows stored before due times existed). No
        reminder is loaded: start-up costs indexed queries however many reminders there are.
        """
        self.started = True
        self.queue.start()
        now = now or self.clock()
        started = perf_counter()
        filled = await self.repo.backfill_next_due(now - CATCH_UP_HORIZON)
        self.rebuild_seconds = perf_counter() - started
        if filled:
            log.info("Computed the next post of %d reminders stored before due times were", filled)
        # Catch up to after the start-up work: a post due while it ran is after the "now" read
        # above, and the timer (armed after catch-up) would otherwise fire it as on time.
        caught_up_to = max(now, self.clock())
        self.startup_task = asyncio.get_running_loop().create_task(
            self._start_up(caught_up_to), name="reminders-catch-up"
        )
        self._run = self.startup_task
        log.info("Go-live reminders scheduled by due time in %.3f s", self.rebuild_seconds)
        return filled

    async def close(self) -> None:
        """Disarm the timer, let queued posts go out (briefly), then stop the queue."""
        self.started = False
        self._disarm()
        closing = asyncio.ensure_future(self.queue.close(drain=True))
        done, _ = await asyncio.wait({closing}, timeout=SHUTDOWN_DRAIN_SECONDS)
        if not done:
            await self.queue.close(drain=False)  # cancels what has not started; claims are released
            await closing
        pending = [t for t in self._tasks if not t.done()]
        for run in (self.startup_task, self._run):
            if run is not None and not run.done() and run not in pending:
                pending.append(run)
        if pending:
            await asyncio.wait(pending, timeout=SHUTDOWN_DRAIN_SECONDS)

    # ------------------------------------------------------------------ commands (writes schedule)

    async def get(self, guild_id: int, reminder_id: int) -> Reminder:
        reminder = await self.repo.get(guild_id, reminder_id)
        if reminder is None:
            raise NotFound(
                _("There is no reminder #{id} in this server: /reminder list shows them.", id=reminder_id)
            )
        return reminder

    async def of_guild(self, guild_id: int) -> list[Reminder]:
        return await self.repo.list_for_guild(guild_id)

    async def listing(self, guild_id: int) -> list[Upcoming]:
        """This server's reminders, each with its next post."""
        now = self.clock()
        return [Upcoming(r, next_due(r, now)) for r in await self.repo.list_for_guild(guild_id)]

    async def zone_of(self, guild_id: int) -> str:
        """The server's /config time zone: the default for new reminders."""
        return (await self._settings.get(guild_id)).timezone

    async def listing_for(self, guild_id: int, user_id: int) -> list[Upcoming]:
        """A member's personal reminders, each with its next post."""
        now = self.clock()
        return [Upcoming.of(r, now) for r in await self.repo.list_for_member(guild_id, user_id)]

    async def get_owned(self, guild_id: int, reminder_id: int, owner: int | None) -> Reminder:
        """Reminder ``reminder_id``; with ``owner``, only if it is that member's personal one."""
        reminder = await self.get(guild_id, reminder_id)
        if owner is not None and reminder.user_id != owner:
            raise NotFound(
                _("You have no personal reminder #{id}: /schedule list shows yours.", id=reminder_id)
            )
        return reminder

    async def move_personal_channel(self, guild_id: int, channel_id: int) -> int:
        """The go-live channel changed: members' personal reminders post there from now on."""
        return await self.repo.move_personal_channel(guild_id, channel_id, self.clock())

    async def move_zone(self, guild_id: int, old: str, new: str) -> list[int]:
        """After /config timezone: server reminders in the old server zone keep their wall time in the new one."""
        if old == new:
            return []
        moved = await self.repo.move_zone(guild_id, old, new, self.clock())
        if moved:
            await self.rearm()
        for reminder_id in moved:
            reminder = await self.repo.get_by_id(reminder_id)
            if reminder is not None:
                self._changed(reminder)
        return moved

    async def resume_after_rejoin(self, guild_id: int) -> list[int]:
        """The bot was added back: resume reminders paused because it could not post, and say so once.

        A reminder that still cannot post pauses again at its next post, with one notice.
        """
        paused: list[Reminder] = []
        for prefix in NOT_ALLOWED_PREFIXES:
            paused += await self.repo.paused_with_reason(guild_id, prefix)
        now = self.clock()
        for reminder in paused:
            await self.repo.set_paused(guild_id, reminder.id, False, now)
            resumed = await self.repo.get_by_id(reminder.id)
            if resumed is not None:
                self._changed(resumed)
        if paused:
            await self.rearm()
            ids = [r.id for r in paused]
            await self._notify_log(guild_id, lambda: render.resumed_notice(ids))
        return [r.id for r in paused]

    async def add(self, new: NewReminder) -> Upcoming:
        """Check the rules, store the reminder and schedule it."""
        (added,) = await self._add_checked([new])
        return added

    async def add_peak(
        self, guild_id: int, channel_id: int, created_by: int, *, lead: int, role_id: int | None
    ) -> tuple[PeakPlan, list[Upcoming]]:
        """Reminders before the server's top three slots (generic ones without enough sessions)."""
        lead_minutes(lead)
        ping_role(role_id, guild_id)
        now = self.clock()
        zone = await self.zone_of(guild_id)
        samples = await self._sessions.peak_samples(
            guild_id, now - PEAK_LOOKBACK, latest=MAX_SESSIONS_FOR_PEAKS
        )
        plan = plan_peak_reminders(samples, zone)
        items = [
            NewReminder(
                guild_id=guild_id,
                channel_id=channel_id,
                days=peak.days,
                at=peak.at,
                timezone=zone,
                created_by=created_by,
                lead_minutes=lead,
                role_id=role_id,
                label=peak.label,
            )
            for peak in plan.reminders
        ]
        return plan, await self._add_checked(items)

    async def _add_checked(self, items: Sequence[NewReminder]) -> list[Upcoming]:
        for item in items:  # Discord enforces option ranges in its client only: checked again here
            lead_minutes(item.lead_minutes)
            ping_role(item.role_id, item.guild_id)
            message_text(item.message)
        now = self.clock()
        personal = bool(items) and items[0].user_id is not None
        cap = MAX_PERSONAL_REMINDERS if personal else MAX_REMINDERS_PER_SERVER
        added = await self.repo.add_many(items, now, cap)
        if added is None:
            raise InvalidInput(cap_sentence(len(items), personal=personal))
        await self.rearm()
        for reminder in added:
            self._changed(reminder)
        return [Upcoming.of(r, now) for r in added]

    async def remove(self, guild_id: int, reminder_id: int, owner: int | None = None) -> Reminder:
        """Delete a reminder; with ``owner``, only that member's personal one (admins pass none)."""
        reminder = await self.get_owned(guild_id, reminder_id, owner)
        await self.repo.delete(guild_id, reminder_id)
        await self.rearm()
        self._changed(reminder)
        return reminder

    async def pause(self, guild_id: int, reminder_id: int, by: int, owner: int | None = None) -> Upcoming:
        return await self._set_paused(guild_id, reminder_id, True, paused_by(by), owner)

    async def resume(self, guild_id: int, reminder_id: int, owner: int | None = None) -> Upcoming:
        return await self._set_paused(guild_id, reminder_id, False, None, owner)

    async def _set_paused(
        self, guild_id: int, reminder_id: int, paused: bool, reason: str | None, owner: int | None = None
    ) -> Upcoming:
        reminder = await self.get_owned(guild_id, reminder_id, owner)
        if reminder.paused == paused:
            raise InvalidInput(
                _("Reminder #{id} is already paused: /reminder resume starts it again.", id=reminder_id)
                if paused
                else _("Reminder #{id} is not paused.", id=reminder_id)
            )
        now = self.clock()
        await self.repo.set_paused(guild_id, reminder_id, paused, now, reason)
        changed = await self.get(guild_id, reminder_id)
        await self.rearm()  # a paused reminder has no next post; a resumed one has a new one
        self._changed(changed)
        return Upcoming.of(changed, now)

    # ------------------------------------------------------------------ the due timer

    async def rearm(self) -> None:
        """Point the timer at the soonest next post, after a write that may have changed it."""
        if not self.started:
            return
        if self._run is not None and not self._run.done():
            self._again = True  # the running pass re-arms when it is done, and looks once more
            return
        await self._arm()

    def _changed(self, reminder: Reminder) -> None:
        """A personal reminder was added, paused, resumed, moved or removed: its event follows."""
        if self.events is not None and reminder.user_id is not None:
            self.events.touch(reminder.guild_id, reminder.id)

    async def _arm(self) -> None:
        async with self._arm_lock:
            soonest = await self.repo.next_due_at(self.shards)
            if not self.started:
                return
            if soonest is None:
                self._disarm()
                return
            # The delay is measured on the service's clock (the real one in production), the job
            # runs on the scheduler's: a test's frozen clock never makes the timer spin.
            delay = max(0.0, (soonest - self.clock()).total_seconds())
            held: dict[str, Any] = {"next_run_time": None} if self.timer_held else {}
            self._scheduler.add_job(
                self._timer_fired,
                trigger="date",
                run_date=datetime.now(UTC) + timedelta(seconds=delay),
                id=TIMER_JOB_ID,
                name="Go-live reminders due",
                replace_existing=True,
                misfire_grace_time=None,  # however late the loop wakes, the run decides what is late
                coalesce=True,
                **held,
            )
            self.armed_for = soonest

    def _disarm(self) -> None:
        self.armed_for = None
        if self._scheduler.get_job(TIMER_JOB_ID) is not None:
            self._scheduler.remove_job(TIMER_JOB_ID)

    async def idle(self) -> None:
        """Wait until the current timer pass and the posts it started are done (shutdown, tests)."""
        while True:
            pending = [t for t in (self._run, *self._tasks) if t is not None and not t.done()]
            if not pending:
                return
            await asyncio.wait(pending)

    async def _timer_fired(self) -> None:
        """The scheduler job: start a pass over what is due (and return, so the job is never busy)."""
        self.armed_for = None
        if not self.started:
            return
        if self._run is not None and not self._run.done():
            self._again = True
            return
        self._run = asyncio.get_running_loop().create_task(self._pass(), name="reminders-due")

    async def _pass(self) -> None:
        """Fire whatever is due, re-arm, and go again while writes asked to during the pass."""
        while self.started:
            self._again = False
            try:
                await self._fire_due(self.clock(), catching_up=False)
            except Exception:
                log.exception("Firing due go-live reminders failed")
            try:
                await self._arm()
            except Exception:
                log.exception("Re-arming the go-live reminder timer failed")
            if not self._again:
                return

    async def _start_up(self, now: datetime) -> None:
        """Start-up catch-up (claims first), then arm the timer, then wait for the caught-up posts."""
        try:
            counts, sends = await self._fire_due(now, catching_up=True)
        except Exception:
            log.exception("Reminder catch-up after start-up failed")
            counts, sends = {}, []
        try:
            await self._arm()
        except Exception:
            log.exception("Arming the go-live reminder timer failed")
        log.info(
            "Go-live reminder timer armed for %s", self.armed_for.isoformat() if self.armed_for else "nothing"
        )
        # Off the start-up path: with a long history this scan is the slowest statement of start-up.
        try:
            await self.repo.prune_deliveries(now - DELIVERY_RETENTION)
        except Exception:
            log.exception("Pruning old reminder deliveries failed; continuing")
        counts = await self._tally(counts, sends)
        if counts:
            log.info("Reminder catch-up at %s: %s", now.isoformat(timespec="seconds"), counts)
        if self._again:  # a write during start-up asked for a look
            self._again = False
            self._run = asyncio.get_running_loop().create_task(self._pass(), name="reminders-due")

    async def _tally(self, counts: dict[str, int], sends: list[asyncio.Task[Outcome]]) -> dict[str, int]:
        for outcome in await asyncio.gather(*sends):
            counts[outcome] = counts.get(outcome, 0) + 1
        return counts

    async def _fire_due(
        self, now: datetime, *, catching_up: bool
    ) -> tuple[dict[str, int], list[asyncio.Task[Outcome]]]:
        """Claim every occurrence due by ``now`` and start its post; returns counts and the posts' tasks.

        For each due reminder the occurrences in [next_due, now] are handled as catch-up does: the
        newest within the grace is posted, older ones are recorded as skipped. Each claim moves the
        reminder's ``next_due`` past ``now``, so the next query reads the next reminders.
        """
        counts: dict[str, int] = {}
        sends: list[asyncio.Task[Outcome]] = []
        seen: set[int] = set()
        while True:
            batch = [r for r in await self.repo.due(now, self.shards, DUE_BATCH) if r.id not in seen]
            if not batch:
                return counts, sends
            for reminder in batch:
                seen.add(reminder.id)
                try:
                    claimed = await self._fire_one(reminder, now, catching_up, sends, counts)
                except Exception:
                    log.exception("Firing reminder %s failed", reminder.id)
                    claimed = False
                if not claimed:  # nothing claimed (an error, nothing due after all): still move it past now
                    await self.repo.advance(reminder.id, now)

    async def _fire_one(
        self,
        reminder: Reminder,
        now: datetime,
        catching_up: bool,
        sends: list[asyncio.Task[Outcome]],
        counts: dict[str, int],
    ) -> bool:
        """Handle one due reminder (counting outcomes, adding its post to ``sends``); returns whether
        anything was claimed (each claim moved its ``next_due``)."""
        assert reminder.next_due is not None
        floor = max(reminder.next_due - timedelta(seconds=1), now - CATCH_UP_HORIZON)
        missed = missed_since(
            reminder.days, reminder.at, reminder.timezone, reminder.lead_minutes, floor, now, self.grace
        )
        if not missed:
            return False
        newest_due, newest_kind = missed[-1]
        for due, kind in missed:
            occurrence = Occurrence.of(reminder, due)
            if due == newest_due and newest_kind != "missed":
                started = await self._claim(reminder, occurrence, now, catching_up=catching_up)
                if isinstance(started, _Claimed):
                    sends.append(self._track(self._send(started)))
                else:
                    counts[started] = counts.get(started, 0) + 1
                continue
            detail = "missed: LiveCoach was offline" if kind == "missed" else "superseded by a later post"
            if await self.repo.claim(reminder.id, occurrence.key, due, now, "skipped", detail):
                counts["skipped"] = counts.get("skipped", 0) + 1
        return True

    def _track(self, work: Awaitable[Outcome]) -> asyncio.Task[Outcome]:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def _owns(self, guild_id: int) -> bool:
        """Whether this process posts ``guild_id``'s reminders (every server, unless it runs some shards)."""
        return self.shards is None or self.shards.owns(guild_id)

    async def fire(self, reminder_id: int) -> Outcome:
        """Deliver the one occurrence of ``reminder_id`` that just came due (within a minute or the grace).

        What the timer does for each due reminder, for one reminder: tests drive delivery through it.
        """
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        try:
            now = self.clock()
            reminder = await self.repo.get_by_id(reminder_id)
            if reminder is None or reminder.paused or not self._owns(reminder.guild_id):
                return "gone"
            window = max(self.grace, timedelta(seconds=60))
            due = missed_since(
                reminder.days,
                reminder.at,
                reminder.timezone,
                reminder.lead_minutes,
                now - window,
                now,
                window,
            )
            if not due:
                log.warning("Reminder %s fired with no occurrence due at %s", reminder_id, now)
                return "skipped"
            return await self.deliver(reminder_id, Occurrence.of(reminder, due[-1][0]), now)
        except Exception:
            log.exception("Delivering reminder %s failed", reminder_id)
            return "failed"
        finally:
            if task is not None:
                self._tasks.discard(task)

    # ------------------------------------------------------------------ delivery

    def _usable_role(self, reminder: Reminder) -> tuple[int | None, bool]:
        """The role to ping and whether it is known to be deleted (only when the guild is cached)."""
        if reminder.role_id is None:
            return None, False
        if self.poster.role_deleted(reminder.guild_id, reminder.role_id):
            return None, True
        return reminder.role_id, False

    async def deliver(
        self, reminder_id: int, occurrence: Occurrence, now: datetime, *, catching_up: bool = False
    ) -> Outcome:
        """Post one occurrence exactly once (claim first), judged late/missed against ``now``.

        ``catching_up``: the start-up catch-up posts it, so LiveCoach was offline at its time and
        the post is marked late however small the lag (the README's promise); a running bot marks
        a post late from a minute behind (a stalled loop).
        """
        reminder = await self.repo.get_by_id(reminder_id)
        if reminder is None or not self._owns(reminder.guild_id):
            return "gone"  # (another shard process's server is theirs to post)
        started = await self._claim(reminder, occurrence, now, catching_up=catching_up)
        if not isinstance(started, _Claimed):
            return started
        return await self._send(started)

    async def _claim(
        self, reminder: Reminder, occurrence: Occurrence, now: datetime, *, catching_up: bool
    ) -> Outcome | _Claimed:
        """The first half of a delivery: judge the lag and claim the occurrence (or say why not)."""
        if reminder.paused:
            return "paused"
        lag = now - occurrence.due
        if lag > self.grace and lag >= timedelta(seconds=60):
            await self.repo.claim(
                reminder.id, occurrence.key, occurrence.due, now, "skipped", "missed: LiveCoach was offline"
            )
            return "skipped"
        if not await self.repo.claim(reminder.id, occurrence.key, occurrence.due, now):
            log.debug("Reminder %s occurrence %s already handled", reminder.id, occurrence.key)
            return "duplicate"
        late = lag > timedelta(0) if catching_up else lag >= timedelta(seconds=60)
        return _Claimed(reminder, occurrence, now, late)

    async def _send(self, claimed: _Claimed) -> Outcome:
        """The second half: post the claimed occurrence and record what Discord did."""
        reminder, occurrence, now, late = claimed.reminder, claimed.occurrence, claimed.now, claimed.late
        reminder_id = reminder.id
        role_id, role_deleted = self._usable_role(reminder)
        try:
            post = await self._post_for(reminder, occurrence.due, role_id, late=late)
            message_id = await self._submit_within_grace(reminder.channel_id, post, occurrence.due)
        except asyncio.CancelledError:
            with contextlib.suppress(Exception):
                await asyncio.shield(self.repo.release(reminder_id, occurrence.key))
            raise
        except QueueClosed:
            await self.repo.release(reminder_id, occurrence.key)  # shutting down: nothing was attempted
            return "failed"
        except (discord.Forbidden, discord.NotFound) as exc:
            reason = fault_code(exc.status, reminder.channel_id)
            await self.repo.finish(reminder_id, occurrence.key, "failed", detail=f"HTTP {exc.status}")
            await self._pause_for_fault(reminder, reason, now)
            return "paused"
        except (discord.HTTPException, DiscordUnavailable, TimeoutError) as exc:
            detail = _failure_detail(exc)
            await self.repo.finish(reminder_id, occurrence.key, "failed", detail=detail)
            log.warning("Reminder %s could not be posted: %s", reminder_id, detail)
            code = TIMED_OUT if detail == "no answer in time" else detail
            await self.repo.set_flag(reminder_id, failed_flag(occurrence.due, code), self.clock())
            await self._notify_log(
                reminder.guild_id, lambda: render.failure_notice(reminder, occurrence.due, code)
            )
            return "failed"
        except Exception:
            log.exception("Posting reminder %s failed", reminder_id)
            await self.repo.finish(reminder_id, occurrence.key, "failed", detail="internal error")
            return "failed"
        await self.repo.finish(reminder_id, occurrence.key, "late" if late else "sent", message_id)
        if role_deleted and reminder.flag != ROLE_DELETED_FLAG:
            await self.repo.set_flag(reminder_id, ROLE_DELETED_FLAG, now)
        elif reminder.flag is not None and (
            render.is_failed_flag(reminder.flag)
            or (render.is_role_deleted_flag(reminder.flag) and role_id is not None)
        ):
            await self.repo.set_flag(reminder_id, None, now)  # this post went out: the old warning is over
        return "late" if late else "sent"

    async def _post_for(self, reminder: Reminder, due: datetime, role_id: int | None, *, late: bool) -> Post:
        """The post of one occurrence; a personal one names its creator, links the LIVE, pings followers."""
        nonce = delivery_nonce(reminder.id, Occurrence.of(reminder, due).key)
        with using(await self.languages.of(reminder.guild_id)):
            if reminder.user_id is None or self.creators is None:
                return Post(render.post_content(reminder, due, role_id=role_id, late=late), role_id, nonce)
            handle = await self.creators.handle(reminder.guild_id, reminder.user_id)
            # (followers' direct messages are written here too: in the server's language)
            pinged = await self.creators.reminder_audience(
                reminder.guild_id, reminder.user_id, live_instant(due, reminder.lead_minutes)
            )
            content = render.personal_content(reminder, due, handle, pinged, late=late)
        return Post(content, None, nonce, tuple(pinged))

    async def _submit_within_grace(self, channel_id: int, post: Post, due: datetime) -> int:
        """Post, retrying 5xx, 429 and time-outs (same nonce: never twice) while still within the grace."""
        delays = iter(self.retry_delays)
        while True:
            try:
                return await self.queue.submit(channel_id, post)
            except (discord.HTTPException, DiscordUnavailable, TimeoutError) as exc:
                # 5xx, time-outs, and a 429 that outlasted discord.py's own retries (another
                # process of the bot, e.g. mid-deploy, spent the bot's shared budget).
                transient = (
                    not isinstance(exc, discord.HTTPException) or exc.status == 429 or exc.status >= 500
                )
                delay = next(delays, None)
                if (
                    not transient
                    or delay is None
                    or self.clock() + timedelta(seconds=delay) - due > self.grace
                ):
                    raise
                log.info("Reminder post to %s failed (%s); retrying in %.0f s", channel_id, exc, delay)
                await self.sleep(delay)

    async def _notify_log(self, guild_id: int, text: Callable[[], str]) -> None:
        """One notice in the server's log channel, if it has one (the state also shows in /reminder list).

        ``text`` writes the notice; it is called in the server's post language.
        """
        settings = await self._settings.get(guild_id)
        if settings.log_channel_id is None:
            return
        with using(await self.languages.of(guild_id)):
            notice = text()
        try:
            await self.queue.submit(settings.log_channel_id, Post(notice, None))
        except (discord.HTTPException, DiscordUnavailable) as exc:
            log.warning("Could not tell guild %s's log channel: %s", guild_id, exc)
        except QueueClosed:
            pass

    async def _pause_for_fault(self, reminder: Reminder, reason: str, now: datetime) -> None:
        if not await self.repo.pause_for_fault(reminder.id, reason, now):
            return  # someone else paused it (and told the admins)
        await self.rearm()
        self._changed(reminder)
        log.info("Paused reminder %s in guild %s: %s", reminder.id, reminder.guild_id, reason)
        await self._notify_log(
            reminder.guild_id, lambda: render.fault_notice(reminder, render.pause_text(reason))
        )

    async def send_test(self, guild_id: int, reminder_id: int, owner: int | None = None) -> Reminder:
        """Post a test of the reminder now, marked as a test and pinging nobody; returns the reminder."""
        reminder = await self.get_owned(guild_id, reminder_id, owner)
        handle = None
        if reminder.user_id is not None and self.creators is not None:
            handle = await self.creators.handle(guild_id, reminder.user_id)
        with using(await self.languages.of(guild_id, fresh=True)):  # the post as the server will read it
            post = Post(render.test_content(reminder, self.clock(), handle), None)
        try:
            await self.queue.submit(reminder.channel_id, post)
        except (discord.Forbidden, discord.NotFound) as exc:
            raise NotAllowed(render.fault_reason(exc.status, reminder.channel_id)) from None
        except (discord.DiscordServerError, DiscordUnavailable, TimeoutError) as exc:
            raise LiveCoachError(
                _(
                    "Discord didn't take the test post ({detail}): nothing was posted. "
                    "Try the test again in a minute; real posts retry by themselves.",
                    detail=render.failure_detail(_failure_detail(exc)),
                )
            ) from None
        return reminder

    # ------------------------------------------------------------------ catch-up

    async def catch_up(self, now: datetime) -> dict[str, int]:
        """Handle occurrences missed while the bot was offline (posts awaited); returns counts by outcome."""
        counts, sends = await self._fire_due(now, catching_up=True)
        return await self._tally(counts, sends)


@dataclass(frozen=True, slots=True)
class _Claimed:
    """A claimed occurrence, ready to post: what the second half of a delivery needs."""

    reminder: Reminder
    occurrence: Occurrence
    now: datetime
    late: bool
