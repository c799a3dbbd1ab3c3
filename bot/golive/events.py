"""Members' upcoming personal LIVEs as Discord scheduled events (optional per server).

With ``/golive events`` on, each active personal reminder (``/schedule``) of a creator with a linked
handle has one EXTERNAL guild scheduled event: its next LIVE, the TikTok LIVE link as the location,
an hour long. The event is moved to the following LIVE once that hour is over (a scheduler job per
reminder), and whenever the reminder changes; it is deleted when the reminder is paused or removed,
the handle unlinked, events turned off, the member's data deleted, or the server purged.

Every change is one call to :meth:`EventService.touch`, which re-reads the reminder in the
background and makes Discord agree (under a per-reminder lock, so quick changes never race): a
body unchanged since the last request sends nothing.

Faults: creating needs Manage Events (or Create Events), checked before each request when the server
is cached; a 403 is logged and told once to the server's log channel. An event deleted by hand (404)
is recreated on the next change, or forgotten when deleting. A refused reminder is tried again after
:data:`FORBIDDEN_RETRY`. 429s are waited out by discord.py,
503s and time-outs retried by the REST policy (``bot.core.http``); what still fails is tried again
after :data:`RETRY_AFTER`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

import discord
from apscheduler.triggers.date import DateTrigger

from bot.core.clock import utcnow
from bot.core.http import DiscordUnavailable
from bot.core.mentions import Mentions
from bot.core.tasks import TaskSet
from bot.golive.model import check_events_permission, event_plan
from bot.i18n import N_, _, using
from bot.reminders.language import PostLanguage
from bot.storage.events import StoredEvent

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from bot.storage import Storage

log = logging.getLogger(__name__)

RETRY_AFTER = timedelta(minutes=10)  # after an outage
FORBIDDEN_RETRY = timedelta(hours=6)  # after a 403: the permission may be given back
Outcome = Literal["created", "moved", "recreated", "kept", "deleted", "none", "forbidden", "failed"]

BLOCKED_NOTICE = N_(
    "I could not create or update the server events for members' scheduled LIVEs: I need the "
    "Manage Events permission. Give it to my role in Server Settings → Roles, or turn the events off "
    "with /golive events enabled:False."
)
_UNAVAILABLE = (discord.DiscordServerError, DiscordUnavailable, TimeoutError)


def job_id(guild_id: int, reminder_id: int) -> str:
    return f"event:{guild_id}:{reminder_id}"


class EventService:
    """Owned by ``bot.golive`` as ``bot.golive.events``; every write of events goes through it."""

    def __init__(
        self,
        storage: Storage,
        client: discord.Client,
        scheduler: AsyncIOScheduler | None,
        *,
        clock: Callable[[], datetime] = utcnow,
        languages: PostLanguage | None = None,
    ) -> None:
        self._storage = storage
        self._client = client
        # An event is read by the whole server: its name and description are in its post language.
        self._languages = languages or PostLanguage(storage.settings, lambda _guild: None)
        self._scheduler = scheduler
        self.clock = clock
        self._tasks = TaskSet()
        self._locks: dict[tuple[int, int], asyncio.Lock] = {}
        self._told: set[int] = set()  # servers told about the missing permission (until it works)

    # -- lifecycle -----------------------------------------------------------------------------------
    async def start(self) -> None:
        """Bring every server's events up to date in the background (moves missed while offline)."""
        self._tasks.spawn(self._sweep_all())

    async def close(self) -> None:
        await self._tasks.cancel()
        if self._scheduler is not None and self._scheduler.running:
            for job in self._scheduler.get_jobs():
                if job.id.startswith("event:"):
                    job.remove()

    async def drain(self) -> None:
        await self._tasks.drain()

    async def _sweep_all(self) -> None:
        try:
            guilds = set(await self._storage.golive.guilds_with_events())
            guilds |= {row.guild_id for row in await self._storage.events.every()}
            for guild_id in sorted(guilds):
                for reminder_id in await self._targets(guild_id):
                    await self.sync(guild_id, reminder_id)
        except Exception:
            log.exception("Bringing the scheduled events up to date failed")

    async def _targets(self, guild_id: int) -> list[int]:
        """The reminders of a server that have or may need an event."""
        ids = {r.id for r in await self._storage.reminders.personal_in_guild(guild_id)}
        ids |= {row.reminder_id for row in await self._storage.events.for_guild(guild_id)}
        return sorted(ids)

    # -- what changes call -----------------------------------------------------------------------------
    def touch(self, guild_id: int, reminder_id: int) -> None:
        """A personal reminder changed (added, paused, resumed, removed, moved): follow in the background."""
        self._tasks.spawn(self._sync_logged(guild_id, reminder_id))

    def touch_member(self, guild_id: int, user_id: int) -> None:
        """The creator's handle changed: every one of their reminders' events follows."""
        self._tasks.spawn(self._touch_member(guild_id, user_id))

    async def _touch_member(self, guild_id: int, user_id: int) -> None:
        ids = {r.id for r in await self._storage.reminders.list_for_member(guild_id, user_id)}
        ids |= {row.reminder_id for row in await self._storage.events.for_member(guild_id, user_id)}
        for reminder_id in sorted(ids):
            await self._sync_logged(guild_id, reminder_id)

    async def set_enabled(self, guild_id: int, on: bool, *, allowed: bool) -> int:
        """Turn events on (``allowed``: the bot has Manage Events) or off; returns how many follow.

        On: the active personal reminders (of creators with a handle) that get an event; off: the
        events to delete.
        """
        if on:
            check_events_permission(allowed)
        await self._storage.golive.update_settings(guild_id, self.clock(), events=int(on))
        self._told.discard(guild_id)
        if on:
            active = [r for r in await self._storage.reminders.personal_in_guild(guild_id) if not r.paused]
            creators = {r.user_id for r in active if r.user_id is not None}
            linked = {u for u in creators if (await self._storage.golive.profile(guild_id, u)).handle}
            count = sum(1 for r in active if r.user_id in linked)
        else:
            count = len(await self._storage.events.for_guild(guild_id))
        for reminder_id in await self._targets(guild_id):
            self.touch(guild_id, reminder_id)
        return count

    async def forget_member(self, guild_id: int, user_id: int) -> None:
        """Before a member's data is deleted: delete their events in Discord (in the background)."""
        rows = await self._storage.events.for_member(guild_id, user_id)
        if rows:
            self._tasks.spawn(self._delete_all(rows, stop_when_refused=False))

    async def forget_guild(self, guild_id: int) -> None:
        """Before a server is purged: try to delete its events (the bot has usually left it)."""
        rows = await self._storage.events.for_guild(guild_id)
        if rows:
            self._tasks.spawn(self._delete_all(rows, stop_when_refused=True))

    async def _delete_all(self, rows: list[StoredEvent], *, stop_when_refused: bool) -> None:
        for row in rows:
            self._unschedule(row.guild_id, row.reminder_id)
            try:
                await self._client.http.delete_scheduled_event(row.guild_id, row.event_id)
            except discord.NotFound:
                pass  # deleted by hand already
            except discord.Forbidden:
                log.info("Not allowed to delete event %s in guild %s", row.event_id, row.guild_id)
                if stop_when_refused:
                    return  # not in the server any more: every other delete would be refused too
            except (discord.HTTPException, *_UNAVAILABLE) as exc:
                log.warning("Could not delete event %s in guild %s: %s", row.event_id, row.guild_id, exc)

    # -- making Discord agree --------------------------------------------------------------------------
    async def _sync_logged(self, guild_id: int, reminder_id: int) -> None:
        try:
            await self.sync(guild_id, reminder_id)
        except Exception:
            log.exception("Updating the scheduled event of reminder %s failed", reminder_id)

    async def sync(self, guild_id: int, reminder_id: int) -> Outcome:
        """Make the reminder's event in Discord what its current state asks for."""
        lock = self._locks.setdefault((guild_id, reminder_id), asyncio.Lock())
        async with lock:
            return await self._sync(guild_id, reminder_id)

    async def _sync(self, guild_id: int, reminder_id: int) -> Outcome:
        now = self.clock()
        stored = await self._storage.events.get(guild_id, reminder_id)
        reminder = await self._storage.reminders.get(guild_id, reminder_id)
        handle = None
        if reminder is not None and reminder.user_id is not None and not reminder.paused:
            on = (await self._storage.golive.settings(guild_id)).events
            handle = (await self._storage.golive.profile(guild_id, reminder.user_id)).handle if on else None
        if reminder is None or reminder.user_id is None or handle is None:
            return "none" if stored is None else await self._delete(stored)
        if stored is not None and stored.starts_at <= now < stored.ends_at:
            self._schedule_move(stored.guild_id, stored.reminder_id, stored.ends_at)  # its LIVE is on
            return "kept"
        with using(await self._languages.of(guild_id)):
            plan = event_plan(
                handle,
                reminder.message,
                reminder.days,
                reminder.at,
                reminder.timezone,
                reminder.lead_minutes,
                now,
            )
        if stored is not None and stored.fingerprint == plan.fingerprint:
            self._schedule_move(guild_id, reminder_id, stored.ends_at)
            return "kept"
        if not self._may_manage_events(guild_id):
            return await self._blocked(guild_id, reminder_id)
        http = self._client.http
        outcome: Outcome
        try:
            if stored is None:
                data, outcome = await http.create_guild_scheduled_event(guild_id, **plan.body), "created"
            else:
                try:
                    data = await http.edit_scheduled_event(guild_id, stored.event_id, **plan.body)
                    outcome = "moved"
                except discord.Forbidden:
                    raise
                except discord.HTTPException as exc:
                    if exc.status not in (400, 404):  # 404: deleted by hand; 400: ended by hand
                        raise
                    data, outcome = (
                        await http.create_guild_scheduled_event(guild_id, **plan.body),
                        "recreated",
                    )
        except discord.Forbidden:
            return await self._blocked(guild_id, reminder_id)
        except _UNAVAILABLE as exc:
            log.warning(
                "Scheduled event of reminder %s not updated (%s); trying again later", reminder_id, exc
            )
            self._schedule_move(guild_id, reminder_id, now + RETRY_AFTER)
            return "failed"
        except discord.HTTPException as exc:
            log.warning("Discord refused the scheduled event of reminder %s: %s", reminder_id, exc)
            return "failed"
        row = StoredEvent(
            guild_id,
            reminder_id,
            reminder.user_id,
            int(data["id"]),
            plan.starts_at,
            plan.ends_at,
            plan.fingerprint,
        )
        await self._storage.events.save(row, now)
        self._told.discard(guild_id)
        self._schedule_move(guild_id, reminder_id, plan.ends_at)
        return outcome

    async def _delete(self, stored: StoredEvent) -> Outcome:
        try:
            await self._client.http.delete_scheduled_event(stored.guild_id, stored.event_id)
        except discord.NotFound:
            pass  # deleted by hand: nothing left to delete
        except discord.Forbidden:
            return await self._blocked(stored.guild_id, stored.reminder_id)  # the row is kept to retry
        except (discord.HTTPException, *_UNAVAILABLE) as exc:
            log.warning("Could not delete scheduled event %s (%s); trying again later", stored.event_id, exc)
            self._schedule_move(stored.guild_id, stored.reminder_id, self.clock() + RETRY_AFTER)
            return "failed"
        await self._storage.events.delete(stored.guild_id, stored.reminder_id, stored.event_id)
        self._unschedule(stored.guild_id, stored.reminder_id)
        return "deleted"

    def _may_manage_events(self, guild_id: int) -> bool:
        """False only when the cached server shows the bot lacks the permission (unknown: try)."""
        guild = self._client.get_guild(guild_id)
        me = guild.me if guild is not None else None
        if me is None:
            return True
        perms = me.guild_permissions
        return perms.manage_events or perms.create_events

    async def _blocked(self, guild_id: int, reminder_id: int) -> Outcome:
        """Manage Events is missing: log it, tell the log channel once, try again in a while."""
        log.warning("Not allowed to manage scheduled events in guild %s (Manage Events missing)", guild_id)
        self._schedule_move(guild_id, reminder_id, self.clock() + FORBIDDEN_RETRY)
        if guild_id in self._told:
            return "forbidden"
        self._told.add(guild_id)
        log_channel = (await self._storage.settings.get(guild_id)).log_channel_id
        if log_channel is None:
            return "forbidden"
        channel = self._client.get_partial_messageable(log_channel, guild_id=guild_id)
        with using(await self._languages.of(guild_id)):
            notice = _(BLOCKED_NOTICE)
        try:
            await channel.send(content=notice, allowed_mentions=Mentions.nobody())
        except (discord.HTTPException, *_UNAVAILABLE) as exc:
            log.warning("Could not tell guild %s's log channel: %s", guild_id, exc)
        return "forbidden"

    # -- the move after each LIVE ------------------------------------------------------------------------
    def _schedule_move(self, guild_id: int, reminder_id: int, at: datetime) -> None:
        if self._scheduler is None or not self._scheduler.running:
            return
        self._scheduler.add_job(
            self._sync_logged,
            trigger=DateTrigger(run_date=at),
            args=(guild_id, reminder_id),
            id=job_id(guild_id, reminder_id),
            name=f"Move the scheduled event of reminder {reminder_id}",
            replace_existing=True,
            misfire_grace_time=None,
        )

    def _unschedule(self, guild_id: int, reminder_id: int) -> None:
        if self._scheduler is not None and self._scheduler.get_job(job_id(guild_id, reminder_id)) is not None:
            self._scheduler.remove_job(job_id(guild_id, reminder_id))
