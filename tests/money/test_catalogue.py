"""Gift catalogue: shipped data, look-up, search, overrides and the build script."""

from __future__ import annotations

import importlib.util
import json
from datetime import date
from pathlib import Path

import pytest

from bot.core.errors import InvalidInput
from bot.money.model.catalogue import Catalogue, load_catalogue, make_custom_gift

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_GIFT_LIST = REPO_ROOT.parent / "shared" / "domain" / "tiktok-gift-list.json"
GIFTS_JSON = REPO_ROOT / "data" / "gifts.json"


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue()


def test_catalogue_date_and_size(cat: Catalogue) -> None:
    assert cat.date == date(2024, 1, 5)
    assert len(cat.all_versions) == 163  # 161 from the panel + Galaxy + Falcon
    assert len(cat.gifts) == 157
    assert all(g.current for g in cat.gifts)


def test_default_catalogue_is_cached() -> None:
    assert load_catalogue() is load_catalogue()


@pytest.mark.parametrize(
    ("name", "coins"),
    [
        ("Lion", 29999),
        ("Rose", 1),
        ("Galaxy", 1000),
        ("Falcon", 10999),
        ("Finger Heart", 5),
        ("Yacht", 20000),
    ],
)
def test_known_prices(cat: Catalogue, name: str, coins: int) -> None:
    gift = cat.get(name)
    assert gift is not None
    assert gift.coins == coins


def test_missing_gifts_are_added_with_source(cat: Catalogue) -> None:
    for name in ("Galaxy", "Falcon"):
        gift = cat.get(name)
        assert gift is not None
        assert gift.id is None
        assert gift.streakable is False
        assert "not in this region's panel" in gift.source
    assert cat.get("Lion").source == "tiktok-gift-list"  # type: ignore[union-attr]


def test_tiktok_universe_current_and_alternative(cat: Catalogue) -> None:
    universe = cat.get("TikTok Universe")
    assert universe is not None
    assert (universe.coins, universe.id) == (44999, 9072)
    assert [g.coins for g in cat.alternatives(universe)] == [34999]
    plus = cat.get("tiktok universe+")
    assert plus is not None and plus.coins == 34999 and plus is not universe


def test_same_name_groups_have_exactly_one_current(cat: Catalogue) -> None:
    groups: dict[str, list[bool]] = {}
    for gift in cat.all_versions:
        groups.setdefault(gift.name.casefold(), []).append(gift.current)
    assert all(flags.count(True) == 1 for flags in groups.values())
    duplicated = {name for name, flags in groups.items() if len(flags) > 1}
    assert duplicated == {"heart", "love you", "gift box", "star throne", "yacht", "tiktok universe"}
    yacht = cat.get("yacht")
    assert yacht is not None and yacht.coins == 20000
    assert [g.coins for g in cat.alternatives(yacht)] == [9888]
    assert cat.get("Gift Box").coins == 3999  # type: ignore[union-attr]
    assert cat.get("Star Throne").id == 8420  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lions", "Lion"),
        ("LION", "Lion"),
        ("roses", "Rose"),
        ("tiktok universes", "TikTok Universe"),
        ("galaxies", "Galaxy"),
        ("gift boxes", "Gift Box"),
        ("finger hearts", "Finger Heart"),
        ("hearts", "Hearts"),  # an exact name beats the plural of "Heart"
        ("adam's dream", "Adam’s Dream"),
        ("make up box", "Make-up Box"),
        ("  rose  ", "Rose"),
    ],
)
def test_get_is_tolerant(cat: Catalogue, query: str, expected: str) -> None:
    gift = cat.get(query)
    assert gift is not None
    assert gift.name == expected


def test_get_unknown(cat: Catalogue) -> None:
    assert cat.get("") is None
    assert cat.get("definitely not a gift") is None


