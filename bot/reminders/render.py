"""Text and embeds for go-live reminders: pure functions of their inputs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import discord

from bot.reminders.model.recurrence import fire_schedule, format_days
from bot.reminders.model.reminder import Reminder, Upcoming

COLOUR = discord.Colour(0xFE2C55)
DEFAULT_MESSAGE = "Time to go LIVE! Check your light and sound, then hit Go LIVE."
_EMBED_BUDGET = 5800  # Discord allows 6,000 characters per message's embeds


def ts(moment: datetime, style: str) -> str:
    """A Discord timestamp tag that every member sees in their own time zone."""
    return f"<t:{int(moment.timestamp())}:{style}>"


def when_text(reminder: Reminder) -> str:
    """'Weekdays at 19:00 America/New_York, posted 15 min before'."""
    text = f"{format_days(reminder.days)} at {reminder.at:%H:%M} {reminder.timezone}"
    if reminder.lead_minutes:
        text += f", posted {lead_text(reminder.lead_minutes)} before"
    return text


def lead_text(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    if hours and mins:
        return f"{hours} h {mins} min"
    return f"{hours} h" if hours else f"{mins} min"


def post_content(reminder: Reminder, due_utc: datetime, *, role_id: int | None, late: bool) -> str:
    """The channel message of one occurrence (the real post and /reminder test look the same)."""
    live_at = due_utc + timedelta(minutes=reminder.lead_minutes)
    head = f"<@&{role_id}> " if role_id else ""
    if reminder.lead_minutes:
        head += f"🔴 **Going LIVE {ts(live_at, 't')}** (in {lead_text(reminder.lead_minutes)})"
    else:
        head += "🔴 **Going LIVE now!**"
    lines = [head, reminder.message or DEFAULT_MESSAGE]
    if late:
        _, fire_at = fire_schedule(reminder.days, reminder.at, reminder.lead_minutes)
        lines.append(f"-# (posted late: LiveCoach was offline at {fire_at:%H:%M})")
    return "\n".join(lines)


def fault_reason(status: int, channel_id: int) -> str:
    """Why a reminder was paused after Discord refused its post."""
    if status == 404:
        return f"Channel <#{channel_id}> no longer exists: pick a new channel with /reminder add."
    return (
        f"I'm not allowed to post in <#{channel_id}>: give me View Channel and Send Messages there, "
        "then /reminder resume."
    )


ROLE_DELETED_FLAG = "Its role was deleted, so it posts without a ping: re-add it with another role."


def fault_notice(reminder: Reminder, reason: str) -> str:
    """The one message the server's log channel gets when a reminder is paused by a fault."""
    return f"⏸️ Go-live reminder #{reminder.id} ({when_text(reminder)}) is paused. {reason}"


def state_text(reminder: Reminder) -> str:
    if reminder.paused:
        return f"⏸️ Paused: {reminder.pause_reason}" if reminder.pause_reason else "⏸️ Paused"
    if reminder.flag:
        return f"⚠️ Active, flagged: {reminder.flag}"
    return "✅ Active"


def reminder_lines(reminder: Reminder, next_due: datetime | None) -> str:
    lines = [state_text(reminder)]
    if next_due is not None and not reminder.paused:
        lines.append(f"Next post {ts(next_due, 'F')} ({ts(next_due, 'R')})")
    where = f"In <#{reminder.channel_id}>"
    if reminder.role_id:
        where += f", pings <@&{reminder.role_id}>"
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
    embed = discord.Embed(title="Go-live reminders", colour=COLOUR)
    if not items:
        embed.description = "No reminders yet. A server admin can add one with /reminder add."
        return embed
    embed.description = f"{total} of {cap} reminders. Times show in your own time zone."
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
        embed.set_footer(text=f"Page {page + 1} of {pages}")
    return embed


def added_embed(items: Sequence[Upcoming], title: str) -> discord.Embed:
    embed = discord.Embed(title=title, colour=COLOUR)
    for item in items:
        embed.add_field(name=_field_name(item.reminder), value=reminder_lines(item.reminder, item.next_due))
    notes = list(dict.fromkeys(item.dst_note for item in items if item.dst_note))
    if notes:
        embed.add_field(name="Daylight saving", value="\n".join(notes)[:1024], inline=False)
    embed.set_footer(text="Use /reminder test to see the post, /reminder list to see them all.")
    return embed


def choice_label(reminder: Reminder) -> str:
    state = " (paused)" if reminder.paused else ""
    return f"#{reminder.id} · {when_text(reminder)}{state}"[:100]
