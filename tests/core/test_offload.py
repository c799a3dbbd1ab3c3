"""The chart worker pool starts every worker at warm-up, each importing the chart code first."""

from __future__ import annotations

import asyncio
import os

from bot.core.offload import Offloader, imported
from tests.harness.process import alive, children_of


async def test_warm_up_starts_every_worker_and_each_imports_the_charts() -> None:
    offload = Offloader(processes=True, workers=2)
    try:
        offload.warm_up("bot.stats.warm:draw_one")
        # Both workers exist right away, before any chart was asked for, and both get warm.
        started = [pid for pid in children_of(os.getpid()) if alive(pid)]
        assert len(started) >= 2
        assert await offload.wait_warm() == 2
        # Two calls at once: whichever worker takes each, it already has the chart code.
        results = await asyncio.gather(*(offload.run(imported, ("bot.stats.charts",)) for _ in range(4)))
        assert all(mods == ["bot.stats.charts"] for _, mods in results)  # imported by the warm-up
        assert {pid for pid, _ in results} <= set(started)
    finally:
        offload.close()


async def test_a_pool_without_warm_up_still_runs_work() -> None:
    offload = Offloader(processes=True, workers=1)
    try:
        assert await offload.wait_warm() == 0  # nothing was started: nothing to wait for
        pid, mods = await offload.run(imported, ("bot.stats.charts",))
        assert pid != os.getpid() and mods == []
    finally:
        offload.close()
