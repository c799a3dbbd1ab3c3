"""Which servers a shard process owns, as SQL its queries can apply.

Discord routes a server to shard ``(guild_id >> 22) % shard_count``
(:class:`bot.core.shards.ShardPlan`). :func:`owned_condition` is the test "this row's server is
on one of my shards", written with ``>>``, ``%`` and ``IN`` so the same text runs on SQLite and
PostgreSQL; the due-reminder queries add it (:func:`shard_clause`), so a partial shard process
fires only its own servers' reminders (the exactly-once claim still guards the overlap of a
rolling restart). ``None`` or a whole plan means one process owns every server.
"""

from __future__ import annotations

from bot.core.shards import SNOWFLAKE_SHARD_SHIFT, ShardPlan


def owned_condition(plan: ShardPlan, column: str = "guild_id") -> tuple[str, tuple[int, ...]]:
    """``((guild_id >> 22) % ?) IN (?, …)`` and its parameters; ``1 = 1`` when ``plan`` is every shard."""
    if plan.is_whole:
        return "1 = 1", ()
    marks = ", ".join("?" for _ in plan.ids)
    return f"(({column} >> {SNOWFLAKE_SHARD_SHIFT}) % ?) IN ({marks})", (plan.count, *plan.ids)


def shard_clause(plan: ShardPlan | None, column: str = "guild_id") -> tuple[str, tuple[int, ...]]:
    """`` AND <owned_condition>`` and its parameters, or nothing when one process owns every server."""
    if plan is None or plan.is_whole:
        return "", ()
    condition, params = owned_condition(plan, column)
    return f" AND {condition}", params
