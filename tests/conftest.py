"""Fixtures every test can use: a fake Discord, a logged-in bot on a real database, a harness.

The database is a real SQLite file, and — for the storage and feature tests, when
``TEST_DATABASE_URL`` is set — a real PostgreSQL schema too: the ``engine`` fixture is
parametrised per test file (tests/harness/engines.py), so those tests run on both engines
without edits, and the PostgreSQL run is reported as skipped (with the reason) otherwise.
"""

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
from bot.storage import Storage
from tests.harness import contract, engines
from tests.harness.dispatch import Harness
from tests.harness.factory import running_bot, settings_for
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


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine" in metafunc.fixturenames:
        metafunc.parametrize(
            "engine", engines.engines_for(Path(str(metafunc.definition.fspath))), indirect=True
        )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without TEST_DATABASE_URL, the PostgreSQL runs are reported as one skip with its reason."""
    if engines.TEST_DATABASE_URL:
        return
    postgres = [item for item in items if engines.needs_postgres(item)]
    if not postgres:
        return
    first, rest = postgres[0], set(postgres[1:])
    first.add_marker(
        pytest.mark.skip(reason=f"{engines.SKIP_REASON}: {len(postgres)} PostgreSQL tests not run")
    )
    if rest:
        config.hook.pytest_deselected(items=sorted(rest, key=items.index))
        items[:] = [item for item in items if item not in rest]


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> str:
    """``"sqlite"`` or ``"postgres"`` (skipped, with the reason, without TEST_DATABASE_URL)."""
    name = str(getattr(request, "param", "sqlite"))
    if name == "postgres" and not engines.TEST_DATABASE_URL:
        pytest.skip(engines.SKIP_REASON)
    return name


@pytest.fixture
async def database_url(engine: str) -> AsyncIterator[str | None]:
    """A fresh PostgreSQL schema's URL for the postgres engine; ``None`` (the SQLite file) otherwise."""
    if engine != "postgres":
        yield None
        return
    async with engines.fresh_schema() as url:
        yield url


@pytest.fixture
def open_storage(tmp_path: Path, database_url: str | None) -> engines.OpenStorage:
    """Open the test's database (migrated) on its engine; call again to reopen it, as after a restart."""

    async def opener() -> Storage:
        return await (Storage.connect(database_url) if database_url else Storage.open(tmp_path / "x.db"))

    return opener


@pytest.fixture
async def storage(open_storage: engines.OpenStorage) -> AsyncIterator[Storage]:
    """A migrated, empty Storage on the test's engine."""
    opened = await open_storage()
    try:
        yield opened
    finally:
        await opened.close()


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
def settings(tmp_path: Path, fake_discord: FakeDiscord, database_url: str | None) -> Settings:
    return settings_for(
        tmp_path / "data" / "livecoach.db",
        fake_discord.api_base,
        log_level="DEBUG",
        database_url=database_url,
    )


@pytest.fixture
async def bot(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[LiveCoach]:
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)  # restored after the test
    async with running_bot(settings) as instance:
        yield instance


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
