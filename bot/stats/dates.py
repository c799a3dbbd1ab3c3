"""Day and month names for /stats and /peak, as the answer's language writes them.

English keeps the exact forms the embeds, cards and charts always had (``Mon``, ``Nov 20``,
``Mon 30 Nov``); every other locale takes CLDR's through Babel (``Mo.``, ``20. Nov.``,
``Mo., 30. Nov.`` in German), like :mod:`bot.core.format` does for numbers. Pure functions;
``locale`` None means the answer's locale (:func:`bot.i18n.current`), which a chart worker
sets with :func:`bot.i18n.using` from the locale it was handed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from babel import dates as babel_dates

from bot.core.format import babel_locale
from bot.i18n import DEFAULT_LOCALE, _, current

_EN_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_EN_LONG = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _where(locale: str | None) -> str:
    return current() if locale is None else locale


def weekday_names(locale: str | None = None, *, wide: bool = False) -> tuple[str, ...]:
    """The seven weekday names, Monday first: ``Mon`` … (``Mo.`` … in de, ``seg.`` … in pt-BR)."""
    where = _where(locale)
    if where == DEFAULT_LOCALE:
        return _EN_LONG if wide else _EN_SHORT
    names = babel_dates.get_day_names("wide" if wide else "abbreviated", locale=babel_locale(where))
    return tuple(str(names[d]) for d in range(7))


def weekday(day: int, locale: str | None = None, *, wide: bool = False) -> str:
    """One weekday (0 = Monday): ``Thu``, ``Do.`` in de; ``wide``: ``Thursday``, ``Donnerstag``."""
    return weekday_names(locale, wide=wide)[day]


def _skeleton(skeleton: str, value: date | datetime, where: str) -> str:
    return str(babel_dates.format_skeleton(skeleton, value, locale=babel_locale(where)))


def month_day(value: date | datetime, locale: str | None = None) -> str:
    """A short axis date: ``Nov 20`` (``20. Nov.`` in de, ``20 nov.`` in fr)."""
    where = _where(locale)
    if where == DEFAULT_LOCALE:
        return f"{value:%b} {value.day}"
    return _skeleton("MMMd", value, where)


def short_month_year(value: date | datetime, locale: str | None = None) -> str:
    """A month on a long axis: ``Nov '26`` (``Nov. 2026`` in de)."""
    where = _where(locale)
    if where == DEFAULT_LOCALE:
        return f"{value:%b} '{value:%y}"
    return _skeleton("MMMy", value, where)


def month_year(value: date | datetime, locale: str | None = None) -> str:
    """A calendar month: ``November 2026`` (``novembro de 2026`` in pt-BR)."""
    where = _where(locale)
    if where == DEFAULT_LOCALE:
        return f"{value:%B %Y}"
    return _skeleton("yMMMM", value, where)


def day_month(value: date | datetime, locale: str | None = None) -> str:
    """``30 Nov`` (``30. Nov.`` in de) for a span's ends."""
    where = _where(locale)
    if where == DEFAULT_LOCALE:
        return f"{value:%d %b}"
    return _skeleton("dMMM", value, where)


def day_month_year(value: date | datetime, locale: str | None = None) -> str:
    """``30 Nov 2026`` (``30.11.2026`` in de: CLDR's medium date)."""
    where = _where(locale)
    if where == DEFAULT_LOCALE:
        return f"{value.day} {value:%b %Y}"
    return str(babel_dates.format_date(value, format="medium", locale=babel_locale(where)))


def weekday_day_month(value: date | datetime, locale: str | None = None) -> str:
    """``Mon 30 Nov`` (``Mo., 30. Nov.`` in de)."""
    where = _where(locale)
    if where == DEFAULT_LOCALE:
        return f"{value:%a} {value.day} {value:%b}"
    return _skeleton("MMMEd", value, where)


def days_text(days: Iterable[int], locale: str | None = None) -> str:
    """A set of weekdays: ``Every day``, ``Weekdays``, ``Weekends`` or ``Mon, Wed, Fri`` (translated)."""
    chosen = frozenset(days)
    if chosen == frozenset(range(7)):
        return _("Every day")
    if chosen == frozenset(range(5)):
        return _("Weekdays")
    if chosen == frozenset({5, 6}):
        return _("Weekends")
    names = weekday_names(locale)
    return ", ".join(names[d] for d in sorted(chosen))
