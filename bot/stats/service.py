"""Stats the bot owns as ``bot.stats``: consent, goals, period comparisons and opt-in leaderboard posts.

Writes to goals, sharing choices and leaderboard posts go through here; the
leaderboard post job is this service's (one job, fixed id, started in the
running loop): it wakes every hour and posts each server's weekly or monthly
board once the period has ended in the server's zone. The period already posted
is recorded before posting, so a restart in the due minute never posts twice.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import discord

from bot.core.clock import utcnow, zone_named
from bot.core.errors import InvalidInput, NotFound
from bot.i18n import _, using
from bot.i18n.context import post_locale
from bot.stats.model.goals import (
    GOAL_PERIODS,
    Goal,
    GoalProgress,
    make_goal,
    period_bounds,
    period_key,
    previous_bounds,
    progress,
)
from bot.stats.model.sharing import Sharing
from bot.stats.model.summary import METRICS, LeaderboardEntry, leaderboard, period_start

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from bot.storage import Storage

log = logging.getLogger(__name__)

JOB_ID = "stats:leaderboard-posts"
BOARD_SIZE = 10


@dataclass(frozen=True, slots=True)
class PeriodBoard:
    """A leaderboard over one calendar week or month, with only the members who share their figures."""

    guild_id: int
    period: str  # "week" or "month"
    metric: str
    start: datetime | None  # None: all time
    end: datetime | None  # None: up to now
    zone: ZoneInfo
    entries: list[LeaderboardEntry]
    members: int  # members who logged a session in the period
    hidden: int  # of those, members who keep their figures to themselves
    sessions: int  # sessions of the members shown


Post = Callable[[int, PeriodBoard], Awaitable[None]]


class StatsService:
    @classmethod
    def for_client(
        cls, client: discord.Client, storage: Storage, scheduler: AsyncIOScheduler
    ) -> StatsService:
        """The service posting leaderboards through ``client`` (no pings: members appear as mentions)."""

        async def post(channel_id: int, board: PeriodBoard) -> None:
            from bot.stats.render import period_board_embed

            # A scheduled post speaks the server's /config language (else its Discord locale).
            chosen = (await storage.settings.get(board.guild_id)).language
            guild = client.get_guild(board.guild_id)
            with using(post_locale(chosen, guild.preferred_locale if guild is not None else None)):
                embed = period_board_embed(board)
            channel = client.get_partial_messageable(channel_id, type=discord.ChannelType.text)
            await channel.send(embed=embed, allowed_mentions=discord.AllowedMentions.none())

        return cls(storage, scheduler, post)

    def __init__(
        self,
        storage: Storage,
        scheduler: AsyncIOScheduler,
        post: Post,
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._storage = storage
        self._scheduler = scheduler
        self._post = post
        self.clock = clock

    # -- consent ----------------------------------------------------------------------------------
    async def sharing(self, guild_id: int, user_id: int) -> Sharing:
        return await self._storage.members.sharing(guild_id, user_id)

    async def set_sharing(
        self,
        guild_id: int,
        user_id: int,
        *,
        card: str | None = None,
        figures: str | None = None,
        show_money: bool | None = None,
    ) -> Sharing:
        """Change only the choices given; returns what now applies."""
        current = await self.sharing(guild_id, user_id)
        chosen = Sharing(
            card=current.card if card is None else card,
            figures=current.figures if figures is None else figures,
            show_money=current.show_money if show_money is None else show_money,
        )
        await self._storage.members.set_sharing(guild_id, user_id, chosen)
        return chosen

    # -- goals ------------------------------------------------------------------------------------
    async def goals(self, guild_id: int, user_id: int) -> list[Goal]:
        return await self._storage.goals.for_member(guild_id, user_id)

    async def set_goal(self, guild_id: int, user_id: int, metric: str, period: str, amount: Any) -> Goal:
        goal = make_goal(metric, period, amount)  # refuses 0, 10^15 and friends before anything is stored
        await self._storage.goals.set(guild_id, user_id, goal)
        return goal

    async def clear_goals(
        self, guild_id: int, user_id: int, metric: str | None = None, period: str | None = None
    ) -> int:
        removed = await self._storage.goals.clear(guild_id, user_id, metric, period)
        if not removed:
            raise NotFound(_("You have no such goal: /stats goal sets one."))
        return removed

    async def goal_progress(
        self, guild_id: int, user_id: int, zone: ZoneInfo, now: datetime | None = None
    ) -> list[GoalProgress]:
        """Progress of each goal over the current calendar week or month in ``zone``."""
        now = now or self.clock()
        found: list[GoalProgress] = []
        for goal in await self.goals(guild_id, user_id):
            start, end = period_bounds(goal.period, now, zone)
            totals = await self._storage.sessions.member_totals(guild_id, user_id, start)
            done = totals.diamonds if goal.metric == "diamonds" else totals.minutes
            found.append(progress(goal, done, now, start, end))
        return found

    # -- leaderboard posts ------------------------------------------------------------------------
    async def set_post(self, guild_id: int, period: str, channel_id: int, metric: str, by: int) -> None:
        if period not in GOAL_PERIODS:
            raise InvalidInput(_("Choose a weekly or monthly leaderboard post."))
        if metric not in METRICS:
            raise InvalidInput(
                _("Choose a leaderboard of diamonds, likes, hours, sessions or diamonds_per_hour.")
            )
        zone = await self._server_zone(guild_id)
        # The period running now is the first one posted: the one that already ended is not.
        start, _end = previous_bounds(period, self.clock(), zone)
        await self._storage.leaderboard_posts.set(
            guild_id, period, channel_id, metric, by, period_key(period, start, zone)
        )

    async def remove_post(self, guild_id: int, period: str) -> None:
        if not await self._storage.leaderboard_posts.remove(guild_id, period):
            raise NotFound(
                _("No weekly leaderboard post is set up here: /stats leaderboard-post adds one.")
                if period == "week"
                else _("No monthly leaderboard post is set up here: /stats leaderboard-post adds one.")
            )

    async def posts(self, guild_id: int) -> list[Any]:
        return await self._storage.leaderboard_posts.for_guild(guild_id)

    async def rolling_board(
        self, guild_id: int, period: str, metric: str, *, limit: int = BOARD_SIZE
    ) -> PeriodBoard:
        """/stats server: the last 7/30/90 days (or all time), members who share their figures only."""
        now = self.clock()
        since = period_start(period, now)
        zone = await self._server_zone(guild_id)
        return await self._board(guild_id, period, metric, since, None, zone, limit)

    async def period_board(
        self, guild_id: int, period: str, metric: str, start: datetime, end: datetime, zone: ZoneInfo
    ) -> PeriodBoard:
        return await self._board(guild_id, period, metric, start, end, zone, BOARD_SIZE)

    async def _board(
        self,
        guild_id: int,
        period: str,
        metric: str,
        start: datetime | None,
        end: datetime | None,
        zone: ZoneInfo,
        limit: int,
    ) -> PeriodBoard:
        rows = await self._storage.sessions.leaderboard_rows(guild_id, start, until=end)
        sharing = await self._storage.members.figures_shared(guild_id)
        shown = [r for r in rows if r[0] in sharing]
        return PeriodBoard(
            guild_id,
            period,
            metric,
            start,
            end,
            zone,
            leaderboard(shown, metric, limit=limit),
            len(rows),
            len(rows) - len(shown),
            sum(r[1] for r in shown),
        )

    async def run_due(self, now: datetime | None = None) -> int:
        """Post every board whose period has ended and was not posted yet; returns how many were posted."""
        now = now or self.clock()
        posted = 0
        for period in GOAL_PERIODS:
            for post in await self._storage.leaderboard_posts.due(period):
                zone = await self._server_zone(post.guild_id)
                start, end = previous_bounds(period, now, zone)
                key = period_key(period, start, zone)
                if post.last_period == key:
                    continue
                # Claim first: whatever happens next, this period is never posted twice.
                if not await self._storage.leaderboard_posts.mark_posted(
                    post.guild_id, period, key, post.last_period
                ):
                    continue
                board = await self.period_board(post.guild_id, period, post.metric, start, end, zone)
                try:
                    await self._post(post.channel_id, board)
                    posted += 1
                except Exception:
                    log.exception("Could not post the %sly leaderboard of guild %s", period, post.guild_id)
        return posted

    async def start(self) -> None:
        """Schedule the hourly check (in the running loop) and catch up on a period that ended while down."""
        self._scheduler.add_job(
            self.run_due,
            "cron",
            minute=1,
            id=JOB_ID,
            replace_existing=True,
            misfire_grace_time=3600,
        )
        await self.run_due()

    async def close(self) -> None:
        if self._scheduler.get_job(JOB_ID) is not None:
            self._scheduler.remove_job(JOB_ID)

    async def _server_zone(self, guild_id: int) -> ZoneInfo:
        return zone_named((await self._storage.settings.get(guild_id)).timezone)
