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
from bot.core.format import count, decimal_symbols
from bot.i18n import _
from bot.i18n.context import current

MAX_AMOUNT_TEXT = 30

# Symbols people type before or after an amount, and the currency each most often means.
SYMBOLS: dict[str, str] = {
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₩": "KRW",
    "₱": "PHP",
    "R$": "BRL",
    "Rp": "IDR",
    "₺": "TRY",
    "₫": "VND",
}
_SUFFIXES: dict[str, int] = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000, "bn": 1_000_000_000}
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f']+")
_AMOUNT = re.compile(
    r"^(?P<pre>[^\d\s.,+-]{1,3})?\s*(?P<sign>[+-])?\s*(?P<pre2>[^\d\s.,+-]{1,3})?\s*"
    r"(?P<num>\d[\d.,\s\u00a0\u2009\u202f']*)\s*(?P<suffix>k|m|bn|b)?\s*(?P<post>[^\d\s.,]{1,3})?$",
    re.IGNORECASE,
)


def _example() -> str:
    """Examples written the member's way: ``1,000.50`` in English, ``1.000,50`` in de and pt-BR."""
    mark, group = decimal_symbols()
    if group.strip() == "":
        group = " "
    thousand = "1" + group + "000" + mark + "50"
    return _("e.g. {a}, {b}, {c} or {d}", a="100", b=thousand, c="50k", d="$500")


def _one_number() -> InvalidInput:
    return InvalidInput(_("Write the amount as one number, {example}.", example=_example()))


def _a_number() -> InvalidInput:
    return InvalidInput(_("Write the amount as a number, {example}.", example=_example()))


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
    raise InvalidInput(
        _("Write the amount as a number with an optional currency, {example}.", example=_example())
    )


def _number(digits: str, locale: str) -> tuple[Decimal, str | None]:
    """The value of ``digits`` (separators as typed) and a note when it was ambiguous.

    ``1.000,50`` and ``1,000.50`` are unambiguous anywhere. A lone mark before three digits
    (``1.000``, ``1,500``) is read the member's way: in a locale whose decimal mark it is
    (``,`` in de, pt-BR, fr …) as decimals, where it groups thousands (``.`` in de) as
    thousands with no note, and elsewhere (English) as thousands with a note.
    """
    compact = _SPACES.sub(" ", digits.strip())
    grouped_by_space = " " in compact
    text = compact.replace(" ", "")
    if grouped_by_space and not re.fullmatch(r"\d{1,3}( \d{3})+([.,]\d+)?", compact):
        raise _one_number()
    dots, commas = text.count("."), text.count(",")
    note = None
    if dots and commas:
        decimal_mark = "." if text.rfind(".") > text.rfind(",") else ","
        group_mark = "," if decimal_mark == "." else "."
        whole, _mark, fraction = text.rpartition(decimal_mark)
        if decimal_mark in whole or not re.fullmatch(rf"\d{{1,3}}(\{group_mark}\d{{3}})*", whole):
            raise _one_number()
        text = whole.replace(group_mark, "") + "." + fraction
    elif dots > 1 or commas > 1:
        mark = "." if dots else ","
        if not re.fullmatch(rf"\d{{1,3}}(\{mark}\d{{3}})+", text):
            raise _one_number()
        text = text.replace(mark, "")
    elif dots or commas:
        mark = "." if dots else ","
        whole, _mark, fraction = text.partition(mark)
        if len(fraction) == 3 and not grouped_by_space and whole != "0" and 1 <= len(whole) <= 3:
            # 1.000 / 1,000: a thousands separator in most places, a decimal mark in others.
            thousands = Decimal(whole + fraction)
            decimals = Decimal(whole + "." + fraction).normalize()
            own_decimal, own_group = decimal_symbols(locale)
            if locale != "en" and mark == own_group:
                return thousands, None  # the member's own thousands separator: 1.000 in de
            if locale != "en" and mark == own_decimal:
                return decimals, _(
                    "Read “{typed}” as {value}; if you meant {other}, write {other_typed}.",
                    typed=digits.strip(),
                    value=_decimal_text(decimals),
                    other=count(thousands),
                    other_typed=whole + (own_group if own_group.strip() else "") + fraction,
                )
            mark_name = _("the dot") if mark == "." else _("the comma")
            note = _(
                "Read “{typed}” as {value} ({mark} as a thousands separator); if you meant {other}, "
                "write {other}.",
                typed=digits.strip(),
                value=count(thousands),
                mark=mark_name,
                other=format(decimals, "f"),
            )
            return thousands, note
        text = whole + "." + fraction
    try:
        return Decimal(text), note
    except InvalidOperation:
        raise _one_number() from None


def _decimal_text(value: Decimal) -> str:
    mark, _group = decimal_symbols()
    return f"{value:f}".replace(".", mark)


def parse_amount(
    text: str, known_currencies: frozenset[str] = frozenset(), locale: str | None = None
) -> Amount:
    """Parse what a member typed as an amount; raises InvalidInput with what to write instead.

    ``locale`` (default: the answer's locale) decides how a lone ``1.000`` or ``1,500`` reads.
    """
    where = current() if locale is None else locale
    raw = (text or "").strip()
    if not raw:
        raise InvalidInput(_("Type an amount, {example}.", example=_example()))
    if len(raw) > MAX_AMOUNT_TEXT:
        raise InvalidInput(
            _(
                "Keep the amount under {limit} characters, {example}.",
                limit=MAX_AMOUNT_TEXT,
                example=_example(),
            )
        )
    # "500USD", "USD500", "500 usd": put a space between letters and digits so the regex sees both parts.
    spaced = re.sub(r"(?<=\d)(?=[A-Za-z]{3}\b)|(?<=\b[A-Za-z]{3})(?=\d)", " ", raw)
    match = _AMOUNT.match(spaced)
    if match is None:
        raise _a_number()
    pre = match.group("pre") or match.group("pre2")
    if match.group("pre") and match.group("pre2"):
        raise _a_number()
    post = match.group("post")
    if pre and post:
        raise InvalidInput(_("Name the currency once, {example}.", example=_example()))
    currency = _currency(pre or post, known_currencies)
    value, note = _number(match.group("num"), where)
    suffix = (match.group("suffix") or "").lower()
    if suffix:
        value *= _SUFFIXES[suffix]
    if match.group("sign") == "-":
        value = -value
    return Amount(value, currency, note)
