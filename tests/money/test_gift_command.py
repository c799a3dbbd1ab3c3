"""/gift info (with autocomplete) and /gift list (paged) through the real command tree."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.app import LiveCoach
from cogs.gift import GiftListView
from tests.harness.dispatch import Harness, Reply
from tests.harness.payloads import OTHER_USER_ID, Actor, Payloads, button

ADMIN = Actor(admin=True)


def assert_sentence(reply: Reply, *words: str) -> None:
    assert reply.callback_type == 4 and reply.ephemeral and not reply.embeds, reply.message
    for word in words:
        assert word.lower() in reply.content.lower(), reply.content


# -- autocomplete ---------------------------------------------------------------------------------
async def test_autocomplete_lio_offers_lion_first(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.autocomplete("gift info", "name", name="lio"))
    choices = reply.choices
    assert choices[0] == {"name": "Lion — 29,999 coins", "value": "Lion"}
    assert 1 <= len(choices) <= 25
    assert all(len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in choices)


async def test_autocomplete_empty_lists_25_popular_gifts(harness: Harness, payloads: Payloads) -> None:
    choices = (await harness.run(payloads.autocomplete("gift info", "name", name=""))).choices
    assert len(choices) == 25
    values = [c["value"] for c in choices]
    assert "Rose" in values and "Lion" in values and "TikTok Universe" in values


async def test_autocomplete_reads_storage_once_then_serves_from_memory(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    service = bot.money
    for typed in ("l", "li", "lio", "lion", "ros", "galax"):
        await harness.run(payloads.autocomplete("gift info", "name", name=typed))
    assert service.loads == 1


async def test_autocomplete_follows_custom_gift_add_and_remove(harness: Harness, payloads: Payloads) -> None:
    await harness.run(payloads.autocomplete("gift info", "name", name="sparkle"))  # warm the cache
    await harness.run(payloads.slash("config gift add", ADMIN, name="Sparkle Crown", coins=777))
    added = (await harness.run(payloads.autocomplete("gift info", "name", name="sparkle"))).choices
    assert added[0] == {"name": "Sparkle Crown — 777 coins (server)", "value": "Sparkle Crown"}
    await harness.run(payloads.slash("config gift remove", ADMIN, name="Sparkle Crown"))
    removed = (await harness.run(payloads.autocomplete("gift info", "name", name="sparkle"))).choices
    assert all(c["value"] != "Sparkle Crown" for c in removed)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=100))
async def test_any_typed_text_gets_valid_choices(harness: Harness, payloads: Payloads, typed: str) -> None:
    reply = await harness.run(payloads.autocomplete("gift info", "name", name=typed))
    choices = reply.choices
    assert len(choices) <= 25
    assert all(1 <= len(c["name"]) <= 100 and 1 <= len(c["value"]) <= 100 for c in choices)


# -- /gift info -----------------------------------------------------------------------------------
async def test_gift_info_lion(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("gift info", name="Lion"))
    assert reply.callback_type == 4 and not reply.ephemeral
    embed = reply.embed
    assert embed["title"] == "Lion"
    assert embed["description"] == "**29,999 coins**"
    assert reply.field("Creator diamonds") == "29,999"
    assert reply.field("Creator payout") == "$150.00"
    assert reply.field("Viewer pays") == "$317.13–$424.27"
    assert reply.field("Streakable").startswith("No")
    assert reply.field("Price history") == "2023-09-02: 29,999 coins"
    assert "TikTok's own gift list" in reply.field("Source")
    assert embed["thumbnail"]["url"].startswith("https://")
    assert "Assumes" in embed["footer"]["text"]


async def test_gift_info_private_and_case_insensitive(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("gift info", name="  rOSE ", private=True))
    assert reply.ephemeral
    assert reply.embed["title"] == "Rose"
    assert reply.field("Streakable").startswith("Yes")


async def test_gift_info_same_name_versions(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("gift info", name="TikTok Universe"))
    assert reply.embed["description"] == "**44,999 coins**"
    assert "34,999 coins (older version, last seen 2023-09-02)" in reply.field("Other versions")


async def test_gift_info_galaxy_names_its_source(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("gift info", name="Galaxy"))
    assert reply.embed["description"] == "**1,000 coins**"
    assert "other public gift lists" in reply.field("Source")
    assert "thumbnail" not in reply.embed


async def test_gift_info_unknown_suggests_closest(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("gift info", name="Lionn"))
    assert_sentence(reply, "don't know the gift", "Lion (29,999 coins)")


async def test_gift_info_custom_gift(harness: Harness, payloads: Payloads) -> None:
    await harness.run(payloads.slash("config gift add", ADMIN, name="Lion", coins=30_000, streakable=True))
    reply = await harness.run(payloads.slash("gift info", name="lion"))
    assert reply.embed["description"] == "**30,000 coins** (this server)"
    assert "Added by this server's admins" in reply.field("Source")
    assert "29,999 coins (catalogue price" in reply.field("Other versions")
    assert reply.field("Streakable").startswith("Yes")


# -- /gift list -----------------------------------------------------------------------------------
def view_for(bot: LiveCoach) -> Any:
    """The live /gift list view (by class name: the bot re-imports its cogs, so classes differ)."""
    store: Any = bot._connection._view_store
    found = [v for v in store._synced_message_views.values() if type(v).__name__ == GiftListView.__name__]
    assert len(found) == 1, found
    return found[0]


async def test_gift_list_pages_with_buttons(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("gift list"))
    assert reply.callback_type == 4 and not reply.ephemeral
    assert reply.embed["title"].startswith("Gifts — page 1 of ")
    assert reply.custom_ids == ["gift-list:previous", "gift-list:next"]
    first = reply.embed["description"]
    assert "**Rose** — 1 coin · creator ≈ $0.01" in first
    nxt = await harness.run(button(reply.stored_message, "gift-list:next"))
    assert nxt.callback_type == 7
    assert nxt.embed["title"].startswith("Gifts — page 2 of ")
    assert nxt.embed["description"] != first
    # Discord keeps the message id when a component edits it, so click on the original message.
    back = await harness.run(button(reply.stored_message, "gift-list:previous"))
    assert back.embed["title"].startswith("Gifts — page 1 of ")


async def test_only_the_invoker_can_page(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("gift list"))
    other = await harness.run(button(reply.stored_message, "gift-list:next", Actor(OTHER_USER_ID)))
    assert other.callback_type == 4 and other.ephemeral
    assert "Only the member who ran this command" in other.content


async def test_gift_list_timeout_disables_buttons(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    payload = payloads.slash("gift list")
    await harness.run(payload)
    view = view_for(bot)
    assert view.message is not None
    await view.on_timeout()
    edits = [r for r in harness.fake.for_token(payload["token"]) if r.method == "PATCH"]
    assert edits, "the timed-out message was not edited"
    buttons = [c for row in edits[-1].json["components"] for c in row["components"]]
    assert buttons and all(b["disabled"] for b in buttons)


async def test_gift_list_filter_and_sort(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("gift list", min_coins=20_000, max_coins=45_000, sort="name"))
    lines = [line for line in reply.embed["description"].splitlines() if line.startswith("**")]
    names = [line.split("**")[1] for line in lines]
    assert names == sorted(names, key=str.casefold)
    assert "Lion" in names and "TikTok Universe" in names and "Rose" not in names
    assert not reply.components  # a single page needs no buttons
    assert "from 20,000 coins up to 45,000 coins (by name)" in reply.embed["description"]


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"min_coins": 500, "max_coins": 100}, ["min_coins at or below max_coins"]),
        ({"min_coins": 2_000_000}, ["No gift costs"]),
    ],
)
async def test_gift_list_bad_filters(
    harness: Harness, payloads: Payloads, options: dict[str, int], words: list[str]
) -> None:
    assert_sentence(await harness.run(payloads.slash("gift list", **options)), *words)


async def test_gift_list_private(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("gift list", private=True))
    assert reply.ephemeral
