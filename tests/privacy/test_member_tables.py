"""Every table that holds a member's rows is covered by /privacy export and delete."""

from __future__ import annotations

from bot.core.app import LiveCoach


async def test_every_table_with_a_user_id_column_is_a_member_table(bot: LiveCoach) -> None:
    db = bot.storage.db
    if db.dialect == "postgres":
        rows = await db.fetch_all(
            "SELECT table_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND column_name = 'user_id'"
        )
        with_user = {str(r[0]) for r in rows}
        assert "sessions" in with_user  # the catalogue query found the schema under test
    else:
        tables = await db.fetch_all("SELECT name FROM sqlite_master WHERE type = 'table'")
        with_user = set()
        for row in tables:
            columns = await db.fetch_all(f"PRAGMA table_info({row['name']})")
            if any(c["name"] == "user_id" for c in columns):
                with_user.add(row["name"])
    missing = with_user - set(bot.storage.MEMBER_TABLES)
    assert not missing, f"tables with a user_id column missing from Storage.MEMBER_TABLES: {sorted(missing)}"
