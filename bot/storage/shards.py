"""Which servers a shard process owns, as a filter its queries can apply.

Discord routes a server to shard ``(guild_id >> 22) % shard_count``. A process that runs the
shards ``ids`` of ``count`` owns exactly the servers whose shard is in ``ids``; ``None`` (the
default everywhere) means one process owns every server. The SQL uses only ``>>``, ``%`` and
``IN``, which SQLite and PostgreSQL both have.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class ShardFilter:
    count: int
    ids: frozenset[int]

    def __post_init__(self) -> None:
        if self.count < 1:
            raise ValueError(f"shard count must be at least 1, got {self.count}")
        if not self.ids or not all(0 <= i < self.count for i in self.ids):
            raise ValueError(
                f"shard ids must be a non-empty subset of 0..{self.count - 1}, got {sorted(self.ids)}"
            )

    @classmethod
    def of(cls, count: int, ids: Any) -> ShardFilter:
        return cls(count, frozenset(int(i) for i in ids))

    def owns(self, guild_id: int) -> bool:
        return (guild_id >> 22) % self.count in self.ids

    def sql(self, column: str = "guild_id") -> tuple[str, tuple[int, ...]]:
        """`` AND (...)`` restricting ``column`` to the owned servers, and its parameters."""
        ids = sorted(self.ids)
        marks = ", ".join("?" for _ in ids)
        return f" AND (({column} >> 22) % ?) IN ({marks})", (self.count, *ids)


def shard_clause(shards: ShardFilter | None, column: str = "guild_id") -> tuple[str, tuple[int, ...]]:
    """The filter's SQL, or nothing when one process owns every server."""
    return ("", ()) if shards is None else shards.sql(column)
