"""/reminder: go-live reminders on local weekdays and times, posted exactly once, DST-aware.

Thin: options are parsed here, every rule and write (cap, role, scheduling) is ``bot.reminders``'s.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.checks import admin_command
from bot.core.errors import InvalidInput
from bot.core.interaction import Interaction, guild_id
from bot.core.mentions import check_pingable
from bot.core.options import TextChannelOption, TimeZone
from bot.core.ui import Pager, send_pager
from bot.i18n import _, ngettext
from bot.reminders import render as render
from bot.reminders.model.recurrence import parse_days, parse_hhmm, suggest_days
from bot.reminders.model.reminder import (
    MAX_LEAD,
    MAX_MESSAGE,
    MAX_REMINDERS_PER_SERVER,
    NewReminder,
    Upcoming,
    message_text,
)
from bot.stats.render import zone_warning

if TYPE_CHECKING:
    from bot.core.app import LiveCoach

log = logging.getLogger(__name__)

_ID = "The reminder's number, from /reminder list"

TextChannel = app_commands.Transform[app_commands.AppCommandChannel, TextChannelOption("for the reminder")]


def _channel_id(interaction: Interaction, channel: app_commands.AppCommandChannel | None) -> int:
    """The chosen channel, else the one the command ran in."""
    chosen = channel.id if channel is not None else interaction.channel_id
    if chosen is None:
        raise InvalidInput(_("Pick the channel to post in with the channel option."))
    return chosen


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)  # members see /schedule for their own instead
class Reminders(
    commands.GroupCog, group_name="reminder", group_description="Go-live reminders for this server"
):
    """Go-live reminders (server-wide, Manage Server); admins can also pause or remove members' own."""

    help_section = (60, "Go-live reminders and peak times")

    def __init__(self, bot: LiveCoach) -> None:
        self.bot = bot
        super().__init__()

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        """Added back to a server: reminders paused because the bot could not post resume (one notice)."""
        await self.bot.reminders.resume_after_rejoin(guild.id)

    # ------------------------------------------------------------------ add
    @admin_command(
        "add",
        "Post a go-live reminder on chosen days at a local time",
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
        interaction: Interaction,
        days: app_commands.Range[str, 1, 100],
        time: app_commands.Range[str, 1, 20],
        timezone: TimeZone | None = None,
        channel: TextChannel | None = None,
        role: discord.Role | None = None,
        message: app_commands.Range[str, 1, MAX_MESSAGE] | None = None,
        minutes_before: app_commands.Range[int, 0, MAX_LEAD] = 0,
    ) -> None:
        guild = guild_id(interaction)
        if role is not None:
            check_pingable(role, interaction.app_permissions.mention_everyone)
        new = NewReminder(
            guild_id=guild,
            channel_id=_channel_id(interaction, channel),
            days=parse_days(days),
            at=parse_hhmm(time),
            timezone=timezone or await self.bot.reminders.zone_of(guild),
            created_by=interaction.user.id,
            lead_minutes=minutes_before,
            role_id=role.id if role is not None else None,
            message=message_text(message),
        )
        added = await self.bot.reminders.add(new)
        embed = render.added_embed([added], _("Reminder #{id} added", id=added.reminder.id))
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @add.autocomplete("days")
    async def add_days(self, interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=label, value=value) for label, value in suggest_days(current)]

    # ------------------------------------------------------------------ add-peak
    @admin_command(
        "add-peak",
        "Add reminders before this server's top three LIVE slots",
        minutes_before="Post this many minutes before each slot (default 15)",
        channel="Text channel to post in (default: this one)",
        role="Role to ping",
    )
    async def add_peak(
        self,
        interaction: Interaction,
        minutes_before: app_commands.Range[int, 0, MAX_LEAD] = 15,
        channel: TextChannel | None = None,
        role: discord.Role | None = None,
    ) -> None:
        if role is not None:
            check_pingable(role, interaction.app_permissions.mention_everyone)
        plan, added = await self.bot.reminders.add_peak(
            guild_id(interaction),
            _channel_id(interaction, channel),
            interaction.user.id,
            lead=minutes_before,
            role_id=role.id if role is not None else None,
        )
        title = (
            ngettext(
                "Added {n} reminder before generic peak slots (too few logged sessions)",
                "Added {n} reminders before generic peak slots (too few logged sessions)",
                len(added),
            )
            if plan.generic
            else ngettext(
                "Added {n} reminder before your top slots",
                "Added {n} reminders before your top slots",
                len(added),
            )
        )
        embed = render.added_embed(added, title)
        warning = zone_warning(await self.bot.reminders.zone_of(guild_id(interaction)))
        if warning:
            embed.add_field(name=_("⚠️ Time zone"), value=warning, inline=False)
        await interaction.response.send_message(embed=embed, ephemeral=True)

    # ------------------------------------------------------------------ list
    @app_commands.command(name="list", description="This server's go-live reminders and when each posts next")
    async def list_(self, interaction: Interaction) -> None:
        items = await self.bot.reminders.listing(guild_id(interaction))
        if len(items) <= render.LIST_PAGE_SIZE:
            embed = render.list_embed(items, len(items), MAX_REMINDERS_PER_SERVER)
            await interaction.response.send_message(embed=embed, ephemeral=True)
            return

        def draw(page_items: Sequence[Upcoming], page: int, pages: int) -> discord.Embed:
            return render.list_embed(page_items, len(items), MAX_REMINDERS_PER_SERVER, page, pages)

        pager = Pager.of_items(interaction.user.id, items, render.LIST_PAGE_SIZE, draw, prefix="reminders")
        await send_pager(interaction, pager)

    # ------------------------------------------------------------------ remove / pause / resume / test
    @admin_command("remove", "Delete a go-live reminder", id=_ID)
    async def remove(self, interaction: Interaction, id: int) -> None:
        reminder = await self.bot.reminders.remove(guild_id(interaction), id)
        await interaction.response.send_message(
            _("Removed reminder #{id} ({when}).", id=id, when=render.when_text(reminder)), ephemeral=True
        )

    @admin_command("pause", "Stop a go-live reminder from posting until resumed", id=_ID)
    async def pause(self, interaction: Interaction, id: int) -> None:
        await self.bot.reminders.pause(guild_id(interaction), id, by=interaction.user.id)
        await interaction.response.send_message(
            _("Paused reminder #{id}. /reminder resume starts it again.", id=id), ephemeral=True
        )

    @admin_command("resume", "Start a paused go-live reminder again", id=_ID)
    async def resume(self, interaction: Interaction, id: int) -> None:
        due = (await self.bot.reminders.resume(guild_id(interaction), id)).next_due
        text = _("Resumed reminder #{id}.", id=id)
        if due:
            text += " " + _(
                "Next post {time} ({relative}).", time=render.ts(due, "F"), relative=render.ts(due, "R")
            )
        await interaction.response.send_message(text, ephemeral=True)

    @admin_command("test", "Post a go-live reminder now, marked as a test and pinging nobody", id=_ID)
    async def test(self, interaction: Interaction, id: int) -> None:
        guild = guild_id(interaction)
        await self.bot.reminders.get(guild, id)  # an unknown id is answered before "thinking…"
        await interaction.response.defer(ephemeral=True, thinking=True)
        reminder = await self.bot.reminders.send_test(guild, id)
        await interaction.followup.send(
            _(
                "Posted a test of reminder #{id} in {channel}, marked as a test; it pinged nobody.",
                id=id,
                channel=f"<#{reminder.channel_id}>",
            ),
            ephemeral=True,
        )

    @remove.autocomplete("id")
    @pause.autocomplete("id")
    @resume.autocomplete("id")
    @test.autocomplete("id")
    async def reminder_id(self, interaction: Interaction, current: str) -> list[app_commands.Choice[int]]:
        reminders = await self.bot.reminders.of_guild(guild_id(interaction))
        needle = current.strip().lstrip("#").lower()
        found = [r for r in reminders if needle in render.choice_label(r).lower()]
        return [app_commands.Choice(name=render.choice_label(r), value=r.id) for r in found[:25]]


async def setup(bot: LiveCoach) -> None:
    await bot.add_cog(Reminders(bot))
