"""Which language an answer is built in, and that background work never inherits a member's."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import discord
import pytest

from bot.core.scheduler import create_scheduler
from bot.core.tasks import TaskSet
from bot.i18n import _, current, ngettext, resolve, using
from bot.i18n.context import detached, post_locale, supported


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("pt-BR", "pt_BR"),
        (discord.Locale.brazil_portuguese, "pt_BR"),
        ("es-419", "es_419"),
        ("es-ES", "es_ES"),
        ("en-GB", "en"),
        ("de", "de"),
        ("ja", None),
        ("", None),
        (None, None),
    ],
)
def test_discord_locales_map_to_catalogues(value: object, expected: str | None) -> None:
    assert supported(value) == expected


def test_member_then_server_then_english() -> None:
    assert resolve("vi", "de") == "vi"
    assert resolve("ja", "de") == "de"
    assert resolve("ja", "ko") == "en"
    assert post_locale(None, "tr") == "tr" and post_locale("fr", "tr") == "fr"


def test_placeholders_plurals_and_fallback() -> None:
    with using("pt-BR"):
        assert _("Tips: {topic}", topic="money") == "Dicas: money"
        assert ngettext("{n} coin", "{n} coins", 1) == "1 moeda"
        assert ngettext("{n} coin", "{n} coins", 29_999) == "29.999 moedas"
        assert ngettext("{n} coin", "{n} coins", 1_000_000) == "1.000.000 de moedas"  # CLDR "many"
        assert _("A sentence no catalogue has") == "A sentence no catalogue has"
    with using("id"):
        assert ngettext("{n} coin", "{n} coins", 2) == "2 koin"
    assert current() == "en" and ngettext("{n} coin", "{n} coins", 2) == "2 coins"


async def test_background_tasks_start_in_english() -> None:
    seen: list[str] = []

    async def work() -> None:
        seen.append(current())

    tasks = TaskSet()
    with using("pt-BR"):
        tasks.spawn(work())
        assert detached().run(current) == "en"
    await tasks.drain()
    assert seen == ["en"]


async def test_scheduled_jobs_do_not_inherit_the_adding_members_language() -> None:
    seen: asyncio.Queue[str] = asyncio.Queue()

    async def job() -> None:
        await seen.put(current())

    scheduler = create_scheduler()
    scheduler.start()
    try:
        await asyncio.sleep(0.05)  # its first wake-up is done: the next one is the add_job's
        with using("de"):
            scheduler.add_job(job, "date", run_date=datetime.now(UTC))
        assert await asyncio.wait_for(seen.get(), 5) == "en"
    finally:
        scheduler.shutdown(wait=False)
