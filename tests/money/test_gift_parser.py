"""Free-text gift lists."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.errors import InvalidInput
from bot.money.model.catalogue import Catalogue, load_catalogue
from bot.money.model.economy import MAX_GIFT_COUNT, MAX_GIFT_LINES, estimate_gifts
from bot.money.model.gift_parser import parse_gift_text, parse_gifts

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


# Names that are also the plural of another gift ("Roses" vs Rose) read as that plural after a count,
# so the strict "exact name" expectation below does not hold for them.
PLURAL_CLASHES = {g.name for g in CAT.gifts if CAT.resolve(g.name).plural_of is not None}
gift_names = st.sampled_from(
    [g.name for g in CAT.gifts if "," not in g.name and g.name not in PLURAL_CLASHES and g.name.strip()]
)
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


# -- chat input (issue 11) -------------------------------------------------------------------------
def understood(text: str) -> list[tuple[str, int]]:
    return [(line.gift.name, line.count) for line in parse_gifts(text, CAT).lines]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 lions 50 roses", [("Lion", 3), ("Rose", 50)]),
        ("2 Lions + 1 Galaxy", [("Lion", 2), ("Galaxy", 1)]),
        ("3 lion and 50 rose", [("Lion", 3), ("Rose", 50)]),
        ("2 lions & 3 roses\n4 galaxies", [("Lion", 2), ("Rose", 3), ("Galaxy", 4)]),
        ("lion x3", [("Lion", 3)]),
        ("3x lion", [("Lion", 3)]),
        ("lion ×3", [("Lion", 3)]),
        ("Lion 3 Rose 5", [("Lion", 3), ("Rose", 5)]),
        ("2 hat and mustache and 3 roses", [("Hat and Mustache", 2), ("Rose", 3)]),
        ("LIONS 2 plus 10 ROSES", [("Lion", 2), ("Rose", 10)]),
        ("2 lionz, 3 rosse", [("Lion", 2), ("Rose", 3)]),
        ("5 galxy", [("Galaxy", 5)]),
    ],
)
def test_chat_phrasing_is_understood(text: str, expected: list[tuple[str, int]]) -> None:
    result = parse_gifts(text, CAT)
    assert understood(text) == expected
    assert not result.skipped and not result.pending


def test_typos_are_reported_as_guesses() -> None:
    result = parse_gifts("2 lionz", CAT)
    assert [(typed, gift.name) for typed, gift in result.guesses] == [("2 lionz", "Lion")]


def test_universes_ask_which_universe_and_the_rest_is_answered() -> None:
    result = parse_gifts("3 lions, 50 roses, 2 universes", CAT)
    assert understood("3 lions, 50 roses, 2 universes") == [("Lion", 3), ("Rose", 50)]
    (pending,) = result.pending
    assert pending.count == 2
    assert [(g.name, g.coins) for g in pending.choices] == [
        ("TikTok Universe+", 34_999),
        ("TikTok Universe", 44_999),
    ]
    chosen = result.choose({0: pending.choices[1]})
    assert not chosen.pending
    assert estimate_gifts(chosen.lines).coins == 3 * 29_999 + 50 + 2 * 44_999


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("hearts", {"Heart", "Hearts"}),
        ("universe", {"TikTok Universe", "TikTok Universe+"}),
        ("2 motorcycles", {"Motorcycle"}),  # 2,988 coins everywhere, 499 in one region's panel
        ("roses", {"Rose", "Roses"}),
    ],
)
def test_names_several_gifts_fit_are_a_choice(text: str, names: set[str]) -> None:
    (pending,) = parse_gifts(text, CAT).pending
    assert {g.name for g in pending.choices} == names and len(pending.choices) >= 2


def test_many_roses_are_roses_and_the_other_gift_is_noted() -> None:
    result = parse_gifts("50 roses", CAT)
    assert understood("50 roses") == [("Rose", 50)]
    assert [(typed, g.name) for typed, g in result.also] == [("50 roses", "Roses")]


def test_one_unknown_item_is_skipped_with_closest_names_and_the_rest_answered() -> None:
    result = parse_gifts("3 lions, 2 lino qqq, 50 roses", CAT)
    assert understood("3 lions, 2 lino qqq, 50 roses") == [("Lion", 3), ("Rose", 50)]
    (skipped,) = result.skipped
    assert skipped.typed == "lino qqq"


def test_strict_form_keeps_exact_names() -> None:
    assert parsed("hearts") == [("Hearts", 1)]
    (line,) = parse_gift_text("motorcycle", CAT)
    assert (line.gift.name, line.gift.coins, line.count) == ("Motorcycle", 2988, 1)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("🌹🌹🌹", "write gift names in words"),
        ("12 34", "Add a gift name"),
        ("0 lions", "at least 1"),
        ("-3 roses", "at least 1"),
        ("999999999999 lions", "at most 1,000,000"),
        ("r" * 2001, "2,000 characters"),
    ],
)
def test_bad_input_is_one_sentence(text: str, fragment: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_gifts(text, CAT)
    assert fragment.lower() in info.value.message.lower()
    assert "\n" not in info.value.message


def test_a_chunk_read_once_per_shape_keeps_each_texts_own_counts() -> None:
    """Chunks are memoised with their counts swapped for stand-ins; every answer gets its own back."""
    catalogue = load_catalogue()  # a fresh catalogue: an empty memo
    first = parse_gifts("77 roses 2 lionz", catalogue)
    again = parse_gifts("3 roses 9000 lionz", catalogue)
    assert [(line.gift.name, line.count) for line in first.lines] == [("Rose", 77), ("Lion", 2)]
    assert [(line.gift.name, line.count) for line in again.lines] == [("Rose", 3), ("Lion", 9000)]
    assert [typed for typed, _gift in first.guesses] == ["2 lionz"]
    assert [typed for typed, _gift in again.guesses] == ["9000 lionz"]
    assert [typed for typed, _gift in again.also] == ["3 roses"]
    skipped = parse_gifts("4 roses 12 qqqzx", catalogue).skipped
    assert [(item.typed, item.within) for item in skipped] == [("qqqzx", "4 roses 12 qqqzx")]


def test_a_typo_beside_a_new_count_is_read_once_and_keeps_each_count() -> None:
    """'17 rosse' and '900 rosse' share one spelling-tolerant reading; each keeps its own count and words."""
    catalogue = load_catalogue()
    for count in (17, 900, 17):
        result = parse_gifts(f"{count} rosse + qqtqqr", catalogue)
        assert [(line.gift.name, line.count) for line in result.lines] == [("Rose", count)]
        assert [(typed, gift.name) for typed, gift in result.guesses] == [(f"{count} rosse", "Rose")]
        assert [item.typed for item in result.skipped] == ["qqtqqr"]
    # a count the guess itself would read stays as typed ("puffa*0" is no count here)
    with pytest.raises(InvalidInput, match="at least 1 for Candy Puffs"):
        parse_gifts("lionz 3 + 000 candy puffa*0", catalogue)


def test_numbers_that_are_part_of_a_gift_name_are_not_counts() -> None:
    name = next(g.name for g in CAT.gifts if g.name.lower() == "2024 glasses")
    catalogue = load_catalogue()
    assert [(line.gift.name, line.count) for line in parse_gifts("3 2024 glasses", catalogue).lines] == [
        (name, 3)
    ]
    assert [(line.gift.name, line.count) for line in parse_gifts("5 2024 glasses", catalogue).lines] == [
        (name, 5)
    ]


def test_plus_and_ampersand_end_an_item_unless_a_server_gift_is_named_with_them() -> None:
    from bot.money.model.catalogue import make_custom_gift

    assert parsed("3 lionz + 2 rosse & galaxy plus 4 roses") == [("Lion", 3), ("Rose", 6), ("Galaxy", 1)]
    server = CAT.with_overrides([make_custom_gift("Love & Peace", 25)])
    assert [(line.gift.name, line.count) for line in parse_gift_text("2 love & peace + 1 lion", server)] == [
        ("Love & Peace", 2),
        ("Lion", 1),
    ]
    # "and" is part of gift names (Hat and Mustache), so it never cuts a chunk on its own
    assert parsed("2 hat and mustache and 1 lion") == [("Hat and Mustache", 2), ("Lion", 1)]


def test_a_chunk_whose_guess_would_read_its_digits_is_read_as_typed() -> None:
    """'candy puffa*0' guesses a name from words next to the count: the digits are kept for that guess."""
    catalogue = load_catalogue()
    for count in ("0", "7"):
        with contextlib.suppress(InvalidInput):
            parse_gifts(f"000 candy puffa*{count}", catalogue)
    with pytest.raises(InvalidInput, match="at least 1 for Candy Puffs"):
        parse_gifts("000 candy puffa*0", catalogue)


# -- the shape memos answer what reading the text as typed answers -----------------------------------
def outcome(text: str, catalogue: Catalogue, *, literally: bool = False) -> object:
    try:
        return parse_gifts(text, catalogue, literally=literally)
    except InvalidInput as error:
        return ("InvalidInput", error.message)


SHAPED = load_catalogue()  # memos shared by every example below, so shapes are met again
AS_TYPED = load_catalogue()
_NAMES = [g.name for g in CAT.gifts if g.name.strip()]
_name_forms = st.one_of(
    st.sampled_from(_NAMES),
    st.sampled_from(_NAMES).map(str.lower),
    st.sampled_from(_NAMES).map(lambda name: name.lower() + "s"),
    st.sampled_from(["lion", "rose", "galaxy", "universe", "heart", "hearts", "roses", "2024 glasses"]),
    st.sampled_from(["lionz", "rosse", "galxy", "univrse", "candy puffa", "hat and mustache", "falcn"]),
    st.sampled_from(["qqqq", "{word}", "{word} {word}", "of doom", "x", "and", "+", "😀", "qzq0qzq"]),
)
_counts = st.sampled_from(["{n}", "{n}x", "x{n}", "× {n}", "*{n}", "{n}k", "1,000", "-{n}", "0", ""])
_joins = st.sampled_from([", ", " ", " and ", " + ", " +, ", " & ", "\n", " plus ", "; ", " with "])
_items = st.lists(st.tuples(_counts, _name_forms, st.booleans(), _joins), min_size=1, max_size=6)


def _render(items: list[tuple[str, str, bool, str]], n: int, word: str) -> str:
    text = ""
    for i, (count, name, before, join) in enumerate(items):
        amount, named = count.format(n=n + 3 * i), name.format(word=word)
        text += (f"{amount} {named}" if before else f"{named} {amount}").strip() + join
    return text


@settings(max_examples=400, deadline=None)
@given(_items, st.lists(st.integers(1, 999), min_size=3, max_size=3))
def test_the_shape_memos_read_every_text_as_reading_it_as_typed_does(
    items: list[tuple[str, str, bool, str]], counts: list[int]
) -> None:
    """Texts of one shape, with new counts and new words, are answered from the shape's memo;
    every answer must be the one reading the text word by word gives."""
    for n, word in zip(counts, ["qrstuv", "vwxyqq", "zzkqpw"], strict=True):
        text = _render(items, n, word)
        assert outcome(text, SHAPED) == outcome(text, AS_TYPED, literally=True), text


def test_typed_words_that_look_like_stand_ins_are_read_as_typed() -> None:
    """The memos swap counts and unknown words for stand-ins; text that looks like one is read as typed."""
    result = parse_gifts("2 lions qzq0qzq", CAT)
    assert [(line.gift.name, line.count) for line in result.lines] == [("Lion", 2)]
    assert [item.typed for item in result.skipped] == ["qzq0qzq"]
    assert outcome("3 0000000000001 roses", CAT) == outcome("3 0000000000001 roses", AS_TYPED, literally=True)


def test_texts_whose_parts_match_but_chunks_differ_keep_their_own_chunks() -> None:
    catalogue = load_catalogue()
    assert [i.within for i in parse_gifts("2 lions + qqqq", catalogue).skipped] == ["2 lions + qqqq"]
    assert [i.within for i in parse_gifts("2 lions +, qqqq", catalogue).skipped] == ["qqqq"]
