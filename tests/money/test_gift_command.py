"""/gift info (with autocomplete) and /gift list (paged) through the real command tree."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.app import LiveCoach
from tests.harness.dispatch import Harness, Reply
from tests.harness.payloads import OTHER_USER_ID, Actor, Payloads, button, select

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
    await harness.run(payloads.autocomplete("gift info", "name", name="zebra quartz"))  # warm the cache
    await harness.run(payloads.slash("config gift add", ADMIN, name="Zebra Quartz", coins=777))
    added = (await harness.run(payloads.autocomplete("gift info", "name", name="zebra quartz"))).choices
    assert added[0] == {"name": "Zebra Quartz — 777 coins (server)", "value": "Zebra Quartz"}
    await harness.run(payloads.slash("config gift remove", ADMIN, name="Zebra Quartz"))
    removed = (await harness.run(payloads.autocomplete("gift info", "name", name="zebra quartz"))).choices
    assert all(c["value"] != "Zebra Quartz" for c in removed)


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
    assert reply.field("Viewer pays").startswith("$317.13–$424.27\n(web store to in-app prices)")
    assert "in the app: 1 × 17,500 + 1 × 7,000 + 1 × 3,500 + 1 × 1,400 + 1 × 350 + 4 × 70" in reply.field(
        "Viewer pays"
    )
    assert reply.field("Streakable").startswith("No")
    assert reply.field("Price history") == "2023-09-02: 29,999 coins"
    assert "TikTok's own gift panels of 2026" in reply.field("Source")
    assert "(id 6369)" in reply.field("Source")
    assert reply.field("Panel") == "2026 gift panels: ID 2026-03-29, TW 2026-04-25, TH? 2026-07-20"
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
    assert "34,999 coins (2024 list, last seen 2023-09-02)" in reply.field("Other versions")


async def test_gift_info_galaxy_names_its_source(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("gift info", name="Galaxy"))
    assert reply.embed["description"] == "**1,000 coins**"
    # Galaxy is back in every 2026 panel (id 11046); it used to come from other lists of 2024-2025.
    assert "TikTok's own gift panels of 2026" in reply.field("Source") and "(id 11046)" in reply.field(
        "Source"
    )
    assert "2024-2025" not in str(reply.embed)


async def test_gift_info_unknown_suggests_closest(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("gift info", name="Lionn"))
    assert_sentence(reply, "don't know the gift", "Lion (29,999 coins)")


async def test_gift_info_custom_gift(harness: Harness, payloads: Payloads) -> None:
    await harness.run(payloads.slash("config gift add", ADMIN, name="Lion", coins=30_000, streakable=True))
    reply = await harness.run(payloads.slash("gift info", name="lion"))
    assert reply.embed["description"] == "**30,000 coins** (this server)"
    assert "Added by this server's admins" in reply.field("Source")
    assert "29,999 coins (every 2026 panel)" in reply.field("Other versions")
    assert reply.field("Streakable").startswith("Yes")


# -- /gift list -----------------------------------------------------------------------------------
def view_for(bot: LiveCoach) -> Any:
    """The live /gift list view (by class name: the bot re-imports its cogs, so classes differ)."""
    store: Any = bot._connection._view_store
    found = [v for v in store._synced_message_views.values() if type(v).__name__ == "Pager"]
    assert len(found) == 1, found
    return found[0]


async def test_gift_list_pages_with_buttons(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("gift list"))
    assert reply.callback_type == 4 and not reply.ephemeral
    assert reply.embed["title"].startswith("Gifts — page 1 of ")
    previous, nxt_id, jump = reply.custom_ids
    assert previous.startswith("gift-list:previous:") and nxt_id.startswith("gift-list:next:")
    assert jump.startswith("gift-list:jump:")
    first = reply.embed["description"]
    assert "— 1 coin · creator ≈ $0.005" in first  # not $0.01: small figures stay right
    roses = (await harness.run(payloads.slash("gift list", search="rose"))).embed["description"]
    assert "**Rose** — 1 coin · creator ≈ $0.005" in roses
    hearts = (await harness.run(payloads.slash("gift list", search="finger heart"))).embed["description"]
    assert "**Finger Heart** — 5 coins · creator ≈ $0.025" in hearts
    nxt = await harness.run(button(reply.stored_message, nxt_id))
    assert nxt.callback_type == 7
    assert nxt.embed["title"].startswith("Gifts — page 2 of ")
    assert nxt.embed["description"] != first
    # Discord keeps the message id when a component edits it, so click on the original message.
    back = await harness.run(button(reply.stored_message, previous))
    assert back.embed["title"].startswith("Gifts — page 1 of ")


async def test_gift_list_jumps_to_a_page(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("gift list", sort="name"))
    pages = int(reply.embed["title"].rsplit(" ", 1)[-1])
    assert pages > 8
    jump = next(c for row in reply.components for c in row["components"] if c["type"] == 3)
    assert len(jump["options"]) == min(25, pages)
    assert jump["options"][0]["label"].startswith("Page 1: ")
    last = jump["options"][-1]
    moved = await harness.run(select(reply.stored_message, jump["custom_id"], [last["value"]]))
    assert moved.callback_type == 7
    assert moved.embed["title"] == f"Gifts — page {int(last['value']) + 1} of {pages}"


async def test_gift_list_search(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("gift list", search="universe"))
    names = [line.split("**")[1] for line in reply.embed["description"].splitlines() if line.startswith("**")]
    assert names == ["TikTok Universe+", "TikTok Universe"]
    assert "2 gifts matching “universe” (cheapest first)." in reply.embed["description"]
    assert_sentence(await harness.run(payloads.slash("gift list", search="qqqqzz")), "No gift matches")


async def test_only_the_invoker_can_page(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("gift list"))
    other = await harness.run(button(reply.stored_message, reply.custom_ids[1], Actor(OTHER_USER_ID)))
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
    items = [c for row in edits[-1].json["components"] for c in row["components"]]
    assert len(items) == 3 and all(item["disabled"] for item in items)  # both buttons and the jump menu


async def test_gift_list_filter_and_sort(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("gift list", min_coins=29_000, max_coins=45_000, sort="name"))
    lines = [line for line in reply.embed["description"].splitlines() if line.startswith("**")]
    names = [line.split("**")[1] for line in lines]
    assert names == sorted(names, key=str.casefold)
    assert "Lion" in names and "TikTok Universe" in names and "Rose" not in names
    assert not reply.components  # a single page needs no buttons
    assert "from 29,000 coins up to 45,000 coins (by name)" in reply.embed["description"]


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
