"""Parse free-text gift lists such as ``2 lions, 100 roses, galaxy x5, 3×Rose``.

Grammar (case-insensitive):

* Items are separated by commas, semicolons or new lines.
* An item is a gift name with an optional count: ``2 lions``, ``2x lion``, ``5 x rose``,
  ``3×Rose``, ``galaxy x5``, ``Lion*2``, ``lion 2`` or just ``lion`` (count 1).
  Plurals are accepted (``roses``, ``tiktok universes``), but an exact gift name wins
  (``hearts`` is the gift *Hearts*), and a whole item that is a gift name is read as
  that gift (``2024 glasses`` is one *2024 Glasses*, ``2 2024`` is two *2024*).
* Counts are whole numbers; ``1k`` = 1,000, ``2m`` = 2,000,000 and ``1.5k`` = 1,500;
  ``1_000`` is allowed. Because commas separate items, ``1,000`` is read as one
  thousand only where it is clearly a count: at the start of an item followed by a
  name (``1,000 roses``), or after ``x``/``×``/``*`` at the end of an item
  (``rose x1,000``). Spaces inside numbers (``1 000``) are not supported.
* The same gift on several items is merged into one line (first position kept), so
  the total is always the sum of the parts and each gift appears once.

Every failure raises :class:`bot.core.errors.InvalidInput` with one sentence saying what to do.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from bot.core.errors import InvalidInput
from bot.money.model.catalogue import Catalogue, Gift
from bot.money.model.economy import MAX_GIFT_COUNT, MAX_GIFT_LINES, GiftLine, check_count

MAX_TEXT_LENGTH = 2000
"""Longest gift list accepted (Discord's message limit is 2,000 characters for most users)."""

_SHOWN_NAME_LENGTH = 40
_NUM = r"[+-]?\d[\d_]*(?:\.\d+)?(?:[kKmM](?![^\W\d_]))?"
_MUL = r"[xX×*]"
_SEPARATORS = re.compile(r"[,;\n\r]+")
_LEADING_THOUSANDS = re.compile(r"(^|[,;\n\r])(\s*)([+-]?\d{1,3}(?:,\d{3})+)(?=\s*[^\W\d_,;])")
_TRAILING_THOUSANDS = re.compile(r"(" + _MUL + r"\s*)(\d{1,3}(?:,\d{3})+)(?=\s*(?:[;\n\r]|,(?!\d{3})|$))")
_LEADING = re.compile(rf"^(?P<n>{_NUM})\s*(?P<mul>{_MUL}\s*)?(?P<name>.*?)$", re.DOTALL)
_TRAILING_MUL = re.compile(rf"^(?P<name>.*?)\s*{_MUL}\s*(?P<n>{_NUM})$", re.DOTALL)
_TRAILING_BARE = re.compile(rf"^(?P<name>.*?)\s+(?P<n>{_NUM})$", re.DOTALL)
_MUL_FIRST = re.compile(rf"^{_MUL}\s*(?P<n>{_NUM})\s+(?P<name>.+)$", re.DOTALL)
_ONLY_NUMBER = re.compile(rf"^(?:{_MUL}\s*)?{_NUM}(?:\s*{_MUL})?$")
_SUFFIX = {"k": 1_000, "m": 1_000_000}


def _join_thousands(text: str) -> str:
    text = _LEADING_THOUSANDS.sub(lambda m: m.group(1) + m.group(2) + m.group(3).replace(",", ""), text)
    return _TRAILING_THOUSANDS.sub(lambda m: m.group(1) + m.group(2).replace(",", ""), text)


def _shown(name: str) -> str:
    name = " ".join(name.split())
    return name if len(name) <= _SHOWN_NAME_LENGTH else name[: _SHOWN_NAME_LENGTH - 1] + "…"


def parse_count(token: str, gift_name: str) -> int:
    """Turn ``"100"``, ``"1_000"``, ``"1k"``, ``"1.5k"`` into an int within 1..MAX_GIFT_COUNT."""
    raw = token.strip().replace("_", "")
    multiplier = 1
    if raw and raw[-1].lower() in _SUFFIX:
        multiplier = _SUFFIX[raw[-1].lower()]
        raw = raw[:-1]
    digits = raw.lstrip("+-").split(".")[0]
    if len(digits) > 15:  # far above any cap; avoid huge ints
        raise InvalidInput(f"Use a count of at most {MAX_GIFT_COUNT:,} for {gift_name} on one line.")
    try:
        value = Decimal(raw) * multiplier
    except InvalidOperation:
        raise InvalidInput(f"Write the count for {gift_name} as a whole number, e.g. 5.") from None
    if value != value.to_integral_value():
        raise InvalidInput(f"Use a whole number for the count of {gift_name}, e.g. 5.")
    return check_count(int(value), MAX_GIFT_COUNT, f"{gift_name} on one line")


def _candidates(item: str) -> list[tuple[str, str | None]]:
    """Readings of one item as (name, count token or None), most literal first."""
    found: list[tuple[str, str | None]] = [(item, None)]
    for pattern in (_LEADING, _TRAILING_MUL, _MUL_FIRST, _TRAILING_BARE):
        match = pattern.match(item)
        if match and match.group("name").strip():
            found.append((match.group("name").strip(), match.group("n")))
    leading = _LEADING.match(item)
    if leading and leading.group("mul"):  # "2 xmas tree": the x may belong to the name
        rest = item[leading.end("n") :].strip()
        if rest:
            found.append((rest, leading.group("n")))
    return found


def _unknown(name: str, catalogue: Catalogue) -> InvalidInput:
    shown = _shown(name)
    closest = catalogue.closest(name[:80], 3)
    if closest:
        hint = ", ".join(f"{g.name} ({g.coins:,} coins)" for g in closest)
        return InvalidInput(
            f"I don't know the gift “{shown}”. Closest: {hint}. Check the spelling or use /gift list."
        )
    return InvalidInput(f"I don't know the gift “{shown}”. Check the spelling or use /gift list.")


def _parse_item(item: str, catalogue: Catalogue) -> tuple[Gift, int]:
    if _ONLY_NUMBER.match(item) and catalogue.get(item) is None:
        number = re.search(r"\d[\d_.]*[kKmM]?", item)
        example = number.group(0) if number else "5"
        raise InvalidInput(f"Add a gift name to “{_shown(item)}”, e.g. “{_shown(example)} roses”.")
    candidates = _candidates(item)
    for name, token in candidates:
        gift = catalogue.get(name)
        if gift is not None:
            return gift, 1 if token is None else parse_count(token, gift.name)
    # Report the name without its count when a count was recognised.
    name = candidates[1][0] if len(candidates) > 1 else item
    raise _unknown(name, catalogue)


def parse_gift_text(text: str, catalogue: Catalogue) -> list[GiftLine]:
    """Parse a gift list into merged :class:`GiftLine` items (order of first mention)."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput("Type at least one gift, e.g. “2 lions, 100 roses”.")
    if len(text) > MAX_TEXT_LENGTH:
        raise InvalidInput(f"Keep the gift list under {MAX_TEXT_LENGTH:,} characters.")
    items = [part.strip() for part in _SEPARATORS.split(_join_thousands(text))]
    items = [item for item in items if item]
    if not items:
        raise InvalidInput("Type at least one gift, e.g. “2 lions, 100 roses”.")
    if len(items) > MAX_GIFT_LINES:
        raise InvalidInput(
            f"List at most {MAX_GIFT_LINES} gifts at once; split the rest into another request."
        )
    counts: dict[Gift, int] = {}
    for item in items:
        gift, count = _parse_item(item, catalogue)
        counts[gift] = counts.get(gift, 0) + count
    return [
        GiftLine(gift, check_count(count, MAX_GIFT_COUNT, f"{gift.name} in total"))
        for gift, count in counts.items()
    ]
