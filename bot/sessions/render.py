"""Embeds and text for session logs, built from plain domain results.

Pure functions: no I/O, no clock. Members appear as ``<@id>`` mentions inside
embeds (which never ping).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import discord

from bot.meta.render import BRAND_COLOUR
from bot.sessions.model.record import SessionRecord


def format_minutes(minutes: int) -> str:
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"


def format_number(value: Decimal | int | None) -> str:
    """``1,234``, ``12.5`` (a Decimal keeps its places), ``–`` for no value."""
    if value is None:
        return "–"
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return f"{value:,}"
    return f"{int(value):,}"


def discord_time(moment: datetime, style: str = "R") -> str:
    """A Discord timestamp tag every member sees in their own zone (style R: "2 hours ago")."""
    return f"<t:{int(moment.timestamp())}:{style}>"


def local_time(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%a %d %b %Y, %H:%M")


def session_line(record: SessionRecord, zone: ZoneInfo) -> str:
    return (
        f"`#{record.id}` {local_time(record.started_at, zone)} · {format_minutes(record.duration_minutes)} · "
        f"{record.diamonds:,} diamonds · {record.likes:,} likes · {record.peak_viewers:,} peak viewers"
    )


def session_embed(
    record: SessionRecord,
    zone: ZoneInfo,
    title: str,
    payout: str | None = None,
    gift_name: Callable[[int | str], str] = str,
) -> discord.Embed:
    """One session's details (used after log, edit and stop); ``gift_name`` turns gift keys into names."""
    embed = discord.Embed(title=title, colour=BRAND_COLOUR)
    embed.add_field(name="Session", value=f"#{record.id}")
    embed.add_field(name="Start", value=f"{local_time(record.started_at, zone)} ({zone.key})")
    embed.add_field(name="Duration", value=format_minutes(record.duration_minutes))
    embed.add_field(name="Diamonds", value=f"{record.diamonds:,}" + (f" (≈ {payout})" if payout else ""))
    embed.add_field(name="Likes", value=f"{record.likes:,}")
    embed.add_field(name="Peak viewers", value=f"{record.peak_viewers:,}")
    if record.avg_viewers is not None:
        embed.add_field(name="Average viewers", value=f"{record.avg_viewers:,}")
    if record.new_followers is not None:
        embed.add_field(name="New followers", value=f"{record.new_followers:,}")
    if record.gifts:
        gifts = ", ".join(f"{count:,} × {gift_name(key)}" for key, count in record.gifts)
        embed.add_field(name="Gifts", value=gifts[:1024], inline=False)
    if record.note:
        embed.add_field(name="Note", value=record.note[:1024], inline=False)
    return embed


def session_list_embed(
    records: Sequence[SessionRecord], *, user_id: int, page: int, pages: int, total: int, zone: ZoneInfo
) -> discord.Embed:
    embed = discord.Embed(title="LIVE sessions", colour=BRAND_COLOUR)
    if not records:
        embed.description = f"<@{user_id}> has no sessions logged in this server yet: use /session log."
    else:
        lines = "\n".join(session_line(r, zone) for r in records)
        embed.description = f"<@{user_id}> · {total:,} sessions\n\n{lines}"[:4096]
    embed.set_footer(text=f"Page {page + 1} of {max(1, pages)} · times in {zone.key}")
    return embed
