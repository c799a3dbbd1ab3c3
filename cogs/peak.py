"""/peak: when this server's LIVEs earn most, as a weekday × hour heatmap in the server's time zone."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands
from discord.utils import escape_markdown

from bot.core.attachments import attachment
from bot.core.interaction import Interaction, guild_id
from bot.i18n import N_, _, current
from bot.stats import charts
from bot.stats import render as render
from bot.stats.model.peaks import (
    MIN_SESSIONS_FOR_PEAKS,
    Metric,
    PeakWindow,
    Session,
    cell_states,
    generic_slots,
    peak_windows,
    slot_totals,
)

if TYPE_CHECKING:
    from bot.core.app import LiveCoach

FILENAME = "peak.png"
# The labels are the period choices' names (translated for the / menu) and the embed's period.
PERIODS: dict[str, tuple[str, int | None]] = {
    "30d": (N_("Last 30 days"), 30),
    "90d": (N_("Last 90 days"), 90),
    "365d": (N_("Last 12 months"), 365),
    "all": (N_("All time"), None),
}


@dataclass(frozen=True, slots=True)
class Analysis:
    matrix: list[list[float | None]]  # the rate where the data can be trusted, else None
    low: list[tuple[int, int]]  # slots with some data, too little to trust (hatched)
    top: list[PeakWindow]


def _analyse(samples: Sequence[Session], zone: str, metric: Metric) -> Analysis:
    """The heatmap to draw (trusted slots only, low ones marked) and the top three windows."""
    totals = slot_totals(samples, zone)
    source = totals.likes if metric == "likes_per_hour" else totals.diamonds
    states = cell_states(totals)
    matrix: list[list[float | None]] = [
        [source[d][h] / totals.hours[d][h] if states[d][h] == "ok" else None for h in range(24)]
        for d in range(7)
    ]
    low = [(d, h) for d in range(7) for h in range(24) if states[d][h] == "low"]
    return Analysis(matrix, low, peak_windows(totals, metric, 3))


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
        period="Which sessions to use (default: last 90 days)",
        metric="What to rank slots by",
        member="One creator's own best times (default: the whole server)",
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
        member: discord.Member | None = None,
    ) -> None:
        gid = guild_id(interaction)
        english, days = PERIODS.get(period.value if period else "90d", PERIODS["90d"])
        label = _(english)
        chosen: Metric = (
            "likes_per_hour" if metric and metric.value == "likes_per_hour" else "diamonds_per_hour"
        )
        await interaction.response.defer(thinking=True)
        since = self.bot.sessions.clock() - timedelta(days=days) if days else None
        data = await self.bot.sessions.peak_data(gid, since, member.id if member else None)
        whose = escape_markdown(member.display_name) if member else None  # None: "this server"
        zone, samples = data.zone, data.samples
        warning = render.zone_warning(zone)
        if len(samples) < MIN_SESSIONS_FOR_PEAKS:
            embed = render.generic_embed(
                zone,
                len(samples),
                MIN_SESSIONS_FOR_PEAKS,
                label,
                generic_slots(zone),
                whose=whose,
                zone_warning=warning,
            )
            await interaction.followup.send(embed=embed)
            return
        analysis = await asyncio.to_thread(_analyse, samples, zone, chosen)
        draw = functools.partial(
            charts.heatmap,
            analysis.matrix,
            _("Peak LIVE times · {period}", period=label),
            zone,
            highlight=[(w.weekday, h) for w in analysis.top for h in range(w.start, w.end)],
            value_label=render.peak_metric_label(chosen),
            low=analysis.low,
            locale=current(),  # the worker process draws the weekday names and words in it
        )
        png = await self.bot.offload.run(draw)
        embed = render.peak_embed(
            analysis.top, chosen, zone, len(samples), label, FILENAME, whose=whose, zone_warning=warning
        )
        await interaction.followup.send(
            embed=embed,
            file=attachment(png, FILENAME, _("Heatmap of {metric}", metric=render.peak_metric_label(chosen))),
        )


async def setup(bot: LiveCoach) -> None:
    await bot.add_cog(Peak(bot))
