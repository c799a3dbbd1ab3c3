"""Text and embeds for go-live reminders: pure functions of their inputs, in the active language.

Posts (reminders, log-channel notices) are built inside ``bot.i18n.using`` the server's post
language; replies in the member's. Flags and pause reasons are stored as codes
(:mod:`bot.reminders.model.reminder`) and written out here, in the reader's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import discord

from bot.core.clock import zone_named
from bot.i18n import N_, _, ngettext
from bot.reminders.model.recurrence import format_days, live_instant
from bot.reminders.model.reminder import (
    ROLE_DELETED_FLAG,
    TIMED_OUT,
    Reminder,
    Upcoming,
    read_flag,
    read_pause,
)

__all__ = ["ROLE_DELETED_FLAG"]

COLOUR = discord.Colour(0xFE2C55)
DEFAULT_MESSAGE = N_("Time to go LIVE! Check your light and sound, then hit Go LIVE.")
_EMBED_BUDGET = 5800  # Discord allows 6,000 characters per message's embeds


def ts(moment: datetime, style: str) -> str:
    """A Discord timestamp tag that every member sees in their own time zone."""
    return f"<t:{int(moment.timestamp())}:{style}>"


def when_text(reminder: Reminder) -> str:
    """'Weekdays at 19:00 America/New_York, posted 15 min before'."""
    text = _(
        "{days} at {time} {zone}",
        days=format_days(reminder.days),
        time=f"{reminder.at:%H:%M}",
        zone=reminder.timezone,
    )
    if reminder.lead_minutes:
        text += _(", posted {lead} before", lead=lead_text(reminder.lead_minutes))
    return text


def lead_text(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    if hours and mins:
        return f"{hours} h {mins} min"
    return f"{hours} h" if hours else f"{mins} min"


def _late_line(reminder: Reminder, due_utc: datetime) -> str:
    local = due_utc.astimezone(zone_named(reminder.timezone))
    return "-# " + _("(posted late: LiveCoach was offline at {time})", time=f"{local:%H:%M}")


def _live_head(reminder: Reminder, due_utc: datetime, who: str | None) -> str:
    """'🔴 **Going LIVE 19:00** (in 15 min)': the LIVE's true instant, shown in each reader's own time.

    ``who``: the creator's mention (a personal reminder), else the server's own post.
    """
    if reminder.lead_minutes:
        live_at = ts(live_instant(due_utc, reminder.lead_minutes), "t")
        lead = lead_text(reminder.lead_minutes)
        if who is None:
            return _("🔴 **Going LIVE {time}** (in {lead})", time=live_at, lead=lead)
        return _("{who} 🔴 **going LIVE {time}** (in {lead})", who=who, time=live_at, lead=lead)
    if who is None:
        return _("🔴 **Going LIVE now!**")
    return _("{who} 🔴 **going LIVE now!**", who=who)


def post_content(reminder: Reminder, due_utc: datetime, *, role_id: int | None, late: bool) -> str:
    """The channel message of one server-wide occurrence."""
    head = (f"<@&{role_id}> " if role_id else "") + _live_head(reminder, due_utc, None)
    lines = [head, reminder.message or _(DEFAULT_MESSAGE)]
    if late:
        lines.append(_late_line(reminder, due_utc))
    return "\n".join(lines)


def personal_content(
    reminder: Reminder, due_utc: datetime, handle: str | None, pinged: Sequence[int], *, late: bool
) -> str:
    """A creator's own reminder: names them (and their handle), links the LIVE, pings followers who asked."""
    who = f"<@{reminder.user_id}>" + (f" (@{handle})" if handle else "")
    lines = [_live_head(reminder, due_utc, who)]
    if reminder.message:
        lines.append(reminder.message)
    if handle:
        lines.append(_("Watch: {link}", link=f"<https://www.tiktok.com/@{handle}/live>"))
    if pinged:
        lines.append("-# " + " ".join(f"<@{uid}>" for uid in pinged))
    if late:
        lines.append(_late_line(reminder, due_utc))
    return "\n".join(lines)


def test_content(reminder: Reminder, now: datetime, handle: str | None = None) -> str:
    """/reminder test: the post's text, marked as a test, its ping written out but not made."""
    if reminder.user_id is not None:
        body = personal_content(reminder, now, handle, (), late=False)
    else:
        body = post_content(reminder, now, role_id=None, late=False)
    mark = _("🧪 Test of go-live reminder #{id}, not a real alert.", id=reminder.id)
    if reminder.role_id:
        mark += " " + _("The real post pings {role}; this test pings nobody.", role=f"<@&{reminder.role_id}>")
    return f"-# {mark}\n{body}"


def failure_detail(detail: str) -> str:
    """What Discord did ("HTTP 503", or no answer in time), in the reader's language."""
    return _("no answer in time") if detail in (TIMED_OUT, "no answer in time") else detail


def flag_text(stored: str) -> str:
    """A stored flag (a code, or an older row's English sentence) in the reader's language."""
    flag = read_flag(stored)
    if flag is None:
        return ""
    if flag.kind == "role_deleted":
        return _("Its role was deleted, so it posts without a ping: re-add it with another role.")
    if flag.kind == "failed" and flag.at is not None:
        return _(
            "Last post failed ({detail}) at {time}, after retrying: Discord was unavailable.",
            detail=failure_detail(flag.detail),
            time=ts(flag.at, "f"),
        )
    return flag.detail


def is_failed_flag(flag: str | None) -> bool:
    found = read_flag(flag)
    return found is not None and found.kind == "failed"


