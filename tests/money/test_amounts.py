"""Amounts in the formats people type (/estimate target)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.core.errors import InvalidInput
from bot.money.model.amounts import parse_amount
from bot.money.model.economy import load_currencies

CODES = frozenset(load_currencies())


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("100", "100", None),
        ("1,000.50", "1000.50", None),
        ("1.000,50", "1000.50", None),
        ("1 000,50", "1000.50", None),
        ("1\u202f000,50", "1000.50", None),  # a narrow no-break space, as phones insert
        ("50k", "50000", None),
        ("1.2m", "1200000", None),
        ("$500", "500", "USD"),
        ("500 USD", "500", "USD"),
        ("500usd", "500", "USD"),
        ("€500", "500", "EUR"),
        ("500 €", "500", "EUR"),
        ("2,50 €", "2.50", "EUR"),
        ("0.01", "0.01", None),
        ("0,005", "0.005", None),
        ("1,000,000", "1000000", None),
        ("1.000.000", "1000000", None),
    ],
)
def test_formats_people_type(text: str, value: str, currency: str | None) -> None:
    amount = parse_amount(text, CODES)
    assert amount.value == Decimal(value)
    assert amount.currency == currency
    assert amount.note is None


@pytest.mark.parametrize(("text", "value"), [("1.000", 1000), ("1,000", 1000), ("2.500", 2500)])
def test_ambiguous_thousands_are_read_and_said(text: str, value: int) -> None:
    amount = parse_amount(text, CODES)
    assert amount.value == value
    assert amount.note is not None and f"Read “{text}” as {value:,}" in amount.note


@pytest.mark.parametrize("text", ["", "abc", "12abc", "1.2.3", "1,00,0", "$500 €", "1 2 3", "x" * 40])
def test_nonsense_is_one_sentence(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_amount(text, CODES)
    assert info.value.message.endswith(".") and "\n" not in info.value.message
