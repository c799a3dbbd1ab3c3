"""Reminders by due time in storage: next_due kept by every write, the due queries, shards, backfill."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from bot.core.shards import ShardPlan
from bot.reminders.model.reminder import NewReminder, due_after
from bot.storage import Storage

NOW = datetime(2026, 5, 1, 12, tzinfo=UTC)  # a Friday; 19:00 New York = 23:00 UTC
DUE = datetime(2026, 5, 1, 23, tzinfo=UTC)
# Discord's shard of a server is (guild_id >> 22) % count: these two land on shards 0 and 1 of 2.
SHARD0 = (1000 << 22) + 5
SHARD1 = (1001 << 22) + 5


def new(guild_id: int = SHARD0, **kw: object) -> NewReminder:
    base: dict[str, object] = dict(
        guild_id=guild_id,
        channel_id=1300000000000000001,
        days=frozenset(range(7)),
        at=time(19),
        timezone="America/New_York",
        created_by=1400000000000000001,
    )
    base.update(kw)
    return NewReminder(**base)  # type: ignore[arg-type]


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    s = await Storage.open(tmp_path / "due.db")
    try:
        yield s
    finally:
        await s.close()


async def test_every_write_keeps_the_next_post(storage: Storage) -> None:
    repo = storage.reminders
    r = await repo.add(new(), NOW, 25)
    assert r is not None and r.next_due == DUE
    assert await repo.next_due_at() == DUE
    assert await repo.due(DUE - timedelta(seconds=1)) == []
    assert [x.id for x in await repo.due(DUE)] == [r.id]
    # A claim moves it past the occurrence, in the same transaction; a duplicate claim too.
    assert await repo.claim(r.id, "2026-05-01T19:00", DUE, DUE)
    assert (await repo.get_by_id(r.id)).next_due == DUE + timedelta(days=1)  # type: ignore[union-attr]
    assert not await repo.claim(r.id, "2026-05-01T19:00", DUE, DUE)
    assert await repo.due(DUE + timedelta(hours=1)) == []
    # A claim released at shutdown moves it back, so catch-up finds the occurrence due again.
    await repo.release(r.id, "2026-05-01T19:00")
    assert (await repo.get_by_id(r.id)).next_due == DUE  # type: ignore[union-attr]
    # Paused: off the timer. Resumed: the first post after the resume.
    assert await repo.set_paused(r.guild_id, r.id, True, NOW, "by someone")
    assert (await repo.get_by_id(r.id)).next_due is None  # type: ignore[union-attr]
    assert await repo.next_due_at() is None and await repo.due(DUE + timedelta(days=9)) == []
    later = DUE + timedelta(days=2, hours=1)
    assert await repo.set_paused(r.guild_id, r.id, False, later)
    assert (await repo.get_by_id(r.id)).next_due == DUE + timedelta(days=3)  # type: ignore[union-attr]
    # A fault pause takes it off the timer as well.
    assert await repo.pause_for_fault(r.id, "gone", later)
    assert await repo.next_due_at() is None


async def test_a_zone_move_recomputes_the_next_post(storage: Storage) -> None:
    repo = storage.reminders
    r = await repo.add(new(timezone="UTC", at=time(3, 17)), NOW, 25)
    assert r is not None and r.next_due == datetime(2026, 5, 2, 3, 17, tzinfo=UTC)
    assert await repo.move_zone(r.guild_id, "UTC", "America/Chicago", NOW) == [r.id]
    moved = await repo.get_by_id(r.id)
    assert moved is not None and moved.next_due == datetime(2026, 5, 2, 8, 17, tzinfo=UTC)  # 03:17 CDT


async def test_the_due_queries_accept_a_shard_filter(storage: Storage) -> None:
    repo = storage.reminders
    a = await repo.add(new(SHARD0), NOW, 25)
    b = await repo.add(new(SHARD1, at=time(18)), NOW, 25)  # an hour earlier
    assert a is not None and b is not None
    everything = DUE + timedelta(minutes=1)
    assert [r.id for r in await repo.due(everything)] == [b.id, a.id]  # soonest first
    only0, only1 = ShardPlan((0,), 2), ShardPlan((1,), 2)
    assert [r.id for r in await repo.due(everything, only0)] == [a.id]
    assert [r.id for r in await repo.due(everything, only1)] == [b.id]
    assert [
        r.id
        for r in await repo.due(
            everything,
            ShardPlan(
                (
                    0,
                    1,
                ),
                2,
            ),
        )
    ] == [b.id, a.id]
    assert await repo.next_due_at(only0) == DUE
    assert await repo.next_due_at(only1) == DUE - timedelta(hours=1)
    assert await repo.next_due_at(ShardPlan((3,), 4)) is None
    assert only0.owns(SHARD0) and not only0.owns(SHARD1)
    with pytest.raises(ValueError, match="shard ids"):
        ShardPlan((2,), 2)
    with pytest.raises(ValueError, match="at least one shard"):
        ShardPlan((0,), 0)


async def test_the_due_query_reads_a_batch_at_a_time(storage: Storage) -> None:
    repo = storage.reminders
    for _ in range(5):
        await repo.add(new(), NOW, 25)
    assert len(await repo.due(DUE, limit=2)) == 2


async def test_rows_stored_before_due_times_are_backfilled_from_their_catch_up_floor(
    storage: Storage,
) -> None:
    """Rows from before migration 0011 have no next_due: start-up computes it from what start-up
    used to compute the catch-up from (created/resumed, the latest delivery, the horizon)."""
    repo = storage.reminders
    fresh = await repo.add(new(), NOW, 25)
    delivered = await repo.add(new(), NOW, 25)
    ancient = await repo.add(new(), NOW - timedelta(days=40), 25)
    paused = await repo.add(new(), NOW, 25)
    assert fresh and delivered and ancient and paused
    await repo.claim(delivered.id, "2026-05-03T19:00", DUE + timedelta(days=2), NOW)
    await repo.set_paused(paused.guild_id, paused.id, True, NOW)
    await storage.db.execute("UPDATE reminders SET next_due = NULL")  # as the migration leaves them
    horizon = NOW - timedelta(days=8)
    assert await repo.backfill_next_due(horizon) == 3  # the paused one stays off the timer
    stored = {r.id: r.next_due for r in await repo.list_for_guild(SHARD0)}
    assert stored[fresh.id] == DUE
    assert stored[delivered.id] == DUE + timedelta(days=3)
    assert stored[ancient.id] == due_after(ancient, horizon)
    assert stored[paused.id] is None
    assert await repo.backfill_next_due(horizon) == 0  # once
