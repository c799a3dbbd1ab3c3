"""Go-live reminders at scale, black-box: the bot as a real process over the loopback fake Discord.

1. Start-up. For each size in ``--sizes`` (default 1,000, 10,000 and 100,000 reminders) a SQLite
   file is built through the storage layer, and ``python -m bot`` is spawned on it, interleaved
   with the same bot on an EMPTY database (``--rounds`` times each, medians reported). Timed from
   process spawn to ready-and-scheduled: both ``LiveCoach ready`` (gateway READY) and ``Go-live
   reminder timer armed`` (catch-up done, the one due timer armed) have been printed. Memory: the
   RSS of the whole process tree (the bot and its chart workers, read from ``/proc`` once it has
   settled), never this bench's own process (which hosts the fake Discord).
   Goals: at the largest size, ≤ 0.3 s longer than the empty bot and ≤ 20 MB more RSS.
2. Burst. ``--burst`` reminders (default 1,000) due at the same minute over ``--burst / 4``
   channels, in a bot process started well before that minute: the REAL scheduler fires them on
   the REAL clock. The fake Discord enforces Discord's limits (429 past 50/s global or 5 per
   channel per 5 s). Goals: every reminder posted exactly once, 0 × 429, and the time from the due
   instant to the last post ≤ 1.10 × the floor (``burst`` / 50 per s = 20 s).

Every figure is printed beside its goal; the exit status is 1 when a goal fails.

The databases are built by :func:`build`, a small local builder over ``Storage.reminders.add_many``
(``bench/fixture.py``, being written on branch issue-14-rollups, can replace it when it lands).
Reminders are created "now", so start-up finds nothing missed: it measures scheduling, not a
catch-up of thousands of posts.

Run from the project root (a few minutes; not part of CI)::

    .venv/bin/python -m bench.bench_reminders [--sizes 1000 10000 100000] [--burst 1000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

from bot.reminders.model.reminder import NewReminder
from bot.storage import Storage
from tests.harness.factory import FAKE_TOKEN
from tests.harness.fake_discord import FakeDiscord, RateLimits
from tests.harness.process import bot_env, children_of

GLOBAL_RATE = 50
BURST_RATIO_GOAL = 1.10
STARTUP_EXTRA_GOAL_S = 0.3
RSS_EXTRA_GOAL_MB = 20.0
READY = "LiveCoach ready"
SCHEDULED = "Go-live reminder timer armed"
SCHEDULED_IN = "Go-live reminders scheduled by due time in"
ZONES = ("America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata", "America/Los_Angeles")
PER_SERVER = 25


# --------------------------------------------------------------------------- fixture


async def build(
    path: Path, count: int, now: datetime, *, at: dtime | None = None, per_channel: int = 25
) -> None:
    """``count`` reminders in servers of 25, through the storage layer (next posts computed there).

    With ``at``: all daily at that UTC minute (the burst); else varied days, times, zones and leads.
    """
    storage = await Storage.open(path)
    try:
        for g in range((count + PER_SERVER - 1) // PER_SERVER):
            guild_id = 1200000000000100000 + (g << 22)  # spread over Discord's shards
            items = []
            for k in range(min(PER_SERVER, count - g * PER_SERVER)):
                n = g * PER_SERVER + k
                items.append(
                    NewReminder(
                        guild_id=guild_id,
                        channel_id=1300000000000100000 + n // per_channel,
                        days=frozenset({n % 7, (n + 3) % 7}) if at is None else frozenset(range(7)),
                        at=at or dtime(n % 24, (n * 7) % 60),
                        timezone=ZONES[n % len(ZONES)] if at is None else "UTC",
                        created_by=1400000000000000001,
                        lead_minutes=(n % 4) * 15 if at is None else 0,
                        role_id=1500000000000000001 if n % 2 else None,
                        message=f"reminder n{n}",
                    )
                )
            if await storage.reminders.add_many(items, now, PER_SERVER) is None:
                raise RuntimeError("the fixture went past the per-server cap")
    finally:
        await storage.close()


# --------------------------------------------------------------------------- the bot process


def rss_mb(pid: int) -> float:
    """VmRSS of one process in MB (10^6 bytes); 0 if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024 / 1e6
    except OSError:
        pass
    return 0.0


