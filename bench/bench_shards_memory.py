"""Memory of one bot process by servers and shards: the figures behind README "Scaling out".

Each round starts ``python -m bot --shard-count S`` (every shard in that one process, SQLite) as a
real process against the loopback fake Discord, which sends each shard's servers in
GUILD_CREATE (25 text channels and 15 roles each, no emojis or members: the bot asks for no
member intent), waits for "LiveCoach ready" and for the process to settle, then reads VmRSS from
/proc for the bot and, separately, for its chart worker. It reports the idle figure, the cost per
1,000 servers, and checks them against goals (exit 1 when one fails).

Run from the project root (about a minute; not part of CI)::

    .venv/bin/python -m bench.bench_shards_memory [--servers 1000 2000 4000]
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
import tempfile
from pathlib import Path

from tests.harness.factory import FAKE_TOKEN
from tests.harness.fake_discord import FakeDiscord, guild_payload
from tests.harness.process import BotProcess, bot_env, children_of

SETTLE_SECONDS = 8.0
IDLE_GOAL_MIB = 160.0
PER_THOUSAND_GOAL_MIB = 60.0
SERVERS_PER_SHARD = 1000  # Discord's recommendation (its /gateway/bot counts about 1,000 per shard)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def servers(count: int) -> list[dict[str, object]]:
    """``count`` servers whose ids fall on consecutive shards, as Discord's would spread."""
    found = []
    for n in range(count):
        guild_id = 1_200_000_000_000_000_000 + n * ((1 << 22) + 7)
        base = 1_300_000_000_000_000_000 + n * 100
        found.append(
            guild_payload(
                guild_id, channels=[base + c for c in range(25)], roles=[base + 50 + r for r in range(15)]
            )
        )
    return found


async def measure(count: int, shards: int, folder: Path) -> tuple[float, float]:
    """(bot RSS, chart worker RSS) in MiB, idle after connecting ``shards`` shards with ``count`` servers."""
    fake = FakeDiscord(validate=False)
    fake.guilds = servers(count)
    await fake.start()
    env = bot_env(
        {
            "DISCORD_TOKEN": FAKE_TOKEN,
            "DISCORD_API_BASE": fake.api_base,
            "DATABASE_PATH": str(folder / f"memory-{count}-{shards}.db"),
            "LOG_LEVEL": "INFO",  # "LiveCoach ready" is an INFO line
        }
    )
    process = await BotProcess(["--shard-count", str(shards)], env, cwd=folder).start()
    try:
        await process.wait_for_line("LiveCoach ready", within=180)
        await asyncio.sleep(SETTLE_SECONDS)
        assert process.proc is not None
        pid = process.proc.pid
        workers = sum(rss_mib(child) for child in children_of(pid))
        return rss_mib(pid), workers
    finally:
        await process.stop(signal.SIGTERM, within=60)
        await fake.stop()


async def main(server_counts: list[int]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rounds = [(0, 1), *((n, max(1, -(-n // SERVERS_PER_SHARD))) for n in server_counts)]
        results: list[tuple[int, int, float, float]] = []
        for count, shards in rounds:
            bot, workers = await measure(count, shards, folder)
            results.append((count, shards, bot, workers))
            print(
                f"{count:>6,} servers on {shards} shard{'s' if shards != 1 else ' '}: bot {bot:6.1f} MiB, "
                f"chart worker {workers:5.1f} MiB",
                flush=True,
            )
    idle = results[0][2]
    failed = False
    print(f"idle bot (no servers): {idle:.1f} MiB (goal ≤ {IDLE_GOAL_MIB:.0f})")
    failed |= idle > IDLE_GOAL_MIB
    for count, shards, bot, _ in results[1:]:
        per_thousand = (bot - idle) / count * 1000
        print(
            f"{count:,} servers / {shards} shards: +{bot - idle:.1f} MiB over idle = {per_thousand:.1f} MiB per "
            f"1,000 servers (goal ≤ {PER_THOUSAND_GOAL_MIB:.0f})"
        )
        failed |= per_thousand > PER_THOUSAND_GOAL_MIB
    print("FAILED: a goal was missed" if failed else "all goals met")
    return 1 if failed else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", type=int, nargs="+", default=[1000, 2000, 4000])
    sys.exit(asyncio.run(main(parser.parse_args().servers)))
