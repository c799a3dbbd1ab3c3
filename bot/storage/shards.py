"""Storage seen by one shard process: only the servers whose shards it connects.

:func:`owned_condition` is the SQL test "this row's server is on one of my shards", written
with ``>>`` and ``%`` so the same text runs on SQLite and PostgreSQL (a due-reminder query
adds it to its ``WHERE``). :class:`ShardReminderRepository` is the reminder repository the
delivery side of a partial shard process uses: it rebuilds, catches up and fires only the
reminders of its own servers, so two processes never both schedule one reminder (the
exactly-once claim still guards the overlap of a rolling restart).
"""

from __future__ import annotations

from datetime import datetime

from bot.core.shards import SNOWFLAKE_SHARD_SHIFT, ShardPlan
from bot.reminders.model.reminder import Reminder
from bot.storage.database import Database
from bot.storage.reminders import ReminderRepository


def owned_condition(plan: ShardPlan, column: str = "guild_id") -> tuple[str, tuple[int, ...]]:
    """``((guild_id >> 22) % ?) IN (?, …)`` and its parameters; ``1 = 1`` when ``plan`` is every shard."""
    if plan.is_whole:
        return "1 = 1", ()
    marks = ", ".join("?" for _ in plan.ids)
    return f"(({column} >> {SNOWFLAKE_SHARD_SHIFT}) % ?) IN ({marks})", (plan.count, *plan.ids)


class ShardReminderRepository(ReminderRepository):
    """The reminders of the servers ``plan`` owns, for the delivery side (start-up, jobs, catch-up).

    Only the two by-id/all-servers reads are narrowed; every per-server read and write is the
    parent's (a server's commands reach the process that owns it anyway).
    """

    def __init__(self, db: Database, plan: ShardPlan) -> None:
        super().__init__(db)
        self.plan = plan

    async def get_by_id(self, reminder_id: int) -> Reminder | None:
        """The reminder if one of this process's servers has it; another process's is ``None`` (gone here)."""
        reminder = await super().get_by_id(reminder_id)
        return reminder if reminder is not None and self.plan.owns(reminder.guild_id) else None

    async def active_with_last_due(self) -> list[tuple[Reminder, datetime | None]]:
        return [row for row in await super().active_with_last_due() if self.plan.owns(row[0].guild_id)]
