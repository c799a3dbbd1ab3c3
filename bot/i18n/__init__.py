"""Localisation: gettext-style ``_()`` with named placeholders, plurals, and the active locale.

Usage in any module (pure: no discord needed)::

    from bot.i18n import _, ngettext, N_

    _("You need the {permission} permission to do that.", permission=name)
    ngettext("{n} coin", "{n} coins", count)   # {n} is the count, formatted for the locale
    LABEL = N_("Coins")                        # marked for extraction; translate at use: _(LABEL)

The language is the one of the interaction being answered (``bot.i18n.context``):
the member's Discord locale, else the server's, else English; scheduled posts set
the server's chosen language with ``using(locale)``. Strings are extracted with
``pybabel extract -F babel.cfg`` into ``bot/data/locale/livecoach.pot`` (see README).
"""

from __future__ import annotations

from typing import Any

from bot.i18n.catalogue import load
from bot.i18n.context import DEFAULT_LOCALE, SUPPORTED, TRANSLATED, activate, current, resolve, using

__all__ = [
    "DEFAULT_LOCALE",
    "N_",
    "SUPPORTED",
    "TRANSLATED",
    "_",
    "activate",
    "current",
    "ngettext",
    "pgettext",
    "resolve",
    "translate",
    "using",
]


def _fill(text: str, values: dict[str, Any]) -> str:
    return text.format(**values) if values else text


def translate(locale: str, message: str, context: str | None = None) -> str:
    """``message`` in ``locale`` without filling placeholders (English when untranslated)."""
    if locale == DEFAULT_LOCALE:
        return message
    return load(locale).get(message, context) or message


def _(message: str, /, **values: Any) -> str:
    """``message`` in the active locale, its ``{named}`` placeholders filled from ``values``."""
    locale = current()
    if locale != DEFAULT_LOCALE:  # translate() inlined: answers call this dozens of times each
        message = load(locale).messages.get(message) or message
    return message.format(**values) if values else message


def pgettext(context: str, message: str, /, **values: Any) -> str:
    """Like :func:`_` for a message that needs a context to be translated right (e.g. a button)."""
    return _fill(translate(current(), message, context), values)


def ngettext(singular: str, plural: str, n: int, /, **values: Any) -> str:
    """The form agreeing with ``n`` in the active locale; ``{n}`` is ``n`` with locale separators."""
    locale = current()
    text = None if locale == DEFAULT_LOCALE else load(locale).get_plural(singular, n)
    if text is None:
        text = singular if n == 1 else plural
    if "n" not in values:
        values["n"] = _count(n)
    return text.format(**values)


def _count(n: int) -> str:
    """``bot.core.format.count`` (imported on first use: that module imports this package)."""
    global _count
    from bot.core.format import count

    _count = count  # type: ignore[assignment]  # same call for an int
    return count(n)


def N_(message: str, /) -> str:
    """Mark ``message`` for extraction where it is defined (a constant); translate it at use with ``_()``."""
    return message
