"""One way to show every figure: counts, durations, rates, plurals, percentages and trends.

Embeds, lists, share cards and charts all call these, so a figure reads the same
wherever a member meets it ("25 h 05 min" in the embed and on the card, never
"25.08" in one and "25 h" in the other). Pure functions of plain values; money is
formatted by ``bot.money.model.economy.format_money`` (it needs the currency table).

Rules:
- counts are whole numbers with thousands separators ("159,063"); unknown is "–";
- durations are hours and minutes ("45 min", "2 h", "1 h 30 min"; from 100 h on,
  whole hours: "1,234 h");
- rates drop decimals from 10 up ("6,341/h") and keep one below ("2.5/h");
- a change is an arrow and a whole percentage ("↑ 12 %", "↓ 3 %", "→ 0 %").

Every function takes ``locale`` (a catalogue name such as ``"pt_BR"``); ``None`` means the
locale of the answer being built (:func:`bot.i18n.context.current`, English outside an
interaction). English keeps the exact forms above; other locales use Babel (CLDR):
``1.234`` and ``2,5/h`` in German, ``1 234`` in French, ``%12`` in Turkish, ``R$ 1.234,50``.
"""

from __future__ import annotations

import functools
from datetime import date as Date
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

from bot.i18n.context import DEFAULT_LOCALE, babel_name, current

UNKNOWN = "–"
_IRREGULAR = {"person": "people", "child": "children"}


def _locale(locale: str | None) -> str:
    return current() if locale is None else locale


@functools.cache
def babel_locale(locale: str) -> Locale:
    """The (cached) Babel locale for a catalogue name; English figures are US-style."""
    return Locale.parse(babel_name(locale))


@functools.cache
def _separators(locale: str) -> dict[int, str]:
    """``str.translate`` table from Python's ``1,234.5`` to the locale's marks (``1.234,5`` in de).

    Every shipped locale groups by three with CLDR's ``#,##0`` pattern, so swapping the two
    marks gives what Babel's formatter writes, at a fraction of its cost (tests compare both).
    """
    loc = babel_locale(locale)
    return str.maketrans(
        {",": babel_numbers.get_group_symbol(loc), ".": babel_numbers.get_decimal_symbol(loc)}
    )


def _grouped(value: Decimal, places: int, locale: str) -> str:
    return f"{value:,.{places}f}".translate(_separators(locale))


def _decimal(value: Decimal | int | float) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _round(value: Decimal | int | float, places: int = 0) -> Decimal:
    return _decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def count(value: Decimal | int | float | None, locale: str | None = None) -> str:
    """A whole count with separators: ``1234`` → ``"1,234"`` (``"1.234"`` in de); None → ``"–"``."""
    if value is None:
        return UNKNOWN
    # Counts are almost always ints already (a gift line, a pack): skip the Decimal round trip.
    whole = value if type(value) is int else int(_round(value))
    where = current() if locale is None else locale
    if where == DEFAULT_LOCALE:
        return f"{whole:,}"
    return f"{whole:,}".translate(_separators(where))


def number(value: Decimal | int | float | None, places: int = 1, locale: str | None = None) -> str:
    """A measured value such as an average: whole when it is whole, else ``places`` decimals."""
    if value is None:
        return UNKNOWN
    rounded = _round(value, places)
    if rounded == rounded.to_integral_value():
        return count(rounded, locale)
    where = _locale(locale)
    if where == DEFAULT_LOCALE:
        return f"{rounded:,.{places}f}"
    return _grouped(rounded, places, where)


def decimal_symbols(locale: str | None = None) -> tuple[str, str]:
    """(decimal mark, group separator) of ``locale``: ``(".", ",")`` in English, ``(",", ".")`` in de."""
    loc = babel_locale(_locale(locale))
    return babel_numbers.get_decimal_symbol(loc), babel_numbers.get_group_symbol(loc)


