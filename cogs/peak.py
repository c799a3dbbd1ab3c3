"""/peak: when this server's LIVEs earn most, as a weekday × hour heatmap in the server's time zone."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.attachments import attachment
from bot.reminders import render as render
from bot.reminders.service import utcnow
from bot.stats import charts
from bot.stats.model.peaks import (
    MAX_SESSIONS_FOR_PEAKS,
    MIN_SESSIONS_FOR_PEAKS,
    Metric,
    Session,
    Slot,
    generic_slots,
    heat_matrix,
    hours_matrix,
    thin_cells_blank,
    top_slots,
)

if TYPE_CHECKING:
    from bot.core.app import LiveCoach

FILENAME = "peak.png"
PERIODS: dict[str, tuple[str, int | None]] = {
    "30d": ("Last 30 days", 30),
    "90d": ("Last 90 days", 90),
    "365d": ("Last 12 months", 365),
    "all": ("All time", None),
}


def _analyse(
    samples: Sequence[Session], zone: str, metric: Metric
) -> tuple[list[list[float | None]], list[Slot]]:
    """The heatmap to draw (thin slots blank) and the top three slots."""
    matrix = heat_matrix(samples, zone, metric)
    hours = hours_matrix(samples, zone)
    return thin_cells_blank(matrix, hours), top_slots(matrix, hours, 3)


class Peak(commands.Cog):
    """Peak LIVE times"""

    help_section = (60, "Go-live reminders and peak times")

    def __init__(self, bot: LiveCoach) -> None:
        self.bot = bot

    @app_commands.command(
        name="peak", description="When this server's LIVEs earn most: weekday × hour heatmap"
    )
    @app_commands.guild_only()
    @app_commands.describe(
        period="Which sessions to use (default: last 90 days)", metric="What to rank slots by"
    )
    @app_commands.choices(
        period=[app_commands.Choice(name=label, value=key) for key, (label, _) in PERIODS.items()],
        metric=[
            app_commands.Choice(name="Diamonds per hour live", value="diamonds_per_hour"),
            app_commands.Choice(name="Likes per hour live", value="likes_per_hour"),
        ],
    )
    async def peak(
        self,
        interaction: discord.Interaction,
        period: app_commands.Choice[str] | None = None,
        metric: app_commands.Choice[str] | None = None,
    ) -> None:
        guild_id = interaction.guild_id or 0
        label, days = PERIODS.get(period.value if period else "90d", PERIODS["90d"])
        chosen: Metric = (
            "likes_per_hour" if metric and metric.value == "likes_per_hour" else "diamonds_per_hour"
        )
        await interaction.response.defer(thinking=True)
        zone = (await self.bot.storage.settings.get(guild_id)).timezone
        since = utcnow() - timedelta(days=days) if days else None
        samples = await self.bot.storage.sessions.peak_samples(guild_id, since, latest=MAX_SESSIONS_FOR_PEAKS)
        if len(samples) < MIN_SESSIONS_FOR_PEAKS:
            embed = render.generic_embed(
                zone, len(samples), MIN_SESSIONS_FOR_PEAKS, label, generic_slots(zone)
            )
            await interaction.followup.send(embed=embed)
            return
        matrix, top = await asyncio.to_thread(_analyse, samples, zone, chosen)
        draw = functools.partial(
            charts.heatmap,
            matrix,
            f"Peak LIVE times · {label}",
            zone,
            highlight=[(s.weekday, s.hour) for s in top],
            value_label=render.METRIC_LABELS[chosen],
        )
        png = await self.bot.offload.run(draw)
        embed = render.peak_embed(top, chosen, zone, len(samples), label, FILENAME)
        await interaction.followup.send(
            embed=embed, file=attachment(png, FILENAME, f"Heatmap of {render.METRIC_LABELS[chosen]}")
        )


async def setup(bot: LiveCoach) -> None:
    await bot.add_cog(Peak(bot))
