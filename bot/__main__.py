"""``python -m bot [run|sync|migrate|check|health]``: load .env, validate settings, then act.

Every way a start can fail prints one sentence (no traceback) and exits with a
status a supervisor can act on:

====  ==============================================================
0     stopped on request (SIGTERM, SIGINT) or the command succeeded
1     a bug or an unusable database: look at the log
2     a setting is wrong (including a token Discord refused): fix it first
69    Discord (or PostgreSQL) could not be reached after the start attempts: retry later
====  ==============================================================

Failures to reach Discord at start (DNS, refused connection, time-out, 5xx) are
retried ``DISCORD_START_ATTEMPTS`` times with a doubling pause (1 s, 2 s, 4 s, …,
at most 30 s), each attempt logged; so is a PostgreSQL server that does not answer.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import signal
import sqlite3
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import urlsplit

import aiohttp
import discord
from dotenv import load_dotenv

from bot.core.config import ConfigError, Settings, load_settings
from bot.core.http import DiscordUnavailable
from bot.core.logs import setup_logging
from bot.core.paths import ENV_FILE, MIGRATIONS_DIR, SHIPPED_FILES
from bot.storage.migrations import MigrationError, discover, pending_migrations
from bot.storage.postgres import DatabaseUnreachable

if TYPE_CHECKING:
    from bot.core.app import LiveCoach
    from bot.storage.rollups import Drift

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_CONFIG = 2
EXIT_UNAVAILABLE = 69  # EX_UNAVAILABLE: a service the program needs is down
MAX_BACKOFF = 30.0
HEARTBEAT_SECONDS = 15.0
HEARTBEAT_MAX_AGE = 60.0
DRIFT_SHOWN = 20  # drifting rollup months the check lists at most
ROLLUPS_VERSION = 10  # the migration that adds the stats rollups

log = logging.getLogger("bot")
T = TypeVar("T")


class Unreachable(Exception):
    """Discord could not be reached at start; the message is the sentence to print."""


class Stopped(Exception):
    """A signal asked the process to stop before the bot was ready."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Run the LiveCoach Discord bot.")
    _shard_options(parser)
    sub = parser.add_subparsers(dest="action")
    _shard_options(sub.add_parser("run", help="connect to Discord and serve (the default)"))
    sync = sub.add_parser("sync", help="register the slash commands with Discord, then exit")
    sync.add_argument(
        "--guild",
        nargs="?",
        const="dev",
        metavar="ID",
        help="sync to one server only (instant; default DEV_GUILD_ID) instead of globally",
    )
    sync.add_argument("--clear", action="store_true", help="remove the commands instead")
    sub.add_parser("migrate", help="apply pending database migrations (SQLite or PostgreSQL), then exit")
    check = sub.add_parser(
        "check", help="validate settings, shipped data and the database (read-only), then exit"
    )
    check.add_argument(
        "--rebuild-rollups",
        action="store_true",
        help="if the stats rollups drift from the sessions, rebuild them from the sessions (writes)",
    )
    sub.add_parser("health", help="exit 0 if the running bot's gateway heartbeat is fresh (a health probe)")
    sub.add_parser("i18n-report", help="print the share of strings each locale translates, then exit")
    sub.add_parser(
        "i18n-extract", help="re-extract the translation template with Babel and merge it into every .po"
    )
    return parser


def _i18n(action: str) -> int:
    """Catalogue upkeep; needs no settings or token."""
    from bot.i18n import tools

    if action == "i18n-extract":
        template = tools.extract()
        tools.write_template(template)
        tools.update_catalogues(template)
        print(f"Extracted {len(tools.keys(template))} strings into {tools.TEMPLATE}; .po files updated.")
    print(tools.report())
    return EXIT_OK


def _shard_options(parser: argparse.ArgumentParser) -> None:
    """--shard-ids/--shard-count before or after ``run``; they win over SHARD_IDS/SHARD_COUNT.

    Absent options leave no attribute (SUPPRESS), so ``run``'s never hide the top-level ones.
    """
    parser.add_argument(
        "--shard-ids",
        default=argparse.SUPPRESS,
        metavar="IDS",
        help="connect only these shards, e.g. 0,1 (needs --shard-count; other processes run the rest)",
    )
    parser.add_argument(
        "--shard-count",
        default=argparse.SUPPRESS,
        metavar="N",
        help="the number of shards across every process",
    )


