"""1,000 reminders due in one minute across four shards, posted by two shard processes sharing PostgreSQL.

Issue 15's scale-out benchmark: two real ``python -m bot`` processes, ``--shard-ids 0,1`` and
``--shard-ids 2,3`` of ``--shard-count 4``, against one loopback fake Discord that enforces
Discord's rate limits (50 requests per second for the bot, 5 messages per channel per 5 s) and
one PostgreSQL database. The reminders (daily, all at the same UTC minute) are spread over
servers on every shard, built through the storage layer. Each process fires only its own
servers' reminders (the due query's shard condition) and takes its shards' part of the global
rate; the exactly-once claim is the database's unique constraint.

Goals: every reminder posted exactly once, 0 × 429. ``--overlap`` also starts a third process on
shards 0,1 (a rolling deploy caught mid-way): still exactly once (429s are then reported, not
judged: two processes briefly share one shard's budget, and discord.py waits them out).

    BENCH_DATABASE_URL=postgresql://user@127.0.0.1:5432/postgres .venv/bin/python -m bench.bench_shards_burst
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

from bench.bench_reminders import GLOBAL_RATE, PER_SERVER, Bot
from bot.core.shards import shard_of
from bot.reminders.model.reminder import NewReminder
from bot.storage import Storage
from tests.harness.engines import fresh_schema
from tests.harness.factory import FAKE_TOKEN
from tests.harness.fake_discord import FakeDiscord, RateLimits
from tests.harness.process import bot_env

SHARDS = 4
PROCESSES = ((0, 1), (2, 3))


async def build(url: str, count: int, due: datetime) -> Counter[int]:
    """``count`` daily reminders at ``due``'s UTC minute in servers on every shard; reminders per shard."""
    storage = await Storage.connect(url)
    per_shard: Counter[int] = Counter()
    try:
        for g in range((count + PER_SERVER - 1) // PER_SERVER):
            guild_id = 1200000000000100000 + (g << 22)  # consecutive servers fall on consecutive shards
            items = [
                NewReminder(
                    guild_id=guild_id,
                    channel_id=1300000000000100000 + n // 4,
                    days=frozenset(range(7)),
                    at=dtime(due.hour, due.minute),
                    timezone="UTC",
                    created_by=1400000000000000001,
                    message=f"reminder n{n}",
                )
                for n in range(g * PER_SERVER, min(count, (g + 1) * PER_SERVER))
            ]
            if await storage.reminders.add_many(items, datetime.now(UTC), PER_SERVER) is None:
                raise RuntimeError("the fixture went past the per-server cap")
            per_shard[shard_of(guild_id, SHARDS)] += len(items)
    finally:
        await storage.close()
    return per_shard


def shard_bot(url: str, fake: FakeDiscord, workdir: Path, ids: tuple[int, ...]) -> Bot:
    bot = Bot(workdir / "unused.db", fake, workdir)
    bot.env = bot_env(
        {
            "DISCORD_TOKEN": FAKE_TOKEN,
            "DISCORD_API_BASE": fake.api_base,
            "DATABASE_URL": url,
            "SHARD_IDS": ",".join(map(str, ids)),
            "SHARD_COUNT": str(SHARDS),
        }
    )
    return bot


async def run(url: str, count: int, overlap: bool) -> int:
    async with fresh_schema(url) as pg_url:
        return await _run(pg_url, count, overlap)


async def _run(pg_url: str, count: int, overlap: bool) -> int:
    fake = await FakeDiscord(validate=False).start()
    bots: list[Bot] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            now = datetime.now(UTC)
            due = (now + timedelta(seconds=50)).replace(second=0, microsecond=0) + timedelta(minutes=1)
            storage = await Storage.connect(pg_url)  # migrate once before the processes start
            await storage.close()
            per_shard = await build(pg_url, count, due)
            plan = [*PROCESSES, *([PROCESSES[0]] if overlap else [])]
            bots = [shard_bot(pg_url, fake, Path(tmp), ids) for ids in plan]
            for bot in bots:
                await bot.spawn()
            for bot in bots:
                await bot.seen("Go-live reminder timer armed")
                await bot.seen("LiveCoach ready")
            fake.rate_limits = RateLimits()
            fake.rate_limited.clear()
            wait = (due - datetime.now(UTC)).total_seconds()
            shards = ", ".join(f"shard {s}: {n}" for s, n in sorted(per_shard.items()))
            print(
                f"{count:,} reminders due at {due:%H:%M} UTC ({shards}); processes: "
                + "; ".join(f"shards {','.join(map(str, ids))} of {SHARDS}" for ids in plan)
                + f"; due in {wait:.0f} s"
            )
            due_mono = time.monotonic() + wait
            with contextlib.suppress(TimeoutError):
                await fake.wait_for(lambda: len(fake.channel_messages()) >= count, within=wait + 180)
            await asyncio.sleep(3.0)  # anything doubled would arrive now
    finally:
        for bot in bots:
            await bot.stop()
        await fake.stop()
    posted = [r for r in fake.channel_messages() if r.status < 400]
    per_reminder = Counter(r.json["content"].rsplit("reminder ", 1)[-1] for r in posted)
    exactly_once = len(per_reminder) == count and set(per_reminder.values()) == {1}
    last = max((r.at for r in posted), default=due_mono)
    floor = count / GLOBAL_RATE
    print(
        f"  posted                    {len(posted):,}; distinct reminders {len(per_reminder):,} of {count:,}"
    )
    print(f"  exactly once each         {exactly_once} (goal: True) {'ok' if exactly_once else 'FAIL'}")
    no_429 = not fake.rate_limited
    judged = "reported only (overlap)" if overlap else ("ok" if no_429 else "FAIL")
    print(f"  429 answers               {len(fake.rate_limited)} (goal: 0) {judged}")
    print(f"  due → last post           {last - due_mono:.2f} s (the bot's 50/s floor: {floor:.1f} s)")
    ok = exactly_once and (overlap or no_429)
    print("PASS: every goal met" if ok else "FAIL: a goal was missed")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reminders", type=int, default=1000)
    parser.add_argument(
        "--overlap", action="store_true", help="a third process on shards 0,1 (rolling deploy)"
    )
    parser.add_argument("--postgres", default=os.environ.get("BENCH_DATABASE_URL", ""))
    args = parser.parse_args()
    if not args.postgres:
        print("Set BENCH_DATABASE_URL (or --postgres) to a throw-away PostgreSQL server.", file=sys.stderr)
        return 2
    return asyncio.run(run(args.postgres, args.reminders, args.overlap))


if __name__ == "__main__":
    sys.exit(main())
