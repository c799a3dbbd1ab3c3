"""Stats rollups stay equal to a recomputation from the sessions, whatever writes happen.

A hypothesis property applies random logs, imports, edits (including moves across a month
and to another member), deletes, stopped timers, member deletions and server purges through
the storage layer to a real SQLite file; after each sequence the rollups must equal the
sessions summed again (:func:`bot.storage.rollups.drift` is empty), and every stats read
that uses them must equal the same read over the sessions alone.
"""

from __future__ import annotations

import itertools
import shutil
from dataclasses import astuple, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.paths import MIGRATIONS_DIR
from bot.sessions.model.record import SessionRecord, Timer
from bot.storage import Storage
from bot.storage.rollups import month_ceil, month_floor, split
from bot.storage.sessions import SessionRepository
from tests.harness.payloads import GUILD_ID, OTHER_GUILD_ID

GUILDS = (GUILD_ID, OTHER_GUILD_ID)
USERS = (1400000000000000001, 1400000000000000002, 1400000000000000003)
BASE = datetime(2026, 1, 30, 22, 0, tzinfo=UTC)  # near a month's end: moves cross months

guilds = st.sampled_from(GUILDS)
users = st.sampled_from(USERS)
starts = st.integers(min_value=0, max_value=24 * 45).map(lambda h: BASE - timedelta(hours=h, seconds=h % 7))
maybe = st.none() | st.integers(min_value=0, max_value=5000)
records = st.builds(
    lambda guild, user, start, minutes, likes, peak, avg, diamonds, followers: SessionRecord(
        id=None,
        guild_id=guild,
        user_id=user,
        started_at=start,
        duration_minutes=minutes,
        likes=likes,
        peak_viewers=peak,
        avg_viewers=avg,
        diamonds=diamonds,
        new_followers=followers,
    ),
    guilds,
    users,
    starts,
    st.integers(min_value=1, max_value=1440),
    maybe,
    maybe,
    maybe,
    st.integers(min_value=0, max_value=100_000),
    maybe,
)
picks = st.integers(min_value=0, max_value=1000)
ops = st.lists(
    st.one_of(
        st.tuples(st.just("log"), records),
        st.tuples(st.just("import"), st.lists(records, max_size=6)),
        st.tuples(st.just("edit"), picks, records),
        st.tuples(st.just("delete"), picks),
        st.tuples(st.just("timer"), records),
        st.tuples(st.just("delete member"), guilds, users),
        st.tuples(st.just("purge"), guilds),
    ),
    min_size=3,
    max_size=25,
)
seeds = st.lists(records, min_size=4, max_size=12)  # an import first, so edits and deletes have targets

_files = itertools.count()


async def _stored(storage: Storage) -> list[SessionRecord]:
    return [r for g in GUILDS for r in await storage.sessions.all_for_guild(g)]


async def _apply(storage: Storage, op: tuple) -> None:  # type: ignore[type-arg]
    repo = storage.sessions
    kind = op[0]
    if kind == "log":
        await repo.add(op[1])
    elif kind == "import":
        await repo.add_many(op[1])
    elif kind in ("edit", "delete"):
        stored = await _stored(storage)
        if not stored:
            return
        target = stored[op[1] % len(stored)]
        if kind == "delete":
            assert await repo.delete(target.guild_id, target.number or 0)
            return
        # A new start, figures and even owner (an edit never changes the server).
        new = op[2]
        changed = replace(new, id=target.id, guild_id=target.guild_id, number=target.number)
        assert await repo.update(changed)
        if new.user_id != target.user_id:
            await storage.db.execute("UPDATE sessions SET user_id = ? WHERE id = ?", (new.user_id, target.id))
    elif kind == "timer":
        record = op[1]
        timer = await repo.start_timer(record.guild_id, record.user_id, record.started_at, None)
        timer = timer or await repo.get_timer(record.guild_id, record.user_id)
        assert timer is not None
        await repo.finish_timer(timer, replace(record, started_at=timer.started_at))
    elif kind == "delete member":
        await storage.delete_member(op[1], op[2])
    elif kind == "purge":
        await storage.purge_guild(op[1])


async def _raw_rows(repo: SessionRepository, guild_id: int, since: datetime | None, until: datetime | None):  # type: ignore[no-untyped-def]
    return await repo._member_rows(guild_id, since, until)


async def _assert_reads_match(storage: Storage) -> None:
    repo = storage.sessions
    now = BASE + timedelta(days=1)
    periods = [
        (None, None),
        (now - timedelta(days=90), None),
        (BASE - timedelta(days=100, hours=5), BASE - timedelta(days=3, minutes=7)),
        (month_floor(BASE - timedelta(days=61)), month_floor(BASE)),
    ]
    for guild_id in GUILDS:
        for since, until in periods:
            assert await repo.leaderboard_rows(guild_id, since, until=until) == await _raw_rows(
                repo, guild_id, since, until
            )
            for user_id in USERS:
                raw = await repo._member_sums(guild_id, user_id, since, until)
                assert list(astuple(await repo.member_totals(guild_id, user_id, since, until=until))) == raw


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=seeds, steps=ops)
async def test_rollups_equal_a_recomputation_after_any_writes(
    tmp_path: Path,
    seed: list[SessionRecord],
    steps: list[tuple],  # type: ignore[type-arg]
) -> None:
    storage = await Storage.open(tmp_path / f"rollups-{next(_files)}.db")
    try:
        for op in [("import", seed), *steps]:
            await _apply(storage, op)
        assert await storage.rollups.drift() == []
        await _assert_reads_match(storage)
        for guild_id in GUILDS:  # a member deleted for privacy leaves no rollup behind
            for user_id in USERS:
                if not await storage.sessions.count_for_member(guild_id, user_id):
                    assert not await storage.db.fetch_all(
                        "SELECT 1 FROM session_rollups WHERE guild_id = ? AND user_id = ?",
                        (guild_id, user_id),
                    )
    finally:
        await storage.close()


