"""/live (announce, TikTok handle, recap money), /follow, /unfollow, /following and /golive (admins)."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.checks import admin_command
from bot.core.interaction import guild_id
from bot.core.mentions import check_pingable
from bot.core.options import TextChannelOption
from bot.core.tree import report_error, send_ephemeral
from bot.golive import render
from bot.golive.model import live_url
from bot.golive.service import Announcer
from bot.i18n import N_, _, ngettext, pgettext
from bot.i18n.interactions import activate_for

if TYPE_CHECKING:
    from bot.core.app import LiveCoach

log = logging.getLogger(__name__)

HOW = {"dm": N_("by direct message"), "ping": N_("with a ping in the LIVE post")}


def announcer(interaction: discord.Interaction[Any]) -> Announcer:
    user = interaction.user
    roles = frozenset(r.id for r in user.roles) if isinstance(user, discord.Member) else frozenset()
    return Announcer(user.id, user.display_name, roles)


class NotifyButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=render.NOTIFY_ID_TEMPLATE):
    """ "🔔 Notify me" on every announcement: works after restarts, since its custom id holds the creator."""

    def __init__(self, creator_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label=pgettext("button", "Notify me"),
                emoji="🔔",
                style=discord.ButtonStyle.secondary,
                custom_id=render.notify_custom_id(creator_id),
            )
        )
        self.creator_id = creator_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> NotifyButton:
        return cls(int(match["creator"]))

    async def callback(self, interaction: discord.Interaction[LiveCoach]) -> None:  # type: ignore[override]
        activate_for(interaction)  # dynamic items bypass the tree, which sets the member's language
        try:
            handle, new = await interaction.client.golive.follow(
                guild_id(interaction), interaction.user.id, self.creator_id, False, "dm"
            )
            text = (
                _(
                    "🔔 You'll get a direct message when @{handle} goes LIVE. /unfollow stops it; "
                    "/follow with notify:ping gets you a ping in the post instead.",
                    handle=handle,
                )
                if new
                else _("You already follow @{handle}. /unfollow stops the notices.", handle=handle)
            )
            await send_ephemeral(interaction, text)
        except Exception as exc:  # dynamic items bypass the tree's error path: use it here
            await report_error(interaction, exc)


class Live(commands.Cog):
    """Go LIVE: announce it, link your TikTok handle, follow creators."""

    help_section = (25, "Going LIVE")

    live = app_commands.Group(
        name="live", description="Announce your TikTok LIVE and link your handle", guild_only=True
    )
    handle = app_commands.Group(name="handle", description="Your TikTok handle in this server", parent=live)
    golive = app_commands.Group(
        name="golive",
        description="Go-live settings: channel, role, who may announce (Manage Server)",
        default_permissions=discord.Permissions(manage_guild=True),
        guild_only=True,
    )

    def __init__(self, bot: LiveCoach) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(NotifyButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(NotifyButton)

    # -- members ------------------------------------------------------------------------------------
    @live.command(name="now", description="Tell the server you're LIVE on TikTok now")
    @app_commands.describe(title="What your LIVE is about (optional, up to 100 characters)")
    async def now(
        self, interaction: discord.Interaction, title: app_commands.Range[str, 1, 200] | None = None
    ) -> None:
        gid = guild_id(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        server = interaction.guild.name if interaction.guild else _("this server")
        posted = await self.bot.golive.announce(gid, announcer(interaction), title, server)
        link = f"https://discord.com/channels/{gid}/{posted.channel_id}/{posted.message_id}"
        text = _("Your LIVE is announced in {channel}: {link}", channel=f"<#{posted.channel_id}>", link=link)
        told = posted.dm_followers + posted.pinged_followers
        if told:
            text += "\n" + ngettext(
                "Your {n} follower is being told.", "Your {n} followers are being told.", told
            )
        text += "\n" + _("When you end the LIVE, /session stop turns the post into a recap.")
        await interaction.followup.send(text, ephemeral=True)

    @handle.command(name="set", description="Link your TikTok handle (shown on your announcements)")
    @app_commands.describe(handle="Your TikTok handle, e.g. @your.name")
    async def handle_set(
        self, interaction: discord.Interaction, handle: app_commands.Range[str, 1, 100]
    ) -> None:
        linked = await self.bot.golive.set_handle(guild_id(interaction), interaction.user.id, handle)
        await send_ephemeral(
            interaction,
            _(
                "Linked **@{handle}**. Your LIVE link: {link}. /live now announces you; "
                "/live handle remove unlinks it.",
                handle=linked,
                link=f"<{live_url(linked)}>",
            ),
        )

    @handle.command(name="remove", description="Unlink your TikTok handle from this server")
    async def handle_remove(self, interaction: discord.Interaction) -> None:
        old = await self.bot.golive.remove_handle(guild_id(interaction), interaction.user.id)
        text = (
            _("Unlinked @{handle}. You can link a handle again any time.", handle=old)
            if old
            else _("You have no handle linked here.")
        )
        await send_ephemeral(interaction, text)

    @live.command(
        name="money", description="Show your diamonds and ≈ payout in your LIVE recaps, or hide them"
    )
    @app_commands.describe(
        show="True: recaps show diamonds and ≈ payout to everyone; False: hidden (default)"
    )
    async def money(self, interaction: discord.Interaction, show: bool) -> None:
        await self.bot.golive.set_show_money(guild_id(interaction), interaction.user.id, show)
        text = (
            _("Your recaps will show diamonds and ≈ payout to everyone in the channel.")
            if show
            else _("Your recaps will not show diamonds or payout.")
        )
        await send_ephemeral(interaction, text)

    @app_commands.guild_only()
    @app_commands.command(name="follow", description="Be told when a creator goes LIVE")
    @app_commands.describe(
        creator="The creator to follow", notify="How to tell you (default: direct message)"
    )
    async def follow(
        self,
        interaction: discord.Interaction,
        creator: discord.Member | discord.User,
        notify: Literal["dm", "ping"] = "dm",
    ) -> None:
        handle, new = await self.bot.golive.follow(
            guild_id(interaction), interaction.user.id, creator.id, creator.bot, notify
        )
        text = (
            _(
                "You now follow @{handle}: you'll be told {how} when they go LIVE. /unfollow stops it.",
                handle=handle,
                how=_(HOW[notify]),
            )
            if new
            else _(
                "You follow @{handle}: you'll be told {how} when they go LIVE. /unfollow stops it.",
                handle=handle,
                how=_(HOW[notify]),
            )
        )
        await send_ephemeral(interaction, text)

    @app_commands.guild_only()
    @app_commands.command(name="unfollow", description="Stop being told when a creator goes LIVE")
    @app_commands.describe(creator="The creator to stop following")
    async def unfollow(
        self, interaction: discord.Interaction, creator: discord.Member | discord.User
    ) -> None:
        await self.bot.golive.unfollow(guild_id(interaction), interaction.user.id, creator.id)
        await send_ephemeral(interaction, _("You no longer follow {creator}.", creator=f"<@{creator.id}>"))

    @app_commands.guild_only()
    @app_commands.command(name="following", description="The creators you follow in this server")
    async def following(self, interaction: discord.Interaction) -> None:
        rows = await self.bot.golive.following(guild_id(interaction), interaction.user.id)
        embed = render.following_embed([(f.creator_id, f.handle, f.notify) for f in rows])
        await interaction.response.send_message(
            embed=embed, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
        )

    # -- admins -------------------------------------------------------------------------------------
    @admin_command(
        "channel",
        "Where LIVE announcements and personal reminders post",
        group=golive,
        channel="A text channel members can read and I can post in",
    )
    async def set_channel(
        self,
        interaction: discord.Interaction,
        channel: app_commands.Transform[app_commands.AppCommandChannel, TextChannelOption("for LIVE posts")],
    ) -> None:
        gid = guild_id(interaction)
        settings = await self.bot.golive.update_settings(gid, channel_id=channel.id)
        moved = await self.bot.reminders.move_personal_channel(gid, channel.id)
        text = _("Go-live settings saved.") + "\n" + render.settings_text(settings)
        if moved:
            text += "\n" + ngettext(
                "{n} personal reminder now posts there.", "{n} personal reminders now post there.", moved
            )
        await send_ephemeral(interaction, text)

    @admin_command(
        "role",
        "The role LIVE announcements ping (empty: ping nobody)",
        group=golive,
        role="A role members opt into; leave empty to stop pinging",
    )
    async def set_role(self, interaction: discord.Interaction, role: discord.Role | None = None) -> None:
        if role is not None:
            check_pingable(role, interaction.app_permissions.mention_everyone)
        settings = await self.bot.golive.update_settings(
            guild_id(interaction), role_id=role.id if role else None
        )
        await send_ephemeral(
            interaction, _("Go-live settings saved.") + "\n" + render.settings_text(settings)
        )

    @admin_command(
        "announcers",
        "Who may announce a LIVE (empty: every member)",
        group=golive,
        role="Only members with this role may announce; leave empty to let everyone",
    )
    async def set_announcers(
        self, interaction: discord.Interaction, role: discord.Role | None = None
    ) -> None:
        if role is not None and role.is_default():
            role = None  # @everyone: the same as every member
        settings = await self.bot.golive.update_settings(
            guild_id(interaction), announcer_role_id=role.id if role else None
        )
        await send_ephemeral(
            interaction, _("Go-live settings saved.") + "\n" + render.settings_text(settings)
        )

    @admin_command(
        "events",
        "Show members' scheduled LIVEs as server events (needs Manage Events)",
        group=golive,
        enabled="True: each personal schedule's next LIVE shows under Events; False: remove them",
    )
    async def set_events(self, interaction: discord.Interaction, enabled: bool) -> None:
        perms = interaction.app_permissions  # the bot's own, as Discord computed them for this command
        count = await self.bot.golive.events.set_enabled(
            guild_id(interaction), enabled, allowed=perms.manage_events or perms.create_events
        )
        if enabled:
            text = ngettext(
                "Server events are on: {n} scheduled LIVE will show under Events, each "
                "moved to the next LIVE when it is over. New /schedule reminders get one too.",
                "Server events are on: {n} scheduled LIVEs will show under Events, each "
                "moved to the next LIVE when it is over. New /schedule reminders get one too.",
                count,
            )
        elif count:
            text = ngettext(
                "Server events are off: removing the {n} event I created.",
                "Server events are off: removing the {n} events I created.",
                count,
            )
        else:
            text = _("Server events are off.")
        await send_ephemeral(interaction, text)

    @admin_command("show", "This server's go-live settings", group=golive)
    async def show(self, interaction: discord.Interaction) -> None:
        settings = await self.bot.golive.settings(guild_id(interaction))
        await send_ephemeral(interaction, render.settings_text(settings))


async def setup(bot: LiveCoach) -> None:
    await bot.add_cog(Live(bot))
