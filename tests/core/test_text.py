"""Names made only of blank or invisible characters are refused."""

from __future__ import annotations

import pytest

from bot.core.app import LiveCoach
from bot.core.errors import InvalidInput
from bot.core.text import isolated, require_visible, visible
from tests.harness.dispatch import Harness
from tests.harness.payloads import GUILD_ID, Actor, Payloads


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\u3164",  # HANGUL FILLER: a letter to Python (isalpha), blank on screen
        "\u3164\u3164 \u3164",
        "\u200b",  # ZERO WIDTH SPACE
        "\u2800",  # BRAILLE PATTERN BLANK
        "\ufeff",  # ZERO WIDTH NO-BREAK SPACE (BOM)
        "\u115f\u1160\uffa0",
        "\u00a0\u2003\u3000",  # no-break, em and ideographic spaces
        "\u0301\u0301",  # combining accents with nothing to sit on
        "\u200d\u2060\u180e",
    ],
)
def test_blank_or_invisible_text_is_not_visible(text: str) -> None:
    assert not visible(text)
    with pytest.raises(InvalidInput, match="only of blank or invisible characters"):
        require_visible(text, "gift name")


@pytest.mark.parametrize("text", ["Rose", "\u3164Rose", "🌹", "ラ", "é", "Lion\u200b", "1"])
def test_text_with_something_to_see_is_visible(text: str) -> None:
    assert visible(text)
    assert require_visible(text, "gift name") == text


async def test_config_gift_add_refuses_an_invisible_name(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    reply = await harness.run(payloads.slash("config gift add", Actor(admin=True), name="\u3164", coins=5))
    assert reply.ephemeral
    assert (
        reply.content
        == "That gift name is made only of blank or invisible characters: type one people can see."
    )
    assert await bot.storage.gifts.count(GUILD_ID) == 0


@pytest.mark.parametrize(
    ("typed", "quoted"),
    [
        ("Rose", "Rose"),
        ("2 leões и розы 玫瑰", "2 leões и розы 玫瑰"),  # left-to-right scripts need nothing
        ("\u202eRose", "Rose"),  # an override would mirror the sentence quoting it
        ("وردة", "\u2068وردة\u2069"),
        ("רוז 2", "\u2068רוז 2\u2069"),
        ("\u202bوردة\u202c", "\u2068وردة\u2069"),
    ],
)
def test_isolated_quotes_any_script_safely(typed: str, quoted: str) -> None:
    assert isolated(typed) == quoted
