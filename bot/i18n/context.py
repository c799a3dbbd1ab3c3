"""The language of the answer being built: one context variable, set per interaction or post.

Pure (no discord): :func:`bot.i18n._` and :mod:`bot.core.format` read it, so a reply's
words and figures follow the member without every function taking a ``locale`` argument.
asyncio copies context into each task, so one interaction's language never leaks into
another's; outside any interaction it is English.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import Context, ContextVar, copy_context

DEFAULT_LOCALE = "en"
# The catalogues shipped in bot/data/locale (gettext names); Discord's names are these with "-".
SUPPORTED: tuple[str, ...] = ("en", "es_ES", "es_419", "pt_BR", "id", "de", "fr", "tr", "vi")
TRANSLATED: tuple[str, ...] = SUPPORTED[1:]
# Discord locales of a supported language with no catalogue of their own.
_LANGUAGE_FALLBACK = {"es": "es_ES", "pt": "pt_BR", "en": "en"}

_active: ContextVar[str] = ContextVar("livecoach_locale", default=DEFAULT_LOCALE)


def supported(value: object) -> str | None:
    """The catalogue for a Discord locale (``"pt-BR"`` → ``"pt_BR"``, ``"en-GB"`` → ``"en"``), or None."""
    text = str(getattr(value, "value", value) or "").strip().replace("-", "_")
    if not text:
        return None
    if text in SUPPORTED:
        return text
    language = text.split("_", 1)[0].lower()
    if language in SUPPORTED:
        return language
    return _LANGUAGE_FALLBACK.get(language)


def resolve(*candidates: object) -> str:
    """The first supported locale of ``candidates`` (member's, then server's, …), else English."""
    for candidate in candidates:
        found = supported(candidate)
        if found is not None:
            return found
    return DEFAULT_LOCALE


def post_locale(chosen: str | None, server_locale: object = None) -> str:
    """The language of a scheduled post: the server's ``/config language``, else its Discord locale."""
    return resolve(chosen, server_locale)


NATIVE_NAMES: dict[str, str] = {
    "en": "English",
    "es_ES": "Español (España)",
    "es_419": "Español (Latinoamérica)",
    "pt_BR": "Português (Brasil)",
    "id": "Bahasa Indonesia",
    "de": "Deutsch",
    "fr": "Français",
    "tr": "Türkçe",
    "vi": "Tiếng Việt",
}
"""Each language in its own words (the /config language menu is read by people who speak it)."""


current: Callable[[], str] = _active.get
"""``current()``: the locale of the answer being built (English outside an interaction).

The context variable's own ``get``, not a wrapper: answers call it dozens of times each."""


set_resolved: Callable[[str], object] = _active.set
"""Answer in a locale :func:`resolve` already returned, for the rest of this task (one call:
the command tree does this for every interaction)."""


def activate(locale: str) -> None:
    """Answer in ``locale`` for the rest of this task (the command tree calls this per interaction)."""
    _active.set(resolve(locale))


@contextmanager
def using(locale: str | None) -> Iterator[str]:
    """Build one post in ``locale`` (e.g. a server's chosen language), then restore the previous one."""
    token = _active.set(resolve(locale))
    try:
        yield _active.get()
    finally:
        _active.reset(token)


def detached() -> Context:
    """A copy of the current context in English: for background work started inside an interaction.

    asyncio copies the context into every task and callback, so a follower's DM or a scheduled
    post started while answering a pt-BR member would otherwise be built in Portuguese; each
    post chooses its language itself (the server's, ``post_locale``) with :func:`using`.
    """
    context = copy_context()
    context.run(_active.set, DEFAULT_LOCALE)
    return context


def babel_name(locale: str) -> str:
    """The Babel/CLDR identifier for a catalogue locale (English figures are US-style: ``en_US``)."""
    return "en_US" if locale == DEFAULT_LOCALE else locale


def discord_name(locale: str) -> str:
    """``"pt_BR"`` → ``"pt-BR"``: the name Discord uses (English is ``en-US``)."""
    return "en-US" if locale == DEFAULT_LOCALE else locale.replace("_", "-")
