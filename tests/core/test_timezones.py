"""Time-zone resolution and autocomplete ranking."""

from __future__ import annotations

import time as _time
from zoneinfo import ZoneInfo

import pytest

from bot.core.errors import InvalidInput
from bot.core.timezones import POPULAR_ZONES, resolve_zone, search_zones


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("America/New_York", "America/New_York"),
        ("america/new_york", "America/New_York"),
        ("  America/New York ", "America/New_York"),
        ("EUROPE/LONDON", "Europe/London"),
        ("UTC", "UTC"),
        ("utc", "UTC"),
        ("GMT", "UTC"),
        ("Z", "UTC"),
        ("EST", "America/New_York"),
        ("pdt", "America/Los_Angeles"),
        ("CET", "Europe/Paris"),
        ("AEST", "Australia/Sydney"),
        ("BST", "Europe/London"),
        ("London", "Europe/London"),
        ("new york", "America/New_York"),
        ("US/Eastern", "US/Eastern"),
        ("Asia/Kolkata", "Asia/Kolkata"),
    ],
)
def test_resolve(name: str, expected: str) -> None:
    assert resolve_zone(name) == expected
    ZoneInfo(expected)  # always loadable


def test_unknown_zone_suggests_close_matches() -> None:
    with pytest.raises(InvalidInput) as exc:
        resolve_zone("Europe/Lundon")
    msg = exc.value.message
    assert "Europe/London" in msg
    assert msg.count("/") <= 3 and msg.endswith("?")


@pytest.mark.parametrize("name", ["", "   ", "Mars/Olympus_Mons", "xyzzy", "IST", "localtime"])
def test_rejects(name: str) -> None:
    with pytest.raises(InvalidInput):
        resolve_zone(name)


def test_ambiguous_abbreviation_lists_options() -> None:
    with pytest.raises(InvalidInput) as exc:
        resolve_zone("ist")
    assert "Asia/Kolkata" in exc.value.message


def test_search_ranking() -> None:
    assert search_zones("")[:3] == list(POPULAR_ZONES[:3])
    assert search_zones("", limit=5) == list(POPULAR_ZONES[:5])
    assert search_zones("Europe/London")[0] == "Europe/London"
    assert search_zones("lon")[0] == "Europe/London"  # city prefix beats substring
    assert search_zones("new y")[0] == "America/New_York"
    assert search_zones("est")[0] == "America/New_York"  # alias first
    assert search_zones("america/")[:4] == [
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Los_Angeles",
    ]
    got = search_zones("syd")
    assert got[0] == "Australia/Sydney"
    assert search_zones("qqqq") == []
    assert len(search_zones("a", limit=25)) == 25
    assert all("/" in z or z == "UTC" for z in search_zones("e", limit=200))


def test_search_is_fast() -> None:
    start = _time.perf_counter()
    for q in ("a", "new", "europe/", "sao", "x") * 20:
        search_zones(q)
    per_call = (_time.perf_counter() - start) / 100
    assert per_call < 0.001


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("São Paulo", "America/Sao_Paulo"),
        ("Bogotá", "America/Bogota"),
        ("Ciudad de México", "America/Mexico_City"),
        ("İstanbul", "Europe/Istanbul"),  # Turkish capital İ; Europe/, not the Asia/ link
        ("istanbul", "Europe/Istanbul"),
        ("Hồ Chí Minh", "Asia/Ho_Chi_Minh"),
        ("Sài Gòn", "Asia/Ho_Chi_Minh"),
        ("München", "Europe/Berlin"),
        ("Zürich", "Europe/Zurich"),
        ("Bali", "Asia/Makassar"),
    ],
)
def test_cities_as_the_creators_languages_write_them(typed: str, zone: str) -> None:
    assert resolve_zone(typed) == zone


def test_autocomplete_ignores_accents() -> None:
    assert search_zones("São", 3)[0] == "America/Sao_Paulo"
    assert search_zones("Bogotá", 3) == ["America/Bogota"]
