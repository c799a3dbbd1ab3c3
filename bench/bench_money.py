"""Latency of the money commands, LiveCoach against a bare discord.py bot, side by side.

Two real processes, each connected over a websocket to its own loopback fake Discord
served from this process: ``python -m bot`` (LiveCoach with a real SQLite file, default
settings) and ``python -m bench.bare_bot`` (discord.py's client with one ``/pong``
command, nothing else). Each sample is one raw INTERACTION_CREATE sent on the gateway,
timed until the fake Discord receives that interaction's callback request: gateway
transit, discord.py's parsing and dispatch, the command, and the HTTP request out.

Cases are interleaved: every round runs every case once, in a fresh random order, each
beside one baseline sample, so a busy minute on a shared machine falls on all cases alike
and both processes get equal turns (a process that runs one request in seven wakes with a
colder CPU cache than one that runs six, which alone made the bare bot look slower). The
bare bot's ``/pong`` is the baseline; the goals compare each LiveCoach case's p50 and p99
with the baseline's from the same run. The exit status is 1 when a goal fails.

Run from the project root::

    .venv/bin/python -m bench.bench_money [--iterations 2000] [--warmup 200] [--locale en-US]

"(new text)" makes every request a different gift list (no memoised answer reused);
"(cold phrase)" also adds typos and a word never seen before, so the spelling-tolerant
pass (rapidfuzz) runs every time. "(typed)" is a dollar target written the European way
("$1.000,50"), answered with how it was read. A case answered with an error sentence stops
the run: it would time the wrong path.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import logging
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.harness.factory import FAKE_TOKEN
from tests.harness.fake_discord import EPHEMERAL, FakeDiscord, guild_payload
from tests.harness.payloads import CHANNEL_ID, GUILD_ID, Actor, raw_slash
from tests.harness.process import BotProcess, bot_env

P50_RATIO_LIMIT = 1.5
P99_RATIO_LIMIT = 2.0
BASELINE = "bare bot /pong"


def cold_phrase(n: int) -> str:
    """A gift text no earlier request used: chat phrasing, typos and one never-seen word."""
    unseen = "".join(chr(ord("q") + int(d) % 9) for d in f"{n:06d}")
    return f"3 lionz {n % 900 + 1} rosse + galxy x2 and {unseen}"


def percentile(sorted_ms: list[float], q: float) -> float:
    index = min(len(sorted_ms) - 1, max(0, round(q * (len(sorted_ms) - 1))))
    return sorted_ms[index]


def options(path: str, values: dict[str, str], focused: str | None = None) -> list[dict[str, Any]]:
    """Option list for ``/group sub`` with string ``values`` (``focused`` marks an autocomplete)."""
    leaf = [
        {"type": 3, "name": name, "value": value, **({"focused": True} if name == focused else {})}
        for name, value in values.items()
    ]
    parts = path.split()
    return [{"type": 1, "name": parts[1], "options": leaf}] if len(parts) > 1 else leaf


@dataclass
class Target:
    """One bot process and the fake Discord it is connected to."""

    fake: FakeDiscord
    process: BotProcess | None = None

    async def sample(self, payload: dict[str, Any]) -> float:
        """Milliseconds from sending ``payload`` on the gateway to its callback request."""
        token = payload["token"]
        started = time.monotonic()
        await self.fake.send_event("INTERACTION_CREATE", payload)
        await self.fake.wait_for(lambda: self.fake.for_token(token), within=30)
        (callback,) = self.fake.for_token(token)
        self.fake.requests.clear()  # keep the fake's look-ups O(1) over long runs
        self.fake.acknowledged.clear()
        if callback.status >= 400:
            raise RuntimeError(f"the callback was refused ({callback.status}): {callback.json}")
        data = callback.json.get("data") or {}
        if (data.get("flags") or 0) & EPHEMERAL and not data.get("embeds"):
            # an error sentence: the case would time the wrong path (every case answers with an embed)
            raise RuntimeError(f"the case was answered with an error: {data.get('content')!r}")
        return (callback.at - started) * 1000


def cases(locale: str) -> dict[str, tuple[str, Callable[[], dict[str, Any]]]]:
    """Case name → (which bot, payload maker)."""
    actor = Actor()
    counter = itertools.count(1)

    def slash(path: str, focused: str | None = None, **values: str) -> dict[str, Any]:
        payload = raw_slash(path.split()[0], options(path, values, focused), actor)
        payload["locale"] = locale
        if focused is not None:
            payload["type"] = 4
        return payload

    return {
        BASELINE: ("bare", lambda: slash("pong")),
        "/estimate gifts": ("livecoach", lambda: slash("estimate gifts", text="2 lions, 100 roses")),
        "/estimate gifts (new text)": (
            "livecoach",
            lambda: slash("estimate gifts", text=f"{next(counter)} roses, 2 lions, galaxy x3"),
        ),
        "/estimate gifts (cold phrase)": (
            "livecoach",
            lambda: slash("estimate gifts", text=cold_phrase(next(counter))),
        ),
        "/estimate target (typed)": ("livecoach", lambda: slash("estimate target", amount="$1.000,50")),
        "/gift info": ("livecoach", lambda: slash("gift info", name="Lion")),
        "/gift info autocomplete": ("livecoach", lambda: slash("gift info", focused="name", name="lio")),
    }


async def start(module: str, fake: FakeDiscord, env: dict[str, str], ready: str, cwd: Path) -> Target:
    fake.guilds = [guild_payload(GUILD_ID, channels=[CHANNEL_ID], roles=[])]
    process = await BotProcess([], env, cwd=cwd, module=module).start()
    await process.wait_for_line(ready, within=60)
    return Target(fake, process)


async def run(iterations: int, warmup: int, locale: str, seed: int) -> int:
    fakes = {
        "livecoach": await FakeDiscord(validate=False).start(),
        "bare": await FakeDiscord(validate=False).start(),
    }
    targets: dict[str, Target] = {}
    with tempfile.TemporaryDirectory() as tmp:
        try:
            common = {"DISCORD_TOKEN": FAKE_TOKEN}
            targets["livecoach"] = await start(
                "bot",
                fakes["livecoach"],
                bot_env(
                    {
                        **common,
                        "DISCORD_API_BASE": fakes["livecoach"].api_base,
                        "DATABASE_PATH": str(Path(tmp) / "bench.db"),
                        "LOG_LEVEL": "INFO",
                    }
                ),
                "LiveCoach ready",
                Path(tmp),
            )
            targets["bare"] = await start(
                "bench.bare_bot",
                fakes["bare"],
                bot_env({**common, "DISCORD_API_BASE": fakes["bare"].api_base}),
                "bare bot ready",
                Path(tmp),
            )
            results = await measure(targets, cases(locale), iterations, warmup, random.Random(seed))
        finally:
            for target in targets.values():
                if target.process is not None:
                    await target.process.stop()
            for fake in fakes.values():
                await fake.stop()
    return report(results, iterations, warmup, locale)


async def measure(
    targets: dict[str, Target],
    table: dict[str, tuple[str, Callable[[], dict[str, Any]]]],
    iterations: int,
    warmup: int,
    rng: random.Random,
) -> dict[str, list[float]]:
    """Samples per case. Each round takes every LiveCoach case once in a fresh random order,
    each paired with one baseline sample (which of the two goes first is random too), so the
    two processes get equal turns and neither has a warmer CPU cache than the other."""
    names = [name for name in table if name != BASELINE]
    samples: dict[str, list[float]] = {name: [] for name in table}
    for round_ in range(warmup + iterations):
        rng.shuffle(names)
        for name in names:
            pair = [BASELINE, name]
            rng.shuffle(pair)
            for case in pair:
                which, make = table[case]
                latency = await targets[which].sample(make())
                if round_ >= warmup:
                    samples[case].append(latency)
    return {name: sorted(values) for name, values in samples.items()}


def report(results: dict[str, list[float]], iterations: int, warmup: int, locale: str) -> int:
    base = results[BASELINE]
    base_p50, base_p99 = percentile(base, 0.5), percentile(base, 0.99)
    print(
        f"{iterations} interleaved rounds after {warmup} warm-up, locale {locale}; "
        "latency gateway event in → callback request out (ms)"
    )
    print(f"{'case':<32}{'p50':>8}{'goal':>8}{'p99':>8}{'goal':>8}{'mean':>8}  verdict")
    failed = 0
    for name in [BASELINE, *sorted(n for n in results if n != BASELINE)]:
        samples = results[name]
        p50, p99, mean = percentile(samples, 0.5), percentile(samples, 0.99), statistics.fmean(samples)
        if name == BASELINE:
            print(f"{name:<32}{p50:>8.3f}{'':>8}{p99:>8.3f}{'':>8}{mean:>8.3f}  baseline (separate process)")
            continue
        goal50, goal99 = P50_RATIO_LIMIT * base_p50, P99_RATIO_LIMIT * base_p99
        ok = p50 <= goal50 and p99 <= goal99
        failed += not ok
        print(
            f"{name:<32}{p50:>8.3f}{goal50:>8.3f}{p99:>8.3f}{goal99:>8.3f}{mean:>8.3f}"
            f"  {'ok' if ok else 'OVER GOAL'} (p50 {p50 / base_p50:.2f}×, p99 {p99 / base_p99:.2f}× the bare bot)"
        )
    print(f"goal: p50 ≤ {P50_RATIO_LIMIT}× and p99 ≤ {P99_RATIO_LIMIT}× the bare bot's, same run")
    print("result:", "FAIL" if failed else "PASS")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--locale", default="en-US", help="the members' Discord locale, e.g. pt-BR")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    return asyncio.run(run(args.iterations, args.warmup, args.locale, args.seed))


if __name__ == "__main__":
    sys.exit(main())
