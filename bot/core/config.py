"""Settings: one frozen object read from the environment and validated.

Every problem is reported as a :class:`ConfigError` whose message is one
sentence naming the setting and how to fix it, so ``python -m bot`` can print
it and exit without a traceback.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.core.paths import DEFAULT_DATABASE, ENV_FILE, PROJECT_ROOT
from bot.core.shards import ShardPlan

TOKEN_HELP = (
    "DISCORD_TOKEN is not set: create a bot at https://discord.com/developers/applications "
    f"(Bot → Reset Token) and put DISCORD_TOKEN=<your token> in {ENV_FILE} "
    "(copy .env.example) or in the environment."
)

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = ("text", "json")
MAX_SHARDS = 10_000


class ConfigError(Exception):
    """A setting is missing or malformed; the message says which and what to do."""


class Secret:
    """A string that never shows itself in repr(), str() or f-strings."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return "Secret('********')" if self._value else "Secret('')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True, slots=True)
class Settings:
    token: Secret
    database_path: Path = DEFAULT_DATABASE
    # Apply pending migrations at start-up (AUTO_MIGRATE=false: only `python -m bot migrate` does).
    auto_migrate: bool = True
    dev_guild_id: int | None = None
    log_level: str = "INFO"
    owner_ids: frozenset[int] = field(default_factory=frozenset)
    reminder_grace_minutes: int = 10
    retention_days: int = 30
    api_base: str | None = None
    log_format: str = "text"
    # Seconds one REST request to Discord may take before it counts as failed (then retried).
    rest_timeout: float = 10.0
    # Tries to reach Discord at start (login, gateway) before exiting with EXIT_UNAVAILABLE.
    start_attempts: int = 5
    # Shards this process connects (None: all of them) out of shard_count (None: Discord's advice).
    shard_ids: tuple[int, ...] | None = None
    shard_count: int | None = None
    # PostgreSQL instead of the SQLite file; it holds a password, so it never shows in a repr
    # (and python -m bot redacts the password in logs).
    database_url: str | None = field(default=None, repr=False)

    @property
    def shards(self) -> ShardPlan:
        """Which shards (and so which servers' background work) this process owns."""
        return ShardPlan.of(self.shard_ids, self.shard_count)

    @property
    def heartbeat_path(self) -> Path:
        """Written by a running bot while its gateway is connected; read by ``python -m bot health``.

        A process running only some shards has its own (``livecoach.shards-0-1.heartbeat``), so
        shard processes started from one folder never overwrite or delete each other's.
        """
        plan = self.shards
        own = "" if plan.is_whole else ".shards-" + "-".join(str(shard) for shard in plan.ids)
        return self.database_path.with_name(f"{self.database_path.stem}{own}.heartbeat")


def _snowflake(name: str, raw: str) -> int:
    text = raw.strip()
    if not text.isdigit() or not 15 <= len(text) <= 21:
        raise ConfigError(
            f"{name} must be a Discord ID (a number of 17 to 20 digits; enable Developer Mode and "
            f"use Copy ID), not {raw!r}."
        )
    return int(text)


def _int_in_range(name: str, raw: str, low: int, high: int) -> int:
    try:
        value = int(raw.strip())
    except ValueError:
        raise ConfigError(f"{name} must be a whole number from {low} to {high}, not {raw!r}.") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} must be a whole number from {low} to {high}, not {value}.")
    return value


def _shards(raw_ids: str, raw_count: str) -> tuple[tuple[int, ...] | None, int | None]:
    """SHARD_IDS and SHARD_COUNT (or --shard-ids and --shard-count), checked against each other."""
    count = _int_in_range("SHARD_COUNT (--shard-count)", raw_count, 1, MAX_SHARDS) if raw_count else None
    if not raw_ids:
        return None, count
    parts = [part.strip() for part in raw_ids.replace(";", ",").split(",") if part.strip()]
    if not parts or not all(part.isdigit() for part in parts):
        raise ConfigError(
            f"SHARD_IDS (--shard-ids) must be shard numbers separated by commas, such as 0,1, not {raw_ids!r}."
        )
    if count is None:
        raise ConfigError(
            "SHARD_IDS (--shard-ids) needs SHARD_COUNT (--shard-count), the number of shards across "
            "every process, such as SHARD_COUNT=4."
        )
    ids = [int(part) for part in parts]
    for shard in ids:
        if shard >= count:
            raise ConfigError(
                f"SHARD_IDS (--shard-ids) must be from 0 to {count - 1} since SHARD_COUNT is {count}, "
                f"not {shard}."
            )
        if ids.count(shard) > 1:
            raise ConfigError(f"SHARD_IDS (--shard-ids) lists shard {shard} twice: name each shard once.")
    return tuple(sorted(ids)), count


def _database_url(raw: str) -> str | None:
    if not raw:
        return None
    scheme, separator, _ = raw.partition("://")
    if not separator or scheme.lower() not in ("postgresql", "postgres"):
        # Never echo the URL itself: it usually holds a password.
        raise ConfigError(
            "DATABASE_URL must be a PostgreSQL address such as postgresql://user:password@host:5432/livecoach; "
            "leave it unset to use the SQLite file DATABASE_PATH."
        )
    return raw


