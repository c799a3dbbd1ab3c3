"""The storage layer: the only package that contains SQL.

Cogs and services talk to :class:`Storage` through named repository methods,
so either engine — SQLite (the default, :meth:`Storage.open`) or PostgreSQL
(:meth:`Storage.connect`) — serves the same repositories without touching a cog.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from bot.core.paths import MIGRATIONS_DIR
from bot.settings.model import GuildSettings
from bot.storage.database import Database
from bot.storage.events import ScheduledEventRepository
from bot.storage.gifts import CustomGiftRepository
from bot.storage.goals import GoalRepository, LeaderboardPostRepository
from bot.storage.golive import GoLiveRepository
from bot.storage.members import MemberSettingsRepository
from bot.storage.rates import MemberRatesRepository
from bot.storage.reminders import ReminderRepository
from bot.storage.sessions import SessionRepository
from bot.storage.settings import GuildSettingsRepository

__all__ = ["Database", "GuildSettings", "Storage"]


class Storage:
    """The open database and one repository per feature."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.settings = GuildSettingsRepository(db)
        self.gifts = CustomGiftRepository(db)
        self.sessions = SessionRepository(db)
        self.reminders = ReminderRepository(db)
        self.members = MemberSettingsRepository(db)
        self.golive = GoLiveRepository(db)
        self.events = ScheduledEventRepository(db)
        self.member_rates = MemberRatesRepository(db)
        self.goals = GoalRepository(db)
        self.leaderboard_posts = LeaderboardPostRepository(db)

    @classmethod
    async def open(cls, path: Path, *, migrations_dir: Path = MIGRATIONS_DIR) -> Storage:
        """The SQLite database at ``path``, migrated."""
        return cls(await Database.open(path, migrations_dir=migrations_dir))

    @classmethod
    async def connect(
        cls,
        url: str,
        *,
        migrations_dir: Path = MIGRATIONS_DIR,
        migrate: bool = True,
        attempts: int = 5,
    ) -> Storage:
        """The PostgreSQL database at ``url`` (``postgresql://…``); see :mod:`bot.storage.postgres`."""
        from bot.storage.postgres import PostgresDatabase

        return cls(
            await PostgresDatabase.connect(
                url, migrations_dir=migrations_dir, migrate=migrate, attempts=attempts
            )
        )

    async def purge_guild(self, guild_id: int) -> dict[str, int]:
        """Delete everything stored for a server (retention policy); returns rows removed per kind.

        Each repository purges in its own transaction and settings go last, since
        they hold the "left at" mark: a purge interrupted midway simply runs again.
        """
        sessions, timers = await self.sessions.purge_guild(guild_id)
        removed = {
            "sessions": sessions,
            "timers": timers,
            "scheduled events": await self.events.purge_guild(guild_id),
            "reminders": await self.reminders.purge_guild(guild_id),
            "custom gifts": await self.gifts.purge_guild(guild_id),
            "member settings": await self.members.purge_guild(guild_id),
            "go-live": await self.golive.purge_guild(guild_id),
            "member rates": await self.member_rates.purge_guild(guild_id),
            "goals": await self.goals.purge_guild(guild_id),
            "leaderboard posts": await self.leaderboard_posts.purge_guild(guild_id),
        }
        await self.settings.purge_guild(guild_id)
        return removed

    # Every table that holds a member's own data, keyed by (guild_id, user_id): the one place
    # that decides what /privacy export and /privacy delete cover. A feature that adds a
    # member-owned table adds it here (tests/privacy checks every table with a user_id column).
    MEMBER_TABLES: tuple[str, ...] = (
        "sessions",
        "session_timers",
        "member_settings",
        "member_rates",
        "member_goals",
        "creator_profiles",
        "follows",
        "golive_announcements",
        "reminder_events",  # the Discord events shown for the member's personal reminders
        "reminders",  # only members' personal reminders have a user_id; server-wide ones have none
    )

    async def delete_member(self, guild_id: int, user_id: int) -> dict[str, int]:
        """Delete everything a member owns in one server, all or nothing; returns rows removed per table."""
        removed: dict[str, int] = {}
        async with self.db.transaction() as tx:
            for table in self.MEMBER_TABLES:
                count, _ = await tx.execute(
                    f"DELETE FROM {table} WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
                )
                removed[table] = count
        return removed

    async def export_member(self, guild_id: int, user_id: int) -> dict[str, list[dict[str, Any]]]:
        """Every stored row the member owns in one server, by table (what /privacy export hands over)."""
        exported: dict[str, list[dict[str, Any]]] = {}
        for table in self.MEMBER_TABLES:
            rows = await self.db.fetch_all(
                f"SELECT * FROM {table} WHERE guild_id = ? AND user_id = ? ORDER BY {self.db.insertion_order()}",
                (guild_id, user_id),
            )
            # Money is handed over as the exact text SQLite stores (PostgreSQL reads numeric as Decimal).
            exported[table] = [
                {k: str(v) if isinstance(v, Decimal) else v for k, v in dict(row).items()} for row in rows
            ]
        return exported

    async def close(self) -> None:
        await self.db.close()
