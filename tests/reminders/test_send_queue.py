"""SendQueue on a virtual clock: limits, ordering, exactly-once delivery, throughput, errors."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from types import SimpleNamespace

import pytest

from bot.reminders.send_queue import SendQueue
from tests.harness.reminders import VirtualTime


class Recorder:
    def __init__(self, clock: VirtualTime, fail_on: set[object] | None = None) -> None:
        self.clock = clock
        self.sent: list[tuple[float, int, object]] = []
        self.fail_on = fail_on or set()

    async def __call__(self, channel_id: int, payload: object) -> str:
        self.sent.append((self.clock(), channel_id, payload))
        await asyncio.sleep(0)
        if payload in self.fail_on:
            raise RuntimeError(f"boom {payload}")
        return f"ok {payload}"


def make(clock: VirtualTime, rec: Recorder, **kw: object) -> SendQueue[str]:
    return SendQueue(rec, clock=clock, sleep=clock.sleep, **kw)  # type: ignore[arg-type]


def assert_limits(sent: list[tuple[float, int, object]]) -> None:
    times = sorted(t for t, _, _ in sent)
    for i in range(len(times) - 50):
        assert times[i + 50] - times[i] >= 1.0, "more than 50 sends in a 1 s window"
    per: dict[int, list[float]] = defaultdict(list)
    for t, ch, _ in sent:
        per[ch].append(t)
    for ts in per.values():
        ts.sort()
        for i in range(len(ts) - 5):
            assert ts[i + 5] - ts[i] >= 5.0, "more than 5 sends per channel in a 5 s window"


async def test_thousand_channels_finish_near_global_floor() -> None:
    clock = VirtualTime()
    rec = Recorder(clock)
    q = make(clock, rec)
    results = await asyncio.gather(*(q.submit(ch, ch) for ch in range(1000)))
    await q.close()
    assert results == [f"ok {ch}" for ch in range(1000)]
    assert sorted(p for _, _, p in rec.sent) == list(range(1000))  # each exactly once
    assert_limits(rec.sent)
    finished = max(t for t, _, _ in rec.sent)
    assert 19.0 <= finished <= 1.10 * 20.0


async def test_single_channel_spacing_and_fifo() -> None:
    clock = VirtualTime()
    rec = Recorder(clock)
    q = make(clock, rec)
    results = await asyncio.gather(*(q.submit(7, i) for i in range(23)))
    await q.close()
    assert results == [f"ok {i}" for i in range(23)]
    assert [p for _, _, p in rec.sent] == list(range(23))
    times = [t for t, _, _ in rec.sent]
    assert times[5] - times[0] >= 5.0 + 0.05 - 1e-9
    assert_limits(rec.sent)
    assert times[-1] <= 4 * 5.05 + 1e-6  # 23 items = 5 full windows, no idle waiting


async def test_mixed_load_limits_fifo_and_exactly_once() -> None:
    clock = VirtualTime()
    rec = Recorder(clock)
    q = make(clock, rec)
    items = [(ch, (ch, i)) for i in range(12) for ch in range(40)]
    await asyncio.gather(*(q.submit(ch, p) for ch, p in items))
    await q.close()
    assert sorted(p for _, _, p in rec.sent) == sorted(p for _, p in items)
    assert_limits(rec.sent)
    per: dict[int, list[int]] = defaultdict(list)
    for _, ch, (_, i) in rec.sent:  # type: ignore[misc]
        per[ch].append(i)
    assert all(seq == list(range(12)) for seq in per.values())
    # 480 items: 12 per channel need >= 2 full per-channel windows (10.1 s); global needs ~9.5 s.
    assert max(t for t, _, _ in rec.sent) <= 11.5


async def test_busy_channel_does_not_starve_others() -> None:
    clock = VirtualTime()
    rec = Recorder(clock)
    q = make(clock, rec)
    busy = [asyncio.ensure_future(q.submit(1, ("busy", i))) for i in range(30)]
    await asyncio.sleep(0)
    quiet = await q.submit(2, "quiet")
    assert quiet == "ok quiet"
    assert clock.now < 1.0  # served right away, not after the busy channel's backlog
    await asyncio.gather(*busy)
    await q.close()
    assert_limits(rec.sent)


async def test_errors_only_reach_their_submitter() -> None:
    clock = VirtualTime()
    rec = Recorder(clock, fail_on={3, 8})
    q = make(clock, rec)
    results = await asyncio.gather(*(q.submit(i % 2, i) for i in range(10)), return_exceptions=True)
    await q.close()
    for i, r in enumerate(results):
        if i in (3, 8):
            assert isinstance(r, RuntimeError) and str(r) == f"boom {i}"
        else:
            assert r == f"ok {i}"
    assert [p for _, ch, p in rec.sent if ch == 1] == [1, 3, 5, 7, 9]


async def test_close_drains_then_rejects() -> None:
    clock = VirtualTime()
    rec = Recorder(clock)
    q = make(clock, rec)
    futs = [asyncio.ensure_future(q.submit(5, i)) for i in range(8)]
    await asyncio.sleep(0)
    await q.close()
    assert [f.result() for f in futs] == [f"ok {i}" for i in range(8)]
    with pytest.raises(RuntimeError):
        await q.submit(5, "late")


async def test_close_without_drain_cancels_queued_items() -> None:
    clock = VirtualTime()
    rec = Recorder(clock)
    q = make(clock, rec)
    futs = [asyncio.ensure_future(q.submit(5, i)) for i in range(8)]
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    await q.close(drain=False)
    done = [f for f in futs if not f.cancelled()]
    assert 1 <= len(done) <= 5
    assert all(f.cancelled() for f in futs[len(done) :])
    assert len(rec.sent) == len(done)


async def test_cancelled_submitter_withdraws_item() -> None:
    clock = VirtualTime()
    rec = Recorder(clock)
    q = make(clock, rec)
    futs = [asyncio.ensure_future(q.submit(9, i)) for i in range(7)]
    await asyncio.sleep(0)
    futs[6].cancel()
    await asyncio.gather(*futs[:6])
    await q.close()
    assert [p for _, _, p in rec.sent] == list(range(6))


async def test_context_manager_and_real_clock_smoke() -> None:
    sent: list[int] = []

    async def send(channel_id: int, payload: int) -> int:
        sent.append(payload)
        return payload * 2

    async with SendQueue(send) as q:
        assert await q.submit(1, 21) == 42
    assert sent == [21]


async def test_a_shard_process_takes_its_shards_part_of_the_global_rate() -> None:
    """Discord's global limit is per bot: two processes of two shards each post at half the rate."""
    from bot.core.shards import ShardPlan
    from bot.reminders.service import ReminderService, new_send_queue

    async def send(channel_id: int, post: object) -> int:
        return channel_id

    whole = new_send_queue(send).global_rate_per_second
    assert 45 < whole < 50  # under Discord's 50 per second, with a margin
    assert new_send_queue(send, 0.5).global_rate_per_second == pytest.approx(whole / 2, rel=0.03)

    def service(shards: ShardPlan | None) -> ReminderService:
        poster = SimpleNamespace(post=send)
        return ReminderService(None, None, None, None, poster, grace_minutes=5, shards=shards)  # type: ignore[arg-type]

    assert service(None).queue.global_rate_per_second == whole
    assert service(ShardPlan((0, 1, 2, 3), 4)).queue.global_rate_per_second == whole
    half = service(ShardPlan((2, 3), 4)).queue.global_rate_per_second
    assert half == pytest.approx(whole / 2, rel=0.03)
