"""IANA time-zone names: validation for reminder settings and ranked autocomplete.

Policy for :func:`resolve_zone`:

* Any name from ``zoneinfo.available_timezones()`` is accepted case-insensitively; spaces may stand
  for underscores ("america/new york"). The canonical spelling is returned ("America/New_York").
* "UTC", "GMT", "Z", "Zulu", "UCT", "Universal" and "Etc/UTC" resolve to "UTC".
* North American, UK, central European and Australian abbreviations resolve to a city zone that
  follows daylight saving, because that is what people mean when they type them all year:
  EST/EDT/ET/Eastern -> America/New_York, CST/CDT/CT/Central -> America/Chicago, MST/MDT/MT/Mountain
  -> America/Denver, PST/PDT/PT/Pacific -> America/Los_Angeles, AKST/AKDT -> America/Anchorage,
  HST -> Pacific/Honolulu, BST -> Europe/London, CET/CEST -> Europe/Paris, EET/EEST -> Europe/Athens,
  AEST/AEDT -> Australia/Sydney, JST -> Asia/Tokyo. (tzdb's own "EST"/"MST"/"HST" are fixed offsets
  without DST, a trap for reminders.) "IST" is ambiguous (India, Ireland, Israel) and is rejected with
  suggestions.
* A bare city ("london", "new york") resolves when exactly one canonical zone ends with it.
* Anything else raises :class:`InvalidInput` naming up to three close matches (difflib).
"""

from __future__ import annotations

import difflib
import unicodedata
from zoneinfo import available_timezones

from bot.core.errors import InvalidInput
from bot.i18n import _

__all__ = ["ALIASES", "POPULAR_ZONES", "resolve_zone", "search_zones"]

ALIASES: dict[str, str] = {
    "utc": "UTC",
    "gmt": "UTC",
    "z": "UTC",
    "zulu": "UTC",
    "uct": "UTC",
    "universal": "UTC",
    "etc/utc": "UTC",
    "est": "America/New_York",
    "edt": "America/New_York",
    "et": "America/New_York",
    "eastern": "America/New_York",
    "cst": "America/Chicago",
    "cdt": "America/Chicago",
    "ct": "America/Chicago",
    "central": "America/Chicago",
    "mst": "America/Denver",
    "mdt": "America/Denver",
    "mt": "America/Denver",
    "mountain": "America/Denver",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "pt": "America/Los_Angeles",
    "pacific": "America/Los_Angeles",
    "akst": "America/Anchorage",
    "akdt": "America/Anchorage",
    "hst": "Pacific/Honolulu",
    "bst": "Europe/London",
    "cet": "Europe/Paris",
    "cest": "Europe/Paris",
    "eet": "Europe/Athens",
    "eest": "Europe/Athens",
    "aest": "Australia/Sydney",
    "aedt": "Australia/Sydney",
    "jst": "Asia/Tokyo",
}

_AMBIGUOUS: dict[str, tuple[str, ...]] = {
    "ist": ("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"),
}

POPULAR_ZONES: tuple[str, ...] = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Toronto",
    "America/Mexico_City",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Istanbul",
    "Africa/Lagos",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Jakarta",
    "Asia/Manila",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
    "UTC",
)

_CANONICAL_AREAS = (
    "Africa/",
    "America/",
    "Antarctica/",
    "Arctic/",
    "Asia/",
    "Atlantic/",
    "Australia/",
    "Europe/",
    "Indian/",
    "Pacific/",
)
_EXCLUDED = {"localtime", "Factory"}

_ALL: frozenset[str] = frozenset(z for z in available_timezones() if z not in _EXCLUDED)
_BY_LOWER: dict[str, str] = {z.lower(): z for z in _ALL}
# Autocomplete offers canonical "Area/City" names (plus UTC), not legacy links like US/Eastern.
_SEARCHABLE: tuple[str, ...] = (*sorted(z for z in _ALL if z.startswith(_CANONICAL_AREAS)), "UTC")
_POPULAR_RANK: dict[str, int] = {z: i for i, z in enumerate(POPULAR_ZONES)}
# (name, lower-case full name, lower-case city part with spaces)
_INDEX: tuple[tuple[str, str, str], ...] = tuple(
    (z, z.lower(), z.rsplit("/", 1)[-1].lower().replace("_", " ")) for z in _SEARCHABLE
)
_BY_CITY: dict[str, list[str]] = {}
for _name, _low, _city in _INDEX:
    _BY_CITY.setdefault(_city, []).append(_name)
_SUGGEST_POOL: tuple[str, ...] = tuple(_BY_LOWER) + tuple(ALIASES)


