"""/likes (do likes pay? how the money really flows) and /tips (coaching tips by topic)."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.errors import InvalidInput
from bot.core.interaction import guild_id
from bot.i18n import _
from bot.money.model.tips import TOPICS, load_tips
from bot.money.render import likes_explainer_embed, tips_embed
from bot.money.reply import PRIVATE, respond

if TYPE_CHECKING:
    from bot.core.app import LiveCoach


class Likes(commands.Cog):
    """Likes, money and coaching tips."""

    help_section = (30, "Likes and tips")

    def __init__(self, bot: LiveCoach, *, rng: random.Random | None = None) -> None:
        self.bot = bot
        self.rng = rng or random.Random()

    @app_commands.command(
        name="likes", description="Do likes pay? How LIVE money really flows, with your numbers"
    )
    @app_commands.guild_only()
    @app_commands.describe(private=PRIVATE)
    async def likes(self, interaction: discord.Interaction, private: bool = False) -> None:
        data = await self.bot.money.likes_data(
            guild_id(interaction),
            lambda: interaction.response.defer(ephemeral=private, thinking=True),
            run=self.bot.offload.run,
        )
        await respond(interaction, likes_explainer_embed(data), private)

    @app_commands.command(name="tips", description="Coaching tips for TikTok LIVE, by topic")
    @app_commands.guild_only()
    @app_commands.describe(topic="Show every tip on one topic (default: one tip from each)", private=PRIVATE)
    @app_commands.choices(topic=[app_commands.Choice(name=t, value=t) for t in TOPICS])
    async def tips(
        self, interaction: discord.Interaction, topic: str | None = None, private: bool = False
    ) -> None:
        tips = load_tips()
        if topic is not None:
            if topic not in tips:
                topics = ", ".join(_(name) for name in TOPICS)
                raise InvalidInput(_("Pick a topic from the list: {topics}.", topics=topics))
            embed = tips_embed([(topic, tips[topic])], _("Tips: {topic}", topic=_(topic)))
        else:
            picked = [(name, [self.rng.choice(tips[name])]) for name in TOPICS]
            embed = tips_embed(picked, _("Tips for your next LIVE"))
        await interaction.response.send_message(embed=embed, ephemeral=private)


async def setup(bot: LiveCoach) -> None:
    await bot.add_cog(Likes(bot))
