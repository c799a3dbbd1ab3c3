"""Owner-only maintenance: who counts as an owner, and the status embed.

Owners are the user IDs in ``OWNER_IDS``. The ``/livecoach`` commands are
registered only in the ``DEV_GUILD_ID`` server (never globally), hidden from
members there by default permissions, and checked again here at run time.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import discord

from bot.core.errors import NotAllowed
from bot.meta.render import BRAND_COLOUR, format_duration

NOT_AN_OWNER = "Only the bot's owners (OWNER_IDS) can use /livecoach."


def require_owner(owner_ids: Collection[int], user_id: int) -> None:
    if user_id not in owner_ids:
        raise NotAllowed(NOT_AN_OWNER)


@dataclass(frozen=True, slots=True)
class Status:
    version: str
    uptime_seconds: float
    servers: int
    shards: int
    latency_ms: float | None
    schema_version: int
    schema_required: int
    database: Path
    database_bytes: int
    catalogue_date: str | None
    own_shards: tuple[int, ...] = ()  # the shards this process connects when others run the rest


def status_embed(status: Status) -> discord.Embed:
    embed = discord.Embed(title="LiveCoach status", colour=BRAND_COLOUR)
    embed.add_field(name="Version", value=status.version)
    embed.add_field(name="Uptime", value=format_duration(status.uptime_seconds))
    partial = bool(status.own_shards) and len(status.own_shards) < status.shards
    here = " (this process's shards)" if partial else ""
    embed.add_field(name="Servers", value=f"{status.servers:,}{here}")
    shards = "1 shard" if status.shards == 1 else f"{status.shards:,} shards"
    if partial:
        mine = ", ".join(str(shard) for shard in status.own_shards)
        shards = f"shard{'s' if len(status.own_shards) != 1 else ''} {mine} of {status.shards:,} here"
    latency = "unknown" if status.latency_ms is None else f"{status.latency_ms:,.0f} ms"
    embed.add_field(name="Gateway", value=f"{shards}, latency {latency}")
    schema = f"version {status.schema_version}"
    if status.schema_version != status.schema_required:
        schema += f" (this code needs {status.schema_required})"
    embed.add_field(name="Database", value=f"{schema}, {status.database_bytes / 1e6:,.1f} MB")
    embed.add_field(name="Gift catalogue", value=f"as of {status.catalogue_date or 'unknown'}")
    return embed


@dataclass(frozen=True, slots=True)
class CatalogueFile:
    date: str
    gifts: int


def read_catalogue_file(path: Path) -> CatalogueFile:
    """The date and size of the catalogue file as shipped on disk (raises ValueError if unreadable)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        return CatalogueFile(str(document["catalogue_date"]), len(document["gifts"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path} cannot be read as a gift catalogue ({exc})") from exc
