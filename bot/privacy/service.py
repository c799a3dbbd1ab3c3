"""Members' own data and the retention policy for servers that removed the bot.

Retention: when the bot leaves a server the time is recorded; when it rejoins
the mark is cleared. At start-up and daily (04:17 UTC), every server left more
than ``retention_days`` days ago has all its data purged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from apscheduler.triggers.cron import CronTrigger

from bot.core.clock import utcnow, zone_named
from bot.privacy.model import member_document
from bot.sessions.model.record import SessionRecord

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from bot.money.service import MoneyService
    from bot.storage import Storage

log = logging.getLogger(__name__)

PURGE_JOB_ID = "privacy:purge-left-servers"


class EventCleanup(Protocol):
    """What deletion needs from the go-live feature: the Discord events made from the data go too."""

    async def forget_member(self, guild_id: int, user_id: int) -> None: ...

    async def forget_guild(self, guild_id: int) -> None: ...


@dataclass(frozen=True, slots=True)
class MemberExport:
    document: dict[str, Any]
    sessions: list[SessionRecord]
    zone_name: str
    gift_name: Callable[[int | str], str]
    has_timer: bool


class PrivacyService:
    """Owned by the bot as ``bot.privacy``: export and deletion of a member's data, the daily purge."""

    def __init__(
        self,
        storage: Storage,
        scheduler: AsyncIOScheduler,
        retention_days: int,
        money: MoneyService,
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._storage = storage
        self._scheduler = scheduler
        self._money = money
        self.retention = timedelta(days=retention_days)
        self.clock = clock
        self.events: EventCleanup | None = None  # set by the composition root

    async def start(self) -> None:
        """Schedule the daily purge (one fixed job id) and run it once now."""
        self._scheduler.add_job(
            self.purge_job,
            CronTrigger(hour=4, minute=17, timezone=UTC),
            id=PURGE_JOB_ID,
            name="Purge data of servers the bot left",
            replace_existing=True,
        )
        await self.purge_job()

    async def close(self) -> None:
        if self._scheduler.running and self._scheduler.get_job(PURGE_JOB_ID) is not None:
            self._scheduler.remove_job(PURGE_JOB_ID)

    async def purge_job(self) -> None:
        try:
            await self.purge_left_servers(self.clock())
        except Exception:
            log.exception("Purging the data of servers the bot left failed; it runs again tomorrow")

    async def purge_left_servers(self, now: datetime) -> list[int]:
        """Delete every server's data whose bot left before ``now - retention``; returns their ids."""
        cutoff = now - self.retention
        purged: list[int] = []
        for guild_id in await self._storage.settings.guilds_left_before(cutoff):
            if self.events is not None:
                await self.events.forget_guild(guild_id)
            removed = await self._storage.purge_guild(guild_id)
            log.info("Purged server %s (left before %s): %s", guild_id, cutoff, removed)
            purged.append(guild_id)
        return purged

    async def server_left(self, guild_id: int) -> None:
        await self._storage.settings.mark_left(guild_id, self.clock())

    async def server_joined(self, guild_id: int) -> None:
        await self._storage.settings.mark_left(guild_id, None)

    async def export_member(self, guild_id: int, user_id: int) -> MemberExport:
        """Everything stored about the member in this server: readable sessions and every raw row."""
        storage = self._storage
        own_zone = await storage.members.timezone(guild_id, user_id)
        zone = zone_named(own_zone or (await storage.settings.get(guild_id)).timezone)
        catalogue = await self._money.catalogue(guild_id)
        sessions = await storage.sessions.all_for_member(guild_id, user_id)
        timer = await storage.sessions.get_timer(guild_id, user_id)
        document = member_document(
            guild_id=guild_id,
            user_id=user_id,
            exported_at=self.clock(),
            timezone=own_zone,
            sessions=sessions,
            timer=None if timer is None else {"started_at": timer.started_at, "channel_id": timer.channel_id},
            stored_rows=await storage.export_member(guild_id, user_id),
        )
        return MemberExport(document, sessions, zone.key, catalogue.name_for, timer is not None)

    async def count_sessions(self, guild_id: int, user_id: int) -> int:
        return await self._storage.sessions.count_for_member(guild_id, user_id)

    async def delete_member(self, guild_id: int, user_id: int) -> dict[str, int]:
        """Everything the member owns in this server, removed in one transaction (and from the caches)."""
        if self.events is not None:
            await self.events.forget_member(guild_id, user_id)  # read before the rows go
        try:
            return await self._storage.delete_member(guild_id, user_id)
        finally:
            self._money.forget_member(guild_id, user_id)
