"""A /config change made through one process is used by every other within CHECK_SECONDS.

Two real bots (each with its own storage connection, money cache and command tree) share one
database, as two shard processes share one PostgreSQL: one SQLite file, and (with
TEST_DATABASE_URL) one PostgreSQL schema, through the ``engine`` fixture. Each command goes through discord.py's real
dispatch of the bot it is sent to. Time is the money cache's clock, moved by hand: no sleeping.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.core.app import LiveCoach
from bot.core.config import Settings
from bot.money.service import CHECK_SECONDS
from bot.storage import Storage
from tests.harness.dispatch import Harness
from tests.harness.factory import running_bot
from tests.harness.fake_discord import FakeDiscord
from tests.harness.payloads import GUILD_ID, Actor, Payloads

ADMIN = Actor(admin=True)
DEFAULT_PAYOUT = "$300.49"  # 2 lions + 100 roses = 60,098 diamonds × $0.005
CHANGED_PAYOUT = "$240.39"  # × $0.004


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def other(bot: LiveCoach, settings: Settings) -> AsyncIterator[LiveCoach]:
    """A second bot process on the same database (after ``bot``, which restores discord.py's API base)."""
    async with running_bot(settings) as instance:
        yield instance


@pytest.fixture
def two_processes(
    bot: LiveCoach, other: LiveCoach, fake_discord: FakeDiscord
) -> tuple[Harness, Harness, Clock]:
    """Harnesses for this process and the other one; both money caches run on one hand-moved clock."""
    clock = Clock()
    bot.money.clock = other.money.clock = clock
    return Harness(bot, fake_discord), Harness(other, fake_discord), clock


async def payout(harness: Harness, payloads: Payloads, text: str = "2 lions, 100 roses") -> str:
    return (await harness.run(payloads.slash("estimate gifts", text=text))).field("Creator payout")


async def test_a_rate_change_in_one_process_reaches_the_other_within_the_bound(
    two_processes: tuple[Harness, Harness, Clock], other: LiveCoach, payloads: Payloads
) -> None:
    here, there, clock = two_processes
    assert (await payout(there, payloads)).startswith(DEFAULT_PAYOUT)  # cached in the other process

    changed = await here.run(payloads.slash("config rates", ADMIN, usd_per_diamond="0.004"))
    assert "Rates updated" in changed.embed["title"]
    assert (await payout(here, payloads)).startswith(CHANGED_PAYOUT)  # this process: at once

    # The other process still answers from its cache inside the bound (this is the bound being real) …
    clock.now += CHECK_SECONDS / 2
    assert (await payout(there, payloads)).startswith(DEFAULT_PAYOUT)
    # … and once CHECK_SECONDS have passed since its cache was confirmed, it uses the change.
    clock.now += CHECK_SECONDS
    after = await payout(there, payloads)
    assert after.startswith(CHANGED_PAYOUT), after
    loads = other.money.loads
    clock.now += CHECK_SECONDS * 3  # nothing changed since: confirmed by the version, not reloaded
    assert (await payout(there, payloads)).startswith(CHANGED_PAYOUT)
    assert other.money.loads == loads

    # A reset made over there comes back here the same way.
    await there.run(payloads.slash("config rates", ADMIN, reset=True))
    clock.now += CHECK_SECONDS + 1
    assert (await payout(here, payloads)).startswith(DEFAULT_PAYOUT)


async def test_custom_gifts_added_and_removed_elsewhere_follow_in_autocomplete_and_estimates(
    two_processes: tuple[Harness, Harness, Clock], payloads: Payloads
) -> None:
    here, there, clock = two_processes
    typed = payloads.autocomplete("gift info", "name", name="zebra quartz")
    assert all(c["value"] != "Zebra Quartz" for c in (await there.run(typed)).choices)

    await here.run(payloads.slash("config gift add", ADMIN, name="Zebra Quartz", coins=777))
    clock.now += CHECK_SECONDS + 0.1
    choices = (await there.run(payloads.autocomplete("gift info", "name", name="zebra quartz"))).choices
    assert choices[0] == {"name": "Zebra Quartz — 777 coins (server)", "value": "Zebra Quartz"}
    estimate = await there.run(payloads.slash("estimate gifts", text="1 zebra quartz"))
    assert "777" in estimate.text, estimate.text

    await here.run(payloads.slash("config gift remove", ADMIN, name="Zebra Quartz"))
    clock.now += CHECK_SECONDS + 0.1
    choices = (await there.run(payloads.autocomplete("gift info", "name", name="zebra quartz"))).choices
    assert all(c["value"] != "Zebra Quartz" for c in choices)


async def test_every_change_renews_the_version_even_within_one_second(bot: LiveCoach) -> None:
    storage: Storage = bot.storage
    seen = [await storage.settings.version(GUILD_ID)]
    assert seen == [None]  # nothing stored yet
    await storage.settings.update(GUILD_ID, timezone="Europe/London")
    seen.append(await storage.settings.version(GUILD_ID))
    await storage.settings.update(GUILD_ID, timezone="Europe/Paris")  # the same second, surely
    seen.append(await storage.settings.version(GUILD_ID))
    await storage.gifts.add_or_replace(GUILD_ID, "Sparkle", 10, streakable=False, added_by=1)
    seen.append(await storage.settings.version(GUILD_ID))
    assert await storage.gifts.remove(GUILD_ID, "Sparkle") is not None
    seen.append(await storage.settings.version(GUILD_ID))
    assert await storage.gifts.remove(GUILD_ID, "Sparkle") is None  # nothing removed: no new version
    seen.append(await storage.settings.version(GUILD_ID))
    assert len(set(seen[:5])) == 5, seen
    assert seen[5] == seen[4]
    assert (await storage.settings.get(GUILD_ID)).timezone == "Europe/Paris"  # the touch changed nothing else
    await storage.purge_guild(GUILD_ID)
    assert await storage.settings.version(GUILD_ID) is None