def _environment(args: argparse.Namespace) -> dict[str, str]:
    """The settings' source: the environment (after .env), with the command line's shard options on top."""
    env = dict(os.environ)
    for option, name in (("shard_ids", "SHARD_IDS"), ("shard_count", "SHARD_COUNT")):
        value = getattr(args, option, None)
        if value is not None:
            env[name] = value
    return env


def _host(settings: Settings) -> str:
    return urlsplit(settings.api_base or discord.http.Route.BASE).hostname or "discord.com"


def transient_reason(exc: BaseException, settings: Settings) -> str | None:
    """Why Discord could not be reached, if ``exc`` is a failure worth retrying; else ``None``."""
    host = _host(settings)
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return f"the name {host} could not be looked up (DNS): check the machine's network and DNS settings"
    if isinstance(exc, aiohttp.ClientConnectorError):
        errno = getattr(exc.os_error, "errno", None)
        detail = os.strerror(errno) if errno else str(exc.os_error or "no connection")
        return f"the connection to {host} failed ({detail.lower()}): check the network, firewall or proxy"
    if isinstance(exc, TimeoutError) or (isinstance(exc, DiscordUnavailable) and exc.timed_out):
        return f"{host} did not answer in time: check the network, or raise DISCORD_TIMEOUT_SECONDS"
    if isinstance(exc, DiscordUnavailable):
        return f"{exc.reason} (Discord is having trouble)"
    if isinstance(exc, discord.DiscordServerError):
        return f"Discord answered {exc.status} (it is having trouble)"
    if isinstance(exc, discord.GatewayNotFound):
        return "Discord did not give a gateway address (it is having trouble)"
    if isinstance(exc, aiohttp.ClientError | ConnectionError):
        return f"the connection to {host} broke ({type(exc).__name__})"
    return None


async def with_retries(settings: Settings, what: str, step: Callable[[], Awaitable[T]]) -> T:
    """Run ``step`` until it succeeds, retrying transient failures with a doubling, bounded pause."""
    attempts = settings.start_attempts
    for attempt in range(1, attempts + 1):
        try:
            return await step()
        except Exception as exc:
            reason = transient_reason(exc, settings)
            if reason is None:
                raise
            if attempt == attempts:
                raise Unreachable(
                    f"LiveCoach could not {what} after {attempts} attempt{'s' if attempts != 1 else ''}: "
                    f"{reason}. Exiting with status {EXIT_UNAVAILABLE}; a supervisor may start it again later."
                ) from exc
            pause = min(MAX_BACKOFF, 2.0 ** (attempt - 1))
            log.warning(
                "Could not %s (attempt %d of %d): %s; retrying in %.0f s",
                what,
                attempt,
                attempts,
                reason,
                pause,
            )
            await asyncio.sleep(pause)
    raise AssertionError("unreachable")  # pragma: no cover


async def _login(bot: LiveCoach, settings: Settings) -> None:
    async def attempt() -> None:
        try:
            await bot.login(settings.token.reveal())
        except BaseException:
            # A failed login leaves its HTTP session open; the next attempt starts a fresh one.
            await bot.http.close()
            bot.http.connector = discord.utils.MISSING
            raise

    await with_retries(settings, "log in to Discord", attempt)


def _stop_on_signals(bot: LiveCoach) -> Callable[[], str | None]:
    """SIGTERM/SIGINT: close cleanly once ready; before that, abandon the start. Returns the signal seen."""
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    seen: list[str] = []
    closing: list[asyncio.Future[None]] = []

    def handle(signum: signal.Signals) -> None:
        if seen:
            return
        seen.append(signum.name)
        log.info("%s received: stopping", signum.name)
        if bot.is_ready():
            closing.append(asyncio.ensure_future(bot.close()))
        elif task is not None:
            task.cancel()

    for signum in (signal.SIGTERM, signal.SIGINT):
        # Platforms stop workers with SIGTERM: close cleanly (cogs, scheduler, gateway, database).
        loop.add_signal_handler(signum, handle, signum)
    return lambda: seen[0] if seen else None


