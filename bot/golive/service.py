"""Creators' go-live, owned by the bot as ``bot.golive``: handles, announcements, follows and recaps.

Every write goes through here. Announcements carry a nonce, so the REST policy's retry
of a 503 or time-out (bot.core.http) never posts twice. Followers who chose a direct message are told in the
background, one at a time, so a creator with many followers cannot slow the reply.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import discord

from bot.core.clock import utcnow
from bot.core.errors import InvalidInput, NotAllowed, NotFound
from bot.core.http import DiscordUnavailable
from bot.core.mentions import Mentions
from bot.core.tasks import TaskSet
from bot.golive import render
from bot.golive.events import EventService
from bot.golive.model import (
    MAX_FOLLOWS,
    GoLiveSettings,
    Notify,
    build_recap,
    check_announce,
    check_follow,
    clean_title,
    parse_handle,
    recappable,
)
from bot.i18n import _, using
from bot.i18n import current as current_locale
from bot.money.model.economy import diamonds_to_payout, format_money
from bot.reminders.language import PostLanguage
from bot.storage.golive import Follow, GoLiveRepository, HandleTaken

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from bot.money.service import MoneyService
    from bot.sessions.model.record import SessionRecord
    from bot.storage import Storage

log = logging.getLogger(__name__)

MAX_PINGS_IN_POST = 40  # followers who chose a ping; the rest of them get a direct message


def _server_locale(client: discord.Client, guild_id: int) -> object:
    """The cached server's Discord language, else None."""
    guild = client.get_guild(guild_id)
    return guild.preferred_locale if guild is not None else None


def announcement_nonce(announcement_id: int) -> str:
    return hashlib.blake2b(f"golive|{announcement_id}".encode(), digest_size=12).hexdigest()


def channel_problem(status: int, channel_id: int) -> str:
    if status == 404:
        return _("The go-live channel no longer exists: ask an admin to pick a new one with /golive channel.")
    return _(
        "I'm not allowed to post in {channel}: an admin needs to give me View Channel, "
        "Send Messages and Embed Links there.",
        channel=f"<#{channel_id}>",
    )


@dataclass(frozen=True, slots=True)
class Announcer:
    """The member announcing, as the interaction shows them."""

    user_id: int
    name: str
    role_ids: frozenset[int]


@dataclass(frozen=True, slots=True)
class Posted:
    channel_id: int
    message_id: int
    dm_followers: int
    pinged_followers: int


