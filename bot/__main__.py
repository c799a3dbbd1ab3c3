"""``python -m bot [run|sync|check]``: load .env, validate settings, then act.

Configuration problems print one sentence and exit with status 2.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sqlite3
import sys
from pathlib import Path

import discord
from dotenv import load_dotenv

from bot.core.config import ConfigError, RedactSecrets, Settings, load_settings
from bot.core.paths import ENV_FILE
from bot.storage.migrations import MigrationError

EXIT_CONFIG = 2
log = logging.getLogger("bot")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Run the LiveCoach Discord bot.")
    sub = parser.add_subparsers(dest="action")
    sub.add_parser("run", help="connect to Discord and serve (the default)")
    sync = sub.add_parser("sync", help="register the slash commands with Discord, then exit")
    sync.add_argument(
        "--guild",
        nargs="?",
        const="dev",
        metavar="ID",
        help="sync to one server only (instant; default DEV_GUILD_ID) instead of globally",
    )
    sync.add_argument("--clear", action="store_true", help="remove the commands instead")
    sub.add_parser("check", help="validate settings and the database, then exit")
    return parser


def _setup_logging(settings: Settings) -> None:
    discord.utils.setup_logging(level=getattr(logging, settings.log_level), root=True)
    redact = RedactSecrets(settings.token.reveal())
    for handler in logging.getLogger().handlers:
        handler.addFilter(redact)


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
    async with bot:
        await bot.login(settings.token.reveal())
        if clear:
            bot.tree.clear_commands(guild=guild)
        elif guild is not None:
            bot.tree.copy_global_to(guild=guild)
        synced = await bot.tree.sync(guild=guild)
    where = f"server {guild.id}" if guild else "all servers (global; may take up to an hour to appear)"
    print(f"Synced {len(synced)} commands to {where}.")
    return 0


async def _check(settings: Settings) -> int:
    from bot.storage import Storage

    storage = await Storage.open(settings.database_path)
    try:
        result = await storage.db.integrity_check()
        version = await storage.db.schema_version()
    finally:
        await storage.close()
    if result != "ok":
        print(f"Database {settings.database_path} failed its integrity check: {result}", file=sys.stderr)
        return 1
    print(f"Settings OK. Database {settings.database_path}: schema version {version}, integrity ok.")
    return 0


async def _run(settings: Settings) -> int:
    from bot.core.app import LiveCoach

    bot = LiveCoach(settings)
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        # Platforms stop workers with SIGTERM: close cleanly (cogs, scheduler, gateway, database).
        loop.add_signal_handler(signum, lambda: asyncio.ensure_future(bot.close()))
    async with bot:
        await bot.start(settings.token.reveal())
    log.info("LiveCoach stopped cleanly")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # LIVECOACH_ENV_FILE points at another settings file ("" disables it), e.g. for tests.
    env_file = os.environ.get("LIVECOACH_ENV_FILE", str(ENV_FILE))
    if env_file:
        load_dotenv(Path(env_file), override=False)
    try:
        settings = load_settings()
        _setup_logging(settings)
        if args.action == "check":
            return asyncio.run(_check(settings))
        if args.action == "sync":
            return asyncio.run(_sync(settings, args.guild, args.clear))
        return asyncio.run(_run(settings))
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return EXIT_CONFIG
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
        return 1
    except KeyboardInterrupt:
        return 0
    except MigrationError as exc:
        print(exc, file=sys.stderr)
        return 1
    except sqlite3.DatabaseError as exc:
        print(
            f"The database {settings.database_path} cannot be used ({exc}): restore a backup or set "
            "DATABASE_PATH to another file.",
            file=sys.stderr,
        )
        return 1
    except Exception:
        log.exception("LiveCoach stopped on an unexpected error")
        return 1


if __name__ == "__main__":
    sys.exit(main())
