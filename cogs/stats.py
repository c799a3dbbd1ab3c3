"""/stats: a member's totals, rates and trend chart, the server leaderboard, share cards, likes vs gifts.

Every figure is aggregated in SQL through ``bot.sessions``; charts and cards are
rendered in a worker process so the event loop never stalls.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.attachments import attachment
from bot.core.interaction import Interaction, guild_id
from bot.core.mentions import Mentions
from bot.money.model.catalogue import load_catalogue
from bot.money.model.economy import assumptions, format_money
from bot.money.model.likes import MAX_SESSIONS, fit_diamonds_per_1k_likes, needed_data_message, usable_samples
from bot.sessions.render import format_minutes
from bot.stats.charts import ShareCardData, likes_scatter, share_card, trend_chart
from bot.stats.model.summary import bucket_kind
from bot.stats.render import (
    PERIOD_LABELS,
    leaderboard_embed,
    likes_fit_embed,
    member_stats_embed,
    streak_text,
)

if TYPE_CHECKING:
    from bot.core.app import LiveCoach

log = logging.getLogger(__name__)

Period = Literal["7d", "30d", "90d", "all"]
Metric = Literal["diamonds", "likes", "hours", "sessions", "diamonds_per_hour"]
LEADERBOARD_SIZE = 10
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


@app_commands.guild_only()
class Stats(commands.GroupCog, group_name="stats", group_description="How your LIVE sessions are going"):
    """Session stats"""

    help_section = (50, "Stats")

    def __init__(self, bot: LiveCoach) -> None:
        self.bot = bot

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
        interaction: Interaction,
        member: discord.Member | None = None,
        period: Period = "30d",
        chart: bool = True,
    ) -> None:
        gid = guild_id(interaction)
        target = member or interaction.user
        if chart:
            await interaction.response.defer(ephemeral=True, thinking=True)
        now = self.bot.sessions.clock()
        summary, zone, rates = await self.bot.sessions.summary(gid, target.id, period, now)
        embed = member_stats_embed(
            summary,
            user_id=target.id,
            period=period,
            currency=rates.currency,
            assumptions=assumptions(rates, load_catalogue().date),
            zone=zone,
            handle=await self.bot.golive.handle(gid, target.id),
        )
        if not chart:
            await interaction.response.send_message(
                embed=embed, ephemeral=True, allowed_mentions=Mentions.nobody()
            )
            return
        points = await self.bot.sessions.trend(gid, target.id, period, now, zone)
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
        self, interaction: Interaction, period: Period = "30d", metric: Metric = "diamonds"
    ) -> None:
        gid = guild_id(interaction)
        slow = period == "all"
        if slow:
            await interaction.response.defer(thinking=True)
        board = await self.bot.sessions.leaderboard(gid, period, metric, limit=LEADERBOARD_SIZE)
        embed = leaderboard_embed(
            board.entries, metric=metric, period=period, members=board.members, sessions=board.sessions
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
        interaction: Interaction,
        member: discord.Member | None = None,
        period: Period = "30d",
    ) -> None:
        gid = guild_id(interaction)
        target = member or interaction.user
        await interaction.response.defer(thinking=True)
        summary, zone, rates = await self.bot.sessions.summary(
            gid, target.id, period, self.bot.sessions.clock()
        )
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
            streak=streak_text(summary.streak_weeks),
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
    async def likes_vs_gifts(self, interaction: Interaction) -> None:
        gid = guild_id(interaction)
        await interaction.response.defer(thinking=True)
        pairs = await self.bot.sessions.likes_pairs(gid, latest=MAX_SESSIONS)
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
