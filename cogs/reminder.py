"""/reminder: go-live reminders on local weekdays and times, posted exactly once, DST-aware."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from datetime import time as dtime
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.errors import InvalidInput, NotFound
from bot.core.options import TextChannelOption
from bot.core.timezones import resolve_zone, search_zones
from bot.reminders import render as render
from bot.reminders.model.recurrence import dst_note, format_days, next_occurrences, parse_days, parse_hhmm
from bot.reminders.service import MAX_REMINDERS_PER_SERVER
from bot.stats.model.peaks import (
    MAX_SESSIONS_FOR_PEAKS,
    enough_data,
    generic_slots,
    heat_matrix,
    hours_matrix,
    top_slots,
)
from bot.storage.reminders import NewReminder, Reminder

if TYPE_CHECKING:
    from bot.core.app import LiveCoach

log = logging.getLogger(__name__)

MAX_MESSAGE = 500
MAX_LEAD = 1440
PEAK_LOOKBACK = timedelta(days=90)
_DAY_SUGGESTIONS = (
    "daily",
    "weekdays",
    "weekends",
    "mon,wed,fri",
    "tue,thu",
    "fri,sat,sun",
    "mon-thu",
    "sat,sun",
)
_CAP_SENTENCE = (
    f"This server already has the maximum of {MAX_REMINDERS_PER_SERVER} reminders: "
    "remove one with /reminder remove first."
)


TextChannel = app_commands.Transform[app_commands.AppCommandChannel, TextChannelOption("for the reminder")]


def _cap_error() -> InvalidInput:
    return InvalidInput(_CAP_SENTENCE)


def _check_role(role: discord.Role | None, guild_id: int) -> int | None:
    if role is None:
        return None
    if role.id == guild_id:
        raise InvalidInput("Pick a role to ping other than @everyone.")
    return role.id


@app_commands.guild_only()
class Reminders(
    commands.GroupCog, group_name="reminder", group_description="Go-live reminders for this server"
):
    """Go-live reminders"""

    help_section = (60, "Go-live reminders and peak times")

    def __init__(self, bot: LiveCoach) -> None:
        self.bot = bot
        self.service = bot.reminders
        super().__init__()

    def _now(self) -> datetime:
        return self.service.clock()

    def _next_dues(self, reminders: list[Reminder], now: datetime) -> dict[int, datetime | None]:
        return {
            r.id: None if r.paused else next_occurrences(r.days, r.at, r.timezone, r.lead_minutes, now)[0]
            for r in reminders
        }

    async def _get(self, guild_id: int, reminder_id: int) -> Reminder:
        reminder = await self.bot.storage.reminders.get(guild_id, reminder_id)
        if reminder is None:
            raise NotFound(f"There is no reminder #{reminder_id} in this server: /reminder list shows them.")
        return reminder

    # ------------------------------------------------------------------ add
    @app_commands.command(name="add", description="Post a go-live reminder on chosen days at a local time")
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(
        days="daily, weekdays, weekends or days like mon,wed,fri",
        time="Time the LIVE starts, e.g. 19:00 or 7pm",
        timezone="IANA time zone (default: this server's /config timezone)",
        channel="Text channel to post in (default: this one)",
        role="Role to ping",
        message="Text of the reminder (up to 500 characters)",
        minutes_before="Post this many minutes before the time (0 to 1440)",
    )
    async def add(
        self,
        interaction: discord.Interaction,
        days: app_commands.Range[str, 1, 100],
        time: app_commands.Range[str, 1, 20],
        timezone: app_commands.Range[str, 1, 64] | None = None,
        channel: TextChannel | None = None,
        role: discord.Role | None = None,
        message: app_commands.Range[str, 1, MAX_MESSAGE] | None = None,
        minutes_before: app_commands.Range[int, 0, MAX_LEAD] = 0,
    ) -> None:
        guild_id = interaction.guild_id or 0
        day_set = parse_days(days)
        at = parse_hhmm(time)
        if timezone:
            zone = resolve_zone(timezone)
        else:
            zone = (await self.bot.storage.settings.get(guild_id)).timezone
        if message is not None and len(message.strip()) > MAX_MESSAGE:
            raise InvalidInput(f"Keep the message to {MAX_MESSAGE} characters or fewer.")
        if not 0 <= minutes_before <= MAX_LEAD:
            raise InvalidInput(f"Use minutes before from 0 to {MAX_LEAD}.")
        text = message.strip() if message and message.strip() else None
        new = NewReminder(
            guild_id=guild_id,
            channel_id=channel.id if channel is not None else (interaction.channel_id or 0),
            days=day_set,
            at=at,
            timezone=zone,
            created_by=interaction.user.id,
            lead_minutes=minutes_before,
            role_id=_check_role(role, guild_id),
            message=text,
        )
        now = self._now()
        reminder = await self.bot.storage.reminders.add(new, now, MAX_REMINDERS_PER_SERVER)
        if reminder is None:
            raise _cap_error()
        if self.bot.background:
            self.service.schedule(reminder)
        note = dst_note(reminder.days, reminder.at, reminder.timezone, now, reminder.lead_minutes)
        embed = render.added_embed(
            [reminder],
            self._next_dues([reminder], now),
            [note] if note else [],
            f"Reminder #{reminder.id} added",
        )
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @add.autocomplete("days")
    async def add_days(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        choices: list[app_commands.Choice[str]] = []
        typed = current.strip()
        if typed:
            try:
                parsed = parse_days(typed)
            except InvalidInput:
                parsed = None
            if parsed is not None:
                choices.append(
                    app_commands.Choice(name=f"{typed} → {format_days(parsed)}"[:100], value=typed[:100])
                )
        needle = typed.lower()
        for suggestion in _DAY_SUGGESTIONS:
            if needle in suggestion and suggestion != typed:
                label = f"{suggestion} → {format_days(parse_days(suggestion))}"
                choices.append(app_commands.Choice(name=label, value=suggestion))
        return choices[:25]

    @add.autocomplete("timezone")
    async def add_timezone(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=z, value=z) for z in search_zones(current, 25)]

    # ------------------------------------------------------------------ add-peak
    @app_commands.command(
        name="add-peak", description="Add reminders before this server's top three LIVE slots"
    )
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(
        minutes_before="Post this many minutes before each slot (default 15)",
        channel="Text channel to post in (default: this one)",
        role="Role to ping",
    )
    async def add_peak(
        self,
        interaction: discord.Interaction,
        minutes_before: app_commands.Range[int, 0, MAX_LEAD] = 15,
        channel: TextChannel | None = None,
        role: discord.Role | None = None,
    ) -> None:
        guild_id = interaction.guild_id or 0
        if not 0 <= minutes_before <= MAX_LEAD:
            raise InvalidInput(f"Use minutes before from 0 to {MAX_LEAD}.")
        role_id = _check_role(role, guild_id)
        now = self._now()
        zone = (await self.bot.storage.settings.get(guild_id)).timezone
        samples = await self.bot.storage.sessions.peak_samples(
            guild_id, now - PEAK_LOOKBACK, latest=MAX_SESSIONS_FOR_PEAKS
        )
        slots = []
        if enough_data(len(samples)):
            slots = top_slots(heat_matrix(samples, zone, "diamonds_per_hour"), hours_matrix(samples, zone), 3)
        generic = not slots
        if generic:
            slots = generic_slots(zone)
        channel_id = channel.id if channel is not None else (interaction.channel_id or 0)
        source = "generic guidance (not enough logged sessions)" if generic else "this server's sessions"
        items = [
            NewReminder(
                guild_id=guild_id,
                channel_id=channel_id,
                days=frozenset({slot.weekday}),
                at=dtime(slot.hour, 0),
                timezone=zone,
                created_by=interaction.user.id,
                lead_minutes=minutes_before,
                role_id=role_id,
                label=f"Peak slot {render.slot_text(slot)}, from {source}",
            )
            for slot in slots
        ]
        added = await self.bot.storage.reminders.add_many(items, now, MAX_REMINDERS_PER_SERVER)
        if added is None:
            raise InvalidInput(
                f"That would go past the maximum of {MAX_REMINDERS_PER_SERVER} reminders in this server: "
                f"remove {len(items)} with /reminder remove first."
            )
        if self.bot.background:
            for reminder in added:
                self.service.schedule(reminder)
        notes = [
            n for r in added if (n := dst_note(r.days, r.at, r.timezone, now, r.lead_minutes)) is not None
        ]
        title = (
            f"Added {len(added)} reminders before generic peak slots (too few logged sessions)"
            if generic
            else f"Added {len(added)} reminders before your top slots"
        )
        embed = render.added_embed(added, self._next_dues(added, now), list(dict.fromkeys(notes)), title)
        await interaction.response.send_message(embed=embed, ephemeral=True)

    # ------------------------------------------------------------------ list
    @app_commands.command(name="list", description="This server's go-live reminders and when each posts next")
    async def list_(self, interaction: discord.Interaction) -> None:
        guild_id = interaction.guild_id or 0
        reminders = await self.bot.storage.reminders.list_for_guild(guild_id)
        embed = render.list_embed(
            reminders, self._next_dues(reminders, self._now()), MAX_REMINDERS_PER_SERVER
        )
        await interaction.response.send_message(embed=embed, ephemeral=True)

    # ------------------------------------------------------------------ remove / pause / resume / test
    @app_commands.command(name="remove", description="Delete a go-live reminder")
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(id="The reminder's number, from /reminder list")
    async def remove(self, interaction: discord.Interaction, id: int) -> None:
        guild_id = interaction.guild_id or 0
        reminder = await self._get(guild_id, id)
        await self.bot.storage.reminders.delete(guild_id, id)
        self.service.unschedule(id)
        await interaction.response.send_message(
            f"Removed reminder #{id} ({render.when_text(reminder)}).", ephemeral=True
        )

    @app_commands.command(name="pause", description="Stop a go-live reminder from posting until resumed")
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(id="The reminder's number, from /reminder list")
    async def pause(self, interaction: discord.Interaction, id: int) -> None:
        guild_id = interaction.guild_id or 0
        reminder = await self._get(guild_id, id)
        if reminder.paused:
            raise InvalidInput(f"Reminder #{id} is already paused: /reminder resume starts it again.")
        await self.bot.storage.reminders.set_paused(
            guild_id, id, True, self._now(), f"paused by <@{interaction.user.id}>"
        )
        self.service.unschedule(id)
        await interaction.response.send_message(
            f"Paused reminder #{id}. /reminder resume starts it again.", ephemeral=True
        )

    @app_commands.command(name="resume", description="Start a paused go-live reminder again")
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(id="The reminder's number, from /reminder list")
    async def resume(self, interaction: discord.Interaction, id: int) -> None:
        guild_id = interaction.guild_id or 0
        reminder = await self._get(guild_id, id)
        if not reminder.paused:
            raise InvalidInput(f"Reminder #{id} is not paused.")
        now = self._now()
        await self.bot.storage.reminders.set_paused(guild_id, id, False, now)
        resumed = await self._get(guild_id, id)
        if self.bot.background:
            self.service.schedule(resumed)
        due = self._next_dues([resumed], now)[resumed.id]
        when = f" Next post {render.ts(due, 'F')} ({render.ts(due, 'R')})." if due else ""
        await interaction.response.send_message(f"Resumed reminder #{id}.{when}", ephemeral=True)

    @app_commands.command(name="test", description="Post a go-live reminder now, exactly as it will look")
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(id="The reminder's number, from /reminder list")
    async def test(self, interaction: discord.Interaction, id: int) -> None:
        guild_id = interaction.guild_id or 0
        reminder = await self._get(guild_id, id)
        await interaction.response.defer(ephemeral=True, thinking=True)
        await self.service.send_test(reminder)
        await interaction.followup.send(
            f"Posted a test of reminder #{id} in <#{reminder.channel_id}>.", ephemeral=True
        )

    @remove.autocomplete("id")
    @pause.autocomplete("id")
    @resume.autocomplete("id")
    @test.autocomplete("id")
    async def reminder_id(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[int]]:
        reminders = await self.bot.storage.reminders.list_for_guild(interaction.guild_id or 0)
        needle = current.strip().lstrip("#").lower()
        found = [r for r in reminders if needle in render.choice_label(r).lower()]
        return [app_commands.Choice(name=render.choice_label(r), value=r.id) for r in found[:25]]


async def setup(bot: LiveCoach) -> None:
    await bot.add_cog(Reminders(bot))
