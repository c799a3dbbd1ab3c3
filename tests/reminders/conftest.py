"""Fixtures for reminder tests that post (opt in with ``pytest.mark.usefixtures("virtual_time")``)."""

from __future__ import annotations

import pytest

from bot.core.app import LiveCoach
from tests.harness.reminders import VirtualTime, use_virtual_queue


@pytest.fixture
async def virtual_time(bot: LiveCoach) -> VirtualTime:
    """The bot's reminder posts go through a send queue on virtual time: rate limits cost no real time."""
    return await use_virtual_queue(bot.reminders)
