"""bot.stats: consent and goals written through the service; leaderboard posts once per period end."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.core.errors import InvalidInput, NotFound
from bot.core.scheduler import create_scheduler
from bot.sessions.model.record import validate_session
from bot.stats.model.sharing import Sharing
from bot.stats.service import JOB_ID, PeriodBoard, StatsService
from bot.storage import Storage

G, U1, U2, U3, CHANNEL = 5, 101, 202, 303, 9000
MONDAY = datetime(2026, 11, 30, 0, 30, tzinfo=UTC)  # 00:30 UTC on Monday 30 Nov (Sunday evening in New York)


class Posts:
    def __init__(self) -> None:
        self.sent: list[tuple[int, PeriodBoard]] = []
        self.fail = False

    async def __call__(self, channel_id: int, board: PeriodBoard) -> None:
        if self.fail:
            raise RuntimeError("Discord said 503")
        self.sent.append((channel_id, board))


def service(
    storage: Storage, posts: Posts, now: datetime, scheduler: AsyncIOScheduler | None = None
) -> StatsService:
    return StatsService(storage, scheduler or create_scheduler(), posts, clock=lambda: now)


async def log(storage: Storage, user: int, start: datetime, diamonds: int, minutes: int = 60) -> None:
    record = validate_session(
        guild_id=G,
        user_id=user,
        started_at=start,
        duration_minutes=minutes,
        likes=10,
        peak_viewers=5,
        diamonds=diamonds,
        now=start + timedelta(days=1),
    )
    await storage.sessions.add(record)


async def test_sharing_changes_only_what_is_given(storage: Storage) -> None:
    stats = service(storage, Posts(), MONDAY)
    assert await stats.sharing(G, U1) == Sharing()
    assert await stats.set_sharing(G, U1, card="server") == Sharing(card="server")
    assert await stats.set_sharing(G, U1, show_money=True) == Sharing(card="server", show_money=True)


async def test_bad_goals_store_nothing(storage: Storage) -> None:
    stats = service(storage, Posts(), MONDAY)
    for amount in (0, 10**15, -3, "1e999"):
        with pytest.raises(InvalidInput):
            await stats.set_goal(G, U1, "diamonds", "week", amount)
    assert await stats.goals(G, U1) == []
    with pytest.raises(NotFound):
        await stats.clear_goals(G, U1)


async def test_goal_progress_counts_the_calendar_period_in_the_members_zone(storage: Storage) -> None:
    from zoneinfo import ZoneInfo

    ny = ZoneInfo("America/New_York")
    now = datetime(2026, 11, 16, 12, tzinfo=UTC)
    await log(storage, U1, datetime(2026, 11, 1, 3, tzinfo=UTC), 999)  # 31 Oct 23:00 in New York: October
    await log(storage, U1, datetime(2026, 11, 2, 20, tzinfo=UTC), 4000, minutes=90)
    await log(storage, U1, datetime(2026, 11, 15, 20, tzinfo=UTC), 6000, minutes=30)
    stats = service(storage, Posts(), now)
    await stats.set_goal(G, U1, "diamonds", "month", 30_000)
    await stats.set_goal(G, U1, "hours", "week", 10)
    month, week = await stats.goal_progress(G, U1, ny)
    assert (month.goal.period, month.done) == ("month", 10_000)
    assert month.projected is not None and 19_000 < month.projected < 21_000
    assert (week.goal.metric, week.done) == ("hours", 0)  # the week began Monday 16 Nov in New York


async def test_the_leaderboard_post_goes_out_once_when_the_week_ends(storage: Storage) -> None:
    posts = Posts()
    await storage.settings.update(G, timezone="America/New_York")
    before = service(storage, posts, datetime(2026, 11, 25, 12, tzinfo=UTC))
    await before.set_post(G, "week", CHANNEL, "diamonds", U1)
    await log(storage, U1, datetime(2026, 11, 24, 20, tzinfo=UTC), 500)
    await log(storage, U2, datetime(2026, 11, 25, 20, tzinfo=UTC), 900)
    await log(storage, U3, datetime(2026, 11, 26, 20, tzinfo=UTC), 100)
    await storage.members.set_sharing(G, U1, Sharing(figures="server"))
    await storage.members.set_sharing(G, U2, Sharing(figures="server"))
    assert await before.run_due() == 0  # the week is still running
    after = service(storage, posts, datetime(2026, 11, 30, 6, tzinfo=UTC))
    assert await after.run_due() == 1
    assert await after.run_due() == 0  # once per period end, even if the job runs again
    assert await service(storage, posts, datetime(2026, 11, 30, 6, 5, tzinfo=UTC)).run_due() == 0  # restart
    ((channel, board),) = posts.sent
    assert channel == CHANNEL and board.period == "week"
    assert [e.user_id for e in board.entries] == [U2, U1]  # U3 never agreed to show their figures
    assert (board.members, board.hidden, board.sessions) == (3, 1, 2)


async def test_a_failed_post_is_not_retried_into_a_double_post(storage: Storage) -> None:
    posts = Posts()
    stats = service(storage, posts, datetime(2026, 11, 25, 12, tzinfo=UTC))
    await stats.set_post(G, "month", CHANNEL, "hours", U1)
    posts.fail = True
    later = service(storage, posts, datetime(2026, 12, 1, 6, tzinfo=UTC))
    assert await later.run_due() == 0
    posts.fail = False
    assert await later.run_due() == 0 and posts.sent == []


async def test_the_job_has_one_fixed_id(storage: Storage) -> None:
    scheduler = create_scheduler()
    scheduler.start()
    try:
        stats = service(storage, Posts(), MONDAY, scheduler)
        await stats.start()
        await stats.start()  # a reconnect or restart replaces, never duplicates
        assert [job.id for job in scheduler.get_jobs()] == [JOB_ID]
        await stats.close()
        assert scheduler.get_jobs() == []
    finally:
        scheduler.shutdown(wait=False)
