"""The fuzzy pre-filter drops only names that could not reach the cut-off: same results as a full scan."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from bot.money.model.catalogue import WORD_MATCH_WEIGHT, load_catalogue
from bot.money.model.prefilter import CharFilter

CAT = load_catalogue()
NAMES = CharFilter(CAT._fuzzy_names)
WORDS = CharFilter(CAT._words)


def filtered(choices: CharFilter, query: str, cutoff: float, limit: int) -> list[tuple[str, float, int]]:
    positions = choices.candidates(query, cutoff)
    found = process.extract(
        query, [choices.choices[i] for i in positions], scorer=fuzz.ratio, limit=limit, score_cutoff=cutoff
    )
    return [(name, score, positions[j]) for name, score, j in found]


@st.composite
def queries(draw: st.DrawFn) -> str:
    """A gift name with typos, a cut of one, or letters no name has."""
    base = draw(st.sampled_from(CAT._fuzzy_names + CAT._words))
    typo = st.sampled_from("abcdefghijklmnopqrstuvwxyz +éü9")
    chars = [draw(typo) if draw(st.integers(0, 3)) == 0 else ch for ch in base]
    start = draw(st.integers(0, max(0, len(chars) - 3)))
    return draw(st.one_of(st.just("".join(chars[start:])), st.text(typo, min_size=3, max_size=12)))


@settings(max_examples=300)
@given(queries(), st.sampled_from([0.0, 50.0, 62.5, 80.0]), st.integers(1, 15))
def test_the_filtered_scan_finds_what_the_full_scan_finds(query: str, cutoff: float, limit: int) -> None:
    for choices in (NAMES, WORDS):
        full = process.extract(query, choices.choices, scorer=fuzz.ratio, limit=limit, score_cutoff=cutoff)
        assert filtered(choices, query, cutoff, limit) == full


def test_letters_no_name_shares_leave_nothing_to_score() -> None:
    assert len(NAMES.candidates("qqqqxx", 50.0)) < len(NAMES.choices) / 20  # 2 of 584 today
    assert NAMES.candidates("ʕ•ᴥ•ʔ", 50.0) == []
    assert len(NAMES.candidates("ʕ•ᴥ•ʔ", 0.0)) == len(NAMES.choices)  # a cut-off of 0 keeps everything
    assert len(NAMES.candidates("lion" * 30, 50.0)) == len(NAMES.choices)  # too long to bound: all scored


def full_scan_fuzzy(q: str, limit: int, floor: float) -> list[tuple[float, int]]:
    """The catalogue's fuzzy ranking as it was before the pre-filter: rapidfuzz over every name."""
    whole = process.extract(q, CAT._fuzzy_names, scorer=fuzz.ratio, limit=limit, score_cutoff=floor)
    best: dict[int, float] = {i: score for _, score, i in whole}
    if " " not in q:
        for _, score, w in process.extract(
            q, CAT._words, scorer=fuzz.ratio, limit=limit * 3, score_cutoff=floor
        ):
            for i in CAT._word_owner[w]:
                best[i] = max(best.get(i, 0.0), score * WORD_MATCH_WEIGHT)
    return sorted(((s, i) for i, s in best.items() if s >= floor), key=lambda t: (-t[0], t[1]))


@settings(max_examples=300)
@given(queries(), st.sampled_from([50.0, 62.5, 80.0]), st.integers(1, 8))
def test_the_catalogues_fuzzy_ranking_is_the_full_scans(query: str, floor: float, limit: int) -> None:
    assert CAT._fuzzy(query, limit, floor) == full_scan_fuzzy(query, limit, floor)


def test_a_repeated_letter_counts_only_as_often_as_the_name_holds_it() -> None:
    """ "qqqq" shares one "q" with "squid" (ratio 22), so only "qqqq" can reach 80."""
    choices = CharFilter(["squid", "qqqq", "aqqa"])
    assert choices.candidates("qqqq", 80.0) == [1]
    assert choices.candidates("qqqq", 50.0) == [1, 2]  # "aqqa" shares two "q": 200 · 2 / 8 = 50
    for query in ("qqqq", "qqtqqr", "lollll", "rrrose", "ssss"):
        for cutoff in (50.0, 62.5, 80.0):
            for names in (NAMES, WORDS):
                full = process.extract(
                    query, names.choices, scorer=fuzz.ratio, limit=None, score_cutoff=cutoff
                )
                assert filtered(names, query, cutoff, len(names.choices)) == full