def is_role_deleted_flag(flag: str | None) -> bool:
    found = read_flag(flag)
    return found is not None and found.kind == "role_deleted"


def failure_notice(reminder: Reminder, due_utc: datetime, detail: str) -> str:
    return _(
        "⚠️ Go-live reminder #{id} ({when}) could not post for {time}: Discord answered {detail} on every "
        "try within the grace window. It stays active for its next post.",
        id=reminder.id,
        when=when_text(reminder),
        time=ts(due_utc, "f"),
        detail=failure_detail(detail),
    )


def resumed_notice(reminder_ids: Sequence[int]) -> str:
    listed = ", ".join(f"#{rid}" for rid in reminder_ids)
    return ngettext(
        "▶️ I'm back in this server, so I resumed {n} go-live reminder paused because I couldn't post "
        "({listed}). If I still can't post, it pauses again with a note here.",
        "▶️ I'm back in this server, so I resumed {n} go-live reminders paused because I couldn't post "
        "({listed}). If I still can't post, they pause again with a note here.",
        len(reminder_ids),
        listed=listed,
    )


def fault_reason(status: int, channel_id: int) -> str:
    """Why a reminder was paused after Discord refused its post."""
    if status == 404:
        return _(
            "Channel {channel} no longer exists: pick a new channel with /reminder add.",
            channel=f"<#{channel_id}>",
        )
    return _(
        "I'm not allowed to post in {channel}: give me View Channel and Send Messages there, "
        "then /reminder resume.",
        channel=f"<#{channel_id}>",
    )


def pause_text(stored: str) -> str:
    """A stored pause reason (a code, or an older row's English sentence) in the reader's language."""
    reason = read_pause(stored)
    if reason is None:
        return ""
    if reason.kind == "paused_by":
        return _("paused by {member}", member=f"<@{reason.id}>")
    if reason.kind == "forbidden":
        return fault_reason(403, reason.id)
    if reason.kind == "channel_gone":
        return fault_reason(404, reason.id)
    return reason.text


def fault_notice(reminder: Reminder, reason: str) -> str:
    """The one message the server's log channel gets when a reminder is paused by a fault."""
    return _(
        "⏸️ Go-live reminder #{id} ({when}) is paused. {reason}",
        id=reminder.id,
        when=when_text(reminder),
        reason=reason,
    )


def state_text(reminder: Reminder) -> str:
    if reminder.paused:
        if reminder.pause_reason:
            return _("⏸️ Paused: {reason}", reason=pause_text(reminder.pause_reason))
        return _("⏸️ Paused")
    if reminder.flag:
        return _("⚠️ Active, flagged: {flag}", flag=flag_text(reminder.flag))
    return _("✅ Active")


def reminder_lines(reminder: Reminder, next_due: datetime | None) -> str:
    lines = [state_text(reminder)]
    if next_due is not None and not reminder.paused:
        lines.append(_("Next post {time} ({relative})", time=ts(next_due, "F"), relative=ts(next_due, "R")))
    where = _("In {channel}", channel=f"<#{reminder.channel_id}>")
    if reminder.user_id is not None:
        where = _("Personal, for {member}'s LIVE", member=f"<@{reminder.user_id}>") + " · " + where
    if reminder.role_id:
        where += _(", pings {role}", role=f"<@&{reminder.role_id}>")
    lines.append(where)
    if reminder.label:
        lines.append(reminder.label)
    if reminder.message:
        preview = reminder.message if len(reminder.message) <= 60 else reminder.message[:59] + "…"
        lines.append(f"“{preview}”")
    return "\n".join(lines)


def _field_name(reminder: Reminder) -> str:
    return f"#{reminder.id} · {when_text(reminder)}"[:256]


LIST_PAGE_SIZE = 25  # Discord's limit of fields per embed


def list_embed(
    items: Sequence[Upcoming], total: int, cap: int, page: int = 0, pages: int = 1
) -> discord.Embed:
    """One page of /reminder list (``items`` is that page; ``total`` counts them all)."""
    embed = discord.Embed(title=_("Go-live reminders"), colour=COLOUR)
    if not items:
        embed.description = _("No reminders yet. A server admin can add one with /reminder add.")
        return embed
    embed.description = _(
        "{total} of {cap} reminders. Times show in your own time zone.", total=total, cap=cap
    )
    used = len(embed.title or "") + len(embed.description)
    per_field = max(120, (_EMBED_BUDGET - used) // max(len(items), 1))
    for item in items[:LIST_PAGE_SIZE]:
        name = _field_name(item.reminder)
        value = reminder_lines(item.reminder, item.next_due)
        room = min(1024, per_field - len(name))
        if len(value) > room:
            value = value[: room - 1] + "…"
        embed.add_field(name=name, value=value, inline=False)
    if pages > 1:
        embed.set_footer(text=_("Page {page} of {pages}", page=page + 1, pages=pages))
    return embed


def added_embed(items: Sequence[Upcoming], title: str) -> discord.Embed:
    embed = discord.Embed(title=title, colour=COLOUR)
    for item in items:
        embed.add_field(name=_field_name(item.reminder), value=reminder_lines(item.reminder, item.next_due))
    notes = list(dict.fromkeys(item.dst_note for item in items if item.dst_note))
    if notes:
        embed.add_field(name=_("Daylight saving"), value="\n".join(notes)[:1024], inline=False)
    embed.set_footer(text=_("Use /reminder test to see the post, /reminder list to see them all."))
    return embed


def choice_label(reminder: Reminder) -> str:
    state = " " + _("(paused)") if reminder.paused else ""
    return f"#{reminder.id} · {when_text(reminder)}{state}"[:100]
