"""/session: log LIVE sessions (options or a form), time them, list, edit, delete and export them.

Parses options and forms, calls ``bot.sessions`` and renders; the rules live in the service.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.attachments import attachment
from bot.core.errors import InvalidInput
from bot.core.interaction import Interaction, guild_id
from bot.core.mentions import Mentions
from bot.core.options import TimeZone
from bot.core.ui import ConfirmView, Pager, send_owned, send_pager
from bot.i18n import N_, _, pgettext
from bot.money.model.economy import diamonds_to_payout, format_money
from bot.sessions.forms import SessionForm, StopForm
from bot.sessions.model.importer import check_size
from bot.sessions.model.record import (
    MAX_DIAMONDS,
    MAX_FOLLOWERS,
    MAX_LIKES,
    MAX_NOTE,
    MAX_VIEWERS,
    SessionRecord,
    needs_manage_to_export,
)
from bot.sessions.render import (
    discord_time,
    import_preview,
    import_refused,
    imported_text,
    session_embed,
    session_line,
    session_list_embed,
    sessions_text,
)
from bot.sessions.service import SessionInput

if TYPE_CHECKING:
    from bot.core.app import LiveCoach

PAGE_SIZE = 10
LIST_TIMEOUT = 180
LOGGED = N_("Session logged")


def can_manage(interaction: discord.Interaction[Any]) -> bool:
    return bool(interaction.permissions.manage_guild)


def _export_cooldown(interaction: discord.Interaction[Any]) -> app_commands.Cooldown | None:
    """30 s between exports; a refused attempt (others' data without Manage Server) costs nothing."""
    member = interaction.namespace.member
    member_id = member.id if member is not None else None
    refused = needs_manage_to_export(interaction.user.id, member_id, everyone=interaction.namespace.everyone)
    return None if refused and not can_manage(interaction) else app_commands.Cooldown(1, 30)


@app_commands.guild_only()
class Sessions(
    commands.GroupCog, group_name="session", group_description="Log and time your TikTok LIVE sessions"
):
    """Session logs"""

    help_section = (40, "Session logs")

    def __init__(self, bot: LiveCoach) -> None:
        self.bot = bot

    async def reply_saved(
        self,
        interaction: Interaction,
        record: SessionRecord,
        title: str,
        computed: bool,
        *,
        ended: bool = False,
    ) -> None:
        """Show the stored session; ``ended``: a LIVE just ended, so its announcement becomes the recap."""
        gid = guild_id(interaction)
        zone = await self.bot.sessions.member_zone(gid, interaction.user.id)
        rates = await self.bot.money.rates(gid)
        payout = format_money(diamonds_to_payout(record.diamonds, rates), rates.currency)
        catalogue = await self.bot.money.catalogue(gid)
        embed = session_embed(record, zone, title, payout, catalogue.name_for)
        if computed:
            embed.set_footer(text=_("Diamonds computed from the gifts at the server's rates."))
        await interaction.response.send_message(
            embed=embed, ephemeral=True, allowed_mentions=Mentions.nobody()
        )
        # After the reply (Discord's 3 s limit): the edit may wait on Discord's retries.
        if ended and await self.bot.golive.recap(record, interaction.user.display_name):
            await interaction.followup.send(
                _("Your LIVE announcement now shows this recap."),
                ephemeral=True,
                allowed_mentions=Mentions.nobody(),
            )

    async def open_form(
        self, interaction: Interaction, title: str, record: SessionRecord | None = None
    ) -> None:
        zone = await self.bot.sessions.member_zone(guild_id(interaction), interaction.user.id)
        form = SessionForm(self.submit_form, title=title, zone=zone, record=record)
        await interaction.response.send_modal(form)

    # -- /session log ---------------------------------------------------------------------------------
    @app_commands.command(name="log", description="Log a LIVE session; run it without options to open a form")
    @app_commands.describe(
        duration="How long you were live, like 90, 1h30 or 2h",
        start="When it started, in your time zone: now, today 20:00, yesterday 21:30; default: just ended",
        likes="Likes received",
        diamonds="Diamonds received (or give the gifts instead)",
        gifts="Gifts received, like 2 lions, 100 roses: diamonds are computed from them",
        peak_viewers="Most viewers at once",
        avg_viewers="Average viewers",
        new_followers="New followers during the LIVE",
        note="A short note for yourself",
    )
    async def log(
        self,
        interaction: Interaction,
        duration: app_commands.Range[str, 1, 30] | None = None,
        start: app_commands.Range[str, 1, 60] | None = None,
        likes: app_commands.Range[int, 0, MAX_LIKES - 1] | None = None,
        diamonds: app_commands.Range[int, 0, MAX_DIAMONDS - 1] | None = None,
        gifts: app_commands.Range[str, 1, 1000] | None = None,
        peak_viewers: app_commands.Range[int, 0, MAX_VIEWERS - 1] | None = None,
        avg_viewers: app_commands.Range[int, 0, MAX_VIEWERS - 1] | None = None,
        new_followers: app_commands.Range[int, 0, MAX_FOLLOWERS - 1] | None = None,
        note: app_commands.Range[str, 1, MAX_NOTE] | None = None,
    ) -> None:
        gid = guild_id(interaction)
        given = (duration, start, likes, diamonds, gifts, peak_viewers, avg_viewers, new_followers, note)
        if all(value is None for value in given):
            await self.open_form(interaction, pgettext("form title", "Log a LIVE session"))
            return
        if duration is None:
            raise InvalidInput(
                _("Add the duration (like 1h30), or run /session log without options to open the form.")
            )
        entry = SessionInput(
            duration=duration,
            start=start,
            likes=likes,
            peak_viewers=peak_viewers,
            diamonds=diamonds,
            gifts=gifts,
            avg_viewers=avg_viewers,
            new_followers=new_followers,
            note=note,
        )
        saved = await self.bot.sessions.log(gid, interaction.user.id, entry)
        await self.reply_saved(interaction, saved.record, _(LOGGED), saved.computed, ended=True)

    async def submit_form(self, form: SessionForm, interaction: Interaction) -> None:
        gid = guild_id(interaction)
        entry = form.entry()
        if form.record is None:
            saved = await self.bot.sessions.log(gid, interaction.user.id, entry)
            await self.reply_saved(interaction, saved.record, _(LOGGED), saved.computed, ended=True)
            return
        session_id = form.record.number or 0
        saved = await self.bot.sessions.edit(
            gid, session_id, interaction.user.id, entry, can_manage=can_manage(interaction)
        )
        await self.reply_saved(
            interaction, saved.record, _("Session #{id} updated", id=session_id), saved.computed
        )

    # -- timer ----------------------------------------------------------------------------------------
    @app_commands.command(name="start", description="Start a timer for the LIVE you are starting now")
    async def start(self, interaction: Interaction) -> None:
        timer = await self.bot.sessions.start_timer(
            guild_id(interaction), interaction.user.id, interaction.channel_id
        )
        await interaction.response.send_message(
            _(
                "Timer started {time}. Go live! Use /session stop when you finish.",
                time=discord_time(timer.started_at, "t"),
            ),
            ephemeral=True,
        )

    @app_commands.command(
        name="stop", description="Stop your timer and log the LIVE with its measured length"
    )
    async def stop(self, interaction: Interaction) -> None:
        timer, minutes = await self.bot.sessions.timer_to_stop(guild_id(interaction), interaction.user.id)
        await interaction.response.send_modal(StopForm(self.submit_stop, timer, minutes))

    async def submit_stop(self, form: StopForm, interaction: Interaction) -> None:
        likes, peak, diamonds, gifts = form.counts()
        saved = await self.bot.sessions.finish_timer(
            form.timer,
            form.minutes,
            likes=likes,
            peak_viewers=peak,
            diamonds=diamonds,
            gifts=gifts,
            note=form.note.value or None,
        )
        await self.reply_saved(
            interaction, saved.record, _("Session logged from your timer"), saved.computed, ended=True
        )

    @app_commands.command(name="cancel", description="Discard your running timer without logging anything")
    async def cancel(self, interaction: Interaction) -> None:
        await self.bot.sessions.cancel_timer(guild_id(interaction), interaction.user.id)
        await interaction.response.send_message(_("Timer discarded; nothing was logged."), ephemeral=True)

    @app_commands.command(
        name="timezone", description="Your own time zone for session times (empty: the server's)"
    )
    @app_commands.describe(zone="An IANA zone such as Europe/Paris; leave empty to use the server's zone")
    async def timezone(self, interaction: Interaction, zone: TimeZone | None = None) -> None:
        used = await self.bot.sessions.set_member_zone(guild_id(interaction), interaction.user.id, zone)
        if zone is None:
            text = _("Your session times now follow the server's time zone ({zone}).", zone=used.key)
        else:
            text = _("Your session times are now read and shown in {zone}.", zone=zone)
        await interaction.response.send_message(text, ephemeral=True)

    # -- list / edit / delete -------------------------------------------------------------------------
    @app_commands.command(name="list", description="Page through your logged sessions, or a member's")
    @app_commands.describe(member="Whose sessions to list (default: yours)")
    async def list_(self, interaction: Interaction, member: discord.Member | None = None) -> None:
        gid = guild_id(interaction)
        user_id = (member or interaction.user).id
        sessions = self.bot.sessions
        zone = await sessions.member_zone(gid, interaction.user.id)
        total = await sessions.count(gid, user_id)
        pages = max(1, -(-total // PAGE_SIZE))

        async def page_source(page: int) -> discord.Embed:
            records = await sessions.page(gid, user_id, page, PAGE_SIZE)
            return session_list_embed(
                records, user_id=user_id, page=page, pages=pages, total=total, zone=zone
            )

        pager = Pager(interaction.user.id, page_source, pages, prefix="session-list", timeout=LIST_TIMEOUT)
        await send_pager(interaction, pager, allowed_mentions=Mentions.nobody())

    async def _editable(self, interaction: Interaction, session_id: int) -> SessionRecord:
        return await self.bot.sessions.editable(
            guild_id(interaction), session_id, interaction.user.id, can_manage=can_manage(interaction)
        )

    @app_commands.command(name="edit", description="Correct one of your logged sessions in a form")
    @app_commands.describe(id="The session number (see /session list)")
    async def edit(self, interaction: Interaction, id: app_commands.Range[int, 1]) -> None:
        record = await self._editable(interaction, id)
        await self.open_form(interaction, pgettext("form title", "Edit session #{id}", id=id), record)

    @app_commands.command(name="delete", description="Delete one of your logged sessions")
    @app_commands.describe(id="The session number (see /session list)")
    async def delete(self, interaction: Interaction, id: app_commands.Range[int, 1]) -> None:
        gid = guild_id(interaction)
        record = await self._editable(interaction, id)
        zone = await self.bot.sessions.member_zone(gid, interaction.user.id)

        async def action(click: Interaction) -> str:
            await self.bot.sessions.delete(gid, id, click.user.id, can_manage=can_manage(click))
            return _("Deleted session #{id}.", id=id)

        view = ConfirmView(
            interaction.user.id,
            action,
            confirm_label=pgettext("button", "Delete"),
            cancelled=_("Kept session #{id}.", id=id),
        )
        await send_owned(
            interaction,
            view,
            content=_("Delete this session? This cannot be undone.") + f"\n{session_line(record, zone)}.",
            allowed_mentions=Mentions.nobody(),
        )

    @edit.autocomplete("id")
    @delete.autocomplete("id")
    async def session_id_autocomplete(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[int]]:
        gid = guild_id(interaction)
        zone = await self.bot.sessions.member_zone(gid, interaction.user.id)
        records = await self.bot.sessions.page(gid, interaction.user.id, 0, 25)
        needle = str(current).strip().lstrip("#")
        return [
            app_commands.Choice(name=session_line(r, zone).replace("`", "")[:100], value=int(r.number or 0))
            for r in records
            if not needle or str(r.number).startswith(needle)
        ]

    # -- export ---------------------------------------------------------------------------------------
    @app_commands.command(name="export", description="Download sessions as a CSV file")
    @app_commands.describe(
        member="Whose sessions (default: yours; others need Manage Server)",
        everyone="Every member's sessions in this server (needs Manage Server)",
    )
    @app_commands.checks.dynamic_cooldown(_export_cooldown, key=lambda i: (i.guild_id, i.user.id))
    async def export(
        self,
        interaction: Interaction,
        member: discord.Member | None = None,
        everyone: bool = False,
    ) -> None:
        gid = guild_id(interaction)
        sessions = self.bot.sessions
        member_id = member.id if member is not None else None
        sessions.ensure_may_export(
            interaction.user.id, member_id, everyone=everyone, can_manage=can_manage(interaction)
        )
        await interaction.response.defer(ephemeral=True, thinking=True)
        zone = await sessions.member_zone(gid, interaction.user.id)
        user_id = None if everyone else (member_id or interaction.user.id)
        guild = interaction.guild

        def member_name(member_id: int) -> str:
            # Names the bot knows (its member cache, the requester): it has no members intent to list them.
            found = guild.get_member(member_id) if guild is not None else None
            if found is None and member_id == interaction.user.id:
                return interaction.user.display_name
            return found.display_name if found is not None else ""

        count, data = await sessions.export_csv(gid, user_id, zone, member_name)
        name = f"sessions-server-{gid}.csv" if user_id is None else f"sessions-{user_id}.csv"
        if len(data) > interaction.filesize_limit:
            raise InvalidInput(
                _("That export is larger than Discord allows in one file: export one member at a time.")
            )
        await interaction.followup.send(
            _("Exported {sessions}, times in UTC.", sessions=sessions_text(count))
            if zone.key == "UTC"
            else _(
                "Exported {sessions}, times in UTC and in {zone}.",
                sessions=sessions_text(count),
                zone=zone.key,
            ),
            file=attachment(data, name),
            ephemeral=True,
        )

    # -- import ---------------------------------------------------------------------------------------
    @app_commands.command(
        name="import", description="Import sessions from a CSV in LiveCoach's export format"
    )
    @app_commands.describe(file="The CSV from /session export (other members' rows need Manage Server)")
    @app_commands.checks.cooldown(1, 30, key=lambda i: (i.guild_id, i.user.id))
    async def import_(self, interaction: Interaction, file: discord.Attachment) -> None:
        gid = guild_id(interaction)
        check_size(file.size)  # a 50 MB file is refused before it is downloaded
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            data = await file.read()
        except discord.HTTPException:
            raise InvalidInput(_("I could not download that file: attach it again.")) from None
        manage = can_manage(interaction)
        plan = await self.bot.sessions.import_plan(
            gid, interaction.user.id, data, can_manage=manage, run=self.bot.offload.run
        )
        if not plan.ok:
            raise InvalidInput(import_refused(plan))
        zone = await self.bot.sessions.member_zone(gid, interaction.user.id)

        async def action(_click: Interaction) -> str:
            return imported_text(await self.bot.sessions.import_rows(gid, plan))

        view = ConfirmView(
            interaction.user.id,
            action,
            confirm_label=pgettext("button", "Import {sessions}", sessions=sessions_text(len(plan.rows)))[
                :80
            ],
            cancelled=_("Nothing was imported."),
        )
        view.message = await interaction.followup.send(
            import_preview(plan, zone), view=view, ephemeral=True, wait=True
        )


async def setup(bot: LiveCoach) -> None:
    await bot.add_cog(Sessions(bot))
