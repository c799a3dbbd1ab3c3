"""Two charts asked for at once, right after start-up: both delivered within 300 ms of render time.

The bot's own pool (``Offloader`` with ``warm_up("bot.stats.warm:draw_one")``, as ``setup_hook`` does),
given the time a real start-up takes before the first command can arrive (``--after``, default
3 s: the spawn → ready time bench_reminders measures). Then ``--pairs`` times: two trend charts
at once, each one's delivery time compared with the render time of one chart alone on a warm
worker (measured in the same run, interleaved). Goal: the slower of each pair ≤ render + 300 ms.

    .venv/bin/python -m bench.bench_charts [--pairs 10] [--after 3]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from datetime import date, timedelta

from bot.core.offload import Offloader
from bot.stats.charts import trend_chart
from bot.stats.model.summary import TrendPoint

GOAL_EXTRA_S = 0.300
POINTS = [TrendPoint(date(2026, 5, 1) - timedelta(days=d), 100 * d, 1000 * d, 1.5) for d in range(30, 0, -1)]


async def timed(offload: Offloader) -> float:
    t0 = time.perf_counter()
    await offload.run(trend_chart, POINTS, "Bench", "two at once")
    return time.perf_counter() - t0


async def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pairs", type=int, default=10)
    parser.add_argument("--after", type=float, default=3.0)
    args = parser.parse_args()
    offload = Offloader()
    offload.warm_up("bot.stats.warm:draw_one")  # as setup_hook does
    try:
        await asyncio.sleep(args.after)  # the bot's start-up before its first command
        first = await asyncio.gather(timed(offload), timed(offload))
        singles, pairs = [], [max(first)]
        for _ in range(args.pairs):
            singles.append(await timed(offload))
            pairs.append(max(await asyncio.gather(timed(offload), timed(offload))))
    finally:
        offload.close()
    render = statistics.median(singles)
    worst_first = max(first)
    print(f"one chart alone on a warm worker    {render * 1000:6.0f} ms (median of {len(singles)})")
    print(
        f"first pair after start-up, slower   {worst_first * 1000:6.0f} ms  = render {render * 1000:+.0f} ms "
        f"{(worst_first - render) * 1000:+.0f} ms (goal ≤ +{GOAL_EXTRA_S * 1000:.0f} ms)"
    )
    worst = max(pairs)
    print(
        f"every pair, the slower, median      {statistics.median(pairs) * 1000:6.0f} ms; worst {worst * 1000:.0f} ms "
        f"= render {(worst - render) * 1000:+.0f} ms (goal ≤ +{GOAL_EXTRA_S * 1000:.0f} ms)"
    )
    ok = worst - render <= GOAL_EXTRA_S
    print("PASS" if ok else "FAIL: a pair of charts took more than 300 ms over the render time")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
