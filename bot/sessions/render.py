"""Embeds and text for session logs, built from plain domain results.

Pure functions: no I/O, no clock. Members appear as ``<@id>`` mentions inside
embeds (which never ping).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

import discord

from bot.core import format as fmt
from bot.meta.render import BRAND_COLOUR
from bot.sessions.model.importer import ImportPlan
from bot.sessions.model.record import SessionRecord


def discord_time(moment: datetime, style: str = "R") -> str:
    """A Discord timestamp tag every member sees in their own zone (style R: "2 hours ago")."""
    return f"<t:{int(moment.timestamp())}:{style}>"


def local_time(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%a %d %b %Y, %H:%M")


def session_line(record: SessionRecord, zone: ZoneInfo) -> str:
    parts = [
        f"`{record.label}` {local_time(record.started_at, zone)}",
        fmt.duration(record.duration_minutes),
        fmt.plural(record.diamonds, "diamond"),
    ]
    if record.likes is not None:
        parts.append(fmt.plural(record.likes, "like"))
    if record.peak_viewers is not None:
        parts.append(f"{fmt.count(record.peak_viewers)} peak viewers")
    return " · ".join(parts)


def session_embed(
    record: SessionRecord,
    zone: ZoneInfo,
    title: str,
    payout: str | None = None,
    gift_name: Callable[[int | str], str] = str,
) -> discord.Embed:
    """One session's details (used after log, edit and stop); ``gift_name`` turns gift keys into names."""
    embed = discord.Embed(title=title, colour=BRAND_COLOUR)
    embed.add_field(name="Session", value=record.label)
    embed.add_field(name="Start", value=f"{local_time(record.started_at, zone)} ({zone.key})")
    embed.add_field(name="Duration", value=fmt.duration(record.duration_minutes))
    embed.add_field(name="Diamonds", value=fmt.count(record.diamonds) + (f" (≈ {payout})" if payout else ""))
    embed.add_field(name="Likes", value=fmt.count(record.likes))
    embed.add_field(name="Peak viewers", value=fmt.count(record.peak_viewers))
    if record.avg_viewers is not None:
        embed.add_field(name="Average viewers", value=fmt.count(record.avg_viewers))
    if record.new_followers is not None:
        embed.add_field(name="New followers", value=fmt.count(record.new_followers))
    if record.gifts:
        gifts = ", ".join(f"{fmt.count(count)} × {gift_name(key)}" for key, count in record.gifts)
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
        embed.description = f"<@{user_id}> · {fmt.plural(total, 'session')}\n\n{lines}"[:4096]
    embed.set_footer(text=f"Page {page + 1} of {max(1, pages)} · times in {zone.key}")
    return embed


def import_preview(plan: ImportPlan, zone: ZoneInfo) -> str:
    """What an import would add, before anything is stored."""
    first, last = plan.first, plan.last
    assert first is not None and last is not None
    members = len(plan.members)
    who = "" if members == 1 else f" for {fmt.plural(members, 'member')}"
    return (
        f"Ready to import {fmt.plural(len(plan.rows), 'session')}{who}, "
        f"{f'{first.astimezone(zone):%d %b %Y}'} to {f'{last.astimezone(zone):%d %b %Y}'} ({zone.key}): "
        f"{fmt.duration(plan.minutes)} live, {fmt.plural(plan.diamonds, 'diamond')}, {fmt.plural(plan.likes, 'like')}.\n"
        "Nothing is stored until you confirm, and then every row or none."
    )


def import_refused(plan: ImportPlan) -> str:
    return (
        f"Nothing was imported: {fmt.plural(len(plan.errors), 'row')} need fixing "
        f"(the file's line numbers, header = line 1).\n{plan.error_text()}"
    )[:1900]


def imported_text(count: int) -> str:
    return f"Imported {fmt.plural(count, 'session')}: see /session list."
