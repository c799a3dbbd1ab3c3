"""/stats and /session log on a server with 1,000,000 logged sessions, guarding the goals.

Same harness as the tests: a loopback fake Discord, a real ``LiveCoach`` logged in
against it, ``Harness.run`` feeding raw INTERACTION_CREATE payloads through the
gateway's own handler and command tree. The database is built by ``bench.fixture``
(through the storage layer). Each command is timed from dispatch (payload in) until
every request for the interaction was sent (the reply, or the follow-up after a
defer); each reply is checked to be the figures, not a refusal.

Measured side by side in the same run:

- ``/stats server period:all`` (read from the rollups) beside the raw full-scan
  aggregate over the sessions on the same file;
- ``/stats member`` without a chart (30 days and all time);
- ``/session log`` against a baseline: a second bot on a copy of the same file with
  the rollup triggers dropped (today's insert, without rollup maintenance), the two
  run in alternating rounds so both see the same machine load.

Chart rendering time and event-loop lag while rendering (a ticker coroutine sleeping
1 ms and recording its overshoot) are measured too.

Run from the project root (not in CI)::

    .venv/bin/python -m bench.bench_stats [--sessions 1000000] [--members 1000] [--skip-charts]

``--fixture FILE`` measures a copy of a file ``bench.fixture`` built earlier (pass the same
``--sessions``), instead of building one each run.

Goals (issue 14): ``/stats server period:all`` p50 ≤ 10 ms and ≤ 0.2 × the raw full
scan; ``/stats member`` (no chart) p50 ≤ 5 ms; ``/session log`` p50 ≤ 1.5 × the
baseline; ``/stats server 30d`` p50 ≤ 50 ms; a PNG in ≤ 300 ms with event-loop lag
≤ 20 ms. Each figure is printed beside its goal; the exit status is 1 when one fails.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import sqlite3
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.fixture import FIRST_MEMBER, build
from bot.core.app import LiveCoach
from bot.core.config import Secret, Settings
from bot.core.offload import Offloader
from bot.stats.charts import trend_chart
from bot.stats.model.summary import TrendPoint
from bot.storage.times import stamp
from tests.harness.dispatch import Harness, Reply
from tests.harness.fake_discord import FakeDiscord
from tests.harness.payloads import GUILD_ID, Actor, Payloads

FAKE_TOKEN = "MTEwMDAwMDAwMDAwMDAwMDAwMQ.GhJkLm.Zx9yWv8uTs7rQp6oNm5lKj4iHg3fEd2cBa1"
SERVER_ALL_MS = 10.0
SERVER_ALL_RATIO = 0.2
GOAL_SESSIONS = 1_000_000  # the size the ratio goal is set for
MEMBER_MS = 5.0
LOG_RATIO = 1.5
SERVER_30D_MS = 50.0
PNG_LIMIT_MS = 300.0
LAG_LIMIT_MS = 20.0
ROLLUP_TRIGGERS = ("session_rollups_insert", "session_rollups_update", "session_rollups_delete")

MEMBER_SQL = (
    "SELECT COUNT(*), COALESCE(SUM(duration_min), 0), COALESCE(SUM(likes), 0), COALESCE(SUM(diamonds), 0) "
    "FROM sessions WHERE guild_id = ? AND user_id = ? AND started_at >= ?"
)
SERVER_SQL = (
    "SELECT user_id, COUNT(*), SUM(duration_min), SUM(likes), SUM(diamonds) "
    "FROM sessions INDEXED BY sessions_by_guild_time WHERE guild_id = ? AND started_at >= ? GROUP BY user_id"
)
SERVER_ALL_SQL = (  # the full scan /stats server all ran before the rollups
    "SELECT user_id, COUNT(*), SUM(duration_min), SUM(likes), SUM(diamonds) "
    "FROM sessions WHERE guild_id = ? GROUP BY user_id"
)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def line(name: str, samples: list[float], goal: str = "") -> str:
    return (
        f"  {name:<40} p50 {pct(samples, 0.5):8.2f} ms   p99 {pct(samples, 0.99):8.2f} ms   "
        f"(n={len(samples)}){'   goal ' + goal if goal else ''}"
    )


class Goals:
    def __init__(self) -> None:
        self.failures: list[str] = []

    def at_most(self, name: str, value: float, limit: float, unit: str) -> str:
        ok = value <= limit
        if not ok:
            self.failures.append(f"{name}: {value:.2f} {unit} (goal ≤ {limit:g} {unit})")
        return f"≤ {limit:g} {unit}: {'met' if ok else 'FAILED'}"


def raw_times(path: Path, sql: str, params: tuple[Any, ...], iterations: int) -> list[float]:
    conn = sqlite3.connect(path)
    try:
        conn.execute(sql, params).fetchall()
        samples = []
        for _ in range(iterations):
            started = time.perf_counter()
            conn.execute(sql, params).fetchall()
            samples.append((time.perf_counter() - started) * 1000)
        return samples
    finally:
        conn.close()


def _check(reply: Reply, expect: str) -> None:
    """The reply is what the command answers with figures, not a refusal or an error."""
    text = str([r.json for r in reply.requests])
    if not reply.requests or "Something went wrong" in text or expect not in text:
        raise RuntimeError(f"unexpected reply (wanted {expect!r}): {text[:600]}")


async def dispatch_times(
    harness: Harness, make: Callable[[int], dict[str, Any]], iterations: int, expect: str, warmup: int = 3
) -> list[float]:
    for i in range(warmup):
        _check(await harness.run(make(-1 - i)), expect)
    samples = []
    for i in range(iterations):
        payload = make(i)
        started = time.perf_counter()
        reply = await harness.run(payload)
        samples.append((time.perf_counter() - started) * 1000)
        _check(reply, expect)
        harness.fake.requests.clear()
    return samples


async def thread(func: Callable[..., Any], *args: Any) -> Any:
    return await asyncio.to_thread(func, *args)


async def with_lag(work: Callable[[], Awaitable[Any]]) -> tuple[float, float]:
    """(elapsed ms, worst event-loop lag ms) while ``work`` runs, via a 1 ms ticker."""
    worst = 0.0
    done = asyncio.Event()

    async def ticker() -> None:
        nonlocal worst
        while not done.is_set():
            before = time.perf_counter()
            await asyncio.sleep(0.001)
            worst = max(worst, (time.perf_counter() - before) * 1000 - 1.0)

    task = asyncio.create_task(ticker())
    started = time.perf_counter()
    await work()
    elapsed = (time.perf_counter() - started) * 1000
    done.set()
    await task
    return elapsed, worst


def baseline_copy(path: Path, copy: Path, *, drop_triggers: bool = True) -> None:
    """A copy of the database without the rollup triggers: the session insert as it was before them."""
    source, target = sqlite3.connect(path), sqlite3.connect(copy)
    try:
        source.backup(target)
        for name in ROLLUP_TRIGGERS if drop_triggers else ():
            target.execute(f"DROP TRIGGER {name}")
        target.commit()
    finally:
        source.close()
        target.close()


async def login(path: Path, fake: FakeDiscord) -> LiveCoach:
    settings = Settings(
        token=Secret(FAKE_TOKEN), database_path=path, api_base=fake.api_base, log_level="WARNING"
    )
    bot = LiveCoach(settings, background=False)
    await bot.login(settings.token.reveal())
    return bot


async def bench_charts(
    goals: Goals, harness: Harness, payloads: Payloads, target: int, now: datetime
) -> None:
    print("\nChart rendering off the event loop (worker process vs thread), with event-loop lag:")
    zone = ZoneInfo("UTC")
    for label, days, step in (("30 daily buckets", 30, 1), ("157 weekly buckets", 157 * 7, 7)):
        points = [
            TrendPoint((now - timedelta(days=d)).astimezone(zone).date(), 1000 + d, 20000 - d, 2.5)
            for d in range(days, 0, -step)
        ]
        for runner_name, runner in (
            ("worker process (what the bot uses)", Offloader().run),
            ("thread", thread),
        ):
            await runner(trend_chart, points, "warm-up")
            times, lags = [], []
            for _ in range(10):
                elapsed, lag = await with_lag(lambda p=points, r=runner: r(trend_chart, p, "Bench", "x"))
                times.append(elapsed)
                lags.append(lag)
            if runner is thread:
                print(
                    f"  trend_chart, {label}, {runner_name:<36} p50 {pct(times, 0.5):7.1f} ms   "
                    f"worst loop lag {max(lags):6.2f} ms   (for comparison)"
                )
                continue
            print(
                f"  trend_chart, {label}, {runner_name:<36} p50 {pct(times, 0.5):7.1f} ms   "
                f"goal {goals.at_most(f'chart ({label})', pct(times, 0.5), PNG_LIMIT_MS, 'ms')}   "
                f"worst loop lag {max(lags):6.2f} ms   "
                f"goal {goals.at_most(f'loop lag ({label})', max(lags), LAG_LIMIT_MS, 'ms')}"
            )
    # The thread renders above leave matplotlib figures (reference cycles) in this process;
    # collect them now, or a gen-2 collection lands inside the measurement below. The bot
    # itself never renders in its own process.
    gc.collect()
    lag_cmd = []
    for i in range(5):
        _, lag = await with_lag(
            lambda i=i: harness.run(
                payloads.slash("stats member", Actor(1700000000000000000 + i), member=target)
            )
        )
        lag_cmd.append(lag)
    print(f"  worst loop lag during a whole /stats member with chart: {max(lag_cmd):.2f} ms")


async def run(sessions: int, members: int, iterations: int, charts: bool, reuse: Path | None = None) -> int:
    logging.basicConfig(level=logging.WARNING)
    goals = Goals()
    with tempfile.TemporaryDirectory() as tmp:
        path, copy = Path(tmp) / "bench.db", Path(tmp) / "baseline.db"
        if reuse is None:
            fixture = await build(path, sessions=sessions, members=members)
            print(
                f"Fixture (bench.fixture): {sessions:,} sessions, {members:,} members in {fixture.seconds:.1f} s "
                f"({sessions / members:,.0f} sessions per member)"
            )
        else:  # a file bench.fixture built earlier, copied so the run leaves it as it was
            baseline_copy(reuse, path, drop_triggers=False)
            print(f"Fixture: a copy of {reuse} (built by bench.fixture with --sessions {sessions:,})")
        baseline_copy(path, copy)
        now, target = datetime.now(UTC), FIRST_MEMBER + 1  # the fixture's now is its build time: about now
        since30 = stamp(now - timedelta(days=30))

        fake = FakeDiscord(validate=False)  # the tests check the contract; here only timing matters
        await fake.start()
        bot = await login(path, fake)
        baseline = await login(copy, fake)
        try:
            harness, payloads = Harness(bot, fake), Payloads(bot.tree)
            base = iter(range(0, 10**9, 100_000))
            offset = 0

            def invoker(i: int) -> Actor:  # a fresh invoker each time: no cooldown in the way
                return Actor(1600000000000000000 + offset + i + 1000)

            print("\nIn-process dispatch (payload → tree → reply), LiveCoach with rollups:")
            offset = next(base)
            server_all = await dispatch_times(
                harness,
                lambda i: payloads.slash("stats server", invoker(i), period="all"),
                max(20, iterations // 4),
                "Leaderboard",
            )
            raw_all = raw_times(path, SERVER_ALL_SQL, (GUILD_ID,), max(10, iterations // 20))
            ratio = pct(server_all, 0.5) / pct(raw_all, 0.5)
            print(
                line(
                    "/stats server period:all",
                    server_all,
                    goals.at_most("/stats server all p50", pct(server_all, 0.5), SERVER_ALL_MS, "ms"),
                )
            )
            print(line("  raw full-scan aggregate (same file)", raw_all))
            # The ratio goal is set for 1,000,000 sessions; a small file's full scan is cheaper
            # than any dispatch, so there the ratio is shown but not held against the goal.
            verdict = (
                goals.at_most("/stats server all / raw full scan", ratio, SERVER_ALL_RATIO, "×")
                if sessions >= GOAL_SESSIONS
                else f"≤ {SERVER_ALL_RATIO:g} × at {GOAL_SESSIONS:,} sessions (not held at this size)"
            )
            print(f"  {'  ratio p50 command / raw full scan':<40} {ratio:8.3f} ×   goal {verdict}")

            for name, period in (
                ("/stats member 30d (no chart)", "30d"),
                ("/stats member all (no chart)", "all"),
            ):
                offset = next(base)
                samples = await dispatch_times(
                    harness,
                    lambda i, p=period: payloads.slash(
                        "stats member", invoker(i), member=target, period=p, chart=False
                    ),
                    iterations,
                    "Sessions",
                )
                print(line(name, samples, goals.at_most(f"{name} p50", pct(samples, 0.5), MEMBER_MS, "ms")))
            raw_member = raw_times(path, MEMBER_SQL, (GUILD_ID, target, since30), iterations)
            print(line("  raw member 30d aggregate (for scale)", raw_member))

            offset = next(base)
            server30 = await dispatch_times(
                harness, lambda i: payloads.slash("stats server", invoker(i)), iterations, "Leaderboard"
            )
            raw30 = raw_times(path, SERVER_SQL, (GUILD_ID, since30), iterations)
            print(
                line(
                    "/stats server 30d",
                    server30,
                    goals.at_most("/stats server 30d p50", pct(server30, 0.5), SERVER_30D_MS, "ms"),
                )
            )
            print(line("  raw 30-day aggregate", raw30))
            print(f"  {'  ratio p50 command / raw':<40} {pct(server30, 0.5) / pct(raw30, 0.5):8.2f} ×")

            offset = next(base)
            member_chart = await dispatch_times(
                harness,
                lambda i: payloads.slash("stats member", invoker(i), member=target, period="all"),
                max(10, iterations // 10),
                "trend.png",
            )
            print(line("/stats member all (with chart)", member_chart, "none here (chart time: see below)"))

            print("\n/session log: with rollups vs the baseline (same file without the rollup triggers),")
            print("interleaved one by one:")
            bare = Harness(baseline, fake)
            sides = ((harness, payloads), (bare, Payloads(baseline.tree)))
            with_rollups: list[float] = []
            without: list[float] = []
            offset = next(base)
            for i in range(-3, 2 * iterations):  # 3 warm-ups each, then the samples
                for (h, p), into in zip(sides, (with_rollups, without), strict=True):
                    payload = p.slash(
                        "session log",
                        invoker(i),
                        duration="1h30",
                        likes=1200 + i,
                        diamonds=300,
                        peak_viewers=40,
                    )
                    started = time.perf_counter()
                    reply = await h.run(payload)
                    if i >= 0:
                        into.append((time.perf_counter() - started) * 1000)
                    _check(reply, "Session logged")
                    fake.requests.clear()
            log_ratio = pct(with_rollups, 0.5) / pct(without, 0.5)
            print(line("/session log (rollup triggers)", with_rollups))
            print(line("/session log (baseline: no rollups)", without))
            print(
                f"  {'  ratio p50 with / without':<40} {log_ratio:8.2f} ×   goal "
                + goals.at_most("/session log / baseline", log_ratio, LOG_RATIO, "×")
            )
            drift = await bot.storage.rollups.drift()
            print(
                f"  rollups after the logs: {'match the sessions' if not drift else f'{len(drift)} month(s) DRIFT'}"
            )
            if drift:
                goals.failures.append("rollups drift after the logs")

            if charts:
                await bench_charts(goals, harness, payloads, target, now)
        finally:
            await bot.close()
            await baseline.close()
            await fake.stop()
    print("\nGoals:", "all met" if not goals.failures else "FAILED: " + "; ".join(goals.failures))
    return 1 if goals.failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sessions", type=int, default=1_000_000)
    parser.add_argument("--members", type=int, default=1_000)
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--skip-charts", action="store_true", help="leave out the chart rendering figures")
    parser.add_argument(
        "--fixture", type=Path, help="measure a copy of this bench.fixture file instead of building one"
    )
    args = parser.parse_args(argv)
    return asyncio.run(run(args.sessions, args.members, args.iterations, not args.skip_charts, args.fixture))


if __name__ == "__main__":
    sys.exit(main())
