"""Embeds for /help and /about, built from the command tree and plain data."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import discord
from discord import app_commands

from bot.core.embeds import BRAND_COLOUR, EMBED_TOTAL_LIMIT, FIELD_VALUE_LIMIT, FIELDS_PER_EMBED
from bot.core.errors import NotFound
from bot.core.format import count
from bot.i18n import N_, _
from bot.i18n import current as current_locale
from bot.i18n.interactions import translated_name

__all__ = ["BRAND_COLOUR", "about_embed", "help_embeds", "help_entries"]


@dataclass(frozen=True, slots=True)
class HelpEntry:
    section: str
    name: str  # qualified name without the slash, e.g. "estimate gifts"
    description: str
    options: tuple[tuple[str, bool, str], ...]  # (name, required, description)
    admin: bool = False  # hidden from members' menus by default; needs Manage Server to run
    shown: str = ""  # the name as the member's / menu shows it (localised); ``name`` when empty

    @property
    def label(self) -> str:
        return self.shown or self.name


ADMIN_MARK = "🔒"
ADMIN_LEGEND = N_("{mark} = server admins only (Manage Server).")
DEFAULT_SECTION = (100, N_("Other"))
# The cogs' ``help_section`` titles, marked here for extraction (the cogs stay untouched):
# /help shows each through _().
SECTION_TITLES = (
    N_("Money estimates"),
    N_("Gift catalogue"),
    N_("Going LIVE"),
    N_("Likes and tips"),
    N_("Session logs"),
    N_("Stats"),
    N_("Go-live reminders and peak times"),
    N_("Your data"),
    N_("Server settings (Manage Server)"),
    N_("About LiveCoach"),
    N_("Owners"),
)


def shown_path(qualified: str, locale: str | None = None) -> str:
    """``"estimate gifts"`` as the / menu shows it in ``locale``: ``"estimar presentes"`` in pt-BR."""
    where = current_locale() if locale is None else locale
    if where == "en":
        return qualified
    return " ".join(translated_name(where, word) or word for word in qualified.split())


def section_of(command: app_commands.Command[Any, ..., Any]) -> tuple[int, str]:
    """``(rank, title)`` of the help section a command belongs to: its cog's ``help_section``.

    A cog declares ``help_section = (rank, "Title")``; without one its docstring's
    first line is the title. Commands outside any cog go under "Other".
    """
    cog = command.binding
    if cog is None:
        return DEFAULT_SECTION
    declared = getattr(cog, "help_section", None)
    if declared is not None:
        return declared
    doc = (getattr(cog, "description", "") or "").strip().splitlines()
    return (DEFAULT_SECTION[0], doc[0] if doc else type(cog).__name__)


def admin_only(command: app_commands.Command[Any, ..., Any]) -> bool:
    """Whether the command is for admins: it, or its top-level group, defaults to Manage Server.

    Discord applies ``default_permissions`` per top-level command only, so that is where
    an admin command (or a whole admin group) declares it; the run-time check still refuses.
    """
    root = command.root_parent or command
    permissions = command.default_permissions or root.default_permissions
    return bool(permissions and permissions.manage_guild)


def help_entries(tree: app_commands.CommandTree) -> list[HelpEntry]:
    """Every runnable command and subcommand in the tree, grouped by section rank, else in tree order."""
    entries: list[tuple[int, HelpEntry]] = []
    for command in tree.walk_commands():
        if isinstance(command, app_commands.Group):
            continue
        rank, title = section_of(command)
        entries.append(
            (
                rank,
                HelpEntry(
                    section=_(title),
                    name=command.qualified_name,
                    description=_(command.description),
                    options=tuple(
                        (shown_path(p.display_name), p.required, _(p.description)) for p in command.parameters
                    ),
                    admin=admin_only(command),
                    shown=shown_path(command.qualified_name),
                ),
            )
        )
    return [entry for _, entry in sorted(entries, key=lambda pair: pair[0])]


def _line(entry: HelpEntry) -> str:
    return f"**/{entry.label}**{f' {ADMIN_MARK}' if entry.admin else ''} — {entry.description}"


def _compact(entry: HelpEntry) -> str:
    return f"`/{entry.label}`{ADMIN_MARK if entry.admin else ''}"


def _fields(entries: Iterable[HelpEntry], compact: bool) -> list[tuple[str, str]]:
    """One field per feature section, split into "(cont.)" fields at Discord's 1,024-character limit."""
    joiner = " · " if compact else "\n"
    sections: dict[str, list[str]] = {}
    for entry in entries:
        sections.setdefault(entry.section, []).append(_compact(entry) if compact else _line(entry))
    fields: list[tuple[str, str]] = []
    more = " " + _("(cont.)")
    for section, lines in sections.items():
        chunk: list[str] = []
        part = 0
        for line in lines:
            if chunk and len(joiner.join([*chunk, line])) > FIELD_VALUE_LIMIT:
                fields.append((section if part == 0 else section + more, joiner.join(chunk)))
                part, chunk = part + 1, []
            chunk.append(line[:FIELD_VALUE_LIMIT])
        fields.append((section if part == 0 else section + more, joiner.join(chunk)))
    return fields


