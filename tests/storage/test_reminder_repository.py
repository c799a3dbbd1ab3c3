"""Reminder storage: per-server isolation, the cap, exactly-once claims, start-up rows, cascades."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time, timedelta

import pytest

from bot.reminders.model.reminder import NewReminder
from bot.storage import Storage

G1, G2 = 1200000000000000001, 1200000000000000002
NOW = datetime(2026, 5, 1, 12, tzinfo=UTC)


def new(guild_id: int = G1, **kw: object) -> NewReminder:
    base: dict[str, object] = dict(
        guild_id=guild_id,
        channel_id=1300000000000000001,
        days=frozenset({0, 2, 4}),
        at=time(19),
        timezone="America/New_York",
        created_by=1400000000000000001,
    )
    base.update(kw)
    return NewReminder(**base)  # type: ignore[arg-type]


async def test_round_trip_and_isolation(storage: Storage) -> None:
    repo = storage.reminders
    a = await repo.add(new(lead_minutes=15, role_id=1500000000000000001, message="Go!", label="x"), NOW, 25)
    assert a is not None
    assert (a.days, a.at, a.timezone, a.lead_minutes, a.role_id, a.message, a.label) == (
        frozenset({0, 2, 4}),
        time(19),
        "America/New_York",
        15,
        1500000000000000001,
        "Go!",
        "x",
    )
    assert a.created_at == NOW and a.active_since == NOW and not a.paused
    b = await repo.add(new(G2), NOW, 25)
    assert b is not None
    assert await repo.get(G2, a.id) is None  # another server cannot see it
    assert not await repo.delete(G2, a.id)
    assert not await repo.set_paused(G2, a.id, True, NOW, "nope")
    assert [r.id for r in await repo.list_for_guild(G1)] == [a.id]
    assert await repo.count(G1) == 1 and await repo.count(G2) == 1
    assert await repo.delete(G1, a.id)
    assert await repo.get(G1, a.id) is None


async def test_cap_is_atomic(storage: Storage) -> None:
    repo = storage.reminders
    results = await asyncio.gather(*(repo.add(new(), NOW, 3) for _ in range(6)))
    assert sum(r is not None for r in results) == 3
    assert await repo.count(G1) == 3
    assert await repo.add_many([new(), new()], NOW, 4) is None  # 3 + 2 > 4: nothing stored
    assert await repo.count(G1) == 3
    with pytest.raises(ValueError):
        await repo.add_many([new(G1), new(G2)], NOW, 25)


async def test_claim_is_exactly_once_and_cascades(storage: Storage) -> None:
    repo = storage.reminders
    r = await repo.add(new(), NOW, 25)
    assert r is not None
    due = datetime(2026, 5, 1, 23, tzinfo=UTC)
    claims = await asyncio.gather(*(repo.claim(r.id, "2026-05-01T19:00", due, NOW) for _ in range(5)))
    assert claims.count(True) == 1
    await repo.finish(r.id, "2026-05-01T19:00", "sent", 99)
    (d,) = await repo.deliveries(r.id)
    assert (d.status, d.message_id, d.due_at) == ("sent", 99, due)
    assert not await repo.claim(123456, "2026-05-01T19:00", due, NOW)  # unknown reminder
    # Released claims can be taken again; finished ones cannot be released.
    assert await repo.claim(r.id, "2026-05-04T19:00", due + timedelta(days=3), NOW)
    await repo.release(r.id, "2026-05-04T19:00")
    await repo.release(r.id, "2026-05-01T19:00")
    assert [x.occurrence for x in await repo.deliveries(r.id)] == ["2026-05-01T19:00"]
    assert await repo.delete(G1, r.id)
    assert await repo.deliveries(r.id) == []


async def test_start_up_rows_and_fault_pause(storage: Storage) -> None:
    repo = storage.reminders
    a = await repo.add(new(), NOW, 25)
    b = await repo.add(new(), NOW, 25)
    assert a and b
    due = datetime(2026, 5, 1, 23, tzinfo=UTC)
    await repo.claim(a.id, "2026-05-01T19:00", due, NOW, "sent")
    await repo.claim(a.id, "2026-04-29T19:00", due - timedelta(days=2), NOW, "sent")
    assert [(r.id, last) for r, last in await repo.active_with_last_due()] == [(a.id, due), (b.id, None)]
    assert await repo.pause_for_fault(b.id, "gone", NOW)
    assert not await repo.pause_for_fault(b.id, "gone", NOW)  # only the first one "tells"
    assert [r.id for r, _ in await repo.active_with_last_due()] == [a.id]
    later = NOW + timedelta(days=1)
    assert await repo.set_paused(G1, b.id, False, later)
    resumed = await repo.get(G1, b.id)
    assert resumed and not resumed.paused and resumed.pause_reason is None and resumed.active_since == later
    await repo.set_flag(a.id, "role gone", NOW)
    assert (await repo.get(G1, a.id)).flag == "role gone"  # type: ignore[union-attr]
    # Pruning keeps each reminder's latest delivery (its catch-up floor).
    assert await repo.prune_deliveries(NOW + timedelta(days=30)) == 1
    assert [d.due_at for d in await repo.deliveries(a.id)] == [due]
    assert await repo.purge_guild(G1) == 2
    assert await repo.count(G1) == 0