def test_a_period_splits_into_whole_months_and_raw_edges() -> None:
    since, until = datetime(2026, 1, 15, 8, tzinfo=UTC), datetime(2026, 4, 2, tzinfo=UTC)
    part = split(since, until)
    assert part is not None
    assert (part.months_from, part.months_to) == ("2026-02", "2026-04")
    assert part.raw == ((since, datetime(2026, 2, 1, tzinfo=UTC)), (datetime(2026, 4, 1, tzinfo=UTC), until))
    assert (
        split(datetime(2026, 1, 2, tzinfo=UTC), datetime(2026, 1, 30, tzinfo=UTC)) is None
    )  # no whole month
    everything = split(None, None)
    assert everything is not None and everything.raw == () and everything.months_from is None
    assert month_ceil(datetime(2026, 12, 1, 0, 0, 0, 400, tzinfo=UTC)) == datetime(2026, 12, 1, tzinfo=UTC)
    assert month_ceil(datetime(2026, 12, 1, 0, 0, 1, tzinfo=UTC)) == datetime(2027, 1, 1, tzinfo=UTC)


async def _one_session(storage: Storage, user_id: int = USERS[0]) -> SessionRecord:
    return await storage.sessions.add(
        SessionRecord(
            id=None,
            guild_id=GUILD_ID,
            user_id=user_id,
            started_at=BASE,
            duration_minutes=90,
            likes=1200,
            peak_viewers=40,
            avg_viewers=None,
            diamonds=300,
            new_followers=None,
        )
    )


async def test_drift_names_a_corrupted_a_missing_and_an_orphan_rollup(tmp_path: Path) -> None:
    storage = await Storage.open(tmp_path / "drift.db")
    try:
        await _one_session(storage)
        await _one_session(storage, USERS[1])
        assert await storage.rollups.drift() == []
        await storage.db.execute(
            "UPDATE session_rollups SET diamonds = diamonds + 1 WHERE user_id = ?", (USERS[0],)
        )
        await storage.db.execute("DELETE FROM session_rollups WHERE user_id = ?", (USERS[1],))
        await storage.db.execute(
            "INSERT INTO session_rollups VALUES (?, ?, '2020-01', 1, 1, 1, 1, 1, 1, 1, 1, 1)",
            (GUILD_ID, USERS[2]),
        )
        found = {(d.user_id, d.month): d for d in await storage.rollups.drift()}
        assert set(found) == {(USERS[0], "2026-01"), (USERS[1], "2026-01"), (USERS[2], "2020-01")}
        wrong = found[(USERS[0], "2026-01")]
        assert wrong.stored is not None and wrong.expected is not None
        assert wrong.stored[3] == wrong.expected[3] + 1  # diamonds
        assert "no rollup for 1 session" in found[(USERS[1], "2026-01")].describe()
        assert "that do not exist" in found[(USERS[2], "2020-01")].describe()
        assert await storage.rollups.rebuild() == 4  # 2 months and 2 totals
        assert await storage.rollups.drift() == []
    finally:
        await storage.close()


async def test_migration_0010_backfills_the_sessions_already_stored(tmp_path: Path) -> None:
    # A database as it was before the rollups: migrated only up to 0009, with sessions in it.
    before = tmp_path / "migrations-0009"
    before.mkdir()
    for sql in sorted(MIGRATIONS_DIR.glob("*.sql")):
        if int(sql.name[:4]) <= 9:
            shutil.copy(sql, before / sql.name)
    path = tmp_path / "old.db"
    storage = await Storage.open(path, migrations_dir=before)
    await _one_session(storage)
    await _one_session(storage)
    await storage.close()
    storage = await Storage.open(path)
    try:
        rows = await storage.db.fetch_all("SELECT user_id, month, sessions, diamonds FROM session_rollups")
        assert [tuple(r) for r in rows] == [(USERS[0], "2026-01", 2, 600)]
        totals = await storage.db.fetch_all("SELECT user_id, sessions, likes FROM session_totals")
        assert [tuple(r) for r in totals] == [(USERS[0], 2, 2400)]
        assert await storage.rollups.drift() == []
    finally:
        await storage.close()


async def test_a_timer_stopped_twice_counts_once(tmp_path: Path) -> None:
    storage = await Storage.open(tmp_path / "timer.db")
    try:
        repo = storage.sessions
        timer = await repo.start_timer(GUILD_ID, USERS[0], BASE, None)
        assert timer is not None
        record = SessionRecord(
            id=None,
            guild_id=GUILD_ID,
            user_id=USERS[0],
            started_at=BASE,
            duration_minutes=30,
            likes=None,
            peak_viewers=None,
            avg_viewers=None,
            diamonds=5,
            new_followers=None,
        )
        assert await repo.finish_timer(timer, record) is not None
        assert await repo.finish_timer(Timer(GUILD_ID, USERS[0], BASE, None), record) is None
        rows = await storage.db.fetch_all("SELECT sessions, likes, peak_sessions FROM session_rollups")
        assert [tuple(r) for r in rows] == [(1, 0, 0)]
    finally:
        await storage.close()