def help_embeds(entries: list[HelpEntry], command: str | None = None) -> list[discord.Embed]:
    """The overview (all commands grouped by feature), or the details of one ``command``."""
    if command:
        wanted = " ".join(command.strip().lstrip("/").lower().split())
        match = next((e for e in entries if wanted in (e.name, e.label)), None)
        if match is None:
            group = [
                e for e in entries if e.name.startswith(wanted + " ") or e.label.startswith(wanted + " ")
            ]
            if group:  # "/help command:estimate": every subcommand of the group
                embed = discord.Embed(title=f"/{wanted}", colour=BRAND_COLOUR)
                embed.description = "\n".join(_line(e) for e in group)[:4096]
                embed.set_footer(
                    text=_(
                        "/help command:{name} shows one in detail.",
                        name=group[0].label,
                    )
                )
                return [embed]
            raise NotFound(_("There is no /{name} command: run /help to see them all.", name=wanted[:40]))
        about = match.description + ("\n" + _(ADMIN_LEGEND, mark=ADMIN_MARK) if match.admin else "")
        embed = discord.Embed(title=f"/{match.label}", description=about, colour=BRAND_COLOUR)
        optional = " " + _("(optional)")
        for name, required, description in match.options[:FIELDS_PER_EMBED]:
            embed.add_field(name=f"{name}{'' if required else optional}", value=description, inline=False)
        return [embed]

    title = _("LiveCoach commands")
    intro = (
        _(
            "Money answers, go-live reminders and LIVE session stats. `/help command:<name>` shows one in detail."
        )
        + "\n"
        + _(ADMIN_LEGEND, mark=ADMIN_MARK)
    )
    for compact in (False, True):
        fields = _fields(entries, compact)
        embeds: list[discord.Embed] = []
        for start in range(0, len(fields), FIELDS_PER_EMBED):
            embed = discord.Embed(title=title if not embeds else None, colour=BRAND_COLOUR)
            if not embeds:
                embed.description = intro
            for name, value in fields[start : start + FIELDS_PER_EMBED]:
                embed.add_field(name=name, value=value, inline=False)
            embeds.append(embed)
        if sum(len(e) for e in embeds) <= EMBED_TOTAL_LIMIT and len(embeds) <= 10:
            return embeds
    return embeds[:10]


def format_duration(seconds: float) -> str:
    minutes, _seconds = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    parts = [f"{days} d" if days else "", f"{hours} h" if hours else "", f"{minutes} min"]
    return " ".join(p for p in parts if p)


def about_embed(
    *, version: str, uptime_seconds: float, servers: int, catalogue_date: str | None
) -> discord.Embed:
    embed = discord.Embed(
        title=_("About LiveCoach"),
        description=_(
            "Answers for TikTok LIVE creators: what gifts are worth, when to go live, how your streams did. "
            "Money figures are community estimates, not official TikTok rates."
        ),
        colour=BRAND_COLOUR,
    )
    embed.add_field(name=_("Version"), value=version)
    embed.add_field(name=_("Uptime"), value=format_duration(uptime_seconds))
    embed.add_field(name=_("Servers"), value=count(servers))
    embed.add_field(
        name=_("Gift catalogue"),
        value=_("as of {date}", date=catalogue_date) if catalogue_date else _("not loaded"),
    )
    return embed