async def _sync(settings: Settings, guild_arg: str | None, clear: bool) -> int:
    from bot.core.app import LiveCoach

    guild: discord.Object | None = None
    if guild_arg is not None:
        if guild_arg == "dev":
            if settings.dev_guild_id is None:
                raise ConfigError(
                    "--guild without an ID needs DEV_GUILD_ID in .env; or pass --guild <server id>."
                )
            guild = discord.Object(settings.dev_guild_id)
        elif guild_arg.isdigit():
            guild = discord.Object(int(guild_arg))
        else:
            raise ConfigError(f"--guild must be a server ID (a number), not {guild_arg!r}.")
    bot = LiveCoach(settings, background=False)
    signalled = _stop_on_signals(bot)
    try:
        async with bot:
            await _login(bot, settings)
            if clear:
                bot.tree.clear_commands(guild=guild)
            elif guild is not None:
                bot.tree.copy_global_to(guild=guild)
            synced = await with_retries(settings, "sync the commands", lambda: bot.tree.sync(guild=guild))
    except asyncio.CancelledError:
        if (name := signalled()) is None:
            raise
        raise Stopped(name) from None
    where = f"server {guild.id}" if guild else "all servers (global; may take up to an hour to appear)"
    print(f"Synced {len(synced)} commands to {where}.")
    return EXIT_OK


def _check_shipped_data() -> None:
    for path in SHIPPED_FILES:
        try:
            json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise MigrationError(
                f"The shipped file {path} is missing or broken ({exc.__class__.__name__}): this LiveCoach "
                "installation is incomplete; reinstall it (pip install .) or rebuild the image."
            ) from exc
    from bot.i18n.catalogue import po_path, read
    from bot.i18n.context import TRANSLATED

    for locale in TRANSLATED:
        path = po_path(locale)
        try:
            read(path, locale)
        except (OSError, ValueError) as exc:
            raise MigrationError(
                f"The translations {path} are missing or broken ({exc.__class__.__name__}): this LiveCoach "
                "installation is incomplete; reinstall it (pip install .) or rebuild the image."
            ) from exc


async def _migrate(settings: Settings) -> int:
    """Apply pending migrations to the configured database and say what was done."""
    from bot.storage import Storage
    from bot.storage.database import Database

    if settings.database_url:
        from bot.storage.postgres import describe_url

        url = settings.database_url
        storage = await Storage.connect(url, migrate=False, attempts=settings.start_attempts)
        where = describe_url(url)
    else:
        _require_writable_state(settings)
        storage = Storage(await Database.open(settings.database_path, migrate=False))
        where = str(settings.database_path)
    try:
        applied = await storage.db.migrate(MIGRATIONS_DIR)
        version = await storage.db.schema_version()
    finally:
        await storage.close()
    if applied:
        print(
            f"Database {where}: applied migrations {', '.join(map(str, applied))}; schema version {version}."
        )
    else:
        print(f"Database {where}: schema version {version}, up to date; nothing to apply.")
    return EXIT_OK


async def _check_postgres(settings: Settings, *, rebuild: bool = False) -> int:
    from bot.storage import Storage
    from bot.storage.migrations import SchemaPlan
    from bot.storage.postgres import describe_url, inspect_postgres

    assert settings.database_url is not None
    url = settings.database_url
    where = describe_url(url)
    current, required, sanity = await inspect_postgres(url, migrations_dir=MIGRATIONS_DIR)
    plan = SchemaPlan(current, required)
    if sanity != "ok":
        print(f"Database {where} failed its sanity check: {sanity}", file=sys.stderr)
        return EXIT_ERROR
    if plan.too_new:
        print(f"Database {where}: {plan.describe()}.", file=sys.stderr)
        return EXIT_ERROR
    rollups = ""
    if current >= ROLLUPS_VERSION:  # before 0010 the rollups don't exist yet (the migration builds them)
        storage = await Storage.connect(url, migrate=False, attempts=settings.start_attempts)
        try:
            drifted = await storage.rollups.drift(limit=DRIFT_SHOWN)
            if drifted and rebuild:
                written = await storage.rollups.rebuild()
                print(f"Database {where}: rebuilt the stats rollups from the sessions ({written} row(s)).")
                drifted = await storage.rollups.drift(limit=DRIFT_SHOWN)
        finally:
            await storage.close()
        if drifted:
            _report_drift(where, drifted)
            return EXIT_ERROR
        rollups = "; stats rollups match the sessions"
    print(f"Settings OK. Database {where} (PostgreSQL): {plan.describe()}; sanity query ok{rollups}.")
    return EXIT_OK


def _report_drift(where: str, drifted: list[Drift]) -> None:
    shown = "\n".join(f"  {d.describe()}" for d in drifted)
    print(
        f"Database {where}: the stats rollups drift from the sessions ({len(drifted)}"
        f"{'+' if len(drifted) >= DRIFT_SHOWN else ''} row(s)); the stats would be wrong until "
        f"they are rebuilt (python -m bot check --rebuild-rollups):\n{shown}",
        file=sys.stderr,
    )


