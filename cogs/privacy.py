"""/privacy: export or delete your data in this server (the work is bot.privacy's)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.attachments import attachment
from bot.core.ui import ConfirmView, send_owned
from bot.sessions.model.export import sessions_to_csv
from bot.settings.context import server_catalogue, utcnow, zone_named
from bot.storage.sessions import stamp

if TYPE_CHECKING:
    from bot.core.app import LiveCoach

log = logging.getLogger(__name__)


def _session_json(record: Any) -> dict[str, Any]:
    return {
        "id": record.id,
        "started_at": stamp(record.started_at),
        "duration_minutes": record.duration_minutes,
        "likes": record.likes,
        "peak_viewers": record.peak_viewers,
        "avg_viewers": record.avg_viewers,
        "diamonds": record.diamonds,
        "new_followers": record.new_followers,
        "gifts": [[key, count] for key, count in record.gifts],
        "note": record.note,
    }


@app_commands.guild_only()
class Privacy(commands.GroupCog, group_name="privacy", group_description="Your data in this server"):
    """Privacy"""

    help_section = (70, "Your data")

    def __init__(self, bot: LiveCoach) -> None:
        self.bot = bot
        self.clock: Callable[[], datetime] = utcnow

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
    async def export(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None
        await interaction.response.defer(ephemeral=True, thinking=True)
        repo = self.bot.storage.sessions
        settings = await self.bot.storage.settings.get(interaction.guild_id)
        own_zone = await self.bot.storage.members.timezone(interaction.guild_id, interaction.user.id)
        zone = zone_named(own_zone or settings.timezone)
        catalogue = await server_catalogue(self.bot, interaction.guild_id)
        records = await repo.all_for_member(interaction.guild_id, interaction.user.id)
        timer = await repo.get_timer(interaction.guild_id, interaction.user.id)
        document = {
            "server_id": str(interaction.guild_id),
            "user_id": str(interaction.user.id),
            "exported_at": stamp(self.clock()),
            "timezone": own_zone,
            "sessions": [_session_json(r) for r in records],
            "running_timer": None
            if timer is None
            else {
                "started_at": stamp(timer.started_at),
                "channel_id": timer.channel_id and str(timer.channel_id),
            },
        }
        files = [
            attachment(
                json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8"), "livecoach-my-data.json"
            ),
            attachment(
                sessions_to_csv(records, zone.key, excel_bom=True, gift_name=catalogue.name_for),
                "livecoach-sessions.csv",
            ),
        ]
        timer_text = "a running timer" if timer else "no running timer"
        await interaction.followup.send(
            f"Your data in this server: {len(records):,} session{'' if len(records) == 1 else 's'} and {timer_text}.",
            files=files,
            ephemeral=True,
        )

    @app_commands.command(name="delete", description="Delete all your sessions and timers in this server")
    async def delete(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None
        guild_id, user_id = interaction.guild_id, interaction.user.id
        count = await self.bot.storage.sessions.count_for_member(guild_id, user_id)

        async def action(_click: discord.Interaction[Any]) -> str:
            removed = await self.bot.privacy.delete_member(guild_id, user_id)
            sessions = removed["sessions"]
            timer_text = " and your running timer" if removed["session_timers"] else ""
            return f"Deleted {sessions:,} session{'s' if sessions != 1 else ''}{timer_text} from this server."

        view = ConfirmView(user_id, action, confirm_label="Delete my data", cancelled="Nothing was deleted.")
        await send_owned(
            interaction,
            view,
            content=(
                f"Delete all {count:,} of your sessions, any running timer and your time zone setting in this "
                "server? "
                "This cannot be undone; /privacy export first if you want a copy."
            ),
        )


async def setup(bot: LiveCoach) -> None:
    await bot.add_cog(Privacy(bot))
