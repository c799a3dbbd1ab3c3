"""The gettext catalogues: ``bot/data/locale/<locale>/LC_MESSAGES/livecoach.po``, read at start-up.

Why .po and not compiled .mo files: the catalogues are small (hundreds of messages, a few
milliseconds each to parse with Babel's reader), so reading them directly leaves no build
step to forget in editable installs, tests or the Docker image, and nothing binary in git.
``pybabel compile`` still works on them (the tests run it as a syntax check).

Messages are looked up by ``(context, msgid)``; fuzzy and empty entries count as missing,
so English is shown rather than a guess.
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.pofile import read_po

from bot.i18n.context import TRANSLATED

DOMAIN = "livecoach"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "data" / "locale"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"

Key = tuple[str | None, str]


def po_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


@dataclass(frozen=True)
class Catalogue:
    locale: str
    singular: dict[Key, str] = field(default_factory=dict)
    plural: dict[Key, tuple[str, ...]] = field(default_factory=dict)
    plural_index: Callable[[int], int] = lambda n: 0 if n == 1 else 1
    messages: dict[str, str] = field(default_factory=dict)
    """The translations without a context, by msgid: what ``_()`` looks up (one dict read)."""

    def get(self, message: str, context: str | None = None) -> str | None:
        return self.singular.get((context, message))

    def get_plural(self, singular: str, n: int, context: str | None = None) -> str | None:
        forms = self.plural.get((context, singular))
        if not forms:
            return None
        index = self.plural_index(n)
        return forms[index] if 0 <= index < len(forms) and forms[index] else None


EMPTY = Catalogue("en")


def read(path: Path, locale: str) -> Catalogue:
    with path.open("rb") as handle:
        po = read_po(handle, locale=locale, domain=DOMAIN)
    singular: dict[Key, str] = {}
    plural: dict[Key, tuple[str, ...]] = {}
    for message in po:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple | list):
            forms = tuple(message.string) if isinstance(message.string, tuple | list) else ()
            if forms and all(forms):
                plural[(message.context, message.id[0])] = forms
        elif isinstance(message.string, str) and message.string:
            singular[(message.context, message.id)] = message.string
    messages = {message: text for (context, message), text in singular.items() if context is None}
    return Catalogue(locale, singular, plural, gettext.c2py(po.plural_expr), messages)


@functools.cache
def load(locale: str) -> Catalogue:
    """The catalogue of ``locale`` (English and unknown locales: the empty one, so msgids show)."""
    path = po_path(locale)
    if locale not in TRANSLATED or not path.exists():
        return EMPTY
    return read(path, locale)


def load_all() -> dict[str, Catalogue]:
    """Read every shipped catalogue now (start-up), so a broken .po stops the bot, not a reply."""
    return {locale: load(locale) for locale in TRANSLATED}
