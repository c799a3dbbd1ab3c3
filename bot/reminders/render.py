"""Text and embeds for go-live reminders: pure functions of their inputs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import discord

from bot.core.clock import zone_named
from bot.reminders.model.recurrence import format_days, live_instant
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


def _late_line(reminder: Reminder, due_utc: datetime) -> str:
    local = due_utc.astimezone(zone_named(reminder.timezone))
    return f"-# (posted late: LiveCoach was offline at {local:%H:%M})"


def _live_head(reminder: Reminder, due_utc: datetime, who: str) -> str:
    """'🔴 **Going LIVE 19:00** (in 15 min)': the LIVE's true instant, shown in each reader's own time."""
    if reminder.lead_minutes:
        live_at = live_instant(due_utc, reminder.lead_minutes)
        return f"🔴 **{who}LIVE {ts(live_at, 't')}** (in {lead_text(reminder.lead_minutes)})"
    return f"🔴 **{who}LIVE now!**"


def post_content(reminder: Reminder, due_utc: datetime, *, role_id: int | None, late: bool) -> str:
    """The channel message of one server-wide occurrence."""
    head = (f"<@&{role_id}> " if role_id else "") + _live_head(reminder, due_utc, "Going ")
    lines = [head, reminder.message or DEFAULT_MESSAGE]
    if late:
        lines.append(_late_line(reminder, due_utc))
    return "\n".join(lines)


def personal_content(
    reminder: Reminder, due_utc: datetime, handle: str | None, pinged: Sequence[int], *, late: bool
) -> str:
    """A creator's own reminder: names them (and their handle), links the LIVE, pings followers who asked."""
    who = f"<@{reminder.user_id}>" + (f" (@{handle})" if handle else "")
    lines = [f"{who} " + _live_head(reminder, due_utc, "going ")]
    if reminder.message:
        lines.append(reminder.message)
    if handle:
        lines.append(f"Watch: <https://www.tiktok.com/@{handle}/live>")
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
    ping = f" The real post pings <@&{reminder.role_id}>; this test pings nobody." if reminder.role_id else ""
    return f"-# 🧪 Test of go-live reminder #{reminder.id}, not a real alert.{ping}\n{body}"


_FAILED_PREFIX = "Last post failed"


def failed_flag(due_utc: datetime, detail: str) -> str:
    return f"{_FAILED_PREFIX} ({detail}) at {ts(due_utc, 'f')}, after retrying: Discord was unavailable."


def is_failed_flag(flag: str) -> bool:
    return flag.startswith(_FAILED_PREFIX)


def failure_notice(reminder: Reminder, due_utc: datetime, detail: str) -> str:
    return (
        f"⚠️ Go-live reminder #{reminder.id} ({when_text(reminder)}) could not post for {ts(due_utc, 'f')}: "
        f"Discord answered {detail} on every try within the grace window. It stays active for its next post."
    )


def resumed_notice(reminder_ids: Sequence[int]) -> str:
    listed = ", ".join(f"#{rid}" for rid in reminder_ids)
    count = len(reminder_ids)
    return (
        f"▶️ I'm back in this server, so I resumed {count} go-live reminder{'s' if count != 1 else ''} "
        f"paused because I couldn't post ({listed}). If I still can't post, they pause again with a note here."
    )


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
    if reminder.user_id is not None:
        where = f"Personal, for <@{reminder.user_id}>'s LIVE · " + where
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
