"""Which shards this process connects, and so which servers' background work it owns.

Discord routes a server's events and interactions to shard ``(guild_id >> 22) % shard_count``.
A process that connects shards ``ids`` of ``count`` therefore answers exactly the servers
:meth:`ShardPlan.owns` says, and it is the one that posts those servers' reminders.

Work that belongs to no server (the retention purge, the leaderboard posts, which walk every
server) runs once per deployment: in the process that connects shard 0
(:attr:`ShardPlan.runs_once_jobs`). With one process (the default) that is always this one.
"""

from __future__ import annotations

from dataclasses import dataclass

SNOWFLAKE_SHARD_SHIFT = 22
"""A snowflake's low 22 bits are worker, process and increment: the shard uses the timestamp part."""


def shard_of(guild_id: int, count: int) -> int:
    """The shard Discord sends ``guild_id``'s events to when the bot runs ``count`` shards."""
    return (guild_id >> SNOWFLAKE_SHARD_SHIFT) % count


@dataclass(frozen=True, slots=True)
class ShardPlan:
    """Shards ``ids`` of ``count``; ``ShardPlan()`` is one process connecting every shard."""

    ids: tuple[int, ...] = (0,)
    count: int = 1

    def __post_init__(self) -> None:
        if self.count < 1:
            raise ValueError("a bot has at least one shard")
        if not self.ids or any(not 0 <= shard < self.count for shard in self.ids):
            raise ValueError(f"shard ids must be within 0..{self.count - 1}, not {self.ids}")
        if len(set(self.ids)) != len(self.ids):
            raise ValueError(f"shard ids must not repeat: {self.ids}")

    @classmethod
    def of(cls, ids: tuple[int, ...] | None, count: int | None) -> ShardPlan:
        """The plan for the settings: no count is one shard; a count without ids is all of them."""
        if count is None:
            return cls()
        return cls(tuple(sorted(ids)) if ids else tuple(range(count)), count)

    def owns(self, guild_id: int) -> bool:
        """Whether this process connects the shard of ``guild_id`` (and so does its background work)."""
        return shard_of(guild_id, self.count) in self.ids

    @property
    def is_whole(self) -> bool:
        """This process connects every shard: no other process is needed (or allowed on SQLite)."""
        return len(self.ids) == self.count

    @property
    def runs_once_jobs(self) -> bool:
        """This process runs the once-per-deployment jobs (it connects shard 0)."""
        return 0 in self.ids

    def describe(self) -> str:
        """For the log: "shard 0 of 1", "shards 0, 1 of 4"."""
        which = ", ".join(str(shard) for shard in self.ids)
        return f"shard{'s' if len(self.ids) != 1 else ''} {which} of {self.count}"