async def _check(settings: Settings, *, rebuild: bool = False) -> int:
    """Read-only: settings, shipped data, what start-up would do to the database, and whether the
    stats rollups match a recomputation from the sessions (``rebuild``: rewrite them if not)."""
    from bot.storage.database import inspect
    from bot.storage.rollups import drift_in_file

    _check_shipped_data()
    if settings.database_url:
        return await _check_postgres(settings, rebuild=rebuild)
    found = await inspect(settings.database_path, migrations_dir=MIGRATIONS_DIR)
    path = settings.database_path
    if not found.exists:
        print(
            f"Settings OK. Database {path} does not exist yet: start-up will create it at schema version "
            f"{found.plan.required}."
        )
        return EXIT_OK
    if found.integrity != "ok":
        print(f"Database {path} failed its integrity check: {found.integrity}", file=sys.stderr)
        return EXIT_ERROR
    if found.plan.too_new:
        print(f"Database {path}: {found.plan.describe()}.", file=sys.stderr)
        return EXIT_ERROR
    drifted = await drift_in_file(path, limit=DRIFT_SHOWN)
    if drifted and rebuild:
        from bot.storage import Storage

        storage = await Storage.open(path)
        try:
            written = await storage.rollups.rebuild()
        finally:
            await storage.close()
        print(f"Database {path}: rebuilt the stats rollups from the sessions ({written} row(s)).")
        drifted = await drift_in_file(path, limit=DRIFT_SHOWN)
    if drifted:
        _report_drift(str(path), drifted)
        return EXIT_ERROR
    rollups = "" if drifted is None else "; stats rollups match the sessions"
    print(f"Settings OK. Database {path}: {found.plan.describe()}; integrity ok{rollups}.")
    return EXIT_OK


def _connected(bot: LiveCoach) -> bool:
    if bot.is_closed() or not bot.is_ready():
        return False
    return all(not shard.is_closed() for shard in bot.shards.values())


async def _heartbeat(bot: LiveCoach, path: Path) -> None:
    """Write ``path`` every few seconds while the gateway is connected (read by ``health``)."""
    await bot.wait_until_ready()
    while not bot.is_closed():
        if _connected(bot):
            beat = {"at": time.time(), "pid": os.getpid(), "servers": len(bot.guilds)}
            temporary = path.with_name(path.name + ".tmp")
            try:
                temporary.write_text(json.dumps(beat), encoding="utf-8")
                temporary.replace(path)
            except OSError as exc:
                log.warning("Could not write the heartbeat file %s: %s", path, exc)
        await asyncio.sleep(HEARTBEAT_SECONDS)


def _health(settings: Settings) -> int:
    path = settings.heartbeat_path
    try:
        beat = json.loads(path.read_text(encoding="utf-8"))
        age = time.time() - float(beat["at"])
    except FileNotFoundError:
        print(f"Unhealthy: no heartbeat at {path}; the bot is not running or has not connected yet.")
        return EXIT_ERROR
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"Unhealthy: the heartbeat file {path} cannot be read ({exc}).")
        return EXIT_ERROR
    if age > HEARTBEAT_MAX_AGE:
        print(
            f"Unhealthy: the last heartbeat is {age:.0f} s old; the gateway has been disconnected or stuck."
        )
        return EXIT_ERROR
    print(
        f"Healthy: connected to Discord {age:.0f} s ago (pid {beat.get('pid')}, {beat.get('servers')} servers)."
    )
    return EXIT_OK


class StateNotWritable(Exception):
    """The database's folder cannot be written by this process; the message says how to fix it."""


def _require_writable_state(settings: Settings) -> None:
    """Fail before contacting Discord if the database folder cannot be written (e.g. a bind mount)."""
    folder = settings.database_path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        writable = os.access(folder, os.W_OK | os.X_OK)
    except OSError:
        writable = False
    if not writable:
        raise StateNotWritable(
            f"The database folder {folder} is not writable by this user (uid {os.getuid()}): make it "
            "writable (e.g. chown it to that uid) or set DATABASE_PATH to a writable place."
        )


