"""/stats on 1,000,000 sessions: PostgreSQL beside SQLite, measured in the same run.

The same fixture (bench_stats.py's generator: one server, 1,000,000 sessions over three years,
1,000 members) is loaded into a SQLite file and into a fresh PostgreSQL schema, both created by
the real migrations. Then a real ``LiveCoach`` on each engine answers the same commands through
the real command tree against a loopback fake Discord, timed from payload in to the last
request out, beside the raw aggregate query on that engine.

Run from the project root (not in CI), with a throw-away PostgreSQL::

    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:55432/postgres \\
        .venv/bin/python bench/bench_engines.py [--sessions 1000000] [--members 1000]

Goal (issue 15): ``/stats server period:all`` p50 on PostgreSQL within 2 × SQLite's. Exits 1
when a goal fails.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import asyncpg
import discord

from bench.bench_stats import FAKE_TOKEN, SERVER_ALL_SQL, dispatch_times, line, pct, raw_times
from bench.fixture import FIRST_MEMBER, build
from bot.core.app import LiveCoach
from bot.core.config import Secret, Settings
from bot.storage import Storage
from bot.storage.postgres import translate
from tests.harness.dispatch import Harness
from tests.harness.fake_discord import FakeDiscord
from tests.harness.payloads import GUILD_ID, Actor, Payloads

RATIO_LIMIT = 2.0


async def build_postgres(url: str, sqlite_path: Path) -> None:
    """The SQLite fixture's rows, copied into a schema the real PostgreSQL migrations made.

    The rollup triggers are off during the bulk insert and the rollups are rebuilt from the
    sessions once afterwards (``python -m bot check --rebuild-rollups`` does the same).
    """
    pg = await Storage.connect(url)
    source = await Storage.open(sqlite_path)
    try:
        for table in ("sessions", "session_numbers", "member_settings"):
            rows = await source.db.fetch_all(f"SELECT * FROM {table}")
            if not rows:
                continue
            columns = [c for c in rows[0].keys() if c != "id"]  # noqa: SIM118 - a Row iterates its values
            insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
            async with pg.db.transaction() as tx:
                if table == "sessions":
                    await tx.execute("ALTER TABLE sessions DISABLE TRIGGER USER")
                await tx.executemany(insert, [tuple(row[c] for c in columns) for row in rows])
                if table == "sessions":
                    await tx.execute("ALTER TABLE sessions ENABLE TRIGGER USER")
        await pg.rollups.rebuild()
        await pg.db.execute("ANALYZE")
    finally:
        await source.close()
        await pg.close()


async def raw_postgres_times(url: str, sql: str, params: tuple[Any, ...], iterations: int) -> list[float]:
    conn = await asyncpg.connect(url)
    try:
        statement = translate(sql)
        await conn.fetch(statement, *params)
        samples = []
        for _ in range(iterations):
            started = time.perf_counter()
            await conn.fetch(statement, *params)
            samples.append((time.perf_counter() - started) * 1000)
        return samples
    finally:
        await conn.close()


async def measure(
    settings: Settings, cases: list[tuple[str, Callable[[Payloads, int], dict[str, Any]], int, str]]
) -> dict[str, list[float]]:
    fake = FakeDiscord(validate=False)
    await fake.start()
    bot = LiveCoach(replace(settings, api_base=fake.api_base), background=False)
    await bot.login(FAKE_TOKEN)
    try:
        harness, payloads = Harness(bot, fake), Payloads(bot.tree)
        found = {}
        for offset, (name, make, n, expect) in enumerate(cases):
            found[name] = await dispatch_times(
                harness, lambda i, m=make, o=offset: m(payloads, o * 100_000 + i), n, expect
            )
        return found
    finally:
        await bot.close()
        await fake.stop()


def invoker(i: int) -> Actor:  # a fresh invoker each time: no cooldown in the way
    return Actor(1600000000000000000 + i + 1000)


async def run(url: str, sessions: int, members: int, iterations: int) -> int:
    logging.basicConfig(level=logging.WARNING)
    discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False  # the bot never joins voice
    now = datetime.now(UTC)
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(url)
    await admin.execute(f'CREATE SCHEMA "{schema}"')
    pg_url = f"{url}{'&' if '?' in url else '?'}search_path={schema}"
    failures: list[str] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bench.db"
            started = time.perf_counter()
            await build(path, sessions=sessions, members=members, now=now)
            print(
                f"SQLite fixture: {sessions:,} sessions, {members:,} members in {time.perf_counter() - started:.1f} s"
            )
            started = time.perf_counter()
            await build_postgres(pg_url, path)
            version = await admin.fetchval("SHOW server_version")
            print(f"PostgreSQL {version} fixture: the same rows in {time.perf_counter() - started:.1f} s")

            # (name, payload, iterations, a word the answer with figures has: not a refusal)
            cases: list[tuple[str, Callable[[Payloads, int], dict[str, Any]], int, str]] = [
                (
                    "/stats server period:all",
                    lambda p, i: p.slash("stats server", invoker(i), period="all"),
                    max(5, iterations // 20),
                    "Leaderboard",
                ),
                (
                    "/stats server 30d",
                    lambda p, i: p.slash("stats server", invoker(i)),
                    iterations,
                    "Leaderboard",
                ),
                (
                    "/stats member 30d (no chart)",
                    lambda p, i: p.slash("stats member", invoker(i), member=FIRST_MEMBER + 1, chart=False),
                    iterations,
                    "Sessions",
                ),
            ]
            base = Settings(token=Secret(FAKE_TOKEN), database_path=path, log_level="WARNING")
            sqlite_times = await measure(base, cases)
            pg_times = await measure(
                Settings(
                    token=Secret(FAKE_TOKEN), database_path=path, database_url=pg_url, log_level="WARNING"
                ),
                cases,
            )
            n_all = max(5, iterations // 20)
            raw_sqlite = raw_times(path, SERVER_ALL_SQL, (GUILD_ID,), n_all)
            raw_pg = await raw_postgres_times(pg_url, SERVER_ALL_SQL, (GUILD_ID,), n_all)

        print("\nIn-process dispatch (payload → harness → reply), the same commands on each engine:")
        for name, *_ in cases:
            ratio = pct(pg_times[name], 0.5) / pct(sqlite_times[name], 0.5)
            print(line(f"{name} — SQLite", sqlite_times[name]))
            print(line(f"{name} — PostgreSQL", pg_times[name]))
            goal = f"(goal ≤ {RATIO_LIMIT} ×)" if name == "/stats server period:all" else ""
            print(f"  {'  ratio p50 PostgreSQL / SQLite':<44} {ratio:8.2f} ×   {goal}")
            if name == "/stats server period:all" and ratio > RATIO_LIMIT:
                failures.append(f"{name}: PostgreSQL {ratio:.2f} × SQLite (goal ≤ {RATIO_LIMIT} ×)")
        print(line("raw server-wide aggregate, all time — SQLite", raw_sqlite))
        print(line("raw server-wide aggregate, all time — PostgreSQL", raw_pg))
    finally:
        await admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
        await admin.close()
    print("\nGoals:", "all met" if not failures else "; ".join(failures))
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sessions", type=int, default=1_000_000)
    parser.add_argument("--members", type=int, default=1_000)
    parser.add_argument("--iterations", type=int, default=100)
    parser.add_argument("--postgres", default=os.environ.get("BENCH_DATABASE_URL", ""))
    args = parser.parse_args(argv)
    if not args.postgres:
        print("Set BENCH_DATABASE_URL (or --postgres) to a throw-away PostgreSQL server.", file=sys.stderr)
        return 2
    return asyncio.run(run(args.postgres, args.sessions, args.members, args.iterations))


if __name__ == "__main__":
    sys.exit(main())
