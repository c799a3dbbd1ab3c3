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
from bot.core.format import count, number
from bot.i18n import N_, _, ngettext
from bot.meta.render import BRAND_COLOUR, format_duration

NOT_AN_OWNER = N_("Only the bot's owners (OWNER_IDS) can use /livecoach.")


def require_owner(owner_ids: Collection[int], user_id: int) -> None:
    if user_id not in owner_ids:
        raise NotAllowed(_(NOT_AN_OWNER))


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
    embed = discord.Embed(title=_("LiveCoach status"), colour=BRAND_COLOUR)
    embed.add_field(name=_("Version"), value=status.version)
    embed.add_field(name=_("Uptime"), value=format_duration(status.uptime_seconds))
    partial = bool(status.own_shards) and len(status.own_shards) < status.shards
    servers = count(status.servers)
    if partial:
        servers = _("{servers} (this process's shards)", servers=servers)
    embed.add_field(name=_("Servers"), value=servers)
    shards = ngettext("{n} shard", "{n} shards", status.shards)
    if partial:
        shards = ngettext(
            "shard {mine} of {total} here",
            "shards {mine} of {total} here",
            len(status.own_shards),
            mine=", ".join(str(shard) for shard in status.own_shards),
            total=count(status.shards),
        )
    latency = _("unknown") if status.latency_ms is None else _("{ms} ms", ms=count(round(status.latency_ms)))
    embed.add_field(name=_("Gateway"), value=_("{shards}, latency {latency}", shards=shards, latency=latency))
    schema = _("version {version}", version=status.schema_version)
    if status.schema_version != status.schema_required:
        schema = _(
            "version {version} (this code needs {required})",
            version=status.schema_version,
            required=status.schema_required,
        )
    size = _("{mb} MB", mb=number(status.database_bytes / 1e6))
    embed.add_field(name=_("Database"), value=f"{schema}, {size}")
    embed.add_field(
        name=_("Gift catalogue"), value=_("as of {date}", date=status.catalogue_date or _("unknown"))
    )
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