@functools.cache
def _currency_affixes(currency: str, locale: str) -> tuple[str, str]:
    """What ``locale`` writes before and after an amount of ``currency``: ``("US$\xa0", "")`` in pt-BR."""
    pattern = babel_locale(locale).currency_formats["standard"].pattern.split(";")[0]
    pattern = pattern.replace("#,##0.00", "0").replace("#,##0", "0")
    text = babel_numbers.format_currency(
        Decimal(0), currency, format=pattern, locale=babel_locale(locale), currency_digits=False
    )
    prefix, _zero, suffix = text.partition("0")
    return prefix, suffix


def money(value: Decimal, currency: str, places: int, locale: str | None = None) -> str:
    """An amount already rounded to ``places`` decimals, with the currency as ``locale`` writes it.

    ``R$ 1.234,50`` and ``US$ 300,49`` in pt-BR, ``1.234,50 €`` in de (English money is
    written by ``bot.money.model.economy.format_money``, which uses :func:`money_style` for
    other locales).
    """
    prefix, suffix, marks = money_style(currency.upper(), current() if locale is None else locale)
    sign = "-" if value < 0 else ""
    return f"{sign}{prefix}{f'{abs(value):,.{places}f}'.translate(marks)}{suffix}"


@functools.cache
def money_style(currency: str, locale: str) -> tuple[str, str, dict[int, str]]:
    """(text before, text after, ``str.translate`` table for the marks) of ``currency`` in ``locale``:
    what :func:`money` needs, in one cached look-up (amounts are formatted on every answer)."""
    prefix, suffix = _currency_affixes(currency, locale)
    return prefix, suffix, _separators(locale)


def day(value: Date | datetime, locale: str | None = None, style: str = "medium") -> str:
    """A date as ``locale`` writes it: ``Jul 20, 2026``, ``20.07.2026`` (de), ``20 de jul. de 2026``."""
    return babel_dates.format_date(value, format=style, locale=babel_locale(_locale(locale)))


def moment(value: datetime, locale: str | None = None, style: str = "short") -> str:
    """A date and time as ``locale`` writes it (the caller converts to the member's zone first)."""
    return babel_dates.format_datetime(value, format=style, locale=babel_locale(_locale(locale)))


def relative(delta: timedelta, locale: str | None = None) -> str:
    """A relative time: ``in 3 hours`` / ``3 hours ago``; ``em 3 horas`` in pt-BR."""
    return babel_dates.format_timedelta(
        delta, add_direction=True, threshold=1.0, locale=babel_locale(_locale(locale))
    )


def week_start(locale: str | None = None) -> int:
    """The first day of the week in ``locale``: 0 Monday … 6 Sunday (Sunday in the US and Brazil)."""
    return int(babel_locale(_locale(locale)).first_week_day)


def plural_word(n: int | Decimal, word: str, many: str | None = None) -> str:
    """The word alone, agreeing with ``n``: ``session`` / ``sessions`` (``many`` for irregular ones)."""
    if n == 1:
        return word
    if many is not None:
        return many
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in tuple("aeiou"):
        return word[:-1] + "ies"
    return word + "s"


def plural(n: int, word: str, many: str | None = None) -> str:
    """``"1 coin"``, ``"2 coins"``, ``"1,234 sessions"`` (English words; translated text uses ngettext)."""
    return f"{count(n)} {plural_word(n, word, many)}"


def duration(minutes: int | None, locale: str | None = None) -> str:
    """Time live: ``"45 min"``, ``"2 h"``, ``"1 h 30 min"``, ``"25 h 05 min"``, ``"1,234 h"``."""
    if minutes is None:
        return UNKNOWN
    total = int(minutes)
    if total < 0:
        raise ValueError("a duration cannot be negative")
    hours, rest = divmod(total, 60)
    if hours >= 100:
        return f"{count(Decimal(total) / 60, locale)} h"
    if not hours:
        return f"{rest} min"
    return f"{count(hours, locale)} h {rest:02d} min" if rest else f"{count(hours, locale)} h"


def hours(minutes: int, locale: str | None = None) -> str:
    """Hours as a decimal for axis labels and compact tables: ``90`` → ``"1.5 h"``."""
    return f"{number(Decimal(int(minutes)) / 60, locale=locale)} h"


