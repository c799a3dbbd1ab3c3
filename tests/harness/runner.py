"""A logged-in bot on its own event loop thread, for synchronous (hypothesis) tests.

Hypothesis drives examples from a plain function; each example hands its
payload to the bot's loop with ``run_coroutine_threadsafe``, so the bot,
its aiosqlite connection and the fake Discord all keep one loop for the
whole run, exactly as in production.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import discord

from bot.core.app import LiveCoach
from tests.harness.dispatch import Harness, Reply
from tests.harness.factory import logged_in_bot, settings_for
from tests.harness.fake_discord import FakeDiscord
from tests.harness.payloads import Payloads

T = TypeVar("T")


class ThreadedBot:
    def __init__(self, database_path: Path, token: str) -> None:
        self.database_path = database_path
        self.token = token
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="bot-loop", daemon=True)
        self.fake: FakeDiscord
        self.bot: LiveCoach
        self.harness: Harness
        self.payloads: Payloads
        self._saved_base = discord.http.Route.BASE

    def call(self, coro: Coroutine[Any, Any, T], within: float = 60.0) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(within)

    def __enter__(self) -> ThreadedBot:
        self._thread.start()
        self.call(self._start())
        return self

    async def _start(self) -> None:
        self.fake = await FakeDiscord().start()
        self.bot = await logged_in_bot(settings_for(self.database_path, self.fake.api_base))
        self.harness = Harness(self.bot, self.fake)
        self.payloads = Payloads(self.bot.tree)

    def run(self, payload: dict[str, Any]) -> Reply:
        return self.call(self.harness.run(payload))

    def __exit__(self, *exc: object) -> None:
        async def stop() -> None:
            await self.bot.close()
            await self.fake.stop()
            # Views still waiting for their timeout belong to this bot: end them with it.
            others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in others:
                task.cancel()
            await asyncio.gather(*others, return_exceptions=True)

        try:
            self.call(stop())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(10)
            self.loop.close()
            discord.http.Route.BASE = self._saved_base
