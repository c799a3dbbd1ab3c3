"""In-process dispatch latency of the money commands beside a bare "pong" command.

Same harness as the tests: a loopback fake Discord, a real ``LiveCoach`` logged in
against it with a real SQLite file, and ``Harness.run`` feeding raw
INTERACTION_CREATE payloads through the gateway's own handler. Latency is from
dispatch (payload in) to the moment the fake Discord receives the interaction
callback (request out). A trivial ``pong`` command is registered on the tree here
only, as the baseline.

Run from the project root::

    .venv/bin/python -m bench.bench_money [--iterations 2000] [--warmup 200]

Goals, for every money command against the bare command measured in the same run:
p50 ≤ 1.5 × its p50 and p99 ≤ 2 × its p99. "(new text)" makes every request a different
gift list (no memoised answer reused); "(cold phrase)" also adds typos and an unknown
word never seen before, so the parser's spelling-tolerant pass (rapidfuzz) runs every time.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import discord
from discord import app_commands

from bot.core.app import LiveCoach
from bot.core.config import Secret, Settings
from tests.harness.dispatch import Harness
from tests.harness.fake_discord import FakeDiscord
from tests.harness.payloads import Payloads

FAKE_TOKEN = "MTEwMDAwMDAwMDAwMDAwMDAwMQ.GhJkLm.Zx9yWv8uTs7rQp6oNm5lKj4iHg3fEd2cBa1"
P50_RATIO_LIMIT = 1.5
P99_RATIO_LIMIT = 2.0


def cold_phrase(n: int) -> str:
    """A gift text no earlier request used: chat phrasing, typos and one never-seen word."""
    unseen = "".join(chr(ord("q") + int(d) % 9) for d in f"{n:06d}")
    return f"3 lionz {n % 900 + 1} rosse + galxy x2 and {unseen}"


def percentile(sorted_ms: list[float], q: float) -> float:
    index = min(len(sorted_ms) - 1, max(0, round(q * (len(sorted_ms) - 1))))
    return sorted_ms[index]


async def measure(
    harness: Harness, cases: dict[str, Callable[[], dict[str, Any]]], iterations: int, warmup: int
) -> dict[str, list[float]]:
    """Latency samples (ms) per case, taken round-robin so load drifting on a shared machine
    affects every case alike (the bare command is not measured in a quieter minute than the rest)."""
    for _ in range(warmup):
        for make in cases.values():
            await harness.run(make())
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(iterations):
        for name, make in cases.items():
            reply = await harness.run(make())
            if reply.latency is None:
                raise RuntimeError(f"no interaction callback for {name}: {reply}")
            samples[name].append(reply.latency * 1000)
            harness.fake.requests.clear()  # keep the fake's look-ups O(1) over long runs
    return {name: sorted(values) for name, values in samples.items()}


async def run(iterations: int, warmup: int) -> int:
    fake = FakeDiscord(validate=False)  # the test suite checks the contract; here only timing matters
    await fake.start()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            token=Secret(FAKE_TOKEN),
            database_path=Path(tmp) / "bench.db",
            api_base=fake.api_base,
            log_level="WARNING",
        )
        bot = LiveCoach(settings, background=False)
        await bot.login(settings.token.reveal())
        try:

            @app_commands.command(name="pong", description="Benchmark baseline: answers pong")
            async def pong(interaction: discord.Interaction) -> None:
                await interaction.response.send_message("pong")

            bot.tree.add_command(pong)
            harness = Harness(bot, fake)
            payloads = Payloads(bot.tree)
            counter = iter(range(10**9))
            cases: dict[str, Callable[[], dict[str, Any]]] = {
                "pong (bare)": lambda: payloads.slash("pong"),
                "/estimate gifts": lambda: payloads.slash("estimate gifts", text="2 lions, 100 roses"),
                "/estimate gifts (new text)": lambda: payloads.slash(
                    "estimate gifts", text=f"{next(counter) + 1} roses, 2 lions, galaxy x3"
                ),
                "/estimate gifts (cold phrase)": lambda: payloads.slash(
                    "estimate gifts", text=cold_phrase(next(counter))
                ),
                "/estimate target (typed)": lambda: payloads.slash("estimate target", amount="1.000,50 €"),
                "/gift info": lambda: payloads.slash("gift info", name="Lion"),
                "/gift info autocomplete": lambda: payloads.autocomplete("gift info", "name", name="lio"),
            }
            gc.collect()
            results = await measure(harness, cases, iterations, warmup)
        finally:
            await bot.close()
    await fake.stop()

    base = results["pong (bare)"]
    base_p50, base_p99 = percentile(base, 0.5), percentile(base, 0.99)
    print(f"{iterations} iterations after {warmup} warm-up, latency payload in → callback out (ms)")
    print("(new text): a different gift list each time; (cold phrase): typos and a never-seen word each time")
    header = f"{'command':<32}{'p50':>8}{'goal':>8}{'p99':>8}{'goal':>8}{'mean':>8}  verdict"
    print(header)
    failed = 0
    for name, samples in results.items():
        p50, p99 = percentile(samples, 0.5), percentile(samples, 0.99)
        if name == "pong (bare)":
            print(
                f"{name:<32}{p50:>8.3f}{'':>8}{p99:>8.3f}{'':>8}{statistics.fmean(samples):>8.3f}  baseline"
            )
            continue
        goal50, goal99 = P50_RATIO_LIMIT * base_p50, P99_RATIO_LIMIT * base_p99
        ok = p50 <= goal50 and p99 <= goal99
        failed += not ok
        print(
            f"{name:<32}{p50:>8.3f}{goal50:>8.3f}{p99:>8.3f}{goal99:>8.3f}{statistics.fmean(samples):>8.3f}"
            f"  {'ok' if ok else 'OVER GOAL'} (p50 {p50 / base_p50:.2f}×, p99 {p99 / base_p99:.2f}× pong)"
        )
    print(f"goal: p50 ≤ {P50_RATIO_LIMIT}× and p99 ≤ {P99_RATIO_LIMIT}× the bare command's, same run")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=200)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    return asyncio.run(run(args.iterations, args.warmup))


if __name__ == "__main__":
    sys.exit(main())
