"""/privacy: export or delete your data in this server (the work is bot.privacy's)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.interaction import Interaction, guild_id
from bot.core.ui import ConfirmView, send_owned
from bot.i18n import _, pgettext
from bot.privacy import render

if TYPE_CHECKING:
    from bot.core.app import LiveCoach


@app_commands.guild_only()
class Privacy(commands.GroupCog, group_name="privacy", group_description="Your data in this server"):
    """Privacy"""

    help_section = (70, "Your data")

    def __init__(self, bot: LiveCoach) -> None:
        self.bot = bot

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        await self.bot.privacy.server_left(guild.id)

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        await self.bot.privacy.server_joined(guild.id)

    @app_commands.command(
        name="export", description="Download everything LiveCoach stores about you in this server"
    )
    @app_commands.checks.cooldown(1, 60, key=lambda i: (i.guild_id, i.user.id))
    async def export(self, interaction: Interaction) -> None:
        guild = guild_id(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        export = await self.bot.privacy.export_member(guild, interaction.user.id)
        await interaction.followup.send(
            render.export_summary(export), files=render.export_files(export), ephemeral=True
        )

    @app_commands.command(name="delete", description="Delete all your sessions and timers in this server")
    async def delete(self, interaction: Interaction) -> None:
        guild, user_id = guild_id(interaction), interaction.user.id
        count = await self.bot.privacy.count_sessions(guild, user_id)

        async def action(_click: Interaction) -> str:
            return render.deleted_text(await self.bot.privacy.delete_member(guild, user_id))

        view = ConfirmView(
            user_id,
            action,
            confirm_label=pgettext("button", "Delete my data"),
            cancelled=_("Nothing was deleted."),
        )
        await send_owned(interaction, view, content=render.delete_prompt(count))


async def setup(bot: LiveCoach) -> None:
    await bot.add_cog(Privacy(bot))
