"""Members' goals and servers' opt-in leaderboard posts (owned by the stats feature)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from bot.stats.model.goals import GOAL_METRICS, GOAL_PERIODS, Goal
from bot.storage.database import Database, Row
from bot.storage.times import stamp

_ORDER = (
    f"ORDER BY CASE metric {' '.join(f'WHEN {m!r} THEN {i}' for i, m in enumerate(GOAL_METRICS))} END, "
    f"CASE period {' '.join(f'WHEN {p!r} THEN {i}' for i, p in enumerate(GOAL_PERIODS))} END"
)


class GoalRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def for_member(self, guild_id: int, user_id: int) -> list[Goal]:
        """The member's goals in this server: diamonds before hours, week before month."""
        rows = await self._db.fetch_all(
            f"SELECT metric, period, target FROM member_goals WHERE guild_id = ? AND user_id = ? {_ORDER}",
            (guild_id, user_id),
        )
        return [Goal(str(r["metric"]), str(r["period"]), int(r["target"])) for r in rows]

    async def set(self, guild_id: int, user_id: int, goal: Goal) -> None:
        await self._db.execute(
            "INSERT INTO member_goals (guild_id, user_id, metric, period, target, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id, user_id, metric, period) "
            "DO UPDATE SET target = excluded.target, updated_at = excluded.updated_at",
            (guild_id, user_id, goal.metric, goal.period, goal.target, stamp(datetime.now(UTC))),
        )

    async def clear(
        self, guild_id: int, user_id: int, metric: str | None = None, period: str | None = None
    ) -> int:
        """Remove the member's goals (all, or one metric and/or period); returns how many."""
        sql = "DELETE FROM member_goals WHERE guild_id = ? AND user_id = ?"
        params: list[object] = [guild_id, user_id]
        if metric is not None:
            sql += " AND metric = ?"
            params.append(metric)
        if period is not None:
            sql += " AND period = ?"
            params.append(period)
        count, _ = await self._db.execute(sql, params)
        return count

    async def purge_guild(self, guild_id: int) -> int:
        count, _ = await self._db.execute("DELETE FROM member_goals WHERE guild_id = ?", (guild_id,))
        return count


@dataclass(frozen=True, slots=True)
class LeaderboardPost:
    """A server's opt-in leaderboard post for each ``period`` end ("week" or "month")."""

    guild_id: int
    period: str
    channel_id: int
    metric: str
    last_period: str | None  # the period key already posted ("2026-W48", "2026-11")


class LeaderboardPostRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    @staticmethod
    def _post(r: Row) -> LeaderboardPost:
        last = r["last_period"]
        return LeaderboardPost(
            int(r["guild_id"]), str(r["period"]), int(r["channel_id"]), str(r["metric"]), last and str(last)
        )

    async def set(
        self, guild_id: int, period: str, channel_id: int, metric: str, created_by: int, last_period: str
    ) -> None:
        """Post ``period``'s leaderboard to ``channel_id`` from now on; ``last_period`` counts as done."""
        await self._db.execute(
            "INSERT INTO leaderboard_posts (guild_id, period, channel_id, metric, last_period, created_by, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id, period) DO UPDATE SET "
            "channel_id = excluded.channel_id, metric = excluded.metric, last_period = excluded.last_period, "
            "created_by = excluded.created_by, updated_at = excluded.updated_at",
            (guild_id, period, channel_id, metric, last_period, created_by, stamp(datetime.now(UTC))),
        )

    async def remove(self, guild_id: int, period: str) -> bool:
        count, _ = await self._db.execute(
            "DELETE FROM leaderboard_posts WHERE guild_id = ? AND period = ?", (guild_id, period)
        )
        return count == 1

    async def for_guild(self, guild_id: int) -> list[LeaderboardPost]:
        rows = await self._db.fetch_all(
            "SELECT * FROM leaderboard_posts WHERE guild_id = ? ORDER BY period DESC", (guild_id,)
        )
        return [self._post(r) for r in rows]

    async def due(self, period: str) -> list[LeaderboardPost]:
        """Every server's ``period`` post (the caller compares ``last_period`` with the period just ended)."""
        rows = await self._db.fetch_all(
            "SELECT * FROM leaderboard_posts WHERE period = ? ORDER BY guild_id", (period,)
        )
        return [self._post(r) for r in rows]

    async def mark_posted(self, guild_id: int, period: str, key: str, previous: str | None) -> bool:
        """Record ``key`` as posted, only if nobody did since ``previous`` was read (claims the post once)."""
        count, _ = await self._db.execute(
            "UPDATE leaderboard_posts SET last_period = ?, updated_at = ? "
            "WHERE guild_id = ? AND period = ? AND last_period IS ?",
            (key, stamp(datetime.now(UTC)), guild_id, period, previous),
        )
        return count == 1

    async def purge_guild(self, guild_id: int) -> int:
        count, _ = await self._db.execute("DELETE FROM leaderboard_posts WHERE guild_id = ?", (guild_id,))
        return count