def rate(
    value: Decimal | int | float | None, unit: str = "h", what: str = "", locale: str | None = None
) -> str:
    """Something per ``unit``: ``"6,341/h"`` from 10 up, ``"2.5/h"`` below (``what``: ``"500 diamonds/h"``)."""
    if value is None:
        return UNKNOWN
    shown = count(value, locale) if abs(_decimal(value)) >= 10 else number(value, locale=locale)
    return f"{shown} {what}/{unit}" if what else f"{shown}/{unit}"


def percent(value: Decimal | int | float | None, places: int = 0, locale: str | None = None) -> str:
    """A percentage given in percent: ``12.4`` → ``"12 %"`` (``"%12"`` in Turkish)."""
    if value is None:
        return UNKNOWN
    shown = number(value, places, locale) if places else count(value, locale)
    where = _locale(locale)
    if where == DEFAULT_LOCALE:
        return f"{shown} %"
    pattern, sign = _percent_style(where)
    return pattern.replace("#,##0", shown).replace("%", sign).replace("#", "")


@functools.cache
def _percent_style(locale: str) -> tuple[str, str]:
    """(CLDR percent pattern, percent sign) of ``locale`` (Babel's look-ups cost more than the rest)."""
    loc = babel_locale(locale)
    return loc.percent_formats[None].pattern.split(";")[0], loc.number_symbols["latn"]["percentSign"]


def share(part: Decimal | int, whole: Decimal | int, locale: str | None = None) -> str:
    """``part`` as a percentage of ``whole``: ``share(1, 4)`` → ``"25 %"``; ``whole`` 0 → ``"–"``."""
    if not whole:
        return UNKNOWN
    return percent(_decimal(part) * 100 / _decimal(whole), locale=locale)


def change(current: Decimal | int, previous: Decimal | int | None, locale: str | None = None) -> str:
    """The trend from ``previous`` to ``current``: ``"↑ 12 %"``, ``"↓ 3 %"``, ``"→ 0 %"``.

    With no previous value (None) or a previous value of 0 there is no percentage:
    ``"new"`` when there is something now, ``"–"`` when both are nothing.
    """
    now = _decimal(current)
    if previous is None or _decimal(previous) == 0:
        if now > 0:
            from bot.i18n import pgettext

            return pgettext("trend", "new")
        return UNKNOWN
    before = _decimal(previous)
    pct = _round((now - before) * 100 / abs(before))
    if pct == 0:
        return f"→ {percent(0, locale=locale)}"
    return f"{'↑' if pct > 0 else '↓'} {percent(abs(int(pct)), locale=locale)}"


def progress_bar(
    done: Decimal | int, target: Decimal | int, width: int = 10, locale: str | None = None
) -> str:
    """A text bar for goals: ``"▰▰▰▰▱▱▱▱▱▱ 40 %"`` (full past 100 %, the percentage keeps going)."""
    if width < 1:
        raise ValueError("width must be at least 1")
    goal = _decimal(target)
    if goal <= 0:
        raise ValueError("a goal must be above 0")
    ratio = max(Decimal(0), _decimal(done) / goal)
    filled = min(width, int(_round(ratio * width)))
    return f"{'▰' * filled}{'▱' * (width - filled)} {percent(ratio * 100, locale=locale)}"


def compact(value: float | int | Decimal, locale: str | None = None) -> str:
    """Axis ticks and tight tiles: ``12``, ``1.2k``, ``34k``, ``1.5M`` (999,950 is ``1M``, not ``1000k``)."""
    where = _locale(locale)
    if where != DEFAULT_LOCALE:
        return babel_numbers.format_compact_decimal(value, locale=babel_locale(where), fraction_digits=1)
    number_ = float(value)
    if abs(number_) < 999.95:
        return f"{number_:.0f}" if number_.is_integer() else f"{number_:.1f}"
    for limit, suffix in ((1e3, "k"), (1e6, "M"), (1e9, "B")):
        scaled = round(number_ / limit, 1)
        if abs(scaled) < 1000 or suffix == "B":
            return f"{scaled:.1f}".rstrip("0").rstrip(".") + suffix
    raise AssertionError("unreachable")  # pragma: no cover