def test_search_ranking(cat: Catalogue) -> None:
    assert [g.name for g in cat.search("lion")][:2] == ["Lion", "Leon and Lion"]
    assert cat.search("rose")[0].name == "Rose"
    assert cat.search("glaxy")[0].name == "Galaxy"  # fuzzy
    assert [g.name for g in cat.search("univ")] == ["TikTok Universe+", "TikTok Universe"]  # ties: coins
    names = [g.name for g in cat.search("heart")]
    assert names[:3] == ["Heart", "Heart Me", "Hearts"]  # exact, then prefix by coins
    assert names.index("Finger Heart") > names.index("Hearts")  # word-prefix after prefix
    assert cat.search("qqqq") == []
    assert len(cat.search("a", limit=5)) == 5


def test_search_empty_lists_popular_first(cat: Catalogue) -> None:
    first = [g.name for g in cat.search("", limit=25)]
    assert len(first) == 25
    assert first[0] in {"Rose", "Heart Me", "TikTok"}
    assert {"Rose", "Galaxy", "Lion", "TikTok Universe"} <= set(first)
    coins = [cat.get(n).coins for n in first[:21]]  # type: ignore[union-attr]
    assert coins == sorted(coins)


def test_closest(cat: Catalogue) -> None:
    assert cat.closest("lino")[0].name == "Lion"
    assert cat.closest("") == []
    assert len(cat.closest("tiktok", n=2)) == 2


def test_overrides_replace_and_add(cat: Catalogue) -> None:
    custom_lion = make_custom_gift("lion", 30000)
    newbie = make_custom_gift("Server Star", 77)
    server = cat.with_overrides([custom_lion, newbie])
    lion = server.get("Lions")
    assert lion is not None and lion.custom and lion.coins == 30000
    assert [g.coins for g in server.alternatives(lion)] == [29999]
    assert server.get("server stars").coins == 77  # type: ignore[union-attr]
    assert len(server.gifts) == len(cat.gifts) + 1
    # the shared catalogue is untouched
    assert cat.get("lion").coins == 29999  # type: ignore[union-attr]
    assert cat.get("server star") is None
    assert cat.with_overrides([]) is cat


@pytest.mark.parametrize(
    ("name", "coins"), [("", 5), ("123", 5), ("a, b", 5), ("x" * 41, 5), ("Ok", 0), ("Ok", 1_000_001)]
)
def test_custom_gift_validation(name: str, coins: int) -> None:
    with pytest.raises(InvalidInput):
        make_custom_gift(name, coins)


def test_gifts_json_is_sorted_and_complete() -> None:
    document = json.loads(GIFTS_JSON.read_text(encoding="utf-8"))
    assert set(document) == {"catalogue_date", "source", "gifts"}
    gifts = document["gifts"]
    keys = {"id", "name", "coins", "streakable", "last_seen", "price_history", "image", "source", "current"}
    assert all(set(g) == keys for g in gifts)
    assert [g["coins"] for g in gifts] == sorted(g["coins"] for g in gifts)


def test_build_script_reproduces_committed_file(tmp_path: Path) -> None:
    if not SHARED_GIFT_LIST.exists():
        pytest.skip(f"shared gift list not available at {SHARED_GIFT_LIST}")
    spec = importlib.util.spec_from_file_location(
        "build_gift_catalogue", REPO_ROOT / "scripts" / "build_gift_catalogue.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "gifts.json"
    assert module.main(["--source", str(SHARED_GIFT_LIST), "--output", str(out)]) == 0
    assert out.read_bytes() == GIFTS_JSON.read_bytes()


def test_name_for_turns_stored_gift_keys_into_names(cat: Catalogue) -> None:
    lion = cat.get("Lion")
    assert lion is not None and lion.id is not None
    assert cat.name_for(lion.id) == "Lion"
    assert cat.name_for("My Custom Gift") == "My Custom Gift"
    assert cat.name_for(999_999_999) == "gift 999999999"


def test_fullwidth_and_compatibility_forms_find_the_gift(cat: Catalogue) -> None:
    assert cat.get("Ｌｉｏｎ") == cat.get("Lion")


@pytest.mark.parametrize("name", ["Rose\u202e", "Bad\x00Gift", "Private\ue000Use"])
def test_custom_gift_names_must_be_visible_text(name: str) -> None:
    with pytest.raises(InvalidInput, match="visible characters"):
        make_custom_gift(name, 10)
