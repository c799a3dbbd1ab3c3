"""Read money amounts the way people type them: ``1,000.50``, ``1.000,50``, ``50k``, ``$500``, ``500 €``.

Pure domain code. :func:`parse_amount` returns the exact Decimal and, when the text
could be read two ways (``1.000`` is one thousand in Germany and one in the US), a
sentence saying how it was read, so an answer can never be silently 1,000× off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from bot.core.errors import InvalidInput

MAX_AMOUNT_TEXT = 30

# Symbols people type before or after an amount, and the currency each most often means.
SYMBOLS: dict[str, str] = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "₱": "PHP"}
_SUFFIXES: dict[str, int] = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000, "bn": 1_000_000_000}
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f']+")
_AMOUNT = re.compile(
    r"^(?P<pre>[^\d\s.,+-]{1,3})?\s*(?P<sign>[+-])?\s*(?P<pre2>[^\d\s.,+-]{1,3})?\s*"
    r"(?P<num>\d[\d.,\s\u00a0\u2009\u202f']*)\s*(?P<suffix>k|m|bn|b)?\s*(?P<post>[^\d\s.,]{1,3})?$",
    re.IGNORECASE,
)
_EXAMPLE = "e.g. 100, 1,000.50, 50k or $500"


@dataclass(frozen=True, slots=True)
class Amount:
    """An amount as typed: its value, the currency it named (if any) and how it was read."""

    value: Decimal
    currency: str | None
    note: str | None = None
    """Set when the text was ambiguous: e.g. "Read “1.000” as 1,000 (dot as thousands separator)."."""


def _currency(token: str | None, known: frozenset[str]) -> str | None:
    if not token:
        return None
    if token in SYMBOLS:
        return SYMBOLS[token]
    code = token.upper()
    if code in known:
        return code
    raise InvalidInput(f"Write the amount as a number with an optional currency, {_EXAMPLE}.")


def _number(digits: str) -> tuple[Decimal, str | None]:
    """The value of ``digits`` (separators as typed) and a note when it was ambiguous."""
    compact = _SPACES.sub(" ", digits.strip())
    grouped_by_space = " " in compact
    text = compact.replace(" ", "")
    if grouped_by_space and not re.fullmatch(r"\d{1,3}( \d{3})+([.,]\d+)?", compact):
        raise InvalidInput(f"Write the amount as one number, {_EXAMPLE}.")
    dots, commas = text.count("."), text.count(",")
    note = None
    if dots and commas:
        decimal_mark = "." if text.rfind(".") > text.rfind(",") else ","
        group_mark = "," if decimal_mark == "." else "."
        whole, _, fraction = text.rpartition(decimal_mark)
        if decimal_mark in whole or not re.fullmatch(rf"\d{{1,3}}(\{group_mark}\d{{3}})*", whole):
            raise InvalidInput(f"Write the amount as one number, {_EXAMPLE}.")
        text = whole.replace(group_mark, "") + "." + fraction
    elif dots > 1 or commas > 1:
        mark = "." if dots else ","
        if not re.fullmatch(rf"\d{{1,3}}(\{mark}\d{{3}})+", text):
            raise InvalidInput(f"Write the amount as one number, {_EXAMPLE}.")
        text = text.replace(mark, "")
    elif dots or commas:
        mark = "." if dots else ","
        whole, _, fraction = text.partition(mark)
        if len(fraction) == 3 and not grouped_by_space and whole != "0" and 1 <= len(whole) <= 3:
            # 1.000 / 1,000: a thousands separator in most places, a decimal mark in others.
            value = Decimal(whole + fraction)
            other = Decimal(whole + "." + fraction).normalize()
            note = (
                f"Read “{digits.strip()}” as {value:,} (the {'dot' if mark == '.' else 'comma'} as a thousands "
                f"separator); if you meant {other:f}, write {other:f}."
            )
            return value, note
        text = whole + "." + fraction
    try:
        return Decimal(text), note
    except InvalidOperation:
        raise InvalidInput(f"Write the amount as one number, {_EXAMPLE}.") from None


def parse_amount(text: str, known_currencies: frozenset[str] = frozenset()) -> Amount:
    """Parse what a member typed as an amount; raises InvalidInput with what to write instead."""
    raw = (text or "").strip()
    if not raw:
        raise InvalidInput(f"Type an amount, {_EXAMPLE}.")
    if len(raw) > MAX_AMOUNT_TEXT:
        raise InvalidInput(f"Keep the amount under {MAX_AMOUNT_TEXT} characters, {_EXAMPLE}.")
    # "500USD", "USD500", "500 usd": put a space between letters and digits so the regex sees both parts.
    spaced = re.sub(r"(?<=\d)(?=[A-Za-z]{3}\b)|(?<=\b[A-Za-z]{3})(?=\d)", " ", raw)
    match = _AMOUNT.match(spaced)
    if match is None:
        raise InvalidInput(f"Write the amount as a number, {_EXAMPLE}.")
    pre = match.group("pre") or match.group("pre2")
    if match.group("pre") and match.group("pre2"):
        raise InvalidInput(f"Write the amount as a number, {_EXAMPLE}.")
    post = match.group("post")
    if pre and post:
        raise InvalidInput(f"Name the currency once, {_EXAMPLE}.")
    currency = _currency(pre or post, known_currencies)
    value, note = _number(match.group("num"))
    suffix = (match.group("suffix") or "").lower()
    if suffix:
        value *= _SUFFIXES[suffix]
    if match.group("sign") == "-":
        value = -value
    return Amount(value, currency, note)
