"""/help and /about."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.meta.render import about_embed, help_embeds, help_entries

if TYPE_CHECKING:
    from bot.core.app import LiveCoach


class Meta(commands.Cog):
    """Help and information about LiveCoach."""

    help_section = (90, "About LiveCoach")

    def __init__(self, bot: LiveCoach) -> None:
        self.bot = bot

    @app_commands.command(name="help", description="Every LiveCoach command and what it does")
    @app_commands.describe(command="Show the details of one command")
    async def help(self, interaction: discord.Interaction, command: str | None = None) -> None:
        entries = help_entries(self.bot.tree)
        embeds = help_embeds(entries, command)
        await interaction.response.send_message(embeds=embeds, ephemeral=True)

    @help.autocomplete("command")
    async def help_command_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        needle = current.strip().lstrip("/").lower()
        entries = help_entries(self.bot.tree)  # names as the member's / menu shows them
        ranked = sorted(
            (e for e in entries if needle in e.name or needle in e.label),
            key=lambda e: (not (e.label.startswith(needle) or e.name.startswith(needle)), e.label),
        )
        return [app_commands.Choice(name=f"/{e.label}", value=e.name) for e in ranked[:25]]

    @app_commands.command(name="about", description="LiveCoach's version, uptime and data sources")
    async def about(self, interaction: discord.Interaction) -> None:
        embed = about_embed(
            version=self.bot.version,
            uptime_seconds=self.bot.uptime_seconds,
            servers=len(self.bot.guilds),
            catalogue_date=self.bot.catalogue_date,
        )
        await interaction.response.send_message(embed=embed, ephemeral=True)


async def setup(bot: LiveCoach) -> None:
    await bot.add_cog(Meta(bot))
