"""Free-text gift lists."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.errors import InvalidInput
from bot.money.model.catalogue import Catalogue, load_catalogue
from bot.money.model.economy import MAX_GIFT_COUNT, MAX_GIFT_LINES, estimate_gifts
from bot.money.model.gift_parser import parse_gift_text

CAT: Catalogue = load_catalogue()


def parsed(text: str) -> list[tuple[str, int]]:
    return [(line.gift.name, line.count) for line in parse_gift_text(text, CAT)]


def test_acceptance_example() -> None:
    lines = parse_gift_text("2 lions, 100 roses", CAT)
    assert [(line.gift.name, line.count) for line in lines] == [("Lion", 2), ("Rose", 100)]
    assert estimate_gifts(lines).coins == 60_098


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "2 lions, 100 roses, galaxy x5, 3×Rose, 1 tiktok universe",
            [("Lion", 2), ("Rose", 103), ("Galaxy", 5), ("TikTok Universe", 1)],
        ),
        ("lion", [("Lion", 1)]),
        ("Lion*2", [("Lion", 2)]),
        ("5 x rose", [("Rose", 5)]),
        ("2x lion", [("Lion", 2)]),
        ("lion 2", [("Lion", 2)]),
        ("×3 rose", [("Rose", 3)]),
        ("ROSES x 10", [("Rose", 10)]),
        ("lion\n2 roses;galaxy", [("Lion", 1), ("Rose", 2), ("Galaxy", 1)]),
        ("1,000 roses", [("Rose", 1000)]),
        ("rose x1,000, lion", [("Rose", 1000), ("Lion", 1)]),
        ("galaxy x5,100 roses", [("Galaxy", 5), ("Rose", 100)]),
        (
            "1k roses, 1.5k finger hearts, 1_000 galaxies",
            [("Rose", 1000), ("Finger Heart", 1500), ("Galaxy", 1000)],
        ),
        ("gift box x2", [("Gift Box", 2)]),
        ("2 gift boxes", [("Gift Box", 2)]),
        ("2024 glasses", [("2024 Glasses", 1)]),
        ("2 2024", [("2024", 2)]),
        ("hearts", [("Hearts", 1)]),
        ("tiktok universe+ x2", [("TikTok Universe+", 2)]),
        ("lion,, ,rose,", [("Lion", 1), ("Rose", 1)]),
    ],
)
def test_formats(text: str, expected: list[tuple[str, int]]) -> None:
    assert parsed(text) == expected


def test_tiktok_universe_is_the_current_one() -> None:
    (line,) = parse_gift_text("tiktok universe", CAT)
    assert line.gift.coins == 44_999


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "at least one gift"),
        ("   \n ", "at least one gift"),
        (",,;", "at least one gift"),
        ("5", "Add a gift name"),
        ("x5", "Add a gift name"),
        ("0 roses", "at least 1"),
        ("-3 roses", "at least 1"),
        ("1.5 roses", "whole number"),
        (f"{MAX_GIFT_COUNT + 1} roses", "1,000,000"),
        ("99999999999999999999999999 roses", "1,000,000"),
        ("600000 roses, 600000 roses", "1,000,000"),
        (", ".join(["rose"] * (MAX_GIFT_LINES + 1)), "25"),
        ("x" * 3000, "2,000 characters"),
    ],
)
def test_errors(text: str, fragment: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_gift_text(text, CAT)
    assert fragment in info.value.message


def test_unknown_gift_suggests_closest() -> None:
    with pytest.raises(InvalidInput) as info:
        parse_gift_text("2 lino", CAT)
    message = info.value.message
    assert message.startswith("I don't know the gift “lino”. Closest: Lion (29,999 coins)")
    assert message.endswith("Check the spelling or use /gift list.")
    with pytest.raises(InvalidInput) as info:
        parse_gift_text("qqqq", CAT)
    assert "Closest" not in info.value.message


def test_server_overrides_are_used() -> None:
    from bot.money.model.catalogue import make_custom_gift

    server = CAT.with_overrides([make_custom_gift("Lion", 30000), make_custom_gift("Club Badge", 50)])
    lines = parse_gift_text("2 lions, 3 club badges", server)
    assert [(line.gift.coins, line.count) for line in lines] == [(30000, 2), (50, 3)]


gift_names = st.sampled_from([g.name for g in CAT.gifts if "," not in g.name])
formats = st.sampled_from(["{n} {name}", "{name} x{n}", "{n}×{name}", "{name}*{n}", "{n} x {name}"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(gift_names, st.integers(1, 5000), formats), min_size=1, max_size=MAX_GIFT_LINES))
def test_total_is_sum_of_parts(items: list[tuple[str, int, str]]) -> None:
    text = ", ".join(fmt.format(n=n, name=name) for name, n, fmt in items)
    lines = parse_gift_text(text, CAT)
    expected = sum(n * CAT.get(name).coins for name, n, _ in items)  # type: ignore[union-attr]
    assert estimate_gifts(lines).coins == expected
    assert sum(line.count for line in lines) == sum(n for _, n, _ in items)
    assert len({line.gift for line in lines}) == len(lines)  # merged: each gift once


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_parser_only_raises_invalid_input(text: str) -> None:
    try:
        lines = parse_gift_text(text, CAT)
    except InvalidInput as error:
        assert error.message and "\n" not in error.message
    else:
        assert 1 <= len(lines) <= MAX_GIFT_LINES


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789 ,;x×*kK_.-+roseliongalxy\n", max_size=80))
def test_parser_only_raises_invalid_input_on_number_soup(text: str) -> None:
    with contextlib.suppress(InvalidInput):
        parse_gift_text(text, CAT)
