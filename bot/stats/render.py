"""Embeds for /stats and /peak, built from plain domain results.

Pure functions: no I/O, no clock. Members appear as ``<@id>`` mentions inside
embeds (which never ping). Likes are shown as counts only, never as money. Every
word is in the answer's language (``bot.i18n``), every figure and date in its format.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import discord

from bot.core import format as fmt
from bot.i18n import N_, _, ngettext
from bot.meta.render import BRAND_COLOUR
from bot.money.model.likes import LikesFit, is_clear
from bot.sessions.render import session_line
from bot.stats import dates
from bot.stats.cards import PERIOD_NAMES, goal_line, goal_name, new_best, period_name
from bot.stats.model.goals import GoalProgress, period_label
from bot.stats.model.peaks import (
    GENERIC_GUIDANCE,
    MIN_DAYS_PER_SLOT,
    MIN_SESSIONS_PER_SLOT,
    GenericWindow,
    Metric,
    PeakWindow,
    Slot,
)
from bot.stats.model.summary import LeaderboardEntry, MemberSummary
from bot.stats.model.trends import Changes

if TYPE_CHECKING:
    from bot.stats.service import PeriodBoard
    from bot.storage.goals import LeaderboardPost

# Constants are English, marked for extraction; translate at use: _(METRIC_LABELS[metric]).
PERIOD_LABELS = PERIOD_NAMES
METRIC_LABELS = {
    "diamonds": N_("Diamonds"),
    "likes": N_("Likes"),
    "hours": N_("Hours live"),
    "sessions": N_("Sessions"),
    "diamonds_per_hour": N_("Diamonds per hour"),
}
# The same inside a sentence ("the weekly leaderboard by diamonds per hour").
METRIC_WORDS = {
    "diamonds": N_("diamonds"),
    "likes": N_("likes"),
    "hours": N_("hours live"),
    "sessions": N_("sessions"),
    "diamonds_per_hour": N_("diamonds per hour"),
}
PEAK_METRIC_LABELS: dict[str, str] = {
    "diamonds_per_hour": N_("diamonds per hour live"),
    "likes_per_hour": N_("likes per hour live"),
}
LIKES_NOTE = N_("Likes are free and pay nothing by themselves.")


def peak_metric_label(metric: str) -> str:
    """``"diamonds per hour live"`` in the answer's language (the heatmap's legend, the embed)."""
    return _(PEAK_METRIC_LABELS[metric])


def sessions_text(n: int) -> str:
    return ngettext("{n} session", "{n} sessions", n)


def members_text(n: int) -> str:
    return ngettext("{n} member", "{n} members", n)


def streak_text(weeks: int) -> str:
    return ngettext("{n} week in a row", "{n} weeks in a row", weeks)


def window_text(window: PeakWindow) -> str:
    """``Thu 19:00–21:00`` (``Do. 19:00–21:00`` in German)."""
    return f"{dates.weekday(window.weekday)} {window.start:02d}:00–{window.end % 24:02d}:00"


def slot_text(slot: Slot) -> str:
    """``Thu 19:00–20:00``: the slot's local weekday and hour, in the answer's language."""
    return f"{dates.weekday(slot.weekday)} {slot.hour:02d}:00–{(slot.hour + 1) % 24:02d}:00"


def _with_change(value: str, delta: str) -> str:
    return f"{value} · {delta}" if delta and delta != fmt.UNKNOWN else value


def member_stats_embed(
    summary: MemberSummary,
    *,
    user_id: int,
    period: str,
    zone: ZoneInfo,
    money: Callable[[Decimal], str] | None,
    assumptions: str,
    changes: Changes | None = None,
    goals: Sequence[GoalProgress] = (),
    handle: str | None = None,
) -> discord.Embed:
    """A member's figures; ``money`` formats the payout, or is None when it is not shown to this viewer.

    Changes compare with the period before (``↑ 12 %``); averages say what they are over.
    """
    changes = changes or Changes()
    embed = discord.Embed(title=_("LIVE stats · {period}", period=period_name(period)), colour=BRAND_COLOUR)
    embed.description = f"<@{user_id}>" + (
        f" · TikTok [@{handle}](https://www.tiktok.com/@{handle})" if handle else ""
    )
    embed.description += " · " + _("times in {zone}", zone=zone.key)
    if period != "all":
        embed.description += " · " + _("changes against the period before")
    if not summary.sessions:
        embed.description += "\n" + _(
            "No sessions logged in this period: use /session log or /session start."
        )
    embed.add_field(name=_("Sessions"), value=_with_change(fmt.count(summary.sessions), changes.sessions))
    embed.add_field(name=_("Time live"), value=_with_change(fmt.duration(summary.minutes), changes.minutes))
    embed.add_field(name=_("Streak"), value=streak_text(summary.streak_weeks))
    embed.add_field(
        name=_("Diamonds"),
        value=_with_change(
            f"{fmt.count(summary.diamonds)} ({fmt.rate(summary.diamonds_per_hour)})", changes.diamonds
        ),
    )
    if money is not None:
        payout = f"≈ {money(summary.payout)}"
        if summary.payout_per_hour is not None:
            payout += f" ({money(summary.payout_per_hour)}/h)"
        embed.add_field(name=_("Estimated payout"), value=payout)
    embed.add_field(
        name=_("Likes"),
        value=_with_change(f"{fmt.count(summary.likes)} ({fmt.rate(summary.likes_per_hour)})", changes.likes),
    )
    if summary.avg_peak_viewers is not None:
        embed.add_field(
            name=_("Average peak viewers"),
            value=_(
                "{average} (mean over {sessions} that logged it)",
                average=fmt.number(summary.avg_peak_viewers),
                sessions=sessions_text(summary.peak_sessions),
            ),
        )
    if summary.avg_viewers is not None:
        embed.add_field(
            name=_("Average viewers"),
            value=_(
                "{average} (weighted by time live, sessions that logged it)",
                average=fmt.number(summary.avg_viewers),
            ),
        )
    if summary.new_followers:
        embed.add_field(name=_("New followers"), value=fmt.count(summary.new_followers))
    if summary.best is not None:
        best = session_line(summary.best, zone) + (f" · **{new_best()}**" if changes.best else "")
        embed.add_field(name=_("Best session"), value=best, inline=False)
    if goals:
        lines = [
            _("{goal}: {progress}", goal=goal_name(g), progress=fmt.progress_bar(g.done, g.goal.target))
            + f"\n{goal_line(g)}"
            for g in goals
        ]
        embed.add_field(name=_("Goals"), value="\n".join(lines)[:1024], inline=False)
    note = _(LIKES_NOTE)
    embed.set_footer(text=f"{assumptions} {note}"[:2048] if money is not None else note)
    return embed


def _metric_value(entry: LeaderboardEntry, metric: str) -> str:
    if metric == "hours":
        return fmt.duration(entry.totals.minutes)
    if metric == "diamonds_per_hour":
        return _("{rate} diamonds/h", rate=fmt.rate(Decimal(entry.value)).removesuffix("/h"))
    n = int(entry.value)
    if metric == "diamonds":
        return ngettext("{n} diamond", "{n} diamonds", n)
    if metric == "likes":
        return ngettext("{n} like", "{n} likes", n)
    return sessions_text(n)


def leaderboard_embed(
    entries: Sequence[LeaderboardEntry],
    *,
    metric: str,
    period: str,
    members: int,
    sessions: int,
    hidden: int = 0,
) -> discord.Embed:
    """``members`` counts everyone who logged a session; ``hidden`` of them keep their figures private."""
    embed = discord.Embed(
        title=_(
            "Leaderboard · {metric} · {period}", metric=_(METRIC_LABELS[metric]), period=period_name(period)
        ),
        colour=BRAND_COLOUR,
    )
    if not entries:
        embed.description = (
            _(
                "Nobody who shares their figures logged a session in this period: "
                "/stats sharing lets members show theirs."
            )
            if hidden
            else _("No sessions logged in this period yet: members can use /session log.")
        )
    else:
        embed.description = leaderboard_lines(entries, metric)
    footer = _(
        "{members} · {sessions} in this period",
        members=members_text(members - hidden),
        sessions=sessions_text(sessions),
    )
    if hidden:
        footer += f" · {hidden_note(hidden)}"
    if metric == "diamonds_per_hour":
        footer += " · " + _("members with at least 1 hour live")
    if metric == "likes":
        footer += f" · {_(LIKES_NOTE)}"
    embed.set_footer(text=footer)
    return embed


def likes_fit_embed(fit: LikesFit | None, sentence: str, sessions: int) -> discord.Embed:
    """``sentence`` is :func:`bot.money.model.likes.fit_sentence`: the same words /likes uses."""
    embed = discord.Embed(title=_("Likes and diamonds in this server"), colour=BRAND_COLOUR)
    embed.description = sentence
    if fit is not None and is_clear(fit):
        embed.description += "\n" + _(
            "Single sessions ranged from {low} to {high} diamonds per {likes} likes (10th–90th percentile).",
            low=fmt.number(Decimal(str(fit.typical_low_per_1k))),
            high=fmt.number(Decimal(str(fit.typical_high_per_1k))),
            likes=fmt.count(1000),
        )
    if fit is not None and fit.r is not None:
        embed.add_field(name=_("Correlation"), value=f"r = {_fixed(fit.r, 2)}")
    embed.add_field(name=_("Sessions with likes"), value=fmt.count(sessions))
    embed.set_footer(
        text=_("An indirect association learned from logged sessions, not a price per like.")
        + f" {_(LIKES_NOTE)}"
    )
    return embed


# --------------------------------------------------------------------------- peak times


def _fixed(value: float, places: int) -> str:
    """``value`` with exactly ``places`` decimals and the locale's marks (``10.0``, ``10,0`` in de)."""
    mark, group = fmt.decimal_symbols()
    marks: dict[str, str | int | None] = {",": group, ".": mark}
    return f"{value:,.{places}f}".translate(str.maketrans(marks))