def _refuse_shared_sqlite(shard_ids: tuple[int, ...] | None, count: int | None, url: str | None) -> None:
    plan = ShardPlan.of(shard_ids, count)
    if url is None and not plan.is_whole:
        raise ConfigError(
            f"Running {plan.describe()} here leaves the other shards to other processes, which cannot "
            "share the SQLite file: set DATABASE_URL to a PostgreSQL database, or leave SHARD_IDS "
            "(--shard-ids) unset so this one process runs every shard."
        )


def load_settings(env: Mapping[str, str] | None = None, *, require_token: bool = True) -> Settings:
    """Build :class:`Settings` from ``env`` (default: ``os.environ``)."""
    env = os.environ if env is None else env

    def get(name: str) -> str:
        return env.get(name, "").strip()

    token = get("DISCORD_TOKEN")
    if require_token and not token:
        raise ConfigError(TOKEN_HELP)
    if token and (any(ch.isspace() for ch in token) or len(token) < 20):
        raise ConfigError(
            "DISCORD_TOKEN does not look like a bot token: copy it again from the Bot page of your "
            "application at https://discord.com/developers/applications."
        )

    raw_path = get("DATABASE_PATH")
    database_path = DEFAULT_DATABASE
    if raw_path:
        path = Path(raw_path).expanduser()
        database_path = path if path.is_absolute() else PROJECT_ROOT / path
        if database_path.exists() and database_path.is_dir():
            raise ConfigError(f"DATABASE_PATH must name a file, but {database_path} is a folder.")

    auto_migrate = (get("AUTO_MIGRATE") or "true").lower()
    if auto_migrate not in ("true", "false", "1", "0", "yes", "no"):
        raise ConfigError(f"AUTO_MIGRATE must be true or false, not {get('AUTO_MIGRATE')!r}.")

    dev_guild = get("DEV_GUILD_ID")
    owners_raw = get("OWNER_IDS")
    owners = frozenset(
        _snowflake("OWNER_IDS", part) for part in owners_raw.replace(";", ",").split(",") if part.strip()
    )

    level = (get("LOG_LEVEL") or "INFO").upper()
    if level not in LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {get('LOG_LEVEL')!r}.")

    log_format = (get("LOG_FORMAT") or "text").lower()
    if log_format not in LOG_FORMATS:
        raise ConfigError(f"LOG_FORMAT must be text or json, not {get('LOG_FORMAT')!r}.")

    shard_ids, shard_count = _shards(get("SHARD_IDS"), get("SHARD_COUNT"))
    database_url = _database_url(get("DATABASE_URL"))
    _refuse_shared_sqlite(shard_ids, shard_count, database_url)

    api_base = get("DISCORD_API_BASE") or None
    if api_base and not api_base.startswith(("http://", "https://")):
        raise ConfigError(f"DISCORD_API_BASE must be an http(s) URL, not {api_base!r}.")

    return Settings(
        token=Secret(token),
        database_path=database_path,
        auto_migrate=auto_migrate in ("true", "1", "yes"),
        dev_guild_id=_snowflake("DEV_GUILD_ID", dev_guild) if dev_guild else None,
        log_level=level,
        owner_ids=owners,
        reminder_grace_minutes=_int_in_range(
            "REMINDER_GRACE_MINUTES", get("REMINDER_GRACE_MINUTES") or "10", 0, 1440
        ),
        retention_days=_int_in_range("DATA_RETENTION_DAYS", get("DATA_RETENTION_DAYS") or "30", 0, 3650),
        api_base=api_base.rstrip("/") if api_base else None,
        log_format=log_format,
        rest_timeout=float(
            _int_in_range("DISCORD_TIMEOUT_SECONDS", get("DISCORD_TIMEOUT_SECONDS") or "10", 1, 300)
        ),
        start_attempts=_int_in_range("DISCORD_START_ATTEMPTS", get("DISCORD_START_ATTEMPTS") or "5", 1, 100),
        shard_ids=shard_ids,
        shard_count=shard_count,
        database_url=database_url,
    )


class RedactSecrets(logging.Filter):
    """Replace every occurrence of the given secrets in log records with ``[redacted]``."""

    def __init__(self, *secrets: str) -> None:
        super().__init__()
        self._secrets = tuple(s for s in secrets if s)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        message = record.getMessage()
        text = message + (record.exc_text or "")
        if any(secret in text for secret in self._secrets):
            for secret in self._secrets:
                message = message.replace(secret, "[redacted]")
            record.msg, record.args = message, None
            if record.exc_info and not record.exc_text:
                record.exc_text = logging.Formatter().formatException(record.exc_info)
            if record.exc_text:
                for secret in self._secrets:
                    record.exc_text = record.exc_text.replace(secret, "[redacted]")
            record.exc_info = None
        elif record.exc_info:
            formatted = logging.Formatter().formatException(record.exc_info)
            if any(secret in formatted for secret in self._secrets):
                for secret in self._secrets:
                    formatted = formatted.replace(secret, "[redacted]")
                record.exc_text, record.exc_info = formatted, None
        return True
