"""/peak: when this server's LIVEs earn most, as a weekday × hour heatmap in the server's time zone."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from discord import app_commands
from discord.ext import commands

from bot.core.attachments import attachment
from bot.core.interaction import Interaction, guild_id
from bot.stats import charts
from bot.stats import render as render
from bot.stats.model.peaks import (
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
        interaction: Interaction,
        period: app_commands.Choice[str] | None = None,
        metric: app_commands.Choice[str] | None = None,
    ) -> None:
        gid = guild_id(interaction)
        label, days = PERIODS.get(period.value if period else "90d", PERIODS["90d"])
        chosen: Metric = (
            "likes_per_hour" if metric and metric.value == "likes_per_hour" else "diamonds_per_hour"
        )
        await interaction.response.defer(thinking=True)
        since = self.bot.sessions.clock() - timedelta(days=days) if days else None
        data = await self.bot.sessions.peak_data(gid, since)
        zone, samples = data.zone, data.samples
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
            value_label=render.PEAK_METRIC_LABELS[chosen],
        )
        png = await self.bot.offload.run(draw)
        embed = render.peak_embed(top, chosen, zone, len(samples), label, FILENAME)
        await interaction.followup.send(
            embed=embed, file=attachment(png, FILENAME, f"Heatmap of {render.PEAK_METRIC_LABELS[chosen]}")
        )


async def setup(bot: LiveCoach) -> None:
    await bot.add_cog(Peak(bot))