async def _refuse_newer_schema(settings: Settings) -> None:
    """A database newer than the code is refused before contacting Discord (start-up would refuse it later)."""
    from bot.storage.database import inspect

    if settings.database_url:
        # PostgreSQL is reached (with bounded retries) before Discord is: an unreachable server
        # is one sentence and EXIT_UNAVAILABLE, with no login attempted.
        from bot.storage.postgres import PostgresDatabase

        db = await PostgresDatabase.connect(
            settings.database_url, migrate=False, attempts=settings.start_attempts, max_size=1
        )
        try:
            current = await db.schema_version()
        finally:
            await db.close()
    else:
        current = (await inspect(settings.database_path, migrations_dir=MIGRATIONS_DIR)).plan.current
    pending_migrations(discover(MIGRATIONS_DIR), current)  # refuses a schema newer than the code


async def _run(settings: Settings) -> int:
    from bot.core.app import LiveCoach

    _require_writable_state(settings)
    await _refuse_newer_schema(settings)
    bot = LiveCoach(settings)
    signalled = _stop_on_signals(bot)
    heartbeat: asyncio.Task[None] | None = None
    try:
        async with bot:
            await _login(bot, settings)
            heartbeat = asyncio.create_task(_heartbeat(bot, settings.heartbeat_path))
            # Reconnects once connected are discord.py's job; this covers the first connection.
            await with_retries(settings, "connect to Discord's gateway", bot.connect)
    except asyncio.CancelledError:
        if (name := signalled()) is None:
            raise
        raise Stopped(name) from None
    finally:
        if heartbeat is not None:
            heartbeat.cancel()
        with contextlib.suppress(OSError):
            settings.heartbeat_path.unlink(missing_ok=True)
    log.info("LiveCoach stopped cleanly%s", f" ({signalled()})" if signalled() else "")
    return EXIT_OK


def _secrets(settings: Settings) -> tuple[str, ...]:
    """What the log handler redacts: the token and a PostgreSQL password."""
    secrets = [settings.token.reveal()]
    if settings.database_url:
        password = urlsplit(settings.database_url).password
        if password:
            secrets.append(password)
    return tuple(s for s in secrets if s)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.action in ("i18n-report", "i18n-extract"):
        return _i18n(args.action)
    # LiveCoach never joins voice: don't warn at every start that voice libraries are missing.
    discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
    # LIVECOACH_ENV_FILE points at another settings file ("" disables it), e.g. for tests.
    env_file = os.environ.get("LIVECOACH_ENV_FILE", str(ENV_FILE))
    if env_file:
        load_dotenv(Path(env_file), override=False)
    settings: Settings | None = None
    try:
        settings = load_settings(_environment(args), require_token=args.action != "health")
        setup_logging(settings.log_level, settings.log_format, _secrets(settings))
        if args.action == "health":
            return _health(settings)
        if args.action == "check":
            return asyncio.run(_check(settings, rebuild=args.rebuild_rollups))
        if args.action == "migrate":
            return asyncio.run(_migrate(settings))
        if args.action == "sync":
            return asyncio.run(_sync(settings, args.guild, args.clear))
        return asyncio.run(_run(settings))
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return EXIT_CONFIG
    except Stopped as exc:
        print(f"LiveCoach stopped by {exc.name} before it was ready.", file=sys.stderr)
        return EXIT_OK
    except (Unreachable, DatabaseUnreachable) as exc:
        print(exc, file=sys.stderr)
        return EXIT_UNAVAILABLE
    except StateNotWritable as exc:
        print(exc, file=sys.stderr)
        return EXIT_ERROR
    except discord.LoginFailure:
        print(
            "Discord refused DISCORD_TOKEN: reset the token on your application's Bot page and update .env.",
            file=sys.stderr,
        )
        return EXIT_CONFIG
    except discord.PrivilegedIntentsRequired:
        print(
            "Discord refused an intent this bot should not request; please report this bug.", file=sys.stderr
        )
        return EXIT_ERROR
    except KeyboardInterrupt:
        return EXIT_OK
    except MigrationError as exc:
        print(exc, file=sys.stderr)
        return EXIT_ERROR
    except (sqlite3.DatabaseError, PermissionError) as exc:
        where = settings.database_path if settings else "the database"
        print(
            f"The database {where} cannot be used ({getattr(exc, 'strerror', None) or exc}): check that its "
            "folder exists and is writable by this user, restore a backup, or set DATABASE_PATH to another "
            "file.",
            file=sys.stderr,
        )
        return EXIT_ERROR
    except Exception:
        log.exception("LiveCoach stopped on an unexpected error")
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
