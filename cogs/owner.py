"""/livecoach: owner-only maintenance (status, resync, catalogue), only in the DEV_GUILD_ID server."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.format import count
from bot.core.paths import GIFTS_FILE, MIGRATIONS_DIR
from bot.i18n import _, ngettext
from bot.meta.owner import Status, read_catalogue_file, require_owner, status_embed
from bot.storage.migrations import required_version

if TYPE_CHECKING:
    from bot.core.app import LiveCoach

log = logging.getLogger(__name__)


class Owner(commands.Cog):
    """Maintenance for the bot's owners."""

    help_section = (95, "Owners")

    group = app_commands.Group(
        name="livecoach",
        description="Owner-only maintenance",
        guild_only=True,
        default_permissions=discord.Permissions(administrator=True),
    )

    def __init__(self, bot: LiveCoach) -> None:
        self.bot = bot

    def _require_owner(self, interaction: discord.Interaction) -> None:
        # Inside each command (not interaction_check): a NotAllowed raised there would bypass the error path.
        require_owner(self.bot.settings.owner_ids, interaction.user.id)

    @group.command(name="status", description="Version, uptime, servers, gateway and database")
    async def status(self, interaction: discord.Interaction) -> None:
        self._require_owner(interaction)
        bot = self.bot
        db = bot.storage.db
        path = bot.settings.database_path
        latency = bot.latency
        status = Status(
            version=bot.version,
            uptime_seconds=bot.uptime_seconds,
            servers=len(bot.guilds),
            shards=bot.shard_count or 1,
            latency_ms=None if latency != latency or latency == float("inf") else latency * 1000,
            schema_version=await db.schema_version(),
            schema_required=required_version(MIGRATIONS_DIR),
            database=path,
            database_bytes=path.stat().st_size if path.exists() else 0,
            catalogue_date=bot.catalogue_date,
            own_shards=() if bot.plan.is_whole else bot.plan.ids,
        )
        await interaction.response.send_message(embed=status_embed(status), ephemeral=True)

    @group.command(name="resync", description="Register the slash commands with Discord again")
    @app_commands.describe(scope="global: every server (up to an hour); here: this server only")
    async def resync(
        self, interaction: discord.Interaction, scope: Literal["global", "here"] = "global"
    ) -> None:
        self._require_owner(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        tree = self.bot.tree
        guild = discord.Object(self.bot.settings.dev_guild_id or 0)
        if scope == "here":
            tree.copy_global_to(guild=guild)
            synced = await tree.sync(guild=guild)
            where = "this server"
            text = ngettext(
                "Synced {n} command to this server.", "Synced {n} commands to this server.", len(synced)
            )
        else:
            synced = await tree.sync()
            await tree.sync(guild=guild)  # the owner commands themselves live only here
            where = "every server"
            text = ngettext(
                "Synced {n} command to every server (global; may take up to an hour to appear).",
                "Synced {n} commands to every server (global; may take up to an hour to appear).",
                len(synced),
            )
        log.info("Owner %s resynced %d commands to %s", interaction.user.id, len(synced), where)
        await interaction.followup.send(text, ephemeral=True)

    @group.command(name="catalogue", description="Compare the gift catalogue in memory with the shipped file")
    async def catalogue(self, interaction: discord.Interaction) -> None:
        self._require_owner(interaction)
        loaded = self.bot.money.base_catalogue
        memory_date, memory_gifts = loaded.date.isoformat(), count(len(loaded.all_versions))
        try:
            on_disk = read_catalogue_file(GIFTS_FILE)
        except ValueError as exc:
            text = _(
                "The shipped catalogue is broken: {problem}. Reinstall LiveCoach; "
                "in memory: as of {date}, {gifts} gifts.",
                problem=str(exc),
                date=memory_date,
                gifts=memory_gifts,
            )
        else:
            same = on_disk.date == loaded.date.isoformat() and on_disk.gifts == len(loaded.all_versions)
            text = _(
                "Gift catalogue in memory: as of {date}, {gifts} gifts; on disk: as of {disk_date}, "
                "{disk_gifts} gifts.",
                date=memory_date,
                gifts=memory_gifts,
                disk_date=on_disk.date,
                disk_gifts=count(on_disk.gifts),
            )
            text += " " + (_("They match.") if same else _("They differ: restart the bot to load the file."))
        await interaction.response.send_message(text, ephemeral=True)


async def setup(bot: LiveCoach) -> None:
    settings = bot.settings
    if not settings.owner_ids or settings.dev_guild_id is None:
        log.info(
            "Owner commands are off: set OWNER_IDS and DEV_GUILD_ID to register /livecoach in that server."
        )
        return
    # Only in the owners' server: a global command would be listed (greyed out) everywhere.
    await bot.add_cog(Owner(bot), guilds=[discord.Object(settings.dev_guild_id)])
