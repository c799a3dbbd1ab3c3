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
from bot.i18n import N_, _, ngettext
from bot.i18n import current as current_locale
from bot.meta.render import BRAND_COLOUR
from bot.money.render import diamonds_text, likes_text
from bot.sessions.model.importer import ImportPlan
from bot.sessions.model.record import SessionRecord


def discord_time(moment: datetime, style: str = "R") -> str:
    """A Discord timestamp tag every member sees in their own zone (style R: "2 hours ago")."""
    return f"<t:{int(moment.timestamp())}:{style}>"


def local_time(moment: datetime, zone: ZoneInfo) -> str:
    """``Tue 01 Dec 2026, 20:00``; in other locales their day and month names (``ter. 1 de dez. de 2026``)."""
    local = moment.astimezone(zone)
    if current_locale() == "en":
        return local.strftime("%a %d %b %Y, %H:%M")
    return fmt.moment(local, style="EEE d MMM y, HH:mm")


def sessions_text(n: int) -> str:
    return ngettext("{n} session", "{n} sessions", n)


LIKES = N_("Likes")
PEAK_VIEWERS = N_("Peak viewers")


def session_line(record: SessionRecord, zone: ZoneInfo) -> str:
    parts = [
        f"`{record.label}` {local_time(record.started_at, zone)}",
        fmt.duration(record.duration_minutes),
        diamonds_text(record.diamonds),
    ]
    if record.likes is not None:
        parts.append(likes_text(record.likes))
    if record.peak_viewers is not None:
        parts.append(_("{count} peak viewers", count=fmt.count(record.peak_viewers)))
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
    embed.add_field(name=_("Session"), value=record.label)
    embed.add_field(name=_("Start"), value=f"{local_time(record.started_at, zone)} ({zone.key})")
    embed.add_field(name=_("Duration"), value=fmt.duration(record.duration_minutes))
    embed.add_field(
        name=_("Diamonds"), value=fmt.count(record.diamonds) + (f" (≈ {payout})" if payout else "")
    )
    embed.add_field(name=_(LIKES), value=fmt.count(record.likes))
    embed.add_field(name=_(PEAK_VIEWERS), value=fmt.count(record.peak_viewers))
    if record.avg_viewers is not None:
        embed.add_field(name=_("Average viewers"), value=fmt.count(record.avg_viewers))
    if record.new_followers is not None:
        embed.add_field(name=_("New followers"), value=fmt.count(record.new_followers))
    if record.gifts:
        gifts = ", ".join(f"{fmt.count(count)} × {gift_name(key)}" for key, count in record.gifts)
        embed.add_field(name=_("Gifts"), value=gifts[:1024], inline=False)
    if record.note:
        embed.add_field(name=_("Note"), value=record.note[:1024], inline=False)
    return embed


def session_list_embed(
    records: Sequence[SessionRecord], *, user_id: int, page: int, pages: int, total: int, zone: ZoneInfo
) -> discord.Embed:
    embed = discord.Embed(title=_("LIVE sessions"), colour=BRAND_COLOUR)
    if not records:
        embed.description = _(
            "<@{user}> has no sessions logged in this server yet: use /session log.", user=user_id
        )
    else:
        lines = "\n".join(session_line(r, zone) for r in records)
        embed.description = f"<@{user_id}> · {sessions_text(total)}\n\n{lines}"[:4096]
    embed.set_footer(
        text=_("Page {page} of {pages} · times in {zone}", page=page + 1, pages=max(1, pages), zone=zone.key)
    )
    return embed


def import_preview(plan: ImportPlan, zone: ZoneInfo) -> str:
    """What an import would add, before anything is stored."""
    first, last = plan.first, plan.last
    assert first is not None and last is not None
    members = len(plan.members)
    values = {
        "sessions": sessions_text(len(plan.rows)),
        "first": _day(first.astimezone(zone)),
        "last": _day(last.astimezone(zone)),
        "zone": zone.key,
        "time": fmt.duration(plan.minutes),
        "diamonds": diamonds_text(plan.diamonds),
        "likes": likes_text(plan.likes),
    }
    if members == 1:
        text = _(
            "Ready to import {sessions}, {first} to {last} ({zone}): {time} live, {diamonds}, {likes}.",
            **values,
        )
    else:
        text = _(
            "Ready to import {sessions} for {members}, {first} to {last} ({zone}): {time} live, {diamonds}, {likes}.",
            members=ngettext("{n} member", "{n} members", members),
            **values,
        )
    return text + "\n" + _("Nothing is stored until you confirm, and then every row or none.")


def _day(moment: datetime) -> str:
    if current_locale() == "en":
        return f"{moment:%d %b %Y}"
    return fmt.day(moment)


def import_refused(plan: ImportPlan) -> str:
    refused = ngettext(
        "Nothing was imported: {n} row needs fixing (the file's line numbers, header = line 1).",
        "Nothing was imported: {n} rows need fixing (the file's line numbers, header = line 1).",
        len(plan.errors),
    )
    return f"{refused}\n{plan.error_text()}"[:1900]


def imported_text(count: int) -> str:
    return _("Imported {sessions}: see /session list.", sessions=sessions_text(count))