def _rate(value: float) -> str:
    return _fixed(value, 0 if value >= 10 else 1)


PEAK_UNITS: dict[str, str] = {
    "diamonds_per_hour": N_("{rate} diamonds per hour"),
    "likes_per_hour": N_("{rate} likes per hour"),
}
PEAK_NONE: dict[str, str] = {
    "diamonds_per_hour": N_("with any diamonds"),
    "likes_per_hour": N_("with any likes"),
}


def peak_embed(
    top: Sequence[PeakWindow],
    metric: Metric,
    zone: str,
    sessions: int,
    period: str,
    filename: str,
    *,
    whose: str | None = None,
    zone_warning: str | None = None,
) -> discord.Embed:
    """``period`` is already in the answer's language; ``whose`` None is "this server"."""
    label = peak_metric_label(metric)
    logged = ngettext("{n} logged session", "{n} logged sessions", sessions)
    embed = discord.Embed(
        title=_("Peak LIVE times · {period}", period=period),
        description=" ".join(
            (
                (
                    _(
                        "From {sessions} of {whose}, by {metric}, in {zone}.",
                        sessions=logged,
                        whose=whose,
                        metric=label,
                        zone=zone,
                    )
                    if whose is not None
                    else _(
                        "From {sessions} of this server, by {metric}, in {zone}.",
                        sessions=logged,
                        metric=label,
                        zone=zone,
                    )
                ),
                _(
                    "A slot counts as a peak with at least {sessions} on {days}+ days; "
                    "neighbouring strong hours form one window. Highlighted: the top windows.",
                    sessions=sessions_text(MIN_SESSIONS_PER_SLOT),
                    days=MIN_DAYS_PER_SLOT,
                ),
            )
        ),
        colour=BRAND_COLOUR,
    )
    if zone_warning:
        embed.add_field(name=_("⚠️ Time zone"), value=zone_warning, inline=False)
    if top:
        lines = [
            f"**{i}.** {window_text(w)} · {_(PEAK_UNITS[metric], rate=_rate(w.value))} ("
            + _("{hours} h of data, {sessions}", hours=_fixed(w.hours, 1), sessions=sessions_text(w.sessions))
            + ")"
            for i, w in enumerate(top, start=1)
        ]
        embed.add_field(name=_("Top windows ({zone})", zone=zone), value="\n".join(lines), inline=False)
    else:
        embed.add_field(
            name=_("Top windows"),
            value=_(
                "No slot has enough data yet (an hour live, {sessions}, {days} days) {metric}: keep logging sessions.",
                sessions=sessions_text(MIN_SESSIONS_PER_SLOT),
                days=MIN_DAYS_PER_SLOT,
                metric=_(PEAK_NONE[metric]),
            ),
            inline=False,
        )
    embed.set_image(url=f"attachment://{filename}")
    embed.set_footer(text=_("/reminder add-peak creates one go-live reminder per window."))
    return embed


