"""The one set of figure formatters: every rule, its edges and the issue's examples."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.core import format as fmt


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (7, "7"),
        (1234, "1,234"),
        (159063, "159,063"),
        (Decimal("6341.4"), "6,341"),
        (Decimal("2.5"), "3"),
        (-1200, "-1,200"),
        (None, "–"),
    ],
)
def test_count_is_whole_with_separators(value: object, text: str) -> None:
    assert fmt.count(value) == text  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("103.5"), "103.5"),
        (Decimal("97.0"), "97"),
        (Decimal("2.00"), "2"),
        (Decimal("1234.56"), "1,234.6"),
        (Decimal("0.05"), "0.1"),
        (None, "–"),
    ],
)
def test_number_drops_zero_decimals(value: object, text: str) -> None:
    assert fmt.number(value) == text  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("n", "word", "text"),
    [
        (1, "session", "1 session"),
        (2, "session", "2 sessions"),
        (0, "session", "0 sessions"),
        (1, "coin", "1 coin"),
        (2, "coin", "2 coins"),
        (1234, "like", "1,234 likes"),
        (2, "box", "2 boxes"),
        (3, "day", "3 days"),
        (2, "entry", "2 entries"),
        (2, "person", "2 people"),
        (1, "person", "1 person"),
    ],
)
def test_plural_agrees_with_the_count(n: int, word: str, text: str) -> None:
    assert fmt.plural(n, word) == text


def test_plural_takes_an_irregular_form() -> None:
    assert fmt.plural(2, "diamond in a row", "diamonds in a row") == "2 diamonds in a row"


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (0, "0 min"),
        (45, "45 min"),
        (60, "1 h"),
        (90, "1 h 30 min"),
        (120, "2 h"),
        (1505, "25 h 05 min"),
        (5999, "99 h 59 min"),
        (6000, "100 h"),
        (74070, "1,235 h"),
        (None, "–"),
    ],
)
def test_duration_is_hours_and_minutes(minutes: int | None, text: str) -> None:
    assert fmt.duration(minutes) == text


def test_duration_refuses_negative_time() -> None:
    with pytest.raises(ValueError):
        fmt.duration(-1)


def test_hours_for_axes() -> None:
    assert fmt.hours(90) == "1.5 h"
    assert fmt.hours(120) == "2 h"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("6341.4"), "6,341/h"),
        (Decimal("10"), "10/h"),
        (Decimal("9.94"), "9.9/h"),
        (Decimal("2.5"), "2.5/h"),
        (Decimal("3.0"), "3/h"),
        (0, "0/h"),
        (None, "–"),
    ],
)
def test_rate_has_decimals_only_below_ten(value: object, text: str) -> None:
    assert fmt.rate(value) == text  # type: ignore[arg-type]


def test_rate_can_name_what_it_counts() -> None:
    assert fmt.rate(Decimal("500"), what="diamonds") == "500 diamonds/h"


def test_percent_and_share() -> None:
    assert fmt.percent(12.4) == "12 %"
    assert fmt.percent(Decimal("12.45"), 1) == "12.5 %"
    assert fmt.share(1, 4) == "25 %"
    assert fmt.share(1, 3) == "33 %"
    assert fmt.share(5, 0) == "–"


@pytest.mark.parametrize(
    ("current", "previous", "text"),
    [
        (112, 100, "↑ 12 %"),
        (97, 100, "↓ 3 %"),
        (100, 100, "→ 0 %"),
        (1001, 1000, "→ 0 %"),
        (300, 100, "↑ 200 %"),
        (0, 100, "↓ 100 %"),
        (50, 0, "new"),
        (50, None, "new"),
        (0, 0, "–"),
        (Decimal("1.5"), Decimal("1.0"), "↑ 50 %"),
    ],
)
def test_change_is_an_arrow_and_a_whole_percentage(current: int, previous: int | None, text: str) -> None:
    assert fmt.change(current, previous) == text


@pytest.mark.parametrize(
    ("done", "target", "text"),
    [
        (0, 100, "▱▱▱▱▱▱▱▱▱▱ 0 %"),
        (40, 100, "▰▰▰▰▱▱▱▱▱▱ 40 %"),
        (100, 100, "▰▰▰▰▰▰▰▰▰▰ 100 %"),
        (250, 100, "▰▰▰▰▰▰▰▰▰▰ 250 %"),
        (1, 3, "▰▰▰▱▱▱▱▱▱▱ 33 %"),
    ],
)
def test_progress_bar(done: int, target: int, text: str) -> None:
    assert fmt.progress_bar(done, target) == text


def test_progress_bar_needs_a_goal_above_zero() -> None:
    with pytest.raises(ValueError):
        fmt.progress_bar(1, 0)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (12, "12"),
        (12.5, "12.5"),
        (999, "999"),
        (1200, "1.2k"),
        (34000, "34k"),
        (999_950, "1M"),
        (1_500_000, "1.5M"),
        (2_000_000_000, "2B"),
        (-1200, "-1.2k"),
    ],
)
def test_compact_ticks(value: float, text: str) -> None:
    assert fmt.compact(value) == text


def test_the_issue_examples_read_one_way() -> None:
    # "Hours live 25.08" / "2" / "2.00" / "1 h 30 min" were four styles for one kind of figure.
    assert fmt.duration(1505) == "25 h 05 min"
    assert fmt.duration(120) == "2 h"
    # "159,063 (6,341.4/h)": a count per hour is a whole number.
    assert f"{fmt.count(159063)} ({fmt.rate(Decimal('6341.4'))})" == "159,063 (6,341/h)"
    # "1 sessions" / "Delete all 1 of your sessions"
    assert fmt.plural(1, "session") == "1 session"


# -- locales (issue 16): the fast separator swap writes what Babel's own formatter writes --------
LOCALES = ("es_ES", "es_419", "pt_BR", "id", "de", "fr", "tr", "vi")


@pytest.mark.parametrize("locale", LOCALES)
def test_localised_counts_numbers_and_money_match_babel(locale: str) -> None:
    from babel import numbers as babel_numbers

    where = fmt.babel_locale(locale)
    for value in (0, 7, 999, 1000, 60_098, 1_234_567, 10**12):
        assert fmt.count(value, locale) == babel_numbers.format_decimal(value, "#,##0", locale=where)
    for text, places in (("2.5", 1), ("1234.56", 2), ("0.005", 3), ("999999.9", 1)):
        number = Decimal(text)
        assert fmt.number(number, places, locale) == babel_numbers.format_decimal(
            number, "#,##0." + "0" * places, locale=where
        )
    for currency in ("USD", "EUR", "BRL", "IDR", "TRY", "VND", "JPY"):
        for text, places in (("300.49", 2), ("1234567.50", 2), ("0.005", 3), ("-12.00", 2), ("3000", 0)):
            amount = Decimal(text)
            pattern = where.currency_formats["standard"].pattern.split(";")[0]
            pattern = pattern.replace("#,##0.00", "#,##0" + ("." + "0" * places if places else ""))
            expected = babel_numbers.format_currency(
                amount, currency, format=pattern, locale=where, currency_digits=False
            )
            assert fmt.money(amount, currency, places, locale) == expected, (currency, text)


def test_the_active_locale_is_the_default_and_english_is_unchanged() -> None:
    from bot.i18n import using

    assert fmt.count(1234) == "1,234" and fmt.percent(12) == "12 %"
    with using("pt-BR"):
        assert fmt.count(1234) == "1.234" and fmt.number(Decimal("2.5")) == "2,5"
        assert fmt.percent(12) == "12%" and fmt.change(112, 100) == "↑ 12%"
        assert fmt.week_start() == 6  # Sunday in Brazil
    with using("tr"):
        assert fmt.percent(12) == "%12"
    with using("fr"):
        assert fmt.count(1234) == "1\u202f234"
    assert fmt.count(1234, "de") == "1.234"