# Cities as the creators' languages write them, and big cities that are no zone's name (exact input only).
LOCAL_NAMES: dict[str, str] = {
    "cdmx": "America/Mexico_City",
    "ciudad de mexico": "America/Mexico_City",
    "guadalajara": "America/Mexico_City",
    "monterrey": "America/Monterrey",
    "rio de janeiro": "America/Sao_Paulo",
    "rio": "America/Sao_Paulo",
    "brasilia": "America/Sao_Paulo",
    "belo horizonte": "America/Sao_Paulo",
    "barcelona": "Europe/Madrid",
    "sevilla": "Europe/Madrid",
    "valencia": "Europe/Madrid",
    "lisboa": "Europe/Lisbon",
    "munchen": "Europe/Berlin",
    "munich": "Europe/Berlin",
    "hamburg": "Europe/Berlin",
    "koln": "Europe/Berlin",
    "cologne": "Europe/Berlin",
    "frankfurt": "Europe/Berlin",
    "wien": "Europe/Vienna",
    "geneve": "Europe/Zurich",
    "geneva": "Europe/Zurich",
    "bruxelles": "Europe/Brussels",
    "marseille": "Europe/Paris",
    "lyon": "Europe/Paris",
    "montreal": "America/Toronto",
    "estambul": "Europe/Istanbul",
    "ankara": "Europe/Istanbul",
    "izmir": "Europe/Istanbul",
    "surabaya": "Asia/Jakarta",
    "bandung": "Asia/Jakarta",
    "medan": "Asia/Jakarta",
    "bali": "Asia/Makassar",
    "denpasar": "Asia/Makassar",
    "saigon": "Asia/Ho_Chi_Minh",
    "sai gon": "Asia/Ho_Chi_Minh",
    "tp hcm": "Asia/Ho_Chi_Minh",
    "tphcm": "Asia/Ho_Chi_Minh",
    "hcm": "Asia/Ho_Chi_Minh",
    "hanoi": "Asia/Ho_Chi_Minh",
    "ha noi": "Asia/Ho_Chi_Minh",
    "da nang": "Asia/Ho_Chi_Minh",
}


def _norm(text: str) -> str:
    """Lower-case, single-spaced and without accents: ``São Paulo`` → ``sao paulo``, ``İstanbul`` → ``istanbul``."""
    text = " ".join(text.strip().split()).lower().replace("ı", "i").replace("đ", "d")
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def resolve_zone(name: str) -> str:
    """Validate a time-zone name or alias and return its canonical IANA spelling."""
    q = _norm(name)
    if not q:
        raise InvalidInput(_("Pick a time zone such as America/New_York or Europe/London."))
    if q in ALIASES:
        return ALIASES[q]
    key = q.replace(" ", "_")
    if key in _BY_LOWER:
        return _BY_LOWER[key]
    city = q.replace("_", " ")
    found = _BY_CITY.get(city, [])
    popular = [zone for zone in found if zone in _POPULAR_RANK]
    if len(found) == 1 or len(popular) == 1:  # "istanbul": Europe/Istanbul, not its Asia/ link
        return found[0] if len(found) == 1 else popular[0]
    if city in LOCAL_NAMES:
        return LOCAL_NAMES[city]
    if q in _AMBIGUOUS:
        options = ", ".join(_AMBIGUOUS[q])
        raise InvalidInput(
            _("{zone} is ambiguous; pick one of {options}.", zone=name.strip(), options=options)
        )
    close = difflib.get_close_matches(key, _SUGGEST_POOL, n=3, cutoff=0.6)
    suggestions = list(dict.fromkeys(ALIASES.get(c, _BY_LOWER.get(c, c)) for c in close))
    suggestions += [z for z in search_zones(q, 3) if z not in suggestions]
    if suggestions:
        options = ", ".join(suggestions[:3])
        raise InvalidInput(_("Unknown time zone; did you mean {options}?", options=options))
    raise InvalidInput(_("Unknown time zone; pick one from the list, e.g. America/New_York."))


def search_zones(query: str, limit: int = 25) -> list[str]:
    """Autocomplete choices: exact, then city-prefix, then name-prefix, then substring matches.

    Spaces match underscores; ties go to popular zones first, then alphabetical. An empty query
    returns the popular list; aliases such as "est" put their zone first.
    """
    q = _norm(query)
    if limit <= 0:
        return []
    if not q:
        return list(POPULAR_ZONES[:limit])
    q_name = q.replace(" ", "_")
    q_city = q.replace("_", " ")
    ranked: list[tuple[int, int, str]] = []
    alias = ALIASES.get(q)
    for name, low, city in _INDEX:
        if low == q_name or city == q_city or name == alias:
            tier = 0
        elif city.startswith(q_city):
            tier = 1
        elif low.startswith(q_name):
            tier = 2
        elif q_name in low or q_city in city:
            tier = 3
        else:
            continue
        ranked.append((tier, _POPULAR_RANK.get(name, len(POPULAR_ZONES)), name))
    ranked.sort()
    return [name for _, _, name in ranked[:limit]]