UTC_ZONE_WARNING = N_(
    "This server's time zone is still UTC, the default: times here are UTC. "
    "An admin can set the real one with /config timezone."
)


def zone_warning(zone: str) -> str | None:
    """The warning /peak and add-peak show while the server's zone is the UTC default."""
    return _(UTC_ZONE_WARNING) if zone == "UTC" else None


def _generic_window(window: GenericWindow) -> str:
    return _(
        "**{name}**: {days} {start}–{end} local time",
        name=_(window.name),
        days=dates.days_text(window.days),
        start=f"{window.start:%H:%M}",
        end=f"{window.end:%H:%M}",
    )


def lowered(text: str) -> str:
    """A label inside a sentence: its first letter small (``generic guidance, …``)."""
    return text[:1].lower() + text[1:]


def generic_embed(
    zone: str,
    sessions: int,
    needed: int,
    period: str,
    generic: Sequence[Slot],
    *,
    whose: str | None = None,
    zone_warning: str | None = None,
) -> discord.Embed:
    """``period`` is already in the answer's language; ``whose`` None is "This server"."""
    guidance = GENERIC_GUIDANCE
    logged = ngettext("{n} logged session", "{n} logged sessions", sessions)
    embed = discord.Embed(
        title=_("Peak LIVE times · {period} · generic", period=period),
        description=(
            _(
                "{whose} has {sessions} in this period; its own heatmap needs at least {needed}. "
                "Until then, here is **{guidance}**.",
                whose=whose,
                sessions=logged,
                needed=needed,
                guidance=lowered(_(guidance.label)),
            )
            if whose is not None
            else _(
                "This server has {sessions} in this period; its own heatmap needs at least {needed}. "
                "Until then, here is **{guidance}**.",
                sessions=logged,
                needed=needed,
                guidance=lowered(_(guidance.label)),
            )
        ),
        colour=BRAND_COLOUR,
    )
    windows = [_generic_window(w) for w in guidance.windows]
    embed.add_field(name=_("Generic windows"), value="\n".join(windows), inline=False)
    embed.add_field(
        name=_("Generic slots for reminders ({zone})", zone=zone),
        value="\n".join(_("{slot} (generic)", slot=slot_text(s)) for s in generic),
        inline=False,
    )
    embed.add_field(name=_("Caveat"), value=_(guidance.caveat), inline=False)
    if zone_warning:
        embed.add_field(name=_("⚠️ Time zone"), value=zone_warning, inline=False)
    embed.set_footer(text=_("Log sessions with /session so your own peaks can replace this."))
    return embed


