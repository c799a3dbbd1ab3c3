"""/config through the real command tree: permissions, rates, currency, gifts, time zone, log channel."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import discord
import pytest

from bot.core.app import LiveCoach
from bot.storage.gifts import MAX_CUSTOM_GIFTS_PER_GUILD
from tests.harness.dispatch import Harness, Reply
from tests.harness.payloads import CHANNEL_ID, GUILD_ID, Actor, Payloads, button, raw_slash

ADMIN = Actor(admin=True)
MEMBER = Actor()

EVERY_CONFIG_COMMAND: list[tuple[str, dict[str, Any]]] = [
    ("config rates", {"usd_per_diamond": "0.004"}),
    ("config rates", {"reset": True}),
    ("config timezone", {"zone": "Europe/London"}),
    ("config log-channel", {"channel": CHANNEL_ID}),
    ("config show", {}),
    ("config gift add", {"name": "Sparkle", "coins": 10}),
    ("config gift remove", {"name": "Sparkle"}),
]


def assert_sentence(reply: Reply, *words: str) -> None:
    assert reply.callback_type == 4 and reply.ephemeral and not reply.embeds, reply.message
    assert "Something went wrong" not in reply.content
    for word in words:
        assert word.lower() in reply.content.lower(), reply.content


# -- permissions ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("command", "options"), EVERY_CONFIG_COMMAND)
async def test_member_without_manage_server_is_refused(
    harness: Harness, payloads: Payloads, bot: LiveCoach, command: str, options: dict[str, Any]
) -> None:
    # Discord would hide /config from this member (default_permissions); the payload is sent anyway,
    # as a client ignoring that hint would, and the run-time check must still refuse it.
    reply = await harness.run(payloads.slash(command, MEMBER, **options))
    assert_sentence(reply, "You need the Manage Server permission")
    settings = await bot.storage.settings.get(GUILD_ID)
    assert settings.usd_per_diamond is None and settings.timezone == "UTC" and settings.log_channel_id is None
    assert await bot.storage.gifts.count(GUILD_ID) == 0


async def test_config_group_hints_manage_server_to_discord(bot: LiveCoach) -> None:
    group = bot.tree.get_command("config")
    assert group is not None
    data = group.to_dict(bot.tree)
    assert int(data["default_member_permissions"]) == discord.Permissions(manage_guild=True).value
    assert data["contexts"] == [0]  # guild only


# -- rates ----------------------------------------------------------------------------------------
async def test_rates_are_stored_exactly_and_shown(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    reply = await harness.run(
        payloads.slash(
            "config rates", ADMIN, usd_per_diamond="0.0045", viewer_low="0.011", viewer_high="$0.015"
        )
    )
    assert reply.ephemeral
    rates = reply.field("Rates")
    assert "USD per diamond: 0.0045 (server)" in rates
    assert "Diamonds per coin: 1 (default)" in rates
    assert "Viewer USD per coin (high): 0.015 (server)" in rates
    assert "29,999 coins → 29,999 diamonds → $135.00 to the creator" in reply.field("Example")
    settings = await bot.storage.settings.get(GUILD_ID)
    assert settings.usd_per_diamond == Decimal("0.0045")
    assert str(settings.usd_per_diamond) == "0.0045"
    assert settings.viewer_usd_per_coin_high == Decimal("0.015")
    assert "this server overrides" in reply.embed["footer"]["text"]


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"usd_per_diamond": "5"}, ["between 0.0005 and 0.05"]),
        ({"usd_per_diamond": "abc"}, ["plain number"]),
        ({"diamonds_per_coin": "2"}, ["between 0.1 and 1"]),
        ({"viewer_low": "0.02"}, ["low viewer price per coin at or below the high one"]),
        ({"currency": "XYZ", "currency_per_usd": "2"}, ["ISO 4217"]),
        ({"currency": "EUR"}, ["Give currency_per_usd too", "never treated as 1:1"]),
        ({"currency_per_usd": "0.9"}, ["set both"]),
        ({"currency": "EUR", "currency_per_usd": "0"}, ["above 0"]),
        ({}, ["Give at least one rate"]),
        ({"reset": True, "usd_per_diamond": "0.004"}, ["reset on its own"]),
    ],
)
async def test_bad_rates_are_refused_and_nothing_changes(
    harness: Harness, payloads: Payloads, bot: LiveCoach, options: dict[str, Any], words: list[str]
) -> None:
    assert_sentence(await harness.run(payloads.slash("config rates", ADMIN, **options)), *words)
    settings = await bot.storage.settings.get(GUILD_ID)
    assert settings.currency == "USD" and not settings.has_rate_overrides
    assert settings.usd_per_diamond is None and settings.diamonds_per_coin is None


async def test_currency_rules(harness: Harness, payloads: Payloads, bot: LiveCoach) -> None:
    ok = await harness.run(payloads.slash("config rates", ADMIN, currency="eur", currency_per_usd="0.92"))
    assert "EUR per USD: 0.92 (server)" in ok.field("Rates")
    # Changing another rate keeps the stored exchange rate (same currency).
    await harness.run(payloads.slash("config rates", ADMIN, usd_per_diamond="0.004"))
    settings = await bot.storage.settings.get(GUILD_ID)
    assert (settings.currency, settings.currency_per_usd, settings.usd_per_diamond) == (
        "EUR",
        Decimal("0.92"),
        Decimal("0.004"),
    )
    # A different currency needs its own exchange rate: EUR's is not reused for GBP.
    refused = await harness.run(payloads.slash("config rates", ADMIN, currency="GBP"))
    assert_sentence(refused, "Give currency_per_usd too")
    assert (await bot.storage.settings.get(GUILD_ID)).currency == "EUR"
    # Back to USD clears the exchange rate.
    await harness.run(payloads.slash("config rates", ADMIN, currency="USD"))
    settings = await bot.storage.settings.get(GUILD_ID)
    assert (settings.currency, settings.currency_per_usd) == ("USD", None)


async def test_reset_restores_defaults(harness: Harness, payloads: Payloads, bot: LiveCoach) -> None:
    await harness.run(
        payloads.slash("config rates", ADMIN, currency="JPY", currency_per_usd="150", usd_per_diamond="0.004")
    )
    reply = await harness.run(payloads.slash("config rates", ADMIN, reset=True))
    assert "reset" in reply.embed["title"]
    settings = await bot.storage.settings.get(GUILD_ID)
    assert settings.currency == "USD" and not settings.has_rate_overrides and settings.usd_per_diamond is None
    estimate = await harness.run(payloads.slash("estimate gifts", text="2 lions, 100 roses"))
    assert estimate.field("Creator payout").startswith("$300.49")
    assert "server admins can override" in estimate.embed["footer"]["text"]


async def test_currency_autocomplete(harness: Harness, payloads: Payloads) -> None:
    choices = (
        await harness.run(payloads.autocomplete("config rates", "currency", ADMIN, currency="eu"))
    ).choices
    assert choices[0]["value"] == "EUR" and choices[0]["name"].startswith("EUR — ")
    assert len(choices) <= 25


# -- time zone and log channel --------------------------------------------------------------------
async def test_timezone_is_resolved_and_stored(harness: Harness, payloads: Payloads, bot: LiveCoach) -> None:
    seen: list[tuple[int, str]] = []

    async def on_livecoach_timezone_changed(guild_id: int, zone: str) -> None:
        seen.append((guild_id, zone))

    bot.add_listener(on_livecoach_timezone_changed)
    reply = await harness.run(payloads.slash("config timezone", ADMIN, zone="america/new york"))
    assert reply.ephemeral and "America/New_York" in reply.content
    assert (await bot.storage.settings.get(GUILD_ID)).timezone == "America/New_York"
    await harness.run(payloads.slash("config show", ADMIN))  # lets the listener task run
    assert seen == [(GUILD_ID, "America/New_York")]


async def test_bad_timezone_is_refused(harness: Harness, payloads: Payloads) -> None:
    assert_sentence(
        await harness.run(payloads.slash("config timezone", ADMIN, zone="Mars/Olympus")), "time zone"
    )


async def test_timezone_autocomplete(harness: Harness, payloads: Payloads) -> None:
    choices = (
        await harness.run(payloads.autocomplete("config timezone", "zone", ADMIN, zone="new y"))
    ).choices
    assert choices[0] == {"name": "America/New_York", "value": "America/New_York"}


async def test_log_channel_set_and_clear(harness: Harness, payloads: Payloads, bot: LiveCoach) -> None:
    reply = await harness.run(payloads.slash("config log-channel", ADMIN, channel=CHANNEL_ID))
    assert reply.ephemeral and f"<#{CHANNEL_ID}>" in reply.content
    assert (await bot.storage.settings.get(GUILD_ID)).log_channel_id == CHANNEL_ID
    show = await harness.run(payloads.slash("config show", ADMIN))
    assert show.field("Log channel") == f"<#{CHANNEL_ID}>"
    cleared = await harness.run(payloads.slash("config log-channel", ADMIN))
    assert "off" in cleared.content
    assert (await bot.storage.settings.get(GUILD_ID)).log_channel_id is None


# -- custom gifts ---------------------------------------------------------------------------------
async def test_gift_add_replace_override_and_remove(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    added = await harness.run(payloads.slash("config gift add", ADMIN, name="Sparkle Crown", coins=777))
    assert added.ephemeral and "Added **Sparkle Crown** at 777 coins" in added.content
    updated = await harness.run(payloads.slash("config gift add", ADMIN, name="sparkle crown", coins=800))
    assert "Updated" in updated.content
    override = await harness.run(payloads.slash("config gift add", ADMIN, name="Lion", coins=30_000))
    assert "overrides the catalogue's 29,999 coins here only" in override.content
    assert await bot.storage.gifts.count(GUILD_ID) == 2

    show = await harness.run(payloads.slash("config show", ADMIN))
    gifts = show.field("Custom gifts (2)")
    assert "**Lion** — 30,000 coins" in gifts and "**sparkle crown** — 800 coins" in gifts

    choices = (
        await harness.run(payloads.autocomplete("config gift remove", "name", ADMIN, name="spa"))
    ).choices
    assert choices == [{"name": "sparkle crown — 800 coins", "value": "sparkle crown"}]

    removed = await harness.run(payloads.slash("config gift remove", ADMIN, name="LION"))
    assert "Estimates use the catalogue price again: 29,999 coins" in removed.content
    estimate = await harness.run(payloads.slash("estimate gifts", text="lion"))
    assert estimate.field("Coins") == "29,999"


@pytest.mark.parametrize(
    ("name", "coins", "words"),
    [
        ("Rose, Lion", 5, ["Leave commas"]),
        ("12345", 5, ["at least one letter"]),
        ("x" * 41, 5, ["40 characters"]),
        ("Sparkle", 0, ["from 1 to 1,000,000"]),
        ("Sparkle", 1_000_001, ["from 1 to 1,000,000"]),
    ],
)
async def test_bad_custom_gifts_are_refused(
    harness: Harness, bot: LiveCoach, name: str, coins: int, words: list[str]
) -> None:
    # Raw payload: Discord would enforce the coin range, but the bot must not rely on it.
    options = [{"type": 3, "name": "name", "value": name}, {"type": 4, "name": "coins", "value": coins}]
    payload = raw_slash(
        "config",
        [{"type": 2, "name": "gift", "options": [{"type": 1, "name": "add", "options": options}]}],
        ADMIN,
    )
    assert_sentence(await harness.run(payload), *words)
    assert await bot.storage.gifts.count(GUILD_ID) == 0


async def test_custom_gift_cap(harness: Harness, payloads: Payloads, bot: LiveCoach) -> None:
    for k in range(MAX_CUSTOM_GIFTS_PER_GUILD):
        await bot.storage.gifts.add_or_replace(GUILD_ID, f"Gift {k}", 10, streakable=False, added_by=1)
    refused = await harness.run(payloads.slash("config gift add", ADMIN, name="One More", coins=5))
    assert_sentence(refused, f"already has {MAX_CUSTOM_GIFTS_PER_GUILD} custom gifts")
    replaced = await harness.run(payloads.slash("config gift add", ADMIN, name="Gift 3", coins=5))
    assert "Updated" in replaced.content  # replacing an existing one is still allowed at the cap


async def test_remove_unknown_custom_gift(harness: Harness, payloads: Payloads) -> None:
    assert_sentence(
        await harness.run(payloads.slash("config gift remove", ADMIN, name="Rose")), "no custom gift called"
    )


# -- show -----------------------------------------------------------------------------------------
async def test_show_defaults(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("config show", ADMIN))
    assert reply.ephemeral
    assert reply.field("Time zone") == "UTC"
    assert reply.field("Currency") == "USD"
    assert reply.field("Log channel") == "not set"
    rates = reply.field("Rates")
    assert "USD per diamond: 0.005 (default)" in rates and "(server)" not in rates
    assert reply.field("Custom gifts (0)").startswith("None")
    assert "Assumes" in reply.embed["footer"]["text"]


async def test_log_channel_must_be_a_text_channel(harness: Harness, bot: LiveCoach) -> None:
    payload = raw_slash(
        "config",
        [
            {
                "type": 1,
                "name": "log-channel",
                "options": [{"type": 7, "name": "channel", "value": "1300000000000000009"}],
            }
        ],
        ADMIN,
    )
    payload["data"]["resolved"] = {
        "channels": {
            "1300000000000000009": {
                "id": "1300000000000000009",
                "type": 2,
                "name": "voice",
                "permissions": "0",
            }
        }
    }
    assert_sentence(await harness.run(payload), "Pick a text channel")
    assert (await bot.storage.settings.get(GUILD_ID)).log_channel_id is None


# -- guard rails ----------------------------------------------------------------------------------
async def test_a_rate_far_from_the_usual_asks_first_and_saves_on_confirm(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    await harness.run(payloads.slash("estimate gifts", text="lion"))  # warm the money cache
    reply = await harness.run(payloads.slash("config rates", ADMIN, usd_per_diamond="0.0005"))
    assert reply.callback_type == 4 and reply.ephemeral
    assert "10× below the usual 0.005" in reply.content and "typo" in reply.content
    assert (await bot.storage.settings.get(GUILD_ID)).usd_per_diamond is None  # nothing saved yet
    confirm = next(c for c in reply.custom_ids if c.startswith("confirm:yes:"))
    done = await harness.run(button(reply.stored_message, confirm, ADMIN))
    assert done.callback_type == 7 and done.content.startswith("Saved.")
    assert (await bot.storage.settings.get(GUILD_ID)).usd_per_diamond == Decimal("0.0005")
    after = await harness.run(payloads.slash("estimate gifts", text="lion"))
    assert after.field("Creator payout").startswith("$15.00")  # the owner method invalidated the cache


async def test_cancelling_an_unusual_rate_changes_nothing(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    reply = await harness.run(payloads.slash("config rates", ADMIN, diamonds_per_coin="0.2"))
    assert "5× below the usual 1" in reply.content
    cancel = next(c for c in reply.custom_ids if c.startswith("confirm:no:"))
    done = await harness.run(button(reply.stored_message, cancel, ADMIN))
    assert "Nothing changed" in done.content
    assert (await bot.storage.settings.get(GUILD_ID)).diamonds_per_coin is None


async def test_usual_rates_save_without_asking(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("config rates", ADMIN, usd_per_diamond="0.004"))
    assert reply.embed["title"] == "Rates updated for this server" and not reply.components
