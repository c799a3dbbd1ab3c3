"""Goals, sharing choices, leaderboard posts and session numbers on a real SQLite file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.core.paths import MIGRATIONS_DIR
from bot.stats.model.goals import make_goal
from bot.stats.model.sharing import PRIVATE, Sharing
from bot.storage import Storage
from bot.storage.database import Database

G1, G2, U1, U2 = 11, 22, 101, 202


async def insert_session(db: Database, guild_id: int, user_id: int = U1, peak: int = 5) -> int:
    async with db.transaction() as tx:
        new_id = await tx.fetch_value(
            "INSERT INTO sessions (guild_id, user_id, started_at, duration_min, likes, peak_viewers, diamonds, "
            "created_at, updated_at) VALUES (?, ?, '2026-11-01T20:00:00+00:00', 60, 10, ?, 5, "
            "'2026-11-01T21:00:00+00:00', '2026-11-01T21:00:00+00:00') RETURNING id",
            (guild_id, user_id, peak),
        )
    return int(new_id)


async def number_of(db: Database, session_id: int) -> int:
    return int(await db.fetch_value("SELECT number FROM sessions WHERE id = ?", (session_id,)))


async def test_goals_are_set_replaced_listed_and_cleared_per_member_and_server(storage: Storage) -> None:
    await storage.goals.set(G1, U1, make_goal("hours", "month", 40))
    await storage.goals.set(G1, U1, make_goal("diamonds", "week", 5000))
    await storage.goals.set(G1, U1, make_goal("diamonds", "week", 7000))  # replaces
    await storage.goals.set(G2, U1, make_goal("diamonds", "month", 1))
    await storage.goals.set(G1, U2, make_goal("hours", "week", 3))
    goals = await storage.goals.for_member(G1, U1)
    assert [(g.metric, g.period, g.target) for g in goals] == [
        ("diamonds", "week", 7000),
        ("hours", "month", 2400),
    ]
    assert await storage.goals.clear(G1, U1, "hours") == 1
    assert [g.metric for g in await storage.goals.for_member(G1, U1)] == ["diamonds"]
    assert await storage.goals.clear(G1, U1) == 1
    assert await storage.goals.for_member(G1, U1) == []
    assert len(await storage.goals.for_member(G2, U1)) == 1  # another server's goal is untouched
    assert len(await storage.goals.for_member(G1, U2)) == 1


async def test_the_database_refuses_a_goal_of_zero_even_past_the_model(storage: Storage) -> None:
    with pytest.raises(storage.db.integrity_errors, match=r"(?i)check"):
        await storage.db.execute(
            "INSERT INTO member_goals VALUES (?, ?, 'diamonds', 'week', 0, '2026-11-01T21:00:00+00:00')",
            (G1, U1),
        )


async def test_sharing_defaults_protect_the_member_and_choices_are_kept(storage: Storage) -> None:
    assert await storage.members.sharing(G1, U1) == PRIVATE
    await storage.members.set_timezone(G1, U1, "Europe/Paris")
    assert await storage.members.sharing(G1, U1) == PRIVATE  # a zone row alone shares nothing
    chosen = Sharing(card="server", figures="me", show_money=True)
    await storage.members.set_sharing(G1, U1, chosen)
    assert await storage.members.sharing(G1, U1) == chosen
    assert await storage.members.timezone(G1, U1) == "Europe/Paris"  # the zone is kept
    assert await storage.members.sharing(G2, U1) == PRIVATE
    assert await storage.members.sharing_for(G1, [U1, U2]) == {U1: chosen, U2: PRIVATE}


async def test_leaderboard_posts_are_claimed_once_per_period(storage: Storage) -> None:
    await storage.leaderboard_posts.set(G1, "week", 555, "diamonds", U1, "2026-W48")
    (post,) = await storage.leaderboard_posts.due("week")
    assert (post.channel_id, post.last_period) == (555, "2026-W48")
    assert await storage.leaderboard_posts.mark_posted(G1, "week", "2026-W49", post.last_period)
    assert not await storage.leaderboard_posts.mark_posted(G1, "week", "2026-W49", post.last_period)
    assert await storage.leaderboard_posts.due("month") == []
    assert await storage.leaderboard_posts.remove(G1, "week")
    assert not await storage.leaderboard_posts.remove(G1, "week")


async def test_purge_and_member_delete_cover_the_new_tables(storage: Storage) -> None:
    await storage.goals.set(G1, U1, make_goal("hours", "week", 2))
    await storage.members.set_sharing(G1, U1, Sharing("server", "server", True))
    await storage.leaderboard_posts.set(G1, "month", 555, "hours", U1, "2026-11")
    assert "member_goals" in Storage.MEMBER_TABLES
    exported = await storage.export_member(G1, U1)
    assert exported["member_goals"][0]["target"] == 120
    removed = await storage.delete_member(G1, U1)
    assert removed["member_goals"] == 1 and removed["member_settings"] == 1
    assert await storage.members.sharing(G1, U1) == PRIVATE
    await storage.goals.set(G1, U1, make_goal("hours", "week", 2))
    purged = await storage.purge_guild(G1)
    assert purged["goals"] == 1 and purged["leaderboard posts"] == 1
    assert await storage.leaderboard_posts.for_guild(G1) == []


async def test_session_numbers_are_per_server_and_never_reused(storage: Storage) -> None:
    db = storage.db
    a1, a2 = await insert_session(db, G1), await insert_session(db, G1)
    b1 = await insert_session(db, G2)
    assert [await number_of(db, i) for i in (a1, a2, b1)] == [1, 2, 1]  # server B starts at #1
    await db.execute("DELETE FROM sessions WHERE id = ?", (a2,))
    a3 = await insert_session(db, G1)
    assert await number_of(db, a3) == 3  # #2 was deleted and is not handed out again
    with pytest.raises(db.integrity_errors, match=r"(?i)unique|duplicate key"):
        await db.execute("UPDATE sessions SET number = 1 WHERE id = ?", (a3,))


async def test_migrating_an_existing_database_numbers_sessions_and_keeps_blanks_unknown(
    tmp_path: Path,
) -> None:
    old = tmp_path / "old-migrations"
    old.mkdir()
    for path in sorted(MIGRATIONS_DIR.glob("*.sql"))[:5]:
        shutil.copy(path, old / path.name)
    path = tmp_path / "m.db"
    db = await Database.open(path, migrations_dir=old)
    ids = [
        await insert_session(db, G1),
        await insert_session(db, G2, peak=0),
        await insert_session(db, G1, peak=0),
    ]
    await db.execute(
        "INSERT INTO member_settings VALUES (?, ?, 'Asia/Tokyo', '2026-11-01T21:00:00+00:00')", (G1, U1)
    )
    await db.close()

    db = await Database.open(path)  # the real migrations, from version 5 on
    try:
        assert [await number_of(db, i) for i in ids] == [1, 1, 2]
        peaks = [r[0] for r in await db.fetch_all("SELECT peak_viewers FROM sessions ORDER BY id")]
        assert peaks == [5, None, None]  # a stored 0 was a blank field: now unknown
        assert await db.fetch_value("SELECT last_number FROM session_numbers WHERE guild_id = ?", (G1,)) == 2
        row = await db.fetch_one(
            "SELECT timezone, card_visibility, figures_visibility, show_money FROM member_settings"
        )
        assert tuple(row) == ("Asia/Tokyo", "me", "me", 0)  # type: ignore[arg-type]
        new = await insert_session(db, G1)
        assert await number_of(db, new) == 3
        assert await db.integrity_check() == "ok"
    finally:
        await db.close()
