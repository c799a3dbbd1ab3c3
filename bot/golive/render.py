"""Announcement, recap, follower notice and list embeds; the "Watch LIVE" and "🔔 Notify me" buttons."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import discord
from discord.utils import escape_markdown

from bot.core import format as fmt
from bot.core.embeds import BRAND_COLOUR
from bot.golive.model import MAX_FOLLOWS, GoLiveSettings, Recap, live_url
from bot.money.model.economy import format_int

NOTIFY_ID_PREFIX = "golive:notify:"
NOTIFY_ID_TEMPLATE = r"golive:notify:(?P<creator>[0-9]{15,20})"
ENDED_COLOUR = discord.Colour(0x4F545C)


def notify_custom_id(creator_id: int) -> str:
    return f"{NOTIFY_ID_PREFIX}{creator_id}"


def shown_name(name: str) -> str:
    return escape_markdown(" ".join(name.split()))[:80] or "A creator"


def profile_url(handle: str) -> str:
    return f"https://www.tiktok.com/@{handle}"


def announcement_embed(name: str, handle: str, title: str | None, started: datetime) -> discord.Embed:
    embed = discord.Embed(
        title=f"🔴 {shown_name(name)} is LIVE on TikTok",
        description=(f"**{escape_markdown(title)}**\n" if title else "") + f"[@{handle}]({live_url(handle)})",
        colour=BRAND_COLOUR,
        timestamp=started,
    )
    embed.set_footer(text="Tap 🔔 Notify me to hear when they go LIVE next time.")
    return embed


def announcement_view(creator_id: int, handle: str, *, ended: bool = False) -> discord.ui.View:
    """The post's buttons; stopped at once, since clicks are answered by the bot's dynamic item.

    A stopped view is not kept in discord.py's store, so thousands of posts cost no memory.
    """
    view = discord.ui.View(timeout=None)
    if ended:
        view.add_item(discord.ui.Button(label="TikTok profile", url=profile_url(handle)))
    else:
        view.add_item(discord.ui.Button(label="Watch LIVE", url=live_url(handle), emoji="🔴"))
    view.add_item(
        discord.ui.Button(
            label="Notify me",
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
    view.add_item(discord.ui.Button(label="Watch LIVE", url=live_url(handle), emoji="🔴"))
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
        title=f"⚫ {shown_name(name)}'s LIVE has ended",
        description=(f"**{escape_markdown(title)}**\n" if title else "")
        + f"[@{handle}]({profile_url(handle)})",
        colour=ENDED_COLOUR,
        timestamp=started,
    )
    embed.add_field(name="Duration", value=fmt.duration(recap.duration_minutes))
    if recap.likes is not None:
        embed.add_field(name="Likes", value=fmt.count(recap.likes))
    if recap.peak_viewers is not None:
        embed.add_field(name="Peak viewers", value=fmt.count(recap.peak_viewers))
    if recap.new_followers is not None:
        embed.add_field(name="New followers", value=format_int(recap.new_followers))
    if recap.diamonds is not None:
        value = format_int(recap.diamonds) + (f" (≈ {payout})" if payout else "")
        embed.add_field(name="Diamonds", value=value)
    embed.set_footer(text="Thanks for watching! Tap 🔔 Notify me for the next LIVE.")
    return embed


def follower_notice(name: str, handle: str, title: str | None, server: str, *, reminder: bool) -> str:
    """The direct message a follower gets."""
    what = "is going LIVE soon" if reminder else "is LIVE now"
    text = f"🔔 **{shown_name(name)}** (@{handle}) {what}"
    if title:
        text += f": {escape_markdown(title)}"
    return text + f"\n-# You follow them in {escape_markdown(server)[:100]}. Stop with /unfollow there."


def settings_text(settings: GoLiveSettings) -> str:
    channel = f"<#{settings.channel_id}>" if settings.channel_id else "not set (announcing is off)"
    role = f"<@&{settings.role_id}>" if settings.role_id else "nobody is pinged"
    who = f"members with <@&{settings.announcer_role_id}>" if settings.announcer_role_id else "every member"
    events = (
        "on (members' scheduled LIVEs show under Events)"
        if settings.events
        else "off (/golive events turns them on)"
    )
    return (
        f"**Go-live channel:** {channel}.\n**Go-live role:** {role}.\n**Who may announce:** {who}.\n"
        f"**Server events:** {events}."
    )


def following_embed(rows: Sequence[tuple[int, str | None, str]]) -> discord.Embed:
    """``rows``: (creator id, handle or None, how they are told)."""
    embed = discord.Embed(title="Creators you follow here", colour=BRAND_COLOUR)
    if not rows:
        embed.description = "You follow nobody yet. Use /follow or the 🔔 Notify me button on a LIVE post."
        return embed
    how = {"dm": "direct message", "ping": "ping in the post"}
    lines = [
        f"<@{creator}> · "
        + (f"@{handle}" if handle else "no TikTok handle linked")
        + f" · {how.get(notify, notify)}"
        for creator, handle, notify in rows
    ]
    count = len(rows)
    embed.description = "\n".join(lines)[:4000]
    embed.set_footer(text=f"{count} of {MAX_FOLLOWS} · /unfollow to stop one")
    return embed
