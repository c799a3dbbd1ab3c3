"""Go-live reminders at scale: start-up with 10,000 reminders, and 1,000 posts due in one minute.

1. Start-up: a SQLite file holding ``--startup`` reminders (400 servers × 25), then a real
   ``LiveCoach`` login against the loopback fake Discord (setup_hook → ReminderService.start → job
   rebuild from the table + catch-up). Reports the time to rebuild the jobs, total login time and RSS
   (``/proc/self/status`` VmRSS and ``ru_maxrss``).
2. Burst: ``--burst`` reminders due at the same minute, spread over channels (4 per channel),
   delivered through the service's job function to a fake Discord that enforces Discord's limits
   (``RateLimits``: 429 past 50/s global or 5 per channel per 5 s). Checks each is posted exactly
   once, zero 429 answers, and total time ≤ 1.10 × the floor (burst / 50 per s = 20 s).

Run from the project root (takes about half a minute; not part of CI)::

    .venv/bin/python -m bench.bench_reminders [--startup 10000] [--burst 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import resource
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

from bot.core.app import LiveCoach
from bot.core.config import Secret, Settings
from bot.reminders.model.reminder import NewReminder
from bot.storage import Storage
from tests.harness.fake_discord import FakeDiscord, RateLimits

FAKE_TOKEN = "MTEwMDAwMDAwMDAwMDAwMDAwMQ.GhJkLm.Zx9yWv8uTs7rQp6oNm5lKj4iHg3fEd2cBa1"
GLOBAL_RATE = 50
LIMIT_RATIO = 1.10
ZONES = ("America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata", "America/Los_Angeles")


def rss_mib() -> tuple[float, float]:
    """(current VmRSS, peak ru_maxrss) in MiB."""
    current = 0.0
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                current = int(line.split()[1]) / 1024
    except OSError:
        pass
    return current, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def seed(
    path: Path, count: int, now: datetime, *, at: dtime | None = None, per_channel: int = 25
) -> list[int]:
    storage = await Storage.open(path)
    ids: list[int] = []
    try:
        guilds = (count + 24) // 25
        for g in range(guilds):
            guild_id = 1200000000000100000 + g
            items = []
            for k in range(min(25, count - g * 25)):
                n = g * 25 + k
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
            added = await storage.reminders.add_many(items, now, 25)
            assert added is not None
            ids += [r.id for r in added]
    finally:
        await storage.close()
    return ids


async def login(path: Path, fake: FakeDiscord) -> LiveCoach:
    settings = Settings(
        token=Secret(FAKE_TOKEN), database_path=path, api_base=fake.api_base, log_level="WARNING"
    )
    bot = LiveCoach(settings)
    await bot.login(FAKE_TOKEN)
    return bot


async def bench_startup(count: int, workdir: Path) -> bool:
    path = workdir / "startup.db"
    now = datetime.now(UTC)
    t0 = time.perf_counter()
    await seed(path, count, now - timedelta(days=1))
    seeded = time.perf_counter() - t0
    fake = await FakeDiscord(validate=False).start()
    try:
        # Baseline: the same process after a login with no reminders (all modules imported).
        empty = await login(workdir / "empty.db", fake)
        await empty.close()
        rss_before, _ = rss_mib()
        t0 = time.perf_counter()
        bot = await login(path, fake)
        login_s = time.perf_counter() - t0
        try:
            service = bot.reminders
            first_rebuild = service.rebuild_seconds
            jobs = [j for j in bot.scheduler.get_jobs() if j.id.startswith("reminder:")]
            assert service.startup_task is not None
            await service.startup_task
            # The rebuild step alone, timed again on the live scheduler (replace_existing=True).
            t0 = time.perf_counter()
            rows = await bot.storage.reminders.active_with_last_due()
            for reminder, _ in rows:
                service.schedule(reminder)
            rebuild_s = time.perf_counter() - t0
            rss_after, peak = rss_mib()
        finally:
            await bot.close()
    finally:
        await fake.stop()
    print(f"Start-up with {count:,} reminders (seeded in {seeded:.2f} s)")
    print(f"  jobs scheduled            {len(jobs):,}")
    print(f"  login incl. rebuild       {login_s:.2f} s")
    print(
        f"  rebuild at start-up       {first_rebuild:.2f} s  ({first_rebuild / count * 1e6:.0f} µs per reminder)"
    )
    print(f"  rebuild again (replace)   {rebuild_s:.2f} s  ({rebuild_s / count * 1e6:.0f} µs per reminder)")
    print(
        f"  RSS                       {rss_before:.0f} MiB after an empty start-up, "
        f"{rss_after:.0f} MiB with {count:,} reminders, peak {peak:.0f} MiB"
    )
    print(f"  RSS per reminder          {(rss_after - rss_before) * 1024 / count:.2f} KiB")
    return len(jobs) == count


async def bench_burst(count: int, workdir: Path) -> bool:
    path = workdir / "burst.db"
    due = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(days=1)
    at = dtime(due.hour, due.minute)
    # Created now, so start-up catch-up finds nothing; all are due tomorrow at this minute.
    ids = await seed(path, count, datetime.now(UTC), at=at, per_channel=4)
    fake = await FakeDiscord(validate=False).start()
    fake.rate_limits = RateLimits()
    try:
        bot = await login(path, fake)
        try:
            service = bot.reminders
            assert service.startup_task is not None
            await service.startup_task
            # Let the login's own requests leave the fake's 1-second global window: in production
            # the burst comes long after login (the queue paces only its own posts, at ~47.6/s,
            # leaving headroom for the bot's other requests).
            await asyncio.sleep(1.1)
            service.clock = lambda: due  # the minute they are all due
            t0 = time.perf_counter()
            outcomes = await asyncio.gather(*(service.fire(rid) for rid in ids))
            elapsed = time.perf_counter() - t0
        finally:
            await bot.close()
    finally:
        await fake.stop()
    posted = fake.channel_messages()
    per_reminder = Counter(r.json["content"].rsplit("reminder ", 1)[-1] for r in posted)
    floor = count / GLOBAL_RATE
    ratio = elapsed / floor
    exactly_once = len(per_reminder) == count and set(per_reminder.values()) == {1}
    print(f"Burst: {count:,} reminders due in the same minute over {count // 4} channels")
    print(f"  outcomes                  {dict(Counter(outcomes))}")
    print(f"  posted                    {len(posted):,} messages, exactly once each: {exactly_once}")
    print(f"  429 answers               {len(fake.rate_limited)}")
    print(
        f"  time                      {elapsed:.2f} s; floor {floor:.1f} s; ratio {ratio:.3f} (limit {LIMIT_RATIO})"
    )
    print(
        f"  throughput                {len(posted) / elapsed:.1f} posts/s (Discord global limit {GLOBAL_RATE}/s)"
    )
    return exactly_once and not fake.rate_limited and ratio <= LIMIT_RATIO


async def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--startup", type=int, default=10_000)
    parser.add_argument("--burst", type=int, default=1_000)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        ok_start = await bench_startup(args.startup, Path(tmp))
        ok_burst = await bench_burst(args.burst, Path(tmp))
    print("PASS" if ok_start and ok_burst else "FAIL")
    return 0 if ok_start and ok_burst else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
