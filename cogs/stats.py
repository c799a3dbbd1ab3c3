"""/stats: a member's totals, rates and trend chart, the server leaderboard, share cards, likes vs gifts.

Every figure is aggregated in SQL (sums, counts, per-bucket sums); charts and
cards are rendered in a worker thread so the event loop never stalls.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.attachments import attachment
from bot.core.mentions import Mentions
from bot.money.model.catalogue import load_catalogue
from bot.money.model.economy import Rates, assumptions, format_money
from bot.money.model.likes import MAX_SESSIONS, fit_diamonds_per_1k_likes, needed_data_message, usable_samples
from bot.sessions.model.timeparse import to_utc
from bot.sessions.render import (
    PERIOD_LABELS,
    build_summary,
    format_minutes,
    leaderboard_embed,
    likes_fit_embed,
    member_stats_embed,
    member_streak,
)
from bot.settings.context import server_zone_and_rates, utcnow
from bot.stats.charts import ShareCardData, likes_scatter, share_card, trend_chart
from bot.stats.model.summary import (
    MemberSummary,
    TrendPoint,
    bucket_kind,
    leaderboard,
    period_start,
    week_start,
)

if TYPE_CHECKING:
    from bot.core.app import LiveCoach

log = logging.getLogger(__name__)

Period = Literal["7d", "30d", "90d", "all"]
Metric = Literal["diamonds", "likes", "hours", "sessions", "diamonds_per_hour"]
LEADERBOARD_SIZE = 10
STREAK_WINDOW = timedelta(weeks=53)
SCATTER_POINTS = 5000


def _member_is_expensive(interaction: discord.Interaction[Any]) -> bool:
    ns = interaction.namespace
    return ns.chart is not False or ns.period == "all"


def _server_is_expensive(interaction: discord.Interaction[Any]) -> bool:
    return interaction.namespace.period == "all"


def _cooldown_when(expensive: Callable[[discord.Interaction[Any]], bool]) -> Any:
    """A cooldown only for the expensive variants (charts, all-time); cheap ones never wait."""

    def factory(interaction: discord.Interaction[Any]) -> app_commands.Cooldown | None:
        return app_commands.Cooldown(1, 10) if expensive(interaction) else None

    def key(interaction: discord.Interaction[Any]) -> tuple[int | None, int, bool]:
        return (interaction.guild_id, interaction.user.id, expensive(interaction))

    return app_commands.checks.dynamic_cooldown(factory, key=key)


def _member_key(interaction: discord.Interaction[Any]) -> tuple[int | None, int]:
    return (interaction.guild_id, interaction.user.id)


def trend_boundaries(period: str, now: datetime, zone: ZoneInfo, first: datetime | None) -> list[datetime]:
    """UTC edges of the chart buckets (local days or ISO weeks in ``zone``), like ``bot.stats.model.summary.trend``.

    The first edge is clipped to the period start and the last to just after
    ``now``, so the SQL sums cover exactly the sessions the domain would count.
    """
    kind = bucket_kind(period)
    since = period_start(period, now)
    start = since if since is not None else first
    if start is None:
        return []
    step = timedelta(days=1 if kind == "day" else 7)

    def key(moment: datetime) -> Any:
        return moment.astimezone(zone).date() if kind == "day" else week_start(moment, zone)

    bucket, last = key(start), key(now)
    edges: list[datetime] = []
    while bucket <= last:
        edges.append(to_utc(datetime.combine(bucket, datetime.min.time()), zone))
        bucket += step
    edges.append(to_utc(datetime.combine(bucket, datetime.min.time()), zone))
    edges[0] = max(edges[0], start)
    edges[-1] = min(edges[-1], now + timedelta(seconds=1))
    return edges


def bucket_dates(period: str, edges: list[datetime], zone: ZoneInfo) -> list[Any]:
    kind = bucket_kind(period)
    return [e.astimezone(zone).date() if kind == "day" else week_start(e, zone) for e in edges[:-1]]


@app_commands.guild_only()
class Stats(commands.GroupCog, group_name="stats", group_description="How your LIVE sessions are going"):
    """Session stats"""

    help_section = (50, "Stats")

    def __init__(self, bot: LiveCoach) -> None:
        self.bot = bot
        self.clock: Callable[[], datetime] = utcnow

    async def summary_for(
        self, guild_id: int, user_id: int, period: str, now: datetime
    ) -> tuple[MemberSummary, ZoneInfo, Rates]:
        zone, rates = await server_zone_and_rates(self.bot, guild_id)
        since = period_start(period, now)
        repo = self.bot.storage.sessions
        totals = await repo.member_totals(guild_id, user_id, since)
        best = await repo.best_session(guild_id, user_id, since) if totals.sessions else None
        starts = await repo.start_times(guild_id, user_id, now - STREAK_WINDOW)
        streak = member_streak(starts, now, zone)
        if streak >= 52:  # the streak may go back further than the window
            streak = member_streak(await repo.start_times(guild_id, user_id), now, zone)
        summary = build_summary(totals, best, streak, rates.usd_per_diamond * rates.currency_per_usd)
        return summary, zone, rates

    async def trend_points(
        self, guild_id: int, user_id: int, period: str, now: datetime, zone: ZoneInfo
    ) -> list[TrendPoint]:
        repo = self.bot.storage.sessions
        first = await repo.first_start(guild_id, user_id) if period == "all" else None
        edges = trend_boundaries(period, now, zone, first)
        sums = await repo.bucket_sums(guild_id, edges, user_id)
        return [
            TrendPoint(day, diamonds, likes, round(minutes / 60, 4))
            for day, (diamonds, likes, minutes) in zip(bucket_dates(period, edges, zone), sums, strict=True)
        ]

    # -- /stats member --------------------------------------------------------------------------------
    @app_commands.command(
        name="member", description="Sessions, hours, totals and hourly rates, with a trend chart"
    )
    @app_commands.describe(
        member="Whose stats (default: yours)",
        period="How far back (default: last 30 days)",
        chart="Attach the trend chart (default: yes)",
    )
    @_cooldown_when(_member_is_expensive)
    async def member(
        self,
        interaction: discord.Interaction[Any],
        member: discord.Member | None = None,
        period: Period = "30d",
        chart: bool = True,
    ) -> None:
        assert interaction.guild_id is not None
        target = member or interaction.user
        if chart:
            await interaction.response.defer(ephemeral=True, thinking=True)
        now = self.clock()
        summary, zone, rates = await self.summary_for(interaction.guild_id, target.id, period, now)
        embed = member_stats_embed(
            summary,
            user_id=target.id,
            period=period,
            currency=rates.currency,
            assumptions=assumptions(rates, load_catalogue().date),
            zone=zone,
        )
        if not chart:
            await interaction.response.send_message(
                embed=embed, ephemeral=True, allowed_mentions=Mentions.nobody()
            )
            return
        points = await self.trend_points(interaction.guild_id, target.id, period, now, zone)
        unit = "day" if bucket_kind(period) == "day" else "week"
        png = await self.bot.offload.run(
            trend_chart,
            points,
            f"{target.display_name} · {PERIOD_LABELS[period]}",
            f"Diamonds and likes per {unit} · {zone.key}",
        )
        embed.set_image(url="attachment://trend.png")
        await interaction.followup.send(
            embed=embed,
            file=attachment(png, "trend.png"),
            ephemeral=True,
            allowed_mentions=Mentions.nobody(),
        )

    # -- /stats server --------------------------------------------------------------------------------
    @app_commands.command(name="server", description="The server's leaderboard for a period and metric")
    @app_commands.describe(
        period="How far back (default: last 30 days)", metric="What to rank by (default: diamonds)"
    )
    @_cooldown_when(_server_is_expensive)
    async def server(
        self, interaction: discord.Interaction[Any], period: Period = "30d", metric: Metric = "diamonds"
    ) -> None:
        assert interaction.guild_id is not None
        slow = period == "all"
        if slow:
            await interaction.response.defer(thinking=True)
        since = period_start(period, self.clock())
        rows = await self.bot.storage.sessions.leaderboard_rows(interaction.guild_id, since)
        entries = leaderboard(rows, metric, limit=LEADERBOARD_SIZE)
        embed = leaderboard_embed(
            entries, metric=metric, period=period, members=len(rows), sessions=sum(r[1] for r in rows)
        )
        if slow:
            await interaction.followup.send(embed=embed, allowed_mentions=Mentions.nobody())
        else:
            await interaction.response.send_message(embed=embed, allowed_mentions=Mentions.nobody())

    # -- /stats card ----------------------------------------------------------------------------------
    @app_commands.command(name="card", description="A stats card image to post in the community")
    @app_commands.describe(
        member="Whose card (default: yours)", period="How far back (default: last 30 days)"
    )
    @app_commands.checks.cooldown(1, 30, key=_member_key)
    async def card(
        self,
        interaction: discord.Interaction[Any],
        member: discord.Member | None = None,
        period: Period = "30d",
    ) -> None:
        assert interaction.guild_id is not None
        target = member or interaction.user
        await interaction.response.defer(thinking=True)
        now = self.clock()
        summary, zone, rates = await self.summary_for(interaction.guild_id, target.id, period, now)
        best = summary.best
        best_text = (
            f"{best.started_at.astimezone(zone):%b %d} · {best.diamonds:,} diamonds in "
            f"{format_minutes(best.duration_minutes)}"
            if best
            else "No sessions yet"
        )
        guild = interaction.guild
        data = ShareCardData(
            display_name=target.display_name,
            period=PERIOD_LABELS[period],
            sessions=f"{summary.sessions:,}",
            hours=f"{summary.hours:,}",
            diamonds=f"{summary.diamonds:,}",
            payout=f"≈ {format_money(summary.payout, rates.currency)}",
            likes=f"{summary.likes:,}",
            best_session=best_text,
            streak=f"{summary.streak_weeks} week{'s' if summary.streak_weeks != 1 else ''} in a row",
            server_name=(guild.name or "") if guild is not None else "",
        )
        png = await self.bot.offload.run(share_card, data)
        await interaction.followup.send(
            f"<@{target.id}>'s LIVE stats · {PERIOD_LABELS[period]}",
            file=attachment(png, "livecoach-stats.png"),
            allowed_mentions=Mentions.nobody(),
        )

    # -- /stats likes-vs-gifts ------------------------------------------------------------------------
    @app_commands.command(name="likes-vs-gifts", description="How diamonds have gone along with likes here")
    @app_commands.checks.cooldown(1, 30, key=_member_key)
    async def likes_vs_gifts(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None
        await interaction.response.defer(thinking=True)
        pairs = await self.bot.storage.sessions.likes_diamonds_pairs(
            interaction.guild_id, latest=MAX_SESSIONS
        )
        fit = await self.bot.offload.run(fit_diamonds_per_1k_likes, pairs)
        stride = max(1, len(pairs) // SCATTER_POINTS)
        png = await self.bot.offload.run(likes_scatter, pairs[::stride], fit)
        embed = likes_fit_embed(fit, needed_data_message(len(usable_samples(pairs))), len(pairs))
        embed.set_image(url="attachment://likes-vs-diamonds.png")
        await interaction.followup.send(
            embed=embed,
            file=attachment(png, "likes-vs-diamonds.png"),
            allowed_mentions=Mentions.nobody(),
        )


async def setup(bot: LiveCoach) -> None:
    await bot.add_cog(Stats(bot))
