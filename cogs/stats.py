"""/stats: a member's figures against the period before, goals, consent, share cards, leaderboards, likes vs gifts.

Every figure is aggregated in SQL through ``bot.sessions`` (and ``bot.stats`` for
goals and consent); charts and cards are rendered in a worker process. Times are
in the member's own zone, which every answer names.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.attachments import attachment
from bot.core.errors import InvalidInput, NotAllowed
from bot.core.interaction import Interaction, guild_id
from bot.core.mentions import Mentions
from bot.core.options import TextChannelOption
from bot.i18n import _, current, ngettext
from bot.money.model.catalogue import load_catalogue
from bot.money.model.economy import assumptions, format_money
from bot.money.model.likes import (
    MAX_SESSIONS,
    fit_diamonds_per_1k_likes,
    fit_sentence,
    is_clear,
    usable_samples,
)
from bot.stats.cards import card_data, period_name
from bot.stats.charts import likes_scatter, stats_card, trend_chart
from bot.stats.model.sharing import (
    Sharing,
    describe,
    ensure_may_post_card,
    ensure_may_see_figures,
    money_shown,
)
from bot.stats.model.summary import bucket_kind
from bot.stats.render import (
    METRIC_WORDS,
    goals_text,
    leaderboard_embed,
    likes_fit_embed,
    lowered,
    member_stats_embed,
    posts_text,
)

if TYPE_CHECKING:
    from bot.core.app import LiveCoach

log = logging.getLogger(__name__)

Period = Literal["7d", "30d", "90d", "all"]
Metric = Literal["diamonds", "likes", "hours", "sessions", "diamonds_per_hour"]
Visibility = Literal["me", "server"]
GoalMetric = Literal["diamonds", "hours"]
GoalPeriod = Literal["week", "month"]
CardFormat = Literal["card", "story"]
LEADERBOARD_SIZE = 10
SCATTER_POINTS = 5000
CARD_FILES = {"card": "livecoach-stats.png", "story": "livecoach-story.png"}


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


def _require_manage(interaction: Interaction) -> None:
    if not interaction.permissions.manage_guild:
        raise NotAllowed(_("Setting up leaderboard posts needs Manage Server."))


@app_commands.guild_only()
class Stats(commands.GroupCog, group_name="stats", group_description="How your LIVE sessions are going"):
    """Session stats"""

    help_section = (50, "Stats")

    def __init__(self, bot: LiveCoach) -> None:
        self.bot = bot

    def _money(self, currency: str) -> Callable[[Decimal], str]:
        return lambda amount: format_money(amount, currency)

    # -- /stats member --------------------------------------------------------------------------------
    @app_commands.command(
        name="member",
        description="Sessions, time live, totals and rates against the period before, with goals",
    )
    @app_commands.describe(
        member="Whose stats (default: yours; others' only if they share them)",
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
        sharing = await self.bot.stats.sharing(gid, target.id)
        ensure_may_see_figures(sharing, interaction.user.id, target.id)
        if chart:
            await interaction.response.defer(ephemeral=True, thinking=True)
        now = self.bot.sessions.clock()
        zone = await self.bot.sessions.member_zone(gid, target.id)
        view = await self.bot.sessions.period_view(gid, target.id, period, now, zone)
        rates = view.rates
        goals = await self.bot.stats.goal_progress(gid, target.id, zone, now)
        shown = money_shown(sharing, interaction.user.id, target.id, public=False)
        embed = member_stats_embed(
            view.summary,
            user_id=target.id,
            period=period,
            zone=zone,
            money=self._money(rates.currency) if shown else None,
            assumptions=assumptions(rates, load_catalogue().date),
            changes=view.changes,
            goals=goals if target.id == interaction.user.id or sharing.figures == "server" else (),
            handle=await self.bot.golive.handle(gid, target.id),
        )
        if not chart:
            await interaction.response.send_message(
                embed=embed, ephemeral=True, allowed_mentions=Mentions.nobody()
            )
            return
        points = await self.bot.sessions.trend(gid, target.id, period, now, zone)
        subtitle = (
            _("Diamonds and likes per day · {zone}", zone=zone.key)
            if bucket_kind(period) == "day"
            else _("Diamonds and likes per week · {zone}", zone=zone.key)
        )
        # The worker process does not share this task's language: it is handed over explicitly.
        png = await self.bot.offload.run(
            trend_chart, points, f"{target.display_name} · {period_name(period)}", subtitle, current()
        )
        if png is None:  # nothing logged in the period: no empty chart
            await interaction.followup.send(embed=embed, ephemeral=True, allowed_mentions=Mentions.nobody())
            return
        embed.set_image(url="attachment://trend.png")
        await interaction.followup.send(
            embed=embed, file=attachment(png, "trend.png"), ephemeral=True, allowed_mentions=Mentions.nobody()
        )

    # -- /stats server --------------------------------------------------------------------------------
    @app_commands.command(
        name="server", description="The server's leaderboard of members who share their stats"
    )
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
        board = await self.bot.stats.rolling_board(gid, period, metric, limit=LEADERBOARD_SIZE)
        embed = leaderboard_embed(
            board.entries,
            metric=metric,
            period=period,
            members=board.members,
            sessions=board.sessions,
            hidden=board.hidden,
        )
        if slow:
            await interaction.followup.send(embed=embed, allowed_mentions=Mentions.nobody())
        else:
            await interaction.response.send_message(embed=embed, allowed_mentions=Mentions.nobody())

    # -- /stats card ----------------------------------------------------------------------------------
    @app_commands.command(
        name="card", description="Post a stats card (or a story-sized one for TikTok/Instagram)"
    )
    @app_commands.describe(
        member="Whose card (default: yours; others' only if they allow it)",
        period="How far back (default: last 30 days)",
        format="card: 1200×630 for a channel; story: 1080×1920 for TikTok/Instagram stories",
    )
    @app_commands.checks.cooldown(1, 30, key=_member_key)
    async def card(
        self,
        interaction: Interaction,
        member: discord.Member | None = None,
        period: Period = "30d",
        format: CardFormat = "card",
    ) -> None:
        gid = guild_id(interaction)
        target = member or interaction.user
        sharing = await self.bot.stats.sharing(gid, target.id)
        ensure_may_post_card(sharing, interaction.user.id, target.id)
        now = self.bot.sessions.clock()
        zone = await self.bot.sessions.member_zone(gid, target.id)
        view = await self.bot.sessions.period_view(gid, target.id, period, now, zone)
        if not view.summary.sessions:
            # Said privately (before the public "thinking…"): an empty card is never posted.
            span = lowered(period_name(period))
            raise InvalidInput(
                _(
                    "You have no sessions in {period}, so there is no card to post: "
                    "log a LIVE with /session log, or pick a longer period.",
                    period=span,
                )
                if target.id == interaction.user.id
                else _(
                    "That member has no sessions in {period}, so there is no card to post: "
                    "log a LIVE with /session log, or pick a longer period.",
                    period=span,
                )
            )
        await interaction.response.defer(thinking=True)
        goals = await self.bot.stats.goal_progress(gid, target.id, zone, now)
        guild = interaction.guild
        data = card_data(
            view.summary,
            view.changes,
            goals,
            display_name=target.display_name,
            period=period,
            server_name=(guild.name or "") if guild is not None else "",
            zone=zone,
            money=self._money(view.rates.currency)
            if money_shown(sharing, interaction.user.id, target.id, public=True)
            else None,
        )
        # The card carries its language (data.locale): the worker draws its own words in it.
        png = await self.bot.offload.run(stats_card, data, format == "story")  # story: 1080×1920
        await interaction.followup.send(
            _("{member}'s LIVE stats · {period}", member=f"<@{target.id}>", period=period_name(period)),
            file=attachment(png, CARD_FILES[format]),
            allowed_mentions=Mentions.nobody(),
        )

    # -- consent --------------------------------------------------------------------------------------
    @app_commands.command(
        name="sharing", description="Who may post your card or see your figures, and whether money shows"
    )
    @app_commands.describe(
        card="Who may post your stats card (default now: only you)",
        figures="Who may see your figures in /stats member and leaderboards (default now: only you)",
        money="Show your estimated payout on cards and to others",
    )
    async def sharing(
        self,
        interaction: Interaction,
        card: Visibility | None = None,
        figures: Visibility | None = None,
        money: bool | None = None,
    ) -> None:
        gid = guild_id(interaction)
        if card is None and figures is None and money is None:
            chosen: Sharing = await self.bot.stats.sharing(gid, interaction.user.id)
        else:
            chosen = await self.bot.stats.set_sharing(
                gid, interaction.user.id, card=card, figures=figures, show_money=money
            )
        await interaction.response.send_message(describe(chosen), ephemeral=True)

    # -- goals ----------------------------------------------------------------------------------------
    @app_commands.command(name="goal", description="Set a goal of diamonds or hours per week or month")
    @app_commands.describe(
        metric="diamonds or hours",
        period="per week or per month",
        amount="How many, like 5000 or 2.5 (hours)",
    )
    async def goal(
        self,
        interaction: Interaction,
        metric: GoalMetric,
        period: GoalPeriod,
        amount: app_commands.Range[str, 1, 30],
    ) -> None:
        gid = guild_id(interaction)
        await self.bot.stats.set_goal(gid, interaction.user.id, metric, period, amount)
        zone = await self.bot.sessions.member_zone(gid, interaction.user.id)
        goals = await self.bot.stats.goal_progress(gid, interaction.user.id, zone)
        await interaction.response.send_message(goals_text(goals, zone), ephemeral=True)

    @app_commands.command(name="goal-clear", description="Remove your goals (all, or one kind)")
    @app_commands.describe(metric="Only this kind of goal", period="Only goals for this period")
    async def goal_clear(
        self, interaction: Interaction, metric: GoalMetric | None = None, period: GoalPeriod | None = None
    ) -> None:
        gid = guild_id(interaction)
        removed = await self.bot.stats.clear_goals(gid, interaction.user.id, metric, period)
        await interaction.response.send_message(
            ngettext("Removed {n} goal.", "Removed {n} goals.", removed), ephemeral=True
        )

    # -- leaderboard posts ----------------------------------------------------------------------------
    @app_commands.command(
        name="leaderboard-post",
        description="Post the weekly or monthly leaderboard to a channel when it ends",
    )
    @app_commands.describe(
        period="weekly or monthly",
        channel="Where to post it (leave empty with stop to turn it off)",
        metric="What to rank by (default: diamonds)",
        stop="Turn this post off",
    )
    @app_commands.default_permissions(manage_guild=True)
    async def leaderboard_post(
        self,
        interaction: Interaction,
        period: GoalPeriod,
        channel: app_commands.Transform[
            app_commands.AppCommandChannel, TextChannelOption("to post the leaderboard in")
        ]
        | None = None,
        metric: Metric = "diamonds",
        stop: bool = False,
    ) -> None:
        _require_manage(interaction)
        gid = guild_id(interaction)
        if stop:
            await self.bot.stats.remove_post(gid, period)
            text = (
                _("The weekly leaderboard will no longer be posted.")
                if period == "week"
                else _("The monthly leaderboard will no longer be posted.")
            )
        else:
            if channel is None:
                raise InvalidInput(
                    _("Pick the channel to post the leaderboard in (or set stop to turn it off).")
                )
            await self.bot.stats.set_post(gid, period, channel.id, metric, interaction.user.id)
            ranked = _(METRIC_WORDS[metric])
            text = (
                _(
                    "The weekly leaderboard by {metric} will be posted in {channel} when each week ends, "
                    "with only the members who share their figures (/stats sharing).",
                    metric=ranked,
                    channel=f"<#{channel.id}>",
                )
                if period == "week"
                else _(
                    "The monthly leaderboard by {metric} will be posted in {channel} when each month ends, "
                    "with only the members who share their figures (/stats sharing).",
                    metric=ranked,
                    channel=f"<#{channel.id}>",
                )
            )
        posts = await self.bot.stats.posts(gid)
        await interaction.response.send_message(
            f"{text}\n{posts_text(posts)}", ephemeral=True, allowed_mentions=Mentions.nobody()
        )

    # -- /stats likes-vs-gifts ------------------------------------------------------------------------
    @app_commands.command(name="likes-vs-gifts", description="How diamonds have gone along with likes here")
    @app_commands.checks.cooldown(1, 30, key=_member_key)
    async def likes_vs_gifts(self, interaction: Interaction) -> None:
        gid = guild_id(interaction)
        await interaction.response.defer(thinking=True)
        pairs = await self.bot.sessions.likes_pairs(gid, latest=MAX_SESSIONS)
        fit = await self.bot.offload.run(fit_diamonds_per_1k_likes, pairs)
        usable = len(usable_samples(pairs))
        sentence = fit_sentence(fit, usable)
        embed = likes_fit_embed(fit, sentence, len(pairs))
        if not pairs:
            await interaction.followup.send(embed=embed, allowed_mentions=Mentions.nobody())
            return
        stride = max(1, len(pairs) // SCATTER_POINTS)
        clear = fit if is_clear(fit) else None
        subtitle = "" if clear is not None else (_("No clear relation in these sessions") if fit else "")
        png = await self.bot.offload.run(likes_scatter, pairs[::stride], clear, "", subtitle, current())
        embed.set_image(url="attachment://likes-vs-diamonds.png")
        await interaction.followup.send(
            embed=embed, file=attachment(png, "likes-vs-diamonds.png"), allowed_mentions=Mentions.nobody()
        )


async def setup(bot: LiveCoach) -> None:
    await bot.add_cog(Stats(bot))
