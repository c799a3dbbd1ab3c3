"""The one way tests build a bot: settings for a real SQLite file and a fake Discord, then a real login."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.core.app import LiveCoach
from bot.core.config import Secret, Settings
from bot.core.offload import Offloader

# Shaped like a real token (base64 id . timestamp . hmac) so redaction is tested for real.
FAKE_TOKEN = "MTEwMDAwMDAwMDAwMDAwMDAwMQ.GhJkLm.Zx9yWv8uTs7rQp6oNm5lKj4iHg3fEd2cBa1"


def settings_for(database_path: Path, api_base: str, **overrides: Any) -> Settings:
    settings = Settings(token=Secret(FAKE_TOKEN), database_path=database_path, api_base=api_base)
    return replace(settings, **overrides)


async def logged_in_bot(settings: Settings, *, background: bool = True) -> LiveCoach:
    """A bot after discord.py's real static login (application info, setup_hook), no gateway.

    Charts render in threads here (same PNGs, no worker processes per test); the
    worker pool has tests of its own.
    """
    bot = LiveCoach(settings, background=background)
    bot.offload = Offloader(processes=False)
    await bot.login(settings.token.reveal())
    return bot


@asynccontextmanager
async def running_bot(settings: Settings) -> AsyncIterator[LiveCoach]:
    """:func:`logged_in_bot`, closed on the way out (the ``bot`` fixture; a second process of a test)."""
    instance = await logged_in_bot(settings)
    try:
        yield instance
    finally:
        await instance.close()
