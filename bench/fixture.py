"""Build a LiveCoach database of a given size through the storage layer, for benchmarks.

::

    .venv/bin/python -m bench.fixture --sessions 1000000 --members 1000 --reminders 10000 --out /tmp/big.db

Everything is written through ``bot.storage`` (the real migrations, the real insert with its
number and rollup triggers), in large import transactions (``SessionRepository.add_many``):
1,000,000 sessions take about a minute. The server is ``tests.harness.payloads.GUILD_ID``;
its members are ``FIRST_MEMBER + i``, with sessions spread over the three years before
``now`` (20 minutes to 4 hours each, random likes, peak viewers and diamonds; blanks in
about one in ten). Nine members in ten share their figures (``/stats server`` shows them);
``FIRST_MEMBER + 1`` always does, so any member may read its ``/stats member``. One session
sits in ``OTHER_GUILD_ID``, which no query of the main server may count. Reminders are
server-wide, 25 per server (the bot's cap) in servers ``REMINDER_GUILD + k``, at spread
times, days and zones. The same arguments and seed build the same data.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.reminders.model.reminder import NewReminder
from bot.sessions.model.record import SessionRecord
from bot.stats.model.sharing import Sharing
from bot.storage import Storage
from tests.harness.payloads import GUILD_ID, OTHER_GUILD_ID

FIRST_MEMBER = 1400000000000001000
REMINDER_GUILD = 1200000000000100000
REMINDER_CHANNEL = 1300000000000100000
REMINDERS_PER_SERVER = 25
SPAN = timedelta(days=3 * 365)
CHUNK = 50_000
ZONES = ("UTC", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Sydney", "Asia/Tokyo")


@dataclass(frozen=True, slots=True)
class Fixture:
    path: Path
    sessions: int
    members: int
    reminders: int
    now: datetime
    seconds: float

    @property
    def target(self) -> int:
        """A member with sessions who shares their figures."""
        return FIRST_MEMBER + 1


def _sessions(count: int, members: int, now: datetime, rng: random.Random) -> Iterator[SessionRecord]:
    span = int(SPAN.total_seconds())
    for _ in range(count):
        likes = rng.randint(0, 60_000)
        yield SessionRecord(
            id=None,
            guild_id=GUILD_ID,
            user_id=FIRST_MEMBER + rng.randrange(members),
            started_at=now - timedelta(seconds=rng.randint(600, span)),
            duration_minutes=rng.randint(20, 240),
            likes=None if rng.random() < 0.1 else likes,
            peak_viewers=None if rng.random() < 0.1 else rng.randint(1, 800),
            avg_viewers=None if rng.random() < 0.5 else rng.randint(1, 300),
            diamonds=int(likes * rng.uniform(0.01, 0.2)),
            new_followers=None if rng.random() < 0.3 else rng.randint(0, 50),
        )


def _reminders(count: int) -> Iterator[list[NewReminder]]:
    for server in range((count + REMINDERS_PER_SERVER - 1) // REMINDERS_PER_SERVER):
        first = server * REMINDERS_PER_SERVER
        yield [
            NewReminder(
                guild_id=REMINDER_GUILD + server,
                channel_id=REMINDER_CHANNEL + n // 4,
                days=frozenset({n % 7, (n + 3) % 7}),
                at=dtime(n % 24, (n * 7) % 60),
                timezone=ZONES[n % len(ZONES)],
                created_by=FIRST_MEMBER,
                lead_minutes=(n % 4) * 15,
                role_id=1500000000000000001 if n % 2 else None,
                message=f"reminder n{n}",
            )
            for n in range(first, min(count, first + REMINDERS_PER_SERVER))
        ]


async def build(
    path: Path,
    *,
    sessions: int,
    members: int,
    reminders: int = 0,
    now: datetime | None = None,
    seed: int = 7,
) -> Fixture:
    """Create ``path`` (which must not exist) holding the data described in the module docstring."""
    if path.exists():  # noqa: ASYNC240 - before anything runs; nothing else waits on the loop
        raise FileExistsError(f"{path} exists already: the fixture tool builds a new database")
    if members < 2 and sessions:
        raise ValueError("the fixture needs at least 2 members")
    now = now or datetime.now(UTC)
    started = time.perf_counter()
    rng = random.Random(seed)
    storage = await Storage.open(path)
    try:
        chunk: list[SessionRecord] = []
        for record in _sessions(sessions, members, now, rng):
            chunk.append(record)
            if len(chunk) == CHUNK:
                await storage.sessions.add_many(chunk)
                chunk = []
        await storage.sessions.add_many(chunk)
        await storage.sessions.add(  # another server, never counted in GUILD_ID's figures
            SessionRecord(
                None, OTHER_GUILD_ID, FIRST_MEMBER, now - timedelta(hours=3), 60, 1, 1, None, 1, None
            )
        )
        for i in range(members):
            shares = i == 1 or rng.random() < 0.9
            await storage.members.set_sharing(
                GUILD_ID, FIRST_MEMBER + i, Sharing(figures="server" if shares else "me")
            )
        for batch in _reminders(reminders):
            added = await storage.reminders.add_many(batch, now, REMINDERS_PER_SERVER)
            assert added is not None
        await storage.db.execute("ANALYZE")
    finally:
        await storage.close()
    return Fixture(path, sessions, members, reminders, now, time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.fixture", description="Build a LiveCoach database for benchmarks."
    )
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument("--members", type=int, default=1_000)
    parser.add_argument("--reminders", type=int, default=0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True, help="the database file to create")
    args = parser.parse_args(argv)
    try:
        built = asyncio.run(
            build(
                args.out,
                sessions=args.sessions,
                members=args.members,
                reminders=args.reminders,
                seed=args.seed,
            )
        )
    except (FileExistsError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 2
    print(
        f"{built.path}: {built.sessions:,} sessions of {built.members:,} members in server {GUILD_ID}, "
        f"{built.reminders:,} reminders, built in {built.seconds:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