class GoLiveService:
    def __init__(
        self,
        storage: Storage,
        money: MoneyService,
        client: discord.Client,
        *,
        scheduler: AsyncIOScheduler | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._storage = storage
        # Posts, recaps, follower notices and events are in the server's post language.
        self.languages = PostLanguage(storage.settings, lambda guild_id: _server_locale(client, guild_id))
        # Members' scheduled LIVEs as Discord events (/golive events): their one writer.
        self.events = EventService(storage, client, scheduler, clock=clock, languages=self.languages)
        self._money = money
        self._client = client
        self.clock = clock
        self._tasks = TaskSet()

    @property
    def repo(self) -> GoLiveRepository:
        return self._storage.golive

    async def close(self) -> None:
        await self._tasks.cancel()
        await self.events.close()

    async def drain(self) -> None:
        """Wait for background follower notices and event updates (tests, shutdown)."""
        await self._tasks.drain()
        await self.events.drain()

    # -- settings ------------------------------------------------------------------------------------
    async def settings(self, guild_id: int) -> GoLiveSettings:
        return await self.repo.settings(guild_id)

    async def update_settings(self, guild_id: int, **changes: int | None) -> GoLiveSettings:
        return await self.repo.update_settings(guild_id, self.clock(), **changes)

    # -- handles -------------------------------------------------------------------------------------
    async def handle(self, guild_id: int, user_id: int) -> str | None:
        return (await self.repo.profile(guild_id, user_id)).handle

    async def set_handle(self, guild_id: int, user_id: int, text: str) -> str:
        handle = parse_handle(text)
        try:
            await self.repo.set_handle(guild_id, user_id, handle, self.clock())
        except HandleTaken:
            raise InvalidInput(
                _(
                    "The handle @{handle} is already linked to another member here: if it is yours, ask an admin.",
                    handle=handle,
                )
            ) from None
        self.events.touch_member(guild_id, user_id)  # their events link the new handle
        return handle

    async def remove_handle(self, guild_id: int, user_id: int) -> str | None:
        """Unlink the handle; returns the one removed (``None`` when there was none)."""
        old = await self.handle(guild_id, user_id)
        if old is not None:
            await self.repo.set_handle(guild_id, user_id, None, self.clock())
            self.events.touch_member(guild_id, user_id)  # no handle, no LIVE link: their events go
        return old

    async def set_show_money(self, guild_id: int, user_id: int, show: bool) -> None:
        await self.repo.set_show_money(guild_id, user_id, show, self.clock())

    # -- announcing ----------------------------------------------------------------------------------
    async def announce(self, guild_id: int, member: Announcer, title: str | None, server: str) -> Posted:
        """Post "I'm live now" in the go-live channel, ping the role and followers, record it."""
        now = self.clock()
        settings = await self.settings(guild_id)
        handle = await self.handle(guild_id, member.user_id)
        cleaned = clean_title(title)
        check_announce(
            settings, handle, member.role_ids, await self.repo.last_announced(guild_id, member.user_id), now
        )
        assert settings.channel_id is not None and handle is not None
        followers = await self.repo.followers(guild_id, member.user_id)
        pinged = [f.user_id for f in followers if f.notify == "ping"][:MAX_PINGS_IN_POST]
        dm = [f.user_id for f in followers if f.user_id not in set(pinged)]
        announcement_id = await self.repo.add_announcement(
            guild_id, member.user_id, settings.channel_id, handle, cleaned, now
        )
        channel = self._client.get_partial_messageable(settings.channel_id, guild_id=guild_id)
        mentions = Mentions(
            everyone=False,
            users=[discord.Object(uid) for uid in pinged],
            roles=[discord.Object(settings.role_id)] if settings.role_id else [],
            replied_user=False,
        )
        locale = await self.languages.of(guild_id, fresh=True)  # read by the whole server: its language
        with using(locale):
            embed = render.announcement_embed(member.name, handle, cleaned, now)
            view = render.announcement_view(member.user_id, handle)
            notice = render.follower_notice(member.name, handle, cleaned, server, reminder=False)
        try:
            message = await channel.send(
                content=render.announcement_content(settings.role_id, pinged),
                embed=embed,
                view=view,
                allowed_mentions=mentions,
                nonce=announcement_nonce(announcement_id),
            )
        except (discord.Forbidden, discord.NotFound) as exc:
            await self.repo.drop_announcement(announcement_id)
            raise NotAllowed(channel_problem(exc.status, settings.channel_id)) from None
        except BaseException:  # e.g. DiscordUnavailable after the REST policy's retries: the tree says so
            await self.repo.drop_announcement(announcement_id)
            raise
        await self.repo.set_announcement_message(announcement_id, message.id)
        if dm:
            self._tasks.spawn(self._tell(dm, notice, handle, view_locale=locale))
        return Posted(settings.channel_id, message.id, len(dm), len(pinged))

    async def _tell(self, user_ids: Sequence[int], text: str, handle: str, *, view_locale: str) -> None:
        """Direct-message followers one at a time; closed DMs or a failure skip that follower.

        ``text`` is written already; ``view_locale`` is the language of its "Watch LIVE" button.
        """
        with using(view_locale):
            view = render.link_view(handle)
        for user_id in user_ids:
            try:
                await self._direct_message(user_id, text, view)
            except (discord.HTTPException, DiscordUnavailable) as exc:
                log.info("Could not tell follower %s (%s)", user_id, getattr(exc, "status", exc))
            except Exception:
                log.exception("Telling follower %s failed", user_id)

    async def _direct_message(self, user_id: int, text: str, view: discord.ui.View) -> None:
        # The id as a string: Discord's API description types recipient_id as a snowflake string.
        data = await self._client.http.start_private_message(str(user_id))
        dm = self._client.get_partial_messageable(int(data["id"]), type=discord.ChannelType.private)
        await dm.send(content=text, view=view, allowed_mentions=Mentions.nobody())

    async def reminder_audience(self, guild_id: int, creator_id: int, live_at: datetime) -> list[int]:
        """A personal reminder is posting: DM the followers who chose that (in the background) and
        return those who chose a ping in the post. Called in the server's post language (the DM's)."""
        handle = await self.handle(guild_id, creator_id)
        if handle is None:
            return []
        followers = await self.repo.followers(guild_id, creator_id)
        pinged = [f.user_id for f in followers if f.notify == "ping"][:MAX_PINGS_IN_POST]
        dm = [f.user_id for f in followers if f.user_id not in set(pinged)]
        if dm:
            guild = self._client.get_guild(guild_id)
            notice = render.follower_notice(
                f"@{handle}", handle, None, guild.name if guild else _("a server"), reminder=True
            )
            notice += "\n-# " + _("LIVE at {time}.", time=f"<t:{int(live_at.timestamp())}:t>")
            self._tasks.spawn(self._tell(dm, notice, handle, view_locale=current_locale()))
        return pinged

    # -- follows -------------------------------------------------------------------------------------
    async def follow(
        self, guild_id: int, follower_id: int, creator_id: int, creator_is_bot: bool, notify: Notify
    ) -> tuple[str, bool]:
        """Follow a creator; returns (their handle, whether the follow is new)."""
        handle = await self.handle(guild_id, creator_id)
        existing = await self.repo.get_follow(guild_id, follower_id, creator_id)
        count = await self.repo.count_following(guild_id, follower_id)
        check_follow(follower_id, creator_id, creator_is_bot, handle, count if existing is None else 0)
        assert handle is not None
        if not await self.repo.follow(
            guild_id, follower_id, creator_id, notify, self.clock(), limit=MAX_FOLLOWS
        ):
            check_follow(follower_id, creator_id, creator_is_bot, handle, MAX_FOLLOWS)
        return handle, existing is None

    async def unfollow(self, guild_id: int, follower_id: int, creator_id: int) -> None:
        if not await self.repo.unfollow(guild_id, follower_id, creator_id):
            raise NotFound(
                _(
                    "You don't follow {creator} here: /following lists whom you follow.",
                    creator=f"<@{creator_id}>",
                )
            )

    async def following(self, guild_id: int, follower_id: int) -> list[Follow]:
        return await self.repo.following(guild_id, follower_id)

    # -- recap ---------------------------------------------------------------------------------------
    async def recap(self, record: SessionRecord, name: str) -> bool:
        """Edit the creator's open announcement into the recap of ``record``; ``True`` when edited."""
        announcement = await self.repo.open_announcement(record.guild_id, record.user_id)
        if announcement is None or announcement.message_id is None:
            return False
        end = record.started_at + timedelta(minutes=record.duration_minutes)
        if not recappable(announcement.announced_at, record.started_at, end):
            return False
        if not await self.repo.end_announcement(announcement.id, record.id, self.clock()):
            return False
        profile = await self.repo.profile(record.guild_id, record.user_id)
        recap = build_recap(
            record.duration_minutes,
            record.likes,
            record.peak_viewers,
            record.new_followers,
            record.diamonds,
            show_money=profile.show_money,
        )
        payout = None
        with using(await self.languages.of(record.guild_id)):  # the post the whole server reads
            if recap.diamonds is not None:
                rates = await self._money.rates(record.guild_id)
                payout = format_money(diamonds_to_payout(recap.diamonds, rates), rates.currency)
            embed = render.recap_embed(
                name, announcement.handle, announcement.title, announcement.announced_at, recap, payout
            )
            view = render.announcement_view(record.user_id, announcement.handle, ended=True)
        message = self._client.get_partial_messageable(announcement.channel_id).get_partial_message(
            announcement.message_id
        )
        try:
            await message.edit(embed=embed, view=view)
        except (discord.HTTPException, DiscordUnavailable) as exc:
            log.warning("Could not edit announcement %s into its recap: %s", announcement.id, exc)
            return False
        return True
