"""Every table that holds a member's rows is covered by /privacy export and delete."""

from __future__ import annotations

from bot.core.app import LiveCoach
from tests.harness.payloads import GUILD_ID, OTHER_GUILD_ID


async def test_every_table_with_a_user_id_column_is_a_member_table(bot: LiveCoach) -> None:
    tables = await bot.storage.db.fetch_all("SELECT name FROM sqlite_master WHERE type = 'table'")
    with_user = set()
    for row in tables:
        columns = await bot.storage.db.fetch_all(f"PRAGMA table_info({row['name']})")
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
    if kind.upper() == "INTEGER":
        return 1
    if column.endswith("_at"):
        return "2026-01-01T00:00:00+00:00"
    return "x"


async def test_the_retention_purge_empties_every_table_with_a_guild_id(bot: LiveCoach) -> None:
    """One row per server in every table that has a guild_id; the purge leaves none of one server's."""
    db = bot.storage.db
    tables = [r["name"] for r in await db.fetch_all("SELECT name FROM sqlite_master WHERE type = 'table'")]
    scoped: list[str] = []
    for table in tables:
        columns = await db.fetch_all(f"PRAGMA table_info({table})")
        if not any(c["name"] == "guild_id" for c in columns):
            continue
        scoped.append(table)
        for guild_id in (GUILD_ID, OTHER_GUILD_ID):
            rowid = [c["name"] for c in columns if c["pk"]] if sum(c["pk"] > 0 for c in columns) == 1 else []
            names = [
                c["name"]
                for c in columns
                if c["name"] == "guild_id"
                or (((c["notnull"] and c["dflt_value"] is None) or c["pk"]) and c["name"] not in rowid)
            ]
            kinds = {c["name"]: c["type"] for c in columns}
            values = [_value(n, kinds[n], guild_id) for n in names]
            await db.execute(
                f"INSERT OR IGNORE INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
                values,
            )
    assert {"reminder_events", "golive_settings", "creator_profiles", "follows"} <= set(scoped)
    for table in scoped:  # (OR IGNORE skips a row breaking a rule: give its column a value above)
        count = await db.fetch_value(f"SELECT count(*) FROM {table} WHERE guild_id = ?", (OTHER_GUILD_ID,))
        assert count == 1, f"no row could be stored in {table}: add its column to _VALUES"
    await bot.storage.purge_guild(GUILD_ID)
    for table in scoped:
        left = await db.fetch_value(f"SELECT count(*) FROM {table} WHERE guild_id = ?", (GUILD_ID,))
        kept = await db.fetch_value(f"SELECT count(*) FROM {table} WHERE guild_id = ?", (OTHER_GUILD_ID,))
        assert (table, left, kept) == (table, 0, 1), (
            f"purge_guild leaves rows in {table} (or took another server's)"
        )
