"""Announcement, recap, follower notice and list embeds; the "Watch LIVE" and "🔔 Notify me" buttons.

In the active language: posts (announcements, recaps, follower notices) are built in the server's
post language by ``bot.golive``, replies in the member's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import discord
from discord.utils import escape_markdown

from bot.core import format as fmt
from bot.core.embeds import BRAND_COLOUR
from bot.golive.model import MAX_FOLLOWS, GoLiveSettings, Recap, live_url
from bot.i18n import _, pgettext
from bot.money.model.economy import format_int

NOTIFY_ID_PREFIX = "golive:notify:"
NOTIFY_ID_TEMPLATE = r"golive:notify:(?P<creator>[0-9]{15,20})"
ENDED_COLOUR = discord.Colour(0x4F545C)


def notify_custom_id(creator_id: int) -> str:
    return f"{NOTIFY_ID_PREFIX}{creator_id}"


def shown_name(name: str) -> str:
    return escape_markdown(" ".join(name.split()))[:80] or _("A creator")


def profile_url(handle: str) -> str:
    return f"https://www.tiktok.com/@{handle}"


def announcement_embed(name: str, handle: str, title: str | None, started: datetime) -> discord.Embed:
    embed = discord.Embed(
        title=_("🔴 {name} is LIVE on TikTok", name=shown_name(name))[:256],
        description=(f"**{escape_markdown(title)}**\n" if title else "") + f"[@{handle}]({live_url(handle)})",
        colour=BRAND_COLOUR,
        timestamp=started,
    )
    embed.set_footer(text=_("Tap 🔔 Notify me to hear when they go LIVE next time."))
    return embed


def announcement_view(creator_id: int, handle: str, *, ended: bool = False) -> discord.ui.View:
    """The post's buttons; stopped at once, since clicks are answered by the bot's dynamic item.

    A stopped view is not kept in discord.py's store, so thousands of posts cost no memory.
    """
    view = discord.ui.View(timeout=None)
    if ended:
        view.add_item(discord.ui.Button(label=pgettext("button", "TikTok profile"), url=profile_url(handle)))
    else:
        view.add_item(
            discord.ui.Button(label=pgettext("button", "Watch LIVE"), url=live_url(handle), emoji="🔴")
        )
    view.add_item(
        discord.ui.Button(
            label=pgettext("button", "Notify me"),
            emoji="🔔",
            style=discord.ButtonStyle.secondary,
            custom_id=notify_custom_id(creator_id),
        )
    )
    view.stop()
    return view


def link_view(handle: str) -> discord.ui.View:
    """Only the "Watch LIVE" link (for direct messages, where a follow button has no server)."""
    view = discord.ui.View(timeout=None)
    view.add_item(discord.ui.Button(label=pgettext("button", "Watch LIVE"), url=live_url(handle), emoji="🔴"))
    view.stop()
    return view


def announcement_content(role_id: int | None, ping_user_ids: Sequence[int]) -> str | None:
    mentions = ([f"<@&{role_id}>"] if role_id else []) + [f"<@{uid}>" for uid in ping_user_ids]
    return " ".join(mentions) or None


def recap_embed(
    name: str,
    handle: str,
    title: str | None,
    started: datetime,
    recap: Recap,
    payout: str | None,
) -> discord.Embed:
    embed = discord.Embed(
        title=_("⚫ {name}'s LIVE has ended", name=shown_name(name))[:256],
        description=(f"**{escape_markdown(title)}**\n" if title else "")
        + f"[@{handle}]({profile_url(handle)})",
        colour=ENDED_COLOUR,
        timestamp=started,
    )
    embed.add_field(name=_("Duration"), value=fmt.duration(recap.duration_minutes))
    if recap.likes is not None:
        embed.add_field(name=_("Likes"), value=fmt.count(recap.likes))
    if recap.peak_viewers is not None:
        embed.add_field(name=_("Peak viewers"), value=fmt.count(recap.peak_viewers))
    if recap.new_followers is not None:
        embed.add_field(name=_("New followers"), value=format_int(recap.new_followers))
    if recap.diamonds is not None:
        value = format_int(recap.diamonds) + (f" (≈ {payout})" if payout else "")
        embed.add_field(name=_("Diamonds"), value=value)
    embed.set_footer(text=_("Thanks for watching! Tap 🔔 Notify me for the next LIVE."))
    return embed


def follower_notice(name: str, handle: str, title: str | None, server: str, *, reminder: bool) -> str:
    """The direct message a follower gets."""
    who = f"**{shown_name(name)}** (@{handle})"
    text = "🔔 " + (_("{who} is going LIVE soon", who=who) if reminder else _("{who} is LIVE now", who=who))
    if title:
        text += f": {escape_markdown(title)}"
    return (
        text
        + "\n-# "
        + _("You follow them in {server}. Stop with /unfollow there.", server=escape_markdown(server)[:100])
    )


def settings_text(settings: GoLiveSettings) -> str:
    channel = f"<#{settings.channel_id}>" if settings.channel_id else _("not set (announcing is off)")
    role = f"<@&{settings.role_id}>" if settings.role_id else _("nobody is pinged")
    who = (
        _("members with {role}", role=f"<@&{settings.announcer_role_id}>")
        if settings.announcer_role_id
        else _("every member")
    )
    events = (
        _("on (members' scheduled LIVEs show under Events)")
        if settings.events
        else _("off (/golive events turns them on)")
    )
    return "\n".join(
        (
            _("**Go-live channel:** {channel}.", channel=channel),
            _("**Go-live role:** {role}.", role=role),
            _("**Who may announce:** {who}.", who=who),
            _("**Server events:** {events}.", events=events),
        )
    )


def following_embed(rows: Sequence[tuple[int, str | None, str]]) -> discord.Embed:
    """``rows``: (creator id, handle or None, how they are told)."""
    embed = discord.Embed(title=_("Creators you follow here"), colour=BRAND_COLOUR)
    if not rows:
        embed.description = _("You follow nobody yet. Use /follow or the 🔔 Notify me button on a LIVE post.")
        return embed
    how = {"dm": _("direct message"), "ping": _("ping in the post")}
    lines = [
        f"<@{creator}> · "
        + (f"@{handle}" if handle else _("no TikTok handle linked"))
        + f" · {how.get(notify, notify)}"
        for creator, handle, notify in rows
    ]
    embed.description = "\n".join(lines)[:4000]
    embed.set_footer(text=_("{count} of {most} · /unfollow to stop one", count=len(rows), most=MAX_FOLLOWS))
    return embed
