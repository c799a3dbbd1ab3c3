"""The baseline for latency benchmarks: a bare discord.py bot with one ``/pong`` command.

It is built like LiveCoach's client (the same discord.py class, intents and cache
settings) and nothing else: no database, no cogs, no error handler, no logging set-up.
Benchmarks run it as its own process beside ``python -m bot`` against a loopback fake
Discord, so both pay the same gateway, JSON and HTTP costs and the difference between
them is LiveCoach's own work::

    DISCORD_TOKEN=… DISCORD_API_BASE=http://127.0.0.1:PORT/api/v10 python -m bench.bare_bot

It prints ``bare bot ready`` once the gateway is connected.
"""

from __future__ import annotations

import os

import discord
from discord import app_commands
from discord.ext import commands


class BareBot(commands.AutoShardedBot):
    def __init__(self) -> None:
        intents = discord.Intents.none()
        intents.guilds = True
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=intents,
            max_messages=None,
            chunk_guilds_at_startup=False,
        )

    async def setup_hook(self) -> None:
        @app_commands.command(name="pong", description="Benchmark baseline: answers pong")
        async def pong(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("pong")

        self.tree.add_command(pong)

    async def on_ready(self) -> None:
        print("bare bot ready", flush=True)


def main() -> None:
    discord.http.Route.BASE = os.environ["DISCORD_API_BASE"]
    discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
    BareBot().run(os.environ["DISCORD_TOKEN"], log_handler=None)


if __name__ == "__main__":
    main()
