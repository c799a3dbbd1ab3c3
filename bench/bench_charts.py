"""Two charts asked for at once, right after start-up: both delivered within 300 ms of render time.

The bot's own pool (``Offloader`` with ``warm_up("bot.stats.warm:draw_one")``, as ``setup_hook`` does),
awaited as ``setup_hook`` awaits it (``wait_warm``: the bot is ready only once both workers are
warm), then the first pair at once; then ``--pairs`` more pairs, interleaved with single charts
(the render time). ``--starts`` fresh pools; medians judged (the machine's other load makes
single pairs noisy; the worst is printed too). Goal: the slower of two charts asked for at once
≤ the render time of one + 300 ms, for the first pair after start-up and for later pairs.

    .venv/bin/python -m bench.bench_charts [--starts 5] [--pairs 6] [--after 0]
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


async def one_start(pairs: int, after: float) -> tuple[float, list[float], list[float]]:
    """A fresh pool as the bot starts it: (first pair's slower, later pairs' slower, singles)."""
    offload = Offloader()
    offload.warm_up("bot.stats.warm:draw_one")  # as setup_hook does
    try:
        await offload.wait_warm()  # as setup_hook does: the bot is ready only once both are warm
        await asyncio.sleep(after)
        first = max(await asyncio.gather(timed(offload), timed(offload)))
        singles, later = [], []
        for _ in range(pairs):
            singles.append(await timed(offload))
            later.append(max(await asyncio.gather(timed(offload), timed(offload))))
    finally:
        offload.close()
    return first, later, singles


async def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--starts", type=int, default=5, help="fresh pools (start-ups) to measure")
    parser.add_argument("--pairs", type=int, default=6, help="pairs after the first, per start-up")
    parser.add_argument(
        "--after", type=float, default=0.0, help="extra seconds between ready and the first pair"
    )
    args = parser.parse_args()
    firsts: list[float] = []
    pairs: list[float] = []
    singles: list[float] = []
    for _ in range(args.starts):
        first, later, alone = await one_start(args.pairs, args.after)
        firsts.append(first)
        pairs += later
        singles += alone
    render = statistics.median(singles)
    goal = GOAL_EXTRA_S * 1000
    first_extra = (statistics.median(firsts) - render) * 1000
    pair_extra = (statistics.median(pairs) - render) * 1000
    print(f"one chart alone on a warm worker        {render * 1000:6.0f} ms (median of {len(singles)})")
    print(
        f"first pair after each start-up, slower  {statistics.median(firsts) * 1000:6.0f} ms median of "
        f"{len(firsts)} = render {first_extra:+.0f} ms (goal ≤ +{goal:.0f} ms) {'ok' if first_extra <= goal else 'FAIL'}; "
        f"worst {max(firsts) * 1000:.0f} ms"
    )
    print(
        f"later pairs, slower                     {statistics.median(pairs) * 1000:6.0f} ms median of "
        f"{len(pairs)} = render {pair_extra:+.0f} ms (goal ≤ +{goal:.0f} ms) {'ok' if pair_extra <= goal else 'FAIL'}; "
        f"worst {max(pairs) * 1000:.0f} ms"
    )
    ok = first_extra <= goal and pair_extra <= goal
    print("PASS" if ok else "FAIL: two charts at once took more than 300 ms over the render time")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
