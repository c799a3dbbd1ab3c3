"""SessionRepository against a real SQLite file: CRUD, timers, SQL aggregates equal the domain's."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bot.sessions.model.record import SessionRecord, validate_session
from bot.stats.model.summary import (
    bucket_dates,
    build_summary,
    member_streak,
    period_start,
    summarize,
    trend,
    trend_boundaries,
    trend_points,
)
from bot.storage import Storage
from bot.storage.sessions import STREAK_SQL
from tests.harness.engines import OpenStorage

G1, G2 = 1, 2
U1, U2 = 10, 20
NOW = datetime(2026, 11, 20, 18, 0, 30, tzinfo=UTC)


def record(
    guild: int = G1, user: int = U1, ago: timedelta = timedelta(hours=3), **values: object
) -> SessionRecord:
    base: dict[str, object] = {"duration_minutes": 60, "likes": 1000, "peak_viewers": 10, "diamonds": 100}
    base.update(values)
    return validate_session(guild_id=guild, user_id=user, started_at=NOW - ago, now=NOW, **base)  # type: ignore[arg-type]


async def test_add_get_update_delete_round_trip(storage: Storage) -> None:
    repo = storage.sessions
    saved = await repo.add(
        record(gifts=[(5655, 2), ("My Gift", 3)], note="great", avg_viewers=5, new_followers=7)
    )
    assert saved.id is not None
    assert await repo.get(G1, saved.id) == saved
    assert await repo.get(G2, saved.id) is None
    changed = SessionRecord(**{**{f: getattr(saved, f) for f in saved.__slots__}, "likes": 5})  # type: ignore[attr-defined]
    assert await repo.update(changed)
    assert (await repo.get(G1, saved.id)).likes == 5  # type: ignore[union-attr]
    wrong_server = SessionRecord(**{**{f: getattr(saved, f) for f in saved.__slots__}, "guild_id": G2})  # type: ignore[attr-defined]
    assert not await repo.update(wrong_server)
    assert not await repo.delete(G2, saved.id)
    assert await repo.delete(G1, saved.id)
    assert await repo.get(G1, saved.id) is None


async def test_lists_and_counts_are_per_server_and_member(storage: Storage) -> None:
    repo = storage.sessions
    for day in range(5):
        await repo.add(record(ago=timedelta(days=day + 1), diamonds=day))
    await repo.add(record(user=U2))
    await repo.add(record(guild=G2))
    page = await repo.list_for_member(G1, U1, limit=2, offset=1)
    assert [r.diamonds for r in page] == [1, 2]  # newest first
    assert await repo.count_for_member(G1, U1) == 5
    assert await repo.count_for_guild(G1) == 6
    assert await repo.count_for_guild(G2) == 1
    assert len(await repo.all_for_guild(G1)) == 6


async def test_likes_pairs_and_peak_samples(storage: Storage) -> None:
    repo = storage.sessions
    await repo.add(record(ago=timedelta(days=2), likes=0, diamonds=50))
    await repo.add(record(ago=timedelta(days=1), likes=2000, diamonds=80, duration_minutes=45))
    await repo.add(record(guild=G2, likes=999, diamonds=1))
    assert await repo.likes_diamonds_pairs(G1) == [(2000, 80)]
    assert await repo.likes_diamonds_pairs(G1, since=NOW - timedelta(hours=1)) == []
    samples = await repo.peak_samples(G1)
    assert samples == [
        (NOW.replace(microsecond=0) - timedelta(days=2), 60, 0, 50),
        (NOW.replace(microsecond=0) - timedelta(days=1), 45, 2000, 80),
    ]
    assert all(s[0].tzinfo is UTC for s in samples)


async def test_timers_survive_a_restart_and_finish_once(open_storage: OpenStorage) -> None:
    first = await open_storage()
    started = NOW - timedelta(minutes=90)
    assert await first.sessions.start_timer(G1, U1, started, 123) is not None
    assert await first.sessions.start_timer(G1, U1, NOW, 123) is None
    await first.close()
    second = await open_storage()  # a restart: the same database
    try:
        timer = await second.sessions.get_timer(G1, U1)
        assert (
            timer is not None
            and timer.started_at == started.replace(microsecond=0)
            and timer.channel_id == 123
        )
        assert await second.sessions.get_timer(G2, U1) is None
        done = record(ago=timedelta(minutes=90), duration_minutes=90)
        saved = await second.sessions.finish_timer(timer, done)
        assert saved is not None and saved.id is not None
        assert await second.sessions.finish_timer(timer, done) is None
        assert await second.sessions.count_for_member(G1, U1) == 1
    finally:
        await second.close()


async def test_member_data_delete_and_server_purge(storage: Storage) -> None:
    repo = storage.sessions
    for _ in range(2):
        await repo.add(record())
    await repo.add(record(user=U2))
    await repo.add(record(guild=G2))
    await repo.start_timer(G1, U1, NOW, None)
    await repo.start_timer(G2, U1, NOW, None)
    expected = {table: 0 for table in storage.MEMBER_TABLES} | {"sessions": 2, "session_timers": 1}
    assert await storage.delete_member(G1, U1) == expected
    assert await repo.count_for_guild(G1) == 1
    assert await repo.purge_guild(G1) == (1, 0)
    assert await repo.count_for_guild(G2) == 1 and await repo.get_timer(G2, U1) is not None


@pytest.mark.parametrize("zone_name", ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"])
@pytest.mark.parametrize("period", ["7d", "30d", "90d", "all"])
async def test_sql_aggregates_match_the_domain(storage: Storage, zone_name: str, period: str) -> None:
    """The stats commands sum in SQL; the figures must equal bot.stats.model.summary on the same records."""
    zone = ZoneInfo(zone_name)
    rng = random.Random(f"{zone_name}{period}")
    repo = storage.sessions
    mine: list[SessionRecord] = []
    for _ in range(80):
        peak = rng.randint(0, 500)
        r = record(
            ago=timedelta(minutes=rng.randint(0, 200 * 24 * 60)),
            duration_minutes=rng.randint(1, 600),
            likes=rng.randint(0, 50_000),
            diamonds=rng.randint(0, 20_000),
            peak_viewers=peak,
            avg_viewers=rng.choice([None, rng.randint(0, peak)]),
            new_followers=rng.choice([None, rng.randint(0, 50)]),
        )
        mine.append(await repo.add(r))
    await repo.add(record(user=U2, diamonds=10**6))
    await repo.add(record(guild=G2, diamonds=10**6))
    since = period_start(period, NOW)
    rate = Decimal("0.005")

    expected = summarize(mine, rate, NOW, zone, since=since)
    totals = await repo.member_totals(G1, U1, since)
    best = await repo.best_session(G1, U1, since)
    streak = member_streak(await repo.start_times(G1, U1), NOW, zone)
    assert build_summary(totals, best, streak, rate) == expected
    assert await repo.streak_weeks(G1, U1, NOW, zone) == streak

    edges = trend_boundaries(period, NOW, zone, await repo.first_start(G1, U1))
    sums = await repo.bucket_sums(G1, edges, U1)
    assert trend_points(period, edges, zone, sums) == trend(mine, zone, period, now=NOW)
    assert bucket_dates(period, edges, zone) == [p.bucket for p in trend(mine, zone, period, now=NOW)]

    rows = await repo.leaderboard_rows(G1, since)
    chosen = [r for r in mine if since is None or r.started_at >= since]
    mine_row = next((r for r in rows if r[0] == U1), (U1, 0, 0, 0, 0))
    assert mine_row == (
        U1,
        len(chosen),
        sum(r.duration_minutes for r in chosen),
        sum(r.likes for r in chosen),
        sum(r.diamonds for r in chosen),
    )


async def test_stats_queries_use_the_covering_indexes(storage: Storage) -> None:
    if storage.db.dialect != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's; PostgreSQL's plans follow table statistics instead")
    plans = {
        "member": "SELECT COUNT(*), SUM(duration_min), SUM(likes), SUM(diamonds) FROM sessions "
        "WHERE guild_id = 1 AND user_id = 2 AND started_at >= '2026'",
        "server": "SELECT user_id, COUNT(*), SUM(duration_min), SUM(likes), SUM(diamonds) FROM sessions "
        "WHERE guild_id = 1 AND started_at >= '2026' GROUP BY user_id",
    }
    for name, sql in plans.items():
        rows = await storage.db.fetch_all("EXPLAIN QUERY PLAN " + sql)
        detail = " ".join(str(r["detail"]) for r in rows)
        assert "USING COVERING INDEX" in detail, (name, detail)
    # The streak walk: every week's probe is a range seek in the member index, never a scan.
    rows = await storage.db.fetch_all("EXPLAIN QUERY PLAN " + STREAK_SQL["sqlite"], (1, 2, b"", 2))
    probes = [str(r["detail"]) for r in rows if "sessions" in str(r["detail"])]
    assert len(probes) == 3 and all(
        p.startswith("SEARCH sessions USING COVERING INDEX sessions_by_member")
        and "(guild_id=? AND user_id=? AND started_at>? AND started_at<?)" in p
        for p in probes
    ), probes


async def test_model_queries_can_keep_only_the_most_recent_sessions(storage: Storage) -> None:
    from bot.sessions.model.record import SessionRecord

    start = datetime(2026, 1, 1, tzinfo=UTC)
    for i in range(1, 8):
        await storage.sessions.add(
            SessionRecord(None, 1, 2, start + timedelta(days=i), 60, 1000 * i, 5, None, 10 * i, None)
        )
    await storage.sessions.add(SessionRecord(None, 9, 2, start, 60, 99, 5, None, 99, None))  # other server
    assert await storage.sessions.likes_diamonds_pairs(1, latest=3) == [
        (5000, 50),
        (6000, 60),
        (7000, 70),
    ]
    assert len(await storage.sessions.likes_diamonds_pairs(1)) == 7
    recent = await storage.sessions.peak_samples(1, latest=2)
    assert [likes for _, _, likes, _ in recent] == [6000, 7000]
    assert len(await storage.sessions.peak_samples(1)) == 7
