"""/schedule: a creator's own recurring go-live reminders, posted in the go-live channel naming them.

Thin: parsing here; the rules (limit per member, ownership) and scheduling are ``bot.reminders``'s,
the go-live channel is ``bot.golive``'s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from discord import app_commands
from discord.ext import commands

from bot.core.errors import InvalidInput
from bot.core.interaction import Interaction, guild_id
from bot.core.options import TimeZone
from bot.i18n import _
from bot.reminders import render
from bot.reminders.model.recurrence import parse_days, parse_hhmm, suggest_days
from bot.reminders.model.reminder import (
    MAX_LEAD,
    MAX_MESSAGE,
    MAX_PERSONAL_REMINDERS,
    NewReminder,
    message_text,
)

if TYPE_CHECKING:
    from bot.core.app import LiveCoach

_ID = "Your reminder's number, from /schedule list"


@app_commands.guild_only()
class Schedule(commands.GroupCog, group_name="schedule", group_description="Your own go-live reminders"):
    """Your own go-live reminders."""

    help_section = (26, "Going LIVE")

    def __init__(self, bot: LiveCoach) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="add", description="Remind the server before you go LIVE, every chosen day")
    @app_commands.describe(
        days="daily, weekdays, weekends or days like mon,wed,fri",
        time="When your LIVE starts, e.g. 19:00 or 7pm",
        timezone="IANA time zone (default: yours from /session timezone, else the server's)",
        minutes_before="Post this many minutes before your LIVE (0 to 1440, default 15)",
        message="A line of your own for the post (up to 500 characters)",
    )
    async def add(
        self,
        interaction: Interaction,
        days: app_commands.Range[str, 1, 100],
        time: app_commands.Range[str, 1, 20],
        timezone: TimeZone | None = None,
        minutes_before: app_commands.Range[int, 0, MAX_LEAD] = 15,
        message: app_commands.Range[str, 1, MAX_MESSAGE] | None = None,
    ) -> None:
        gid = guild_id(interaction)
        settings = await self.bot.golive.settings(gid)
        if settings.channel_id is None:
            raise InvalidInput(
                _(
                    "This server has no go-live channel yet, so your reminders have nowhere to post: "
                    "ask an admin to set one with /golive channel."
                )
            )
        if await self.bot.golive.handle(gid, interaction.user.id) is None:
            raise InvalidInput(
                _("Link your TikTok handle first with /live handle set, so the post can link your LIVE.")
            )
        zone = timezone or (await self.bot.sessions.member_zone(gid, interaction.user.id)).key
        new = NewReminder(
            guild_id=gid,
            channel_id=settings.channel_id,
            days=parse_days(days),
            at=parse_hhmm(time),
            timezone=zone,
            created_by=interaction.user.id,
            lead_minutes=minutes_before,
            message=message_text(message),
            user_id=interaction.user.id,
        )
        added = await self.bot.reminders.add(new)
        embed = render.added_embed([added], _("Your reminder #{id} is set", id=added.reminder.id))
        footer = _("Up to {most} each · /schedule list shows yours.", most=MAX_PERSONAL_REMINDERS)
        if settings.events:
            footer += " · " + _("Your next LIVE also shows under the server's Events.")
        embed.set_footer(text=footer)
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="list", description="Your own go-live reminders and when each posts next")
    async def list_(self, interaction: Interaction) -> None:
        items = await self.bot.reminders.listing_for(guild_id(interaction), interaction.user.id)
        embed = render.list_embed(items, len(items), MAX_PERSONAL_REMINDERS)
        embed.title = _("Your go-live reminders")
        if not items:
            embed.description = _("You have none yet: /schedule add sets one.")
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="pause", description="Stop one of your reminders until you resume it")
    @app_commands.describe(id=_ID)
    async def pause(self, interaction: Interaction, id: int) -> None:
        user = interaction.user.id
        await self.bot.reminders.pause(guild_id(interaction), id, by=user, owner=user)
        await interaction.response.send_message(
            _("Paused your reminder #{id}. /schedule resume starts it again.", id=id), ephemeral=True
        )

    @app_commands.command(name="resume", description="Start one of your paused reminders again")
    @app_commands.describe(id=_ID)
    async def resume(self, interaction: Interaction, id: int) -> None:
        due = (await self.bot.reminders.resume(guild_id(interaction), id, owner=interaction.user.id)).next_due
        text = _("Resumed your reminder #{id}.", id=id)
        if due:
            text += " " + _("Next post {time}.", time=render.ts(due, "F"))
        await interaction.response.send_message(text, ephemeral=True)

    @app_commands.command(name="remove", description="Delete one of your reminders")
    @app_commands.describe(id=_ID)
    async def remove(self, interaction: Interaction, id: int) -> None:
        reminder = await self.bot.reminders.remove(guild_id(interaction), id, owner=interaction.user.id)
        await interaction.response.send_message(
            _("Removed your reminder #{id} ({when}).", id=id, when=render.when_text(reminder)), ephemeral=True
        )

    @add.autocomplete("days")
    async def add_days(self, interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=label, value=value) for label, value in suggest_days(current)]

    @pause.autocomplete("id")
    @resume.autocomplete("id")
    @remove.autocomplete("id")
    async def own_id(self, interaction: Interaction, current: str) -> list[app_commands.Choice[int]]:
        items = await self.bot.reminders.listing_for(guild_id(interaction), interaction.user.id)
        needle = current.strip().lstrip("#").lower()
        labels = [(render.choice_label(u.reminder), u.reminder.id) for u in items]
        return [
            app_commands.Choice(name=label, value=rid) for label, rid in labels if needle in label.lower()
        ][:25]


async def setup(bot: LiveCoach) -> None:
    await bot.add_cog(Schedule(bot))
