"""Gift catalogue: shipped data, look-up, search, overrides and the build script."""

from __future__ import annotations

import importlib.util
import json
from datetime import date
from pathlib import Path

import pytest

from bot.core.errors import InvalidInput
from bot.core.paths import GIFTS_FILE
from bot.money.model.catalogue import Catalogue, load_catalogue, make_custom_gift

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = REPO_ROOT.parent / "shared" / "domain"
SHARED_GIFT_LIST = SHARED / "tiktok-gift-list.json"
SHARED_PANELS = SHARED / "tiktok-gift-list-2026.json"
GIFTS_JSON = GIFTS_FILE


def shared_lists() -> tuple[dict, dict]:  # type: ignore[type-arg]
    if not (SHARED_GIFT_LIST.exists() and SHARED_PANELS.exists()):
        pytest.skip(f"the shared gift lists are not available under {SHARED}")
    return (
        json.loads(SHARED_PANELS.read_text(encoding="utf-8")),
        json.loads(SHARED_GIFT_LIST.read_text(encoding="utf-8")),
    )


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue()


def test_catalogue_date_and_size(cat: Catalogue) -> None:
    assert cat.date == date(2026, 7, 20)  # the newest 2026 panel
    assert [region for region, _ in cat.panels] == ["ID", "TW", "TH?"]
    on_panel = [g for g in cat.all_versions if g.seen_in]
    assert len(on_panel) == 576  # every gift of the three 2026 panels
    assert len(cat.all_versions) == 576 + 75  # plus the 2024 gifts no 2026 panel lists
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


def test_galaxy_and_falcon_come_from_the_2026_panels(cat: Catalogue) -> None:
    galaxy, falcon = cat.get("Galaxy"), cat.get("Falcon")
    assert galaxy is not None and (galaxy.id, galaxy.coins, len(galaxy.seen_in)) == (11046, 1000, 3)
    assert falcon is not None and (falcon.id, falcon.coins, falcon.regions) == (6271, 10999, ("ID",))
    assert cat.get("Lion").source == "tiktok-gift-list-2026"  # type: ignore[union-attr]
    yacht = cat.get("Yacht")  # no 2026 panel lists it: kept from the 2024 list, marked as such
    assert yacht is not None and yacht.seen_in == () and yacht.source == "tiktok-gift-list"


def test_tiktok_universe_current_and_alternative(cat: Catalogue) -> None:
    universe = cat.get("TikTok Universe")
    assert universe is not None
    assert (universe.coins, universe.id) == (44999, 9101)
    assert [(g.coins, g.id) for g in cat.alternatives(universe)] == [(44999, 9072), (34999, 6038)]
    plus = cat.get("tiktok universe+")
    assert plus is not None and plus.coins == 34999 and plus is not universe


def test_same_name_groups_have_exactly_one_current(cat: Catalogue) -> None:
    groups: dict[str, list[bool]] = {}
    for gift in cat.all_versions:
        groups.setdefault(gift.name.casefold(), []).append(gift.current)
    assert all(flags.count(True) == 1 for flags in groups.values())
    duplicated = {name for name, flags in groups.items() if len(flags) > 1}
    assert {
        "heart",
        "love you",
        "gift box",
        "star throne",
        "yacht",
        "tiktok universe",
        "motorcycle",
    } <= duplicated
    motorcycle = cat.get("motorcycle")  # 2,988 in every panel; 499 in Taiwan's only
    assert motorcycle is not None and motorcycle.coins == 2988
    assert [(g.coins, g.regions) for g in cat.versions_on_sale(motorcycle)] == [(499, ("TW",))]
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
        ("roses", "Roses"),  # an exact name wins in a look-up (the parser asks when it is unclear)
        ("rose", "Rose"),
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
    assert cat.search("falcn")[0].name == "Falcon"  # fuzzy (rapidfuzz)
    assert cat.search("rose")[0].name == "Rose"
    assert cat.search("glaxy")[0].name == "Galaxy"  # fuzzy
    assert [g.name for g in cat.search("univ")] == ["TikTok Universe+", "TikTok Universe"]  # ties: coins
    names = [g.name for g in cat.search("heart")]
    assert names[:5] == [
        "Heart",
        "Heart Me",
        "Heart Gaze",
        "Heart Hood",
        "Hearts",
    ]  # exact, then prefix by coins
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
    assert set(document) == {"catalogue_date", "panels", "source", "gifts"}
    gifts = document["gifts"]
    keys = {
        "id",
        "name",
        "coins",
        "streakable",
        "seen_in",
        "last_seen",
        "price_history",
        "image",
        "source",
        "current",
    }
    assert all(set(g) == keys for g in gifts)
    assert [g["coins"] for g in gifts] == sorted(g["coins"] for g in gifts)


def test_every_shipped_gift_matches_the_source_lists() -> None:
    panels, history = shared_lists()
    by_id_2026 = {int(g["id"]): g for g in panels["gifts"]}
    by_id_2024 = {int(g["id"]): g for g in history["gifts"]}
    shipped = json.loads(GIFTS_JSON.read_text(encoding="utf-8"))["gifts"]
    assert {g["id"] for g in shipped} == set(by_id_2026) | set(by_id_2024)
    for gift in shipped:
        new, old = by_id_2026.get(gift["id"]), by_id_2024.get(gift["id"])
        source = new or old
        assert source is not None
        assert gift["name"] == " ".join(source["name"].split()), gift
        assert gift["coins"] == source["coins"], gift
        if new is not None:
            assert gift["seen_in"] == sorted(new["seen_in"]) and gift["source"] == "tiktok-gift-list-2026"
        else:
            assert gift["seen_in"] == [] and gift["last_seen"] == old["last_seen"]  # type: ignore[index]
        if old is not None:
            assert [list(p) for p in old["price_history"]] == gift["price_history"][
                : len(old["price_history"])
            ]
            assert gift["streakable"] == old["streakable"]
        else:
            assert gift["streakable"] is None  # the 2026 panels do not record it


def test_build_script_reproduces_committed_file(tmp_path: Path) -> None:
    shared_lists()
    spec = importlib.util.spec_from_file_location(
        "build_gift_catalogue", REPO_ROOT / "scripts" / "build_gift_catalogue.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "gifts.json"
    args = ["--panels", str(SHARED_PANELS), "--history", str(SHARED_GIFT_LIST), "--output", str(out)]
    assert module.main(args) == 0
    assert out.read_bytes() == GIFTS_JSON.read_bytes()
    assert module.main(args) == 0
    assert out.read_bytes() == GIFTS_JSON.read_bytes()  # deterministic


def test_build_script_writes_to_the_paths_module_by_default() -> None:
    spec = importlib.util.spec_from_file_location(
        "build_gift_catalogue_defaults", REPO_ROOT / "scripts" / "build_gift_catalogue.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.GIFTS_FILE == GIFTS_FILE


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
