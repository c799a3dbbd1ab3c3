"""Resilience report: fuzzed commands, injected Discord faults, killed writers — in figures.

Prints, so runs can be compared:
  * fuzz: cases tried per command, answers, ephemeral refusals, unexpected errors,
    contract violations, late answers (> 3 s), rows touched in the other server;
  * Discord faults: interactions sent while 5xx / 429 / slow answers are injected at random,
    faults injected, answered, duplicates (two accepted callbacks), losses (none accepted);
  * reminders: occurrences delivered while posts fail at random (including "created but the
    answer was lost"), posts created per occurrence (must be exactly 1), duplicates, losses;
  * crash: rounds of SIGKILL against a session writer, writes confirmed, writes lost.

Run from the project root (the test suite runs a bounded version of each)::

    .venv/bin/python -m bench.resilience [--cases 5000] [--faults 500] [--reminders 200] [--kills 10]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import signal
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from datetime import time as clock_time
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings

from bot.reminders.model.reminder import NewReminder
from tests.harness.factory import FAKE_TOKEN
from tests.harness.fake_discord import Fault
from tests.harness.payloads import GUILD_ID, OTHER_GUILD_ID
from tests.harness.runner import ThreadedBot
from tests.resilience.strategies import command_case
from tests.resilience.test_crash_safety import WRITER
from tests.resilience.test_fuzz_commands import rows_per_guild


def fuzz(cases: int, rng_seed: int) -> None:
    figures: Counter[str] = Counter()
    per_command: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as tmp, ThreadedBot(Path(tmp) / "fuzz.db", FAKE_TOKEN) as running:
        db = running.database_path

        @seed(rng_seed)
        @settings(
            max_examples=cases,
            deadline=None,
            database=None,
            derandomize=False,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=command_case(running.payloads))
        def run(case: tuple[str, dict]) -> None:
            label, payload = case
            acting = int(payload["guild_id"])
            other = OTHER_GUILD_ID if acting == GUILD_ID else GUILD_ID
            before = rows_per_guild(db) if db.exists() else {}
            reply = running.run(payload)
            after = rows_per_guild(db)
            figures["cases"] += 1
            per_command[label.split(" ")[0] if label.startswith("/") else "autocomplete"] += 1
            if len(reply.callbacks) != 1:
                figures["not answered exactly once"] += 1
            elif reply.latency is None or reply.latency >= 3.0:
                figures["late answers"] += 1
            elif "Something went wrong" in reply.text:
                figures["unexpected errors"] += 1
            elif reply.callback_type == 4 and reply.ephemeral:
                figures["ephemeral refusals"] += 1
            else:
                figures["answers"] += 1
            if any(
                before.get(k, 0) != after.get(k, 0) for k in before.keys() | after.keys() if k[1] == other
            ):
                figures["rows touched in the other server"] += 1

        started = time.monotonic()
        run()
        figures["contract violations"] = len(running.fake.violations)
        elapsed = time.monotonic() - started
    print(f"fuzz: {figures['cases']} cases in {elapsed:.1f} s")
    for key in (
        "answers",
        "ephemeral refusals",
        "unexpected errors",
        "not answered exactly once",
        "late answers",
        "contract violations",
        "rows touched in the other server",
    ):
        print(f"  {key:34} {figures[key]}")
    print("  per command: " + ", ".join(f"{k} {v}" for k, v in sorted(per_command.items())))


def discord_faults(interactions: int, seed: int) -> None:
    rng = random.Random(seed)
    figures: Counter[str] = Counter()
    callback = r"^/interactions/\d+/[^/]+/callback$"
    with tempfile.TemporaryDirectory() as tmp, ThreadedBot(Path(tmp) / "faults.db", FAKE_TOKEN) as running:
        commands = ["about", "help", "tips", "likes"]
        for _ in range(interactions):
            kind = rng.choice(["none", "500", "502", "429", "429-global", "slow"])
            if kind in ("500", "502"):
                running.fake.faults.append(Fault("POST", callback, int(kind), times=1))
            elif kind.startswith("429"):
                body = {"message": "slow down", "retry_after": 0.01, "global": kind.endswith("global")}
                running.fake.faults.append(Fault("POST", callback, 429, times=1, body=body))
            elif kind == "slow":
                running.fake.faults.append(Fault("POST", callback, 200, times=1, delay=0.2))
            figures["faults injected"] += kind != "none"
            reply = running.run(running.payloads.slash(rng.choice(commands)))
            running.fake.faults.clear()
            accepted = len(reply.callbacks)
            figures["interactions"] += 1
            figures["answered"] += accepted == 1
            figures["duplicates"] += accepted > 1
            figures["losses"] += accepted == 0
        figures["contract violations"] = len(running.fake.violations)
    print(
        f"discord faults: {figures['interactions']} interactions, {figures['faults injected']} faults injected"
    )
    for key in ("answered", "duplicates", "losses", "contract violations"):
        print(f"  {key:34} {figures[key]}")


def reminder_faults(count: int, seed: int) -> None:
    rng = random.Random(seed)
    figures: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as tmp, ThreadedBot(Path(tmp) / "reminders.db", FAKE_TOKEN) as running:
        bot, fake = running.bot, running.fake
        cog = bot.get_cog("Reminders")
        service = cog.service  # type: ignore[union-attr]
        created = datetime(2026, 5, 1, tzinfo=UTC)
        due = datetime(2026, 5, 4, 23, 0, tzinfo=UTC)
        channel_base = 1300000000000100000

        async def one(i: int) -> str:
            channel = channel_base + i
            new = NewReminder(GUILD_ID, channel, frozenset(range(7)), clock_time(19), "America/New_York", 1)
            reminder = await bot.storage.reminders.add(new, created, cap=10**6)
            assert reminder is not None
            kind = rng.choice(["none", "500", "502-after", "429"])
            path = rf"^/channels/{channel}/messages$"
            if kind == "500":
                fake.faults.append(Fault("POST", path, 500, times=1))
            elif kind == "502-after":
                fake.faults.append(Fault("POST", path, 502, times=1, after_effect=True))
            elif kind == "429":
                fake.faults.append(
                    Fault("POST", path, 429, times=1, body={"retry_after": 0.01, "global": False})
                )
            figures["faults injected"] += kind != "none"
            service.clock = lambda: due
            outcome = await service.fire(reminder.id)
            again = await service.fire(reminder.id)  # a doubled trigger
            figures["second fire skipped"] += again == "duplicate"
            posts = [m for m in fake.created_messages if m["channel_id"] == str(channel)]
            figures["occurrences"] += 1
            figures["delivered exactly once"] += len(posts) == 1
            figures["duplicates"] += len(posts) > 1
            figures["losses"] += len(posts) == 0
            return outcome

        outcomes = Counter(running.call(one(i), within=120) for i in range(count))
        figures["contract violations"] = len(fake.violations)
    print(
        f"reminders under faults: {figures['occurrences']} occurrences, {figures['faults injected']} faults"
    )
    for key in (
        "delivered exactly once",
        "duplicates",
        "losses",
        "second fire skipped",
        "contract violations",
    ):
        print(f"  {key:34} {figures[key]}")
    print(f"  outcomes: {dict(outcomes)}")


async def _crash_rounds(rounds: int, seed: int) -> tuple[int, int, int]:
    rng = random.Random(seed)
    confirmed: list[int] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "writer.db"
        for round_number in range(rounds):
            proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-c",
                WRITER,
                str(db),
                str(round_number * 1_000_000),
                stdout=asyncio.subprocess.PIPE,
            )
            assert proc.stdout is not None
            await proc.stdout.readline()
            await asyncio.sleep(rng.uniform(0.05, 0.5))
            proc.send_signal(signal.SIGKILL)
            out, _ = await proc.communicate()
            confirmed += [int(line) for line in out.split()]
        with sqlite3.connect(db) as conn:
            ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            stored = {row[0] for row in conn.execute("SELECT id FROM sessions")}
    return len(confirmed), len(set(confirmed) - stored), int(not ok)


def crashes(rounds: int, seed: int) -> None:
    confirmed, lost, corrupt = asyncio.run(_crash_rounds(rounds, seed))
    print(f"crash: {rounds} SIGKILL rounds against a session writer")
    print(f"  {'writes confirmed':34} {confirmed}")
    print(f"  {'confirmed writes lost':34} {lost}")
    print(f"  {'integrity failures':34} {corrupt}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--faults", type=int, default=500)
    parser.add_argument("--reminders", type=int, default=200)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--seed", type=int, default=20261124)
    args = parser.parse_args()
    fuzz(args.cases, args.seed)
    discord_faults(args.faults, args.seed)
    reminder_faults(args.reminders, args.seed)
    crashes(args.kills, args.seed)


if __name__ == "__main__":
    main()
