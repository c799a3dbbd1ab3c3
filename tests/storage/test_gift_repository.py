"""CustomGiftRepository against a real SQLite file: scoping per server, replace, cap, remove."""

from __future__ import annotations

import asyncio

import pytest

from bot.core.errors import InvalidInput
from bot.money.service import MoneyService, effective_catalogue
from bot.storage import Storage
from bot.storage.gifts import CustomGiftRepository

G1, G2 = 1, 2


@pytest.fixture
def repo(storage: Storage) -> CustomGiftRepository:
    return storage.gifts


async def test_add_list_and_scope_by_guild(repo: CustomGiftRepository) -> None:
    assert await repo.add_or_replace(G1, "Sparkle", 10, streakable=True, added_by=7) is False
    assert await repo.add_or_replace(G1, "Aurora", 500, streakable=False, added_by=7) is False
    assert await repo.add_or_replace(G2, "Sparkle", 99, streakable=False, added_by=8) is False
    mine = await repo.list_for_guild(G1)
    assert [(g.name, g.coins, g.streakable, g.added_by) for g in mine] == [
        ("Aurora", 500, False, 7),
        ("Sparkle", 10, True, 7),
    ]
    assert [(g.name, g.coins) for g in await repo.list_for_guild(G2)] == [("Sparkle", 99)]
    assert await repo.count(G1) == 2 and await repo.count(G2) == 1 and await repo.count(3) == 0


async def test_same_name_replaces_case_insensitively(repo: CustomGiftRepository) -> None:
    await repo.add_or_replace(G1, "Sparkle Crown", 10, streakable=False, added_by=7)
    assert await repo.add_or_replace(G1, "SPARKLE  crown", 20, streakable=True, added_by=9) is True
    [gift] = await repo.list_for_guild(G1)
    assert (gift.name, gift.coins, gift.streakable, gift.added_by) == ("SPARKLE  crown", 20, True, 9)
    found = await repo.get(G1, "sparkle crown")
    assert found is not None and found.coins == 20
    assert await repo.get(G2, "sparkle crown") is None


async def test_remove_only_touches_one_guild(repo: CustomGiftRepository) -> None:
    await repo.add_or_replace(G1, "Sparkle", 10, streakable=False, added_by=7)
    await repo.add_or_replace(G2, "Sparkle", 10, streakable=False, added_by=7)
    removed = await repo.remove(G1, "sparkle")
    assert removed is not None and removed.name == "Sparkle"
    assert await repo.remove(G1, "sparkle") is None
    assert await repo.count(G1) == 0 and await repo.count(G2) == 1
    assert await repo.purge_guild(G2) == 1 and await repo.count(G2) == 0


async def test_cap_holds_even_under_concurrent_adds(repo: CustomGiftRepository) -> None:
    await asyncio.gather(
        *(repo.add_or_replace(G1, f"Gift {k}", 5, streakable=False, added_by=1, limit=5) for k in range(5))
    )
    results = await asyncio.gather(
        *(repo.add_or_replace(G1, f"Extra {k}", 5, streakable=False, added_by=1, limit=5) for k in range(3)),
        return_exceptions=True,
    )
    assert all(isinstance(r, InvalidInput) for r in results)
    assert await repo.count(G1) == 5
    assert await repo.add_or_replace(G1, "gift 0", 6, streakable=False, added_by=1, limit=5) is True


async def test_schema_refuses_impossible_rows(storage: Storage) -> None:
    with pytest.raises(storage.db.integrity_errors):
        await storage.db.execute(
            "INSERT INTO custom_gifts (guild_id, name_key, name, coins, streakable, added_by, created_at) "
            "VALUES (1, 'x', 'x', 0, 0, 1, '2025-01-01T00:00:00+00:00')"
        )


async def test_service_caches_and_invalidates(storage: Storage) -> None:
    service = MoneyService(storage)
    first = await service.context(G1)
    assert first.catalogue is service.base_catalogue and service.loads == 1
    assert (await service.context(G1)) is first and service.loads == 1
    await storage.gifts.add_or_replace(G1, "Lion", 30_000, streakable=False, added_by=1)
    service.invalidate(G1)
    lion = (await service.catalogue(G1)).get("lion")
    assert lion is not None and lion.coins == 30_000 and lion.custom
    assert service.loads == 2
    assert (await service.catalogue(G2)).get("lion").coins == 29_999  # type: ignore[union-attr]


async def test_service_cache_expires(storage: Storage) -> None:
    now = [0.0]
    service = MoneyService(storage, clock=lambda: now[0])
    await service.context(G1)
    now[0] += 10_000
    await service.context(G1)
    assert service.loads == 2


async def test_a_load_racing_a_change_is_not_cached(storage: Storage) -> None:
    service = MoneyService(storage)
    original_get = storage.settings.get

    async def get_and_change(guild_id: int):  # type: ignore[no-untyped-def]
        result = await original_get(guild_id)
        service.invalidate(guild_id)  # a /config change lands while the load is in flight
        return result

    storage.settings.get = get_and_change  # type: ignore[method-assign]
    await service.context(G1)
    assert service.cached(G1) is None


async def test_stored_rows_that_no_longer_validate_are_skipped(storage: Storage) -> None:
    await storage.db.execute(
        "INSERT INTO custom_gifts (guild_id, name_key, name, coins, streakable, added_by, created_at) "
        "VALUES (1, 'a,b', 'a,b', 5, 0, 1, '2025-01-01T00:00:00+00:00')"
    )
    rows = await storage.gifts.list_for_guild(G1)
    catalogue = effective_catalogue(MoneyService(storage).base_catalogue, rows)
    assert catalogue.get("a,b") is None