def tree_of(pid: int) -> list[int]:
    """``pid`` and all its descendants (the chart workers and multiprocessing's helper)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children_of(p))
    return out


@dataclass
class Started:
    seconds: float  # spawn → ready-and-scheduled
    rss_mb: float  # whole tree, settled
    bot_rss_mb: float  # the bot process alone
    processes: int
    scheduled_in: float  # the bot's own figure: ReminderService.start (backfill + arm), from its log
    worker_rss_mb: list[float]  # each other process of the tree


class Bot:
    """``python -m bot`` with timestamped output lines."""

    def __init__(self, db: Path, fake: FakeDiscord, workdir: Path) -> None:
        self.env = bot_env(
            {"DISCORD_TOKEN": FAKE_TOKEN, "DISCORD_API_BASE": fake.api_base, "DATABASE_PATH": str(db)}
        )
        self.workdir = workdir
        self.lines: list[tuple[float, str]] = []
        self.proc: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None
        self._changed = asyncio.Event()

    async def spawn(self) -> float:
        spawned = time.perf_counter()
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            cwd=self.workdir,
            env=self.env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        self._reader = asyncio.create_task(self._read())
        return spawned

    async def _read(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        async for raw in self.proc.stdout:
            self.lines.append((time.perf_counter(), raw.decode(errors="replace").rstrip("\n")))
            self._changed.set()

    async def seen(self, needle: str, within: float = 120.0) -> float:
        """When a line containing ``needle`` was read."""
        async with asyncio.timeout(within):
            while True:
                for at, line in self.lines:
                    if needle in line:
                        return at
                if self.proc is not None and self.proc.returncode is not None:
                    text = "\n".join(line for _, line in self.lines)
                    raise RuntimeError(f"the bot exited before {needle!r}:\n{text}")
                self._changed.clear()
                await self._changed.wait()

    async def settled_rss(self, workers: int = 2, within: float = 20.0) -> tuple[float, float, list[float]]:
        """(tree RSS, bot RSS, the others' RSS) once the workers exist and the total stops growing."""
        assert self.proc is not None
        deadline = time.monotonic() + within
        last, steady = -1.0, 0
        while time.monotonic() < deadline:
            pids = tree_of(self.proc.pid)
            total = sum(rss_mb(p) for p in pids)
            if len(pids) >= workers + 1 and abs(total - last) < 0.5:
                steady += 1
                if steady >= 4:  # unchanged for a second
                    return total, rss_mb(self.proc.pid), [rss_mb(p) for p in pids[1:]]
            else:
                steady = 0
            last = total
            await asyncio.sleep(0.25)
        pids = tree_of(self.proc.pid)
        return sum(rss_mb(p) for p in pids), rss_mb(self.proc.pid), [rss_mb(p) for p in pids[1:]]

    async def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            async with asyncio.timeout(30):
                await self.proc.wait()
        except TimeoutError:
            self.proc.kill()
            await self.proc.wait()
        if self._reader is not None:
            await self._reader


async def start_once(db: Path, fake: FakeDiscord, workdir: Path) -> Started:
    bot = Bot(db, fake, workdir)
    try:
        spawned = await bot.spawn()
        ready = max(await bot.seen(READY), await bot.seen(SCHEDULED))
        total, alone, others = await bot.settled_rss()
        line = next(text for _, text in bot.lines if SCHEDULED_IN in text)
        scheduled_in = float(line.split(SCHEDULED_IN, 1)[1].split()[0])
        return Started(ready - spawned, total, alone, 1 + len(others), scheduled_in, sorted(others))
    finally:
        await bot.stop()


# --------------------------------------------------------------------------- 1. start-up


def verdict(ok: bool) -> str:
    return "ok" if ok else "FAIL"


async def bench_startup(sizes: list[int], rounds: int, workdir: Path, fake: FakeDiscord) -> bool:
    now = datetime.now(UTC)
    empty = workdir / "empty.db"
    await build(empty, 0, now)
    files: dict[int, Path] = {}
    for size in sizes:
        files[size] = workdir / f"startup-{size}.db"
        t0 = time.perf_counter()
        await build(files[size], size, now)
        print(f"  built {size:>7,} reminders through the storage layer in {time.perf_counter() - t0:.1f} s")
    # Interleaved: empty, each size, empty, each size, ... so drift in the machine's load hits all.
    runs: dict[int, list[Started]] = {0: [], **{s: [] for s in sizes}}
    for _ in range(rounds):
        for size in (0, *sizes):
            runs[size].append(await start_once(files.get(size, empty), fake, workdir))

    def med(size: int, attr: str) -> float:
        return statistics.median(getattr(r, attr) for r in runs[size])

    def low(size: int, attr: str) -> float:
        return min(getattr(r, attr) for r in runs[size])

    base_s, base_low, base_rss = med(0, "seconds"), low(0, "seconds"), med(0, "rss_mb")
    print(
        f"\nStart-up, spawn → ready-and-scheduled ({rounds} interleaved runs each: median and fastest; "
        f"RSS = the whole tree, {runs[0][0].processes} processes: bot, 2 chart workers, multiprocessing's helper)"
    )
    print(
        f"  {'reminders':>9}  {'median':>8}  {'vs empty':>8}  {'fastest':>8}  {'vs empty':>8}  "
        f"{'in-bot':>8}  {'tree RSS':>9}  {'vs empty':>8}  {'bot RSS':>8}"
    )
    for size in (0, *sizes):
        vs = "" if size == 0 else f"{med(size, 'seconds') - base_s:+7.2f}s"
        vs_low = "" if size == 0 else f"{low(size, 'seconds') - base_low:+7.2f}s"
        vs_rss = "" if size == 0 else f"{med(size, 'rss_mb') - base_rss:+6.1f}MB"
        print(
            f"  {('empty' if size == 0 else f'{size:,}'):>9}  {med(size, 'seconds'):>7.2f}s  {vs:>8}  "
            f"{low(size, 'seconds'):>7.2f}s  {vs_low:>8}  {med(size, 'scheduled_in') * 1000:>6.1f}ms  "
            f"{med(size, 'rss_mb'):>7.1f}MB  {vs_rss:>8}  {med(size, 'bot_rss_mb'):>6.1f}MB"
        )
    others = runs[0][-1].worker_rss_mb
    print(f"  (empty bot's other processes: {', '.join(f'{mb:.1f} MB' for mb in others)})")
    largest = max(sizes)
    extra_s = med(largest, "seconds") - base_s
    extra_rss = med(largest, "rss_mb") - base_rss
    ok_s, ok_rss = extra_s <= STARTUP_EXTRA_GOAL_S, extra_rss <= RSS_EXTRA_GOAL_MB
    print(
        f"  {largest:,} reminders: start-up {extra_s:+.2f} s vs empty, median "
        f"(goal ≤ +{STARTUP_EXTRA_GOAL_S} s) {verdict(ok_s)}"
    )
    print(
        f"  {largest:,} reminders: RSS {extra_rss:+.1f} MB vs empty, median "
        f"(goal ≤ +{RSS_EXTRA_GOAL_MB:.0f} MB) {verdict(ok_rss)}"
    )
    return ok_s and ok_rss


# --------------------------------------------------------------------------- 2. burst


async def bench_burst(count: int, workdir: Path, fake: FakeDiscord) -> bool:
    db = workdir / "burst.db"
    # A minute far enough ahead for the process to start and its login requests to leave the
    # fake's one-second global window (in production the burst comes long after login).
    now = datetime.now(UTC)
    due = (now + timedelta(seconds=40)).replace(second=0, microsecond=0) + timedelta(minutes=1)
    await build(db, count, now, at=dtime(due.hour, due.minute), per_channel=4)
    fake.rate_limits = RateLimits()
    fake.rate_limited.clear()
    before = len(fake.created_messages)
    bot = Bot(db, fake, workdir)
    try:
        await bot.spawn()
        await bot.seen(SCHEDULED)
        await bot.seen(READY)
        wait = (due - datetime.now(UTC)).total_seconds()
        print(
            f"\nBurst: {count:,} reminders due at {due:%H:%M} UTC over {count // 4} channels (in {wait:.0f} s)"
        )
        due_mono = time.monotonic() + wait
        with contextlib.suppress(TimeoutError):
            await fake.wait_for(lambda: len(fake.created_messages) - before >= count, within=wait + 120)
        await asyncio.sleep(2.0)  # anything doubled would arrive now
    finally:
        await bot.stop()
        fake.rate_limits = None
    posted = [r for r in fake.channel_messages() if r.at >= due_mono - 5]
    per_reminder = Counter(r.json["content"].rsplit("reminder ", 1)[-1] for r in posted)
    exactly_once = len(per_reminder) == count and set(per_reminder.values()) == {1}
    late = sum("posted late" in r.json["content"] for r in posted)
    last = max((r.at for r in posted), default=due_mono)
    elapsed = last - due_mono
    floor = count / GLOBAL_RATE
    ratio = elapsed / floor
    ok_ratio = ratio <= BURST_RATIO_GOAL
    print(
        f"  posted                    {len(posted):,} of {count:,}; distinct reminders {len(per_reminder):,}"
    )
    print(f"  exactly once each         {exactly_once} (goal: True) {verdict(exactly_once)}")
    print(f"  429 answers               {len(fake.rate_limited)} (goal: 0) {verdict(not fake.rate_limited)}")
    print(f"  marked late               {late}")
    print(
        f"  due → last post           {elapsed:.2f} s; floor {floor:.1f} s; {ratio:.3f}× the floor "
        f"(goal ≤ {BURST_RATIO_GOAL}×) {verdict(ok_ratio)}"
    )
    return exactly_once and not fake.rate_limited and ok_ratio


async def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--burst", type=int, default=1_000)
    parser.add_argument("--skip-burst", action="store_true")
    args = parser.parse_args()
    fake = await FakeDiscord(validate=False).start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            print(f"bench_reminders on {os.cpu_count()} CPUs, python {sys.version.split()[0]}")
            ok_start = await bench_startup(sorted(args.sizes), args.rounds, Path(tmp), fake)
            ok_burst = True if args.skip_burst else await bench_burst(args.burst, Path(tmp), fake)
    finally:
        await fake.stop()
    ok = ok_start and ok_burst
    print("\nPASS: every goal met" if ok else "\nFAIL: a goal was missed (see above)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
