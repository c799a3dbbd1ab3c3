"""/estimate: what gifts, coins and diamonds are worth, what a target needs, and what likes (don't) pay."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.errors import InvalidInput
from bot.money.model.economy import MAX_COINS, MAX_DIAMONDS, estimate_gifts, target_plan
from bot.money.model.gift_parser import MAX_TEXT_LENGTH, parse_gift_text
from bot.money.render import (
    coins_embed,
    diamonds_embed,
    gift_estimate_embed,
    likes_estimate_embed,
    target_embed,
)

if TYPE_CHECKING:
    from bot.core.app import LiveCoach

MAX_LIKES = 10**10
MAX_VIEWERS = 10**8
MAX_MINUTES = 1440
PRIVATE = "Only you see the answer (default: everyone in the channel)"


def check_range(value: int, low: int, high: int, sentence: str) -> int:
    """``value`` if ``low <= value <= high`` (Discord's own bounds are not re-checked by discord.py)."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(sentence)
    return value


async def respond(interaction: discord.Interaction, embed: discord.Embed, private: bool) -> None:
    """Send ``embed`` as the answer, whether or not the interaction was deferred for slow work."""
    if interaction.response.is_done():
        await interaction.edit_original_response(embed=embed)
    else:
        await interaction.response.send_message(embed=embed, ephemeral=private)


@app_commands.guild_only()
class Estimate(commands.GroupCog, group_name="estimate", group_description="What TikTok gifts are worth"):
    """Money answers: gifts, coins, diamonds, targets and likes."""

    help_section = (10, "Money estimates")

    def __init__(self, bot: LiveCoach) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="gifts", description="What a list of gifts is worth, e.g. 2 lions, 100 roses")
    @app_commands.describe(text="Gifts with counts, e.g. “2 lions, 100 roses, galaxy x5”", private=PRIVATE)
    async def gifts(
        self,
        interaction: discord.Interaction,
        text: app_commands.Range[str, 1, MAX_TEXT_LENGTH],
        private: bool = False,
    ) -> None:
        ctx = await self.bot.money.context(interaction.guild_id or 0)
        embed = ctx.memo(
            ("estimate gifts", text),
            lambda: gift_estimate_embed(
                estimate_gifts(parse_gift_text(text, ctx.catalogue), ctx.rates), ctx.catalogue
            ),
        )
        await interaction.response.send_message(embed=embed, ephemeral=private)

    @app_commands.command(name="coins", description="What gifts worth this many coins pay the creator")
    @app_commands.describe(coins="Coins of gifts, e.g. 1000", private=PRIVATE)
    async def coins(
        self,
        interaction: discord.Interaction,
        coins: app_commands.Range[int, 1, MAX_COINS],
        private: bool = False,
    ) -> None:
        check_range(coins, 1, MAX_COINS, f"Use a number of coins from 1 to {MAX_COINS:,}.")
        ctx = await self.bot.money.context(interaction.guild_id or 0)
        embed = coins_embed(coins, ctx.rates, ctx.catalogue.date)
        await interaction.response.send_message(embed=embed, ephemeral=private)

    @app_commands.command(name="diamonds", description="What diamonds pay out and what viewers spent on them")
    @app_commands.describe(diamonds="Diamonds received, e.g. 40000", private=PRIVATE)
    async def diamonds(
        self,
        interaction: discord.Interaction,
        diamonds: app_commands.Range[int, 1, MAX_DIAMONDS],
        private: bool = False,
    ) -> None:
        check_range(diamonds, 1, MAX_DIAMONDS, f"Use a number of diamonds from 1 to {MAX_DIAMONDS:,}.")
        ctx = await self.bot.money.context(interaction.guild_id or 0)
        embed = diamonds_embed(diamonds, ctx.rates, ctx.catalogue.date)
        await interaction.response.send_message(embed=embed, ephemeral=private)

    @app_commands.command(name="target", description="What viewers must gift for you to earn an amount")
    @app_commands.describe(amount="Payout you want, in this server's currency, e.g. 100", private=PRIVATE)
    async def target(
        self, interaction: discord.Interaction, amount: app_commands.Range[str, 1, 30], private: bool = False
    ) -> None:
        ctx = await self.bot.money.context(interaction.guild_id or 0)
        plan = target_plan(amount.strip().lstrip("$€£¥"), ctx.rates, ctx.catalogue)
        await interaction.response.send_message(
            embed=target_embed(plan, ctx.catalogue.date), ephemeral=private
        )

    @app_commands.command(name="likes", description="Do likes pay? What they go along with in this server")
    @app_commands.describe(
        likes="Likes in a LIVE, e.g. 50000",
        viewers="Peak viewers in that LIVE (optional)",
        minutes="How long the LIVE lasted, in minutes (optional)",
        private=PRIVATE,
    )
    async def likes(
        self,
        interaction: discord.Interaction,
        likes: app_commands.Range[int, 1, MAX_LIKES],
        viewers: app_commands.Range[int, 1, MAX_VIEWERS] | None = None,
        minutes: app_commands.Range[int, 1, MAX_MINUTES] | None = None,
        private: bool = False,
    ) -> None:
        check_range(likes, 1, MAX_LIKES, f"Use a number of likes from 1 to {MAX_LIKES:,}.")
        if viewers is not None:
            check_range(viewers, 1, MAX_VIEWERS, f"Use a number of viewers from 1 to {MAX_VIEWERS:,}.")
        if minutes is not None:
            check_range(minutes, 1, MAX_MINUTES, f"Use a LIVE length from 1 to {MAX_MINUTES:,} minutes.")
        data = await self.bot.money.likes_data(
            interaction.guild_id or 0,
            lambda: interaction.response.defer(ephemeral=private, thinking=True),
            run=self.bot.offload.run,
        )
        await respond(interaction, likes_estimate_embed(likes, viewers, minutes, data), private)


async def setup(bot: LiveCoach) -> None:
    await bot.add_cog(Estimate(bot))
