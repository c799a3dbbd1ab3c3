"""Fixtures every test can use: a fake Discord, a logged-in bot on a real SQLite file, a harness."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import discord
import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from bot.core.app import LiveCoach
from bot.core.config import Settings
from tests.harness import contract
from tests.harness.dispatch import Harness
from tests.harness.factory import logged_in_bot, settings_for
from tests.harness.fake_discord import FakeDiscord
from tests.harness.payloads import Payloads
from tests.harness.reminders import VirtualTime, use_virtual_queue

# Property tests: a fixed, derandomised profile by default (CI), a long one by hand:
#   HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest
hypothesis_settings.register_profile(
    "ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
hypothesis_settings.register_profile(
    "long", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_report_header() -> str:
    if contract.spec_available():
        return f"Discord API contract: every request body is validated against {contract.SPEC_PATH}"
    return f"Discord API contract: NOT checked — {contract.SKIP_REASON}"


@pytest.fixture
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    fake = FakeDiscord()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()
    assert not fake.violations, "requests broke Discord's API contract:\n" + "\n".join(fake.violations)


@pytest.fixture
def settings(tmp_path: Path, fake_discord: FakeDiscord) -> Settings:
    return settings_for(tmp_path / "data" / "livecoach.db", fake_discord.api_base, log_level="DEBUG")


@pytest.fixture
async def bot(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[LiveCoach]:
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)  # restored after the test
    instance = await logged_in_bot(settings)
    # Tests drive reminder delivery on a controlled clock (fire_at, deliver, catch_up): the due
    # timer stays armed but does not fire in real time (tests/reminders/test_due_timer.py runs it).
    instance.reminders.timer_held = True
    try:
        yield instance
    finally:
        await instance.close()


@pytest.fixture
def harness(bot: LiveCoach, fake_discord: FakeDiscord) -> Harness:
    return Harness(bot, fake_discord)


@pytest.fixture
def payloads(bot: LiveCoach) -> Payloads:
    return Payloads(bot.tree)


@pytest.fixture
async def virtual_time(bot: LiveCoach) -> VirtualTime:
    """The bot's reminder posts go through a send queue on virtual time: rate limits cost no real time.

    Opt in with ``pytest.mark.usefixtures("virtual_time")`` (reminder and go-live tests that post).
    """
    return await use_virtual_queue(bot.reminders)
