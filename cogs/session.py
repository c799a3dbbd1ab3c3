"""/session: log LIVE sessions (options or a form), time them, list, edit, delete and export them."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.attachments import attachment
from bot.core.errors import InvalidInput, NotAllowed, NotFound
from bot.core.mentions import Mentions
from bot.core.timezones import resolve_zone, search_zones
from bot.core.ui import ConfirmView, LiveCoachModal, OwnedView, send_owned, unique
from bot.money.model.economy import Rates, diamonds_to_payout, estimate_gifts, format_money
from bot.money.model.gift_parser import parse_gift_text
from bot.sessions.model.export import sessions_to_csv
from bot.sessions.model.record import (
    MAX_DIAMONDS,
    MAX_DURATION_MINUTES,
    MAX_FOLLOWERS,
    MAX_LIKES,
    MAX_NOTE,
    MAX_VIEWERS,
    MIN_DURATION_MINUTES,
    SessionRecord,
    parse_duration,
    validate_session,
)
from bot.sessions.model.timeparse import parse_start
from bot.sessions.render import format_minutes, session_embed, session_line, session_list_embed
from bot.settings.context import member_zone, member_zone_and_rates, server_catalogue, utcnow
from bot.storage.sessions import Timer

if TYPE_CHECKING:
    from bot.core.app import LiveCoach

PAGE_SIZE = 10
LIST_TIMEOUT = 180
_COUNT_RE = re.compile(r"^(?P<n>\d+(?:\.\d+)?)\s*(?P<suffix>[km]?)$")
_SUFFIX = {"": 1, "k": 1_000, "m": 1_000_000}


def parse_count(text: str | None, label: str, *, default: int | None = 0) -> int | None:
    """A count typed in a form: ``1234``, ``1,234``, ``1.2k``, ``3m``; empty gives ``default``."""
    cleaned = (text or "").strip().lower().replace(",", "").replace("_", "").replace(" ", "")
    if not cleaned:
        return default
    match = _COUNT_RE.match(cleaned)
    if cleaned.startswith("-"):
        raise InvalidInput(f"Enter {label} as 0 or more.")
    if not match:
        raise InvalidInput(f"Enter {label} as a whole number, like 1200 or 1.2k.")
    value = float(match["n"]) * _SUFFIX[match["suffix"]]
    if not value.is_integer() or len(cleaned) > 15:
        raise InvalidInput(f"Enter {label} as a whole number, like 1200 or 1.2k.")
    return int(value)


def is_count(text: str) -> bool:
    cleaned = text.strip().lower().replace(",", "").replace("_", "").replace(" ", "")
    return bool(_COUNT_RE.match(cleaned))


def can_manage(interaction: discord.Interaction[Any]) -> bool:
    return bool(interaction.permissions.manage_guild)


def ensure_can_change(interaction: discord.Interaction[Any], record: SessionRecord) -> None:
    if record.user_id != interaction.user.id and not can_manage(interaction):
        raise NotAllowed(
            "You can only change your own sessions: ask someone with Manage Server to change this one."
        )


def _export_cooldown(interaction: discord.Interaction[Any]) -> app_commands.Cooldown | None:
    """30 s between exports; a refused attempt (others' data without Manage Server) costs nothing."""
    member = interaction.namespace.member
    other = member is not None and member.id != interaction.user.id
    if (other or interaction.namespace.everyone) and not can_manage(interaction):
        return None
    return app_commands.Cooldown(1, 30)


def not_found(session_id: int) -> NotFound:
    return NotFound(f"There is no session #{session_id} in this server: see /session list for your sessions.")


def duration_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return str(rest)
    return f"{hours}h{rest:02d}" if rest else f"{hours}h"


def _discord_time(moment: datetime, style: str = "R") -> str:
    return f"<t:{int(moment.timestamp())}:{style}>"


# -- forms --------------------------------------------------------------------------------------------
class SessionForm(LiveCoachModal):
    """Start, duration, likes, diamonds (or a gift list) and peak viewers."""

    def __init__(
        self, cog: Sessions, *, title: str, record: SessionRecord | None = None, zone: ZoneInfo
    ) -> None:
        super().__init__(title=title, timeout=900)
        self.cog = cog
        self.record = record
        self.start_default = record.started_at.astimezone(zone).strftime("%Y-%m-%d %H:%M") if record else None
        self.diamonds_default = str(record.diamonds) if record else None
        self.start: discord.ui.TextInput[SessionForm] = discord.ui.TextInput(
            label=f"Start ({zone.key})"[:45],
            custom_id="start",
            placeholder="now, today 20:00, yesterday 21:30 — empty: it just ended",
            default=self.start_default,
            required=False,
            max_length=60,
        )
        self.duration: discord.ui.TextInput[SessionForm] = discord.ui.TextInput(
            label="Duration",
            custom_id="duration",
            placeholder="90, 1h30 or 2h",
            default=duration_text(record.duration_minutes) if record else None,
            max_length=30,
        )
        self.likes: discord.ui.TextInput[SessionForm] = discord.ui.TextInput(
            label="Likes",
            custom_id="likes",
            placeholder="e.g. 12000 or 12k",
            default=str(record.likes) if record else None,
            required=False,
            max_length=15,
        )
        self.diamonds: discord.ui.TextInput[SessionForm] = discord.ui.TextInput(
            label="Diamonds, or the gifts you got",
            custom_id="diamonds",
            style=discord.TextStyle.paragraph,
            placeholder="e.g. 4500, or: 2 lions, 100 roses",
            default=self.diamonds_default,
            required=False,
            max_length=1000,
        )
        self.peak: discord.ui.TextInput[SessionForm] = discord.ui.TextInput(
            label="Peak viewers",
            custom_id="peak_viewers",
            placeholder="e.g. 85",
            default=str(record.peak_viewers) if record else None,
            required=False,
            max_length=15,
        )
        for item in (self.start, self.duration, self.likes, self.diamonds, self.peak):
            self.add_item(item)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        await self.cog.submit_form(self, interaction)


class StopForm(LiveCoachModal):
    """What a timed session earned: likes, diamonds (or gifts), peak viewers, a note."""

    def __init__(self, cog: Sessions, timer: Timer, minutes: int) -> None:
        super().__init__(title=f"Log your {format_minutes(minutes)} LIVE"[:45], timeout=900)
        self.cog = cog
        self.timer = timer
        self.minutes = minutes
        self.likes: discord.ui.TextInput[StopForm] = discord.ui.TextInput(
            label="Likes", custom_id="likes", placeholder="e.g. 12000 or 12k", required=False, max_length=15
        )
        self.diamonds: discord.ui.TextInput[StopForm] = discord.ui.TextInput(
            label="Diamonds, or the gifts you got",
            custom_id="diamonds",
            style=discord.TextStyle.paragraph,
            placeholder="e.g. 4500, or: 2 lions, 100 roses",
            required=False,
            max_length=1000,
        )
        self.peak: discord.ui.TextInput[StopForm] = discord.ui.TextInput(
            label="Peak viewers",
            custom_id="peak_viewers",
            placeholder="e.g. 85",
            required=False,
            max_length=15,
        )
        self.note: discord.ui.TextInput[StopForm] = discord.ui.TextInput(
            label="Note (optional)",
            custom_id="note",
            style=discord.TextStyle.paragraph,
            required=False,
            max_length=MAX_NOTE,
        )
        for item in (self.likes, self.diamonds, self.peak, self.note):
            self.add_item(item)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        await self.cog.submit_stop(self, interaction)


# -- views --------------------------------------------------------------------------------------------
class SessionPager(OwnedView):
    def __init__(
        self, cog: Sessions, *, owner_id: int, guild_id: int, user_id: int, total: int, zone: ZoneInfo
    ) -> None:
        super().__init__(owner_id, timeout=LIST_TIMEOUT)
        self.cog = cog
        self.guild_id = guild_id
        self.user_id = user_id
        self.total = total
        self.zone = zone
        self.page = 0
        self.pages = max(1, math.ceil(total / PAGE_SIZE))
        unique(self, "session-list")
        self._sync()

    def _sync(self) -> None:
        self.previous.disabled = self.page <= 0
        self.next.disabled = self.page >= self.pages - 1

    async def embed(self) -> discord.Embed:
        records = await self.cog.bot.storage.sessions.list_for_member(
            self.guild_id, self.user_id, limit=PAGE_SIZE, offset=self.page * PAGE_SIZE
        )
        return session_list_embed(
            records, user_id=self.user_id, page=self.page, pages=self.pages, total=self.total, zone=self.zone
        )

    async def _turn(self, interaction: discord.Interaction[Any], step: int) -> None:
        self.page = max(0, min(self.pages - 1, self.page + step))
        self._sync()
        await interaction.response.edit_message(embed=await self.embed(), view=self)

    @discord.ui.button(
        label="Previous", style=discord.ButtonStyle.secondary, custom_id="session-list:previous"
    )
    async def previous(self, interaction: discord.Interaction[Any], _button: discord.ui.Button[Any]) -> None:
        await self._turn(interaction, -1)

    @discord.ui.button(label="Next", style=discord.ButtonStyle.secondary, custom_id="session-list:next")
    async def next(self, interaction: discord.Interaction[Any], _button: discord.ui.Button[Any]) -> None:
        await self._turn(interaction, 1)


# -- the cog ------------------------------------------------------------------------------------------
@app_commands.guild_only()
class Sessions(
    commands.GroupCog, group_name="session", group_description="Log and time your TikTok LIVE sessions"
):
    """Session logs"""

    help_section = (40, "Session logs")

    def __init__(self, bot: LiveCoach) -> None:
        self.bot = bot
        self.clock: Callable[[], datetime] = utcnow

    # -- building a record from what a member typed ---------------------------------------------------
    async def _diamonds_from(
        self, guild_id: int, rates: Rates, diamonds: int | None, gifts_text: str | None
    ) -> tuple[int, tuple[tuple[int | str, int], ...], bool]:
        """(diamonds, gifts, computed_from_gifts)."""
        gifts: tuple[tuple[int | str, int], ...] = ()
        computed = 0
        if gifts_text and gifts_text.strip():
            lines = parse_gift_text(gifts_text, await server_catalogue(self.bot, guild_id))
            computed = estimate_gifts(lines, rates).diamonds
            gifts = tuple((line.gift.id if line.gift.id else line.gift.name, line.count) for line in lines)
        if diamonds is not None:
            return diamonds, gifts, False
        return computed, gifts, bool(gifts)

    async def build_record(
        self,
        interaction: discord.Interaction[Any],
        *,
        user_id: int,
        start_text: str | None,
        duration_text_: str,
        likes: int,
        peak_viewers: int,
        diamonds: int | None,
        gifts_text: str | None,
        avg_viewers: int | None = None,
        new_followers: int | None = None,
        note: str | None = None,
        keep: SessionRecord | None = None,
    ) -> tuple[SessionRecord, bool]:
        assert interaction.guild_id is not None
        zone, rates = await member_zone_and_rates(self.bot, interaction.guild_id, interaction.user.id)
        now = self.clock()
        minutes = parse_duration(duration_text_)
        if (
            keep is not None
            and start_text is not None
            and start_text.strip() == keep.started_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        ):
            started_at = keep.started_at
        elif start_text and start_text.strip():
            started_at = parse_start(start_text, zone, now)
        else:
            started_at = now - timedelta(minutes=minutes)
        amount, gifts, computed = await self._diamonds_from(interaction.guild_id, rates, diamonds, gifts_text)
        if keep is not None and not gifts and diamonds is not None:
            gifts = keep.gifts
        record = validate_session(
            guild_id=interaction.guild_id,
            user_id=user_id,
            started_at=started_at,
            duration_minutes=minutes,
            likes=likes,
            peak_viewers=peak_viewers,
            diamonds=amount,
            now=now,
            avg_viewers=avg_viewers,
            new_followers=new_followers,
            gifts=gifts,
            note=note,
            id=keep.id if keep else None,
        )
        return record, computed

    async def reply_saved(
        self, interaction: discord.Interaction[Any], record: SessionRecord, title: str, computed: bool
    ) -> None:
        assert interaction.guild_id is not None
        zone, rates = await member_zone_and_rates(self.bot, interaction.guild_id, interaction.user.id)
        payout = format_money(diamonds_to_payout(record.diamonds, rates), rates.currency)
        catalogue = await server_catalogue(self.bot, interaction.guild_id)
        embed = session_embed(record, zone, title, payout, catalogue.name_for)
        if computed:
            embed.set_footer(text="Diamonds computed from the gifts at the server's rates.")
        await interaction.response.send_message(
            embed=embed, ephemeral=True, allowed_mentions=Mentions.nobody()
        )

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
        interaction: discord.Interaction[Any],
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
        assert interaction.guild_id is not None
        given = (duration, start, likes, diamonds, gifts, peak_viewers, avg_viewers, new_followers, note)
        if all(value is None for value in given):
            zone = await member_zone(self.bot, interaction.guild_id, interaction.user.id)
            await interaction.response.send_modal(SessionForm(self, title="Log a LIVE session", zone=zone))
            return
        if duration is None:
            raise InvalidInput(
                "Add the duration (like 1h30), or run /session log without options to open the form."
            )
        record, computed = await self.build_record(
            interaction,
            user_id=interaction.user.id,
            start_text=start,
            duration_text_=duration,
            likes=likes or 0,
            peak_viewers=peak_viewers or 0,
            diamonds=diamonds,
            gifts_text=gifts,
            avg_viewers=avg_viewers,
            new_followers=new_followers,
            note=note,
        )
        saved = await self.bot.storage.sessions.add(record)
        await self.reply_saved(interaction, saved, "Session logged", computed)

    async def submit_form(self, form: SessionForm, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None
        diamonds_text = form.diamonds.value.strip()
        as_count = not diamonds_text or is_count(diamonds_text)
        keep = form.record
        if keep is not None:
            current = await self.bot.storage.sessions.get(interaction.guild_id, keep.id or 0)
            if current is None:
                raise not_found(keep.id or 0)
            ensure_can_change(interaction, current)
            keep = current
        record, computed = await self.build_record(
            interaction,
            user_id=keep.user_id if keep else interaction.user.id,
            start_text=form.start.value,
            duration_text_=form.duration.value,
            likes=parse_count(form.likes.value, "likes") or 0,
            peak_viewers=parse_count(form.peak.value, "peak viewers") or 0,
            diamonds=parse_count(diamonds_text, "diamonds") if as_count else None,
            gifts_text=None if as_count else diamonds_text,
            avg_viewers=keep.avg_viewers if keep else None,
            new_followers=keep.new_followers if keep else None,
            note=keep.note if keep else None,
            keep=keep,
        )
        if keep is None:
            saved = await self.bot.storage.sessions.add(record)
            await self.reply_saved(interaction, saved, "Session logged", computed)
            return
        if not await self.bot.storage.sessions.update(record):
            raise not_found(keep.id or 0)
        await self.reply_saved(interaction, record, f"Session #{record.id} updated", computed)

    # -- timer ----------------------------------------------------------------------------------------
    @app_commands.command(name="start", description="Start a timer for the LIVE you are starting now")
    async def start(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None
        now = self.clock()
        timer = await self.bot.storage.sessions.start_timer(
            interaction.guild_id, interaction.user.id, now, interaction.channel_id
        )
        if timer is None:
            running = await self.bot.storage.sessions.get_timer(interaction.guild_id, interaction.user.id)
            since = _discord_time(running.started_at) if running else "earlier"
            raise InvalidInput(
                f"Your timer is already running (started {since}): use /session stop when your LIVE ends."
            )
        await interaction.response.send_message(
            f"Timer started {_discord_time(timer.started_at, 't')}. Go live! Use /session stop when you finish.",
            ephemeral=True,
        )

    @app_commands.command(
        name="stop", description="Stop your timer and log the LIVE with its measured length"
    )
    async def stop(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None
        timer = await self.bot.storage.sessions.get_timer(interaction.guild_id, interaction.user.id)
        if timer is None:
            raise NotFound("You have no timer running: use /session start when you go live.")
        seconds = (self.clock() - timer.started_at).total_seconds()
        minutes = int(seconds // 60)
        if minutes < MIN_DURATION_MINUTES:
            raise InvalidInput(
                "Your timer has run for less than a minute: stop it once you have been live a while, "
                "or use /session cancel to discard it."
            )
        if minutes > MAX_DURATION_MINUTES:
            await self.bot.storage.sessions.cancel_timer(interaction.guild_id, interaction.user.id)
            raise InvalidInput(
                f"Your timer ran for more than 24 hours (started {_discord_time(timer.started_at)}), so I discarded it: "
                "log that LIVE with /session log and its real duration."
            )
        await interaction.response.send_modal(StopForm(self, timer, minutes))

    async def submit_stop(self, form: StopForm, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None
        diamonds_text = form.diamonds.value.strip()
        as_count = not diamonds_text or is_count(diamonds_text)
        rates = await self.bot.money.rates(interaction.guild_id)
        amount, gifts, computed = await self._diamonds_from(
            interaction.guild_id,
            rates,
            parse_count(diamonds_text, "diamonds") if as_count else None,
            None if as_count else diamonds_text,
        )
        record = validate_session(
            guild_id=interaction.guild_id,
            user_id=interaction.user.id,
            started_at=form.timer.started_at,
            duration_minutes=form.minutes,
            likes=parse_count(form.likes.value, "likes") or 0,
            peak_viewers=parse_count(form.peak.value, "peak viewers") or 0,
            diamonds=amount,
            now=self.clock(),
            gifts=gifts,
            note=form.note.value or None,
        )
        saved = await self.bot.storage.sessions.finish_timer(form.timer, record)
        if saved is None:
            raise NotFound("That timer was already stopped: see /session list for your logged sessions.")
        await self.reply_saved(interaction, saved, "Session logged from your timer", computed)

    @app_commands.command(name="cancel", description="Discard your running timer without logging anything")
    async def cancel(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None
        if not await self.bot.storage.sessions.cancel_timer(interaction.guild_id, interaction.user.id):
            raise NotFound("You have no timer running: use /session start when you go live.")
        await interaction.response.send_message("Timer discarded; nothing was logged.", ephemeral=True)

    @app_commands.command(
        name="timezone", description="Your own time zone for session times (empty: the server's)"
    )
    @app_commands.describe(zone="An IANA zone such as Europe/Paris; leave empty to use the server's zone")
    async def timezone(self, interaction: discord.Interaction[Any], zone: str | None = None) -> None:
        assert interaction.guild_id is not None
        members = self.bot.storage.members
        if zone is None or not zone.strip():
            await members.set_timezone(interaction.guild_id, interaction.user.id, None)
            server = await member_zone(self.bot, interaction.guild_id, interaction.user.id)
            text = f"Your session times now follow the server's time zone ({server.key})."
        else:
            resolved = resolve_zone(zone)
            await members.set_timezone(interaction.guild_id, interaction.user.id, resolved)
            text = f"Your session times are now read and shown in {resolved}."
        await interaction.response.send_message(text, ephemeral=True)

    @timezone.autocomplete("zone")
    async def timezone_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=z, value=z) for z in search_zones(current, 25)]

    # -- list / edit / delete -------------------------------------------------------------------------
    @app_commands.command(name="list", description="Page through your logged sessions, or a member's")
    @app_commands.describe(member="Whose sessions to list (default: yours)")
    async def list(self, interaction: discord.Interaction[Any], member: discord.Member | None = None) -> None:
        assert interaction.guild_id is not None
        user_id = (member or interaction.user).id
        zone = await member_zone(self.bot, interaction.guild_id, interaction.user.id)
        total = await self.bot.storage.sessions.count_for_member(interaction.guild_id, user_id)
        view = SessionPager(
            self,
            owner_id=interaction.user.id,
            guild_id=interaction.guild_id,
            user_id=user_id,
            total=total,
            zone=zone,
        )
        await send_owned(interaction, view, embed=await view.embed(), allowed_mentions=Mentions.nobody())

    async def _owned_session(self, interaction: discord.Interaction[Any], session_id: int) -> SessionRecord:
        assert interaction.guild_id is not None
        record = await self.bot.storage.sessions.get(interaction.guild_id, session_id)
        if record is None:
            raise not_found(session_id)
        ensure_can_change(interaction, record)
        return record

    @app_commands.command(name="edit", description="Correct one of your logged sessions in a form")
    @app_commands.describe(id="The session number (see /session list)")
    async def edit(self, interaction: discord.Interaction[Any], id: app_commands.Range[int, 1]) -> None:
        assert interaction.guild_id is not None
        record = await self._owned_session(interaction, id)
        zone = await member_zone(self.bot, interaction.guild_id, interaction.user.id)
        await interaction.response.send_modal(
            SessionForm(self, title=f"Edit session #{id}", record=record, zone=zone)
        )

    @app_commands.command(name="delete", description="Delete one of your logged sessions")
    @app_commands.describe(id="The session number (see /session list)")
    async def delete(self, interaction: discord.Interaction[Any], id: app_commands.Range[int, 1]) -> None:
        assert interaction.guild_id is not None
        record = await self._owned_session(interaction, id)
        zone = await member_zone(self.bot, interaction.guild_id, interaction.user.id)
        guild_id = interaction.guild_id

        async def action(click: discord.Interaction[Any]) -> str:
            current = await self.bot.storage.sessions.get(guild_id, id)
            if current is None:
                raise not_found(id)
            ensure_can_change(click, current)
            if not await self.bot.storage.sessions.delete(guild_id, id):
                raise not_found(id)
            return f"Deleted session #{id}."

        view = ConfirmView(
            interaction.user.id, action, confirm_label="Delete", cancelled=f"Kept session #{id}."
        )
        await send_owned(
            interaction,
            view,
            content=f"Delete this session? This cannot be undone.\n{session_line(record, zone)}",
            allowed_mentions=Mentions.nobody(),
        )

    @edit.autocomplete("id")
    @delete.autocomplete("id")
    async def session_id_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[int]]:
        assert interaction.guild_id is not None
        zone = await member_zone(self.bot, interaction.guild_id, interaction.user.id)
        records = await self.bot.storage.sessions.list_for_member(
            interaction.guild_id, interaction.user.id, limit=25
        )
        needle = str(current).strip().lstrip("#")
        return [
            app_commands.Choice(name=session_line(r, zone).replace("`", "")[:100], value=int(r.id or 0))
            for r in records
            if not needle or str(r.id).startswith(needle)
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
        interaction: discord.Interaction[Any],
        member: discord.Member | None = None,
        everyone: bool = False,
    ) -> None:
        assert interaction.guild_id is not None
        other = member is not None and member.id != interaction.user.id
        if (other or everyone) and not can_manage(interaction):
            raise NotAllowed("You can export only your own sessions: exporting others' needs Manage Server.")
        await interaction.response.defer(ephemeral=True, thinking=True)
        zone = await member_zone(self.bot, interaction.guild_id, interaction.user.id)
        repo = self.bot.storage.sessions
        if everyone:
            records = await repo.all_for_guild(interaction.guild_id)
            name = f"sessions-server-{interaction.guild_id}.csv"
        else:
            user_id = (member or interaction.user).id
            records = await repo.all_for_member(interaction.guild_id, user_id)
            name = f"sessions-{user_id}.csv"
        if not records:
            raise NotFound("There are no sessions to export yet: log one with /session log.")
        catalogue = await server_catalogue(self.bot, interaction.guild_id)
        data = sessions_to_csv(records, zone.key, excel_bom=True, gift_name=catalogue.name_for)
        if len(data) > interaction.filesize_limit:
            raise InvalidInput(
                "That export is larger than Discord allows in one file: export one member at a time."
            )
        await interaction.followup.send(
            f"Exported {len(records):,} session{'' if len(records) == 1 else 's'}"
            + (", times in UTC." if zone.key == "UTC" else f", times in UTC and in {zone.key}."),
            file=attachment(data, name),
            ephemeral=True,
        )


async def setup(bot: LiveCoach) -> None:
    await bot.add_cog(Sessions(bot))