def leaderboard_lines(entries: Sequence[LeaderboardEntry], metric: str) -> str:
    medals = {1: "🥇", 2: "🥈", 3: "🥉"}
    return "\n".join(
        f"{medals.get(e.rank, f'`{e.rank:>2}`')} <@{e.user_id}> — {_metric_value(e, metric)}"
        f" · {sessions_text(e.totals.sessions)}"
        for e in entries
    )[:4096]


def hidden_note(hidden: int) -> str:
    if not hidden:
        return ""
    return ngettext(
        "{n} member keeps their figures private (/stats sharing)",
        "{n} members keep their figures private (/stats sharing)",
        hidden,
    )


def period_board_embed(board: PeriodBoard) -> discord.Embed:
    """The board posted when a calendar week or month ends."""
    assert board.start is not None and board.end is not None, "a posted board covers one calendar period"
    start = board.start.astimezone(board.zone)
    last = board.end.astimezone(board.zone) - timedelta(days=1)
    title = period_label(board.period, board.start, board.zone)
    embed = discord.Embed(
        title=_("Leaderboard · {metric} · {period}", metric=_(METRIC_LABELS[board.metric]), period=title),
        colour=BRAND_COLOUR,
    )
    embed.description = (
        leaderboard_lines(board.entries, board.metric)
        if board.entries
        else _("Nobody who shares their figures logged a session in this period.")
    )
    footer = [
        f"{sessions_text(board.sessions)} · {dates.day_month(start)}–{dates.day_month(last)} ({board.zone.key})"
    ]
    if board.hidden:
        footer.append(hidden_note(board.hidden))
    embed.set_footer(text=" · ".join(footer))
    return embed


def goals_text(goals: Sequence[GoalProgress], zone: ZoneInfo) -> str:
    if not goals:
        return _("You have no goals yet: /stats goal sets one.")
    lines = [f"**{goal_name(g)}** {fmt.progress_bar(g.done, g.goal.target)} · {goal_line(g)}" for g in goals]
    # Goal weeks are calendar weeks from Monday in every language (what is stored and summed).
    return (
        "\n".join(lines)
        + "\n"
        + _("Weeks start on {weekday}, in {zone}.", weekday=dates.weekday(0, wide=True), zone=zone.key)
    )


def _post_line(post: LeaderboardPost) -> str:
    metric = _(METRIC_WORDS.get(post.metric, post.metric))
    channel = f"<#{post.channel_id}>"
    if post.period == "week":
        return _("weekly by {metric} in {channel}", metric=metric, channel=channel)
    return _("monthly by {metric} in {channel}", metric=metric, channel=channel)


def posts_text(posts: Sequence[LeaderboardPost]) -> str:
    if not posts:
        return _("No leaderboard posts are set up.")
    lines = "; ".join(_post_line(p) for p in posts)
    return _("Set up: {posts}", posts=lines)
