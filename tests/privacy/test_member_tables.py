"""Every table that holds a member's rows is covered by /privacy export and delete."""

from __future__ import annotations

from typing import Any

from bot.core.app import LiveCoach
from bot.storage.database import Database
from tests.harness.payloads import GUILD_ID, OTHER_GUILD_ID


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


# Values for columns whose CHECK rules a generic value would break.
_VALUES: dict[str, object] = {
    "days": "0,1",
    "local_time": "19:00",
    "timezone": "UTC",
    "status": "sent",
    "notify": "dm",
    "handle": "nova.lives",
    "metric": "diamonds",
    "period": "week",
    "coins": 5,
    "target": 10,
    "duration_min": 60,
}


def _value(column: str, kind: str, guild_id: int) -> object:
    if column == "guild_id":
        return guild_id
    if column in _VALUES:
        return _VALUES[column]
    if kind.upper() in ("INTEGER", "BIGINT", "SMALLINT"):
        return 1
    if column.endswith("_at") or kind == "timestamp with time zone":
        return "2026-01-01T00:00:00+00:00"
    return "x"


async def _tables(db: Database) -> list[str]:
    if db.dialect == "postgres":
        sql = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
    return [str(r[0]) for r in await db.fetch_all(sql)]


async def _columns(db: Database, table: str) -> list[dict[str, Any]]:
    """name, type, required (NOT NULL without a default, or in the key) and auto (the engine numbers it)."""
    if db.dialect == "postgres":
        rows = await db.fetch_all(
            "SELECT c.column_name, c.data_type, c.is_nullable = 'NO' AND c.column_default IS NULL "
            "AND c.is_identity = 'NO', c.is_identity = 'YES', EXISTS (SELECT 1 FROM "
            "information_schema.table_constraints t JOIN information_schema.key_column_usage k "
            "ON k.constraint_name = t.constraint_name AND k.constraint_schema = t.constraint_schema "
            "WHERE t.table_schema = c.table_schema AND t.table_name = c.table_name "
            "AND t.constraint_type = 'PRIMARY KEY' AND k.column_name = c.column_name) "
            "FROM information_schema.columns c WHERE c.table_schema = current_schema() AND c.table_name = ? "
            "ORDER BY c.ordinal_position",
            (table,),
        )
        return [{"name": r[0], "type": r[1], "required": r[2] or r[4], "auto": r[3]} for r in rows]
    rows = await db.fetch_all(f"PRAGMA table_info({table})")
    single_key = sum(r["pk"] > 0 for r in rows) == 1  # an INTEGER PRIMARY KEY alone is the rowid
    return [
        {
            "name": r["name"],
            "type": r["type"],
            "required": bool((r["notnull"] and r["dflt_value"] is None) or r["pk"]),
            "auto": bool(r["pk"] and single_key),
        }
        for r in rows
    ]


async def test_the_retention_purge_empties_every_table_with_a_guild_id(bot: LiveCoach) -> None:
    """One row per server in every table that has a guild_id; the purge leaves none of one server's."""
    db = bot.storage.db
    scoped: list[str] = []
    for table in await _tables(db):
        columns = await _columns(db, table)
        if not any(c["name"] == "guild_id" for c in columns):
            continue
        scoped.append(table)
        for guild_id in (GUILD_ID, OTHER_GUILD_ID):
            names = [
                c["name"] for c in columns if c["name"] == "guild_id" or (c["required"] and not c["auto"])
            ]
            kinds = {c["name"]: c["type"] for c in columns}
            values = [_value(n, kinds[n], guild_id) for n in names]
            await db.execute(
                f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)}) "
                "ON CONFLICT DO NOTHING",
                values,
            )
    assert {"reminder_events", "golive_settings", "creator_profiles", "follows"} <= set(scoped)
    for table in scoped:  # (a row breaking a rule raises: give its column a value above)
        count = await db.fetch_value(f"SELECT count(*) FROM {table} WHERE guild_id = ?", (OTHER_GUILD_ID,))
        assert count == 1, f"no row could be stored in {table}: add its column to _VALUES"
    await bot.storage.purge_guild(GUILD_ID)
    for table in scoped:
        left = await db.fetch_value(f"SELECT count(*) FROM {table} WHERE guild_id = ?", (GUILD_ID,))
        kept = await db.fetch_value(f"SELECT count(*) FROM {table} WHERE guild_id = ?", (OTHER_GUILD_ID,))
        assert (table, left, kept) == (table, 0, 1), (
            f"purge_guild leaves rows in {table} (or took another server's)"
        )
