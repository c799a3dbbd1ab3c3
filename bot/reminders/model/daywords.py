"""Day words in the member's language: what the days parser also reads, and how days are shown.

Pure (Babel's CLDR data, no discord): :func:`local_words` maps the words of one locale
(CLDR's day names and abbreviations, plus a few hand-written group words and connectors
such as ``entre semana`` or ``bis``) to the English tokens the parser already understands,
so ``lun-vie``, ``segunda a sexta`` or ``Mo, Mi, Fr`` read like ``mon-fri`` or ``mon,wed,fri``.
English always works too: a local word that is also an English day word with another
meaning (Turkish ``sa``, Tuesday, against English ``sa``, Saturday) is left to English.
Input is compared *folded* (lower case, accents dropped: ``miércoles`` = ``miercoles``).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from babel import Locale

from bot.i18n.context import DEFAULT_LOCALE, babel_name

ENGLISH_SHORT: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# Group words and connectors people type, per language (as written; compared folded; phrases allowed).
_EXTRA: dict[str, dict[str, str]] = {
    "es": {
        "diario": "daily",
        "a diario": "daily",
        "diariamente": "daily",
        "todos los días": "daily",
        "cada día": "daily",
        "entre semana": "weekdays",
        "laborables": "weekdays",
        "días laborables": "weekdays",
        "fin de semana": "weekends",
        "fines de semana": "weekends",
        "finde": "weekends",
        "y": "and",
        "a": "to",
        "al": "to",
        "hasta": "to",
        "de": "",
        "del": "",
        "mier": "wed",
        "juev": "thu",
        "vier": "fri",
    },
    "pt": {
        "diário": "daily",
        "diariamente": "daily",
        "todo dia": "daily",
        "todos os dias": "daily",
        "dias úteis": "weekdays",
        "dia útil": "weekdays",
        "fim de semana": "weekends",
        "fins de semana": "weekends",
        "segunda": "mon",
        "terça": "tue",
        "quarta": "wed",
        "quinta": "thu",
        "sexta": "fri",
        "e": "and",
        "a": "to",
        "até": "to",
        "de": "",
    },
    "fr": {
        "tous les jours": "daily",
        "quotidien": "daily",
        "chaque jour": "daily",
        "en semaine": "weekdays",
        "semaine": "weekdays",
        "jours ouvrés": "weekdays",
        "week-end": "weekends",
        "weekend": "weekends",
        "le week-end": "weekends",
        "et": "and",
        "à": "to",
        "a": "to",
        "au": "to",
        "du": "",
    },
    "de": {
        "täglich": "daily",
        "jeden tag": "daily",
        "werktags": "weekdays",
        "wochentags": "weekdays",
        "unter der woche": "weekdays",
        "wochenende": "weekends",
        "am wochenende": "weekends",
        "und": "and",
        "bis": "to",
        "von": "",
    },
    "id": {
        "setiap hari": "daily",
        "tiap hari": "daily",
        "harian": "daily",
        "hari kerja": "weekdays",
        "akhir pekan": "weekends",
        "dan": "and",
        "sampai": "to",
        "hingga": "to",
        "dari": "",
        "jumat": "fri",
    },
    "tr": {
        "her gün": "daily",
        "hergün": "daily",
        "hafta içi": "weekdays",
        "hafta sonu": "weekends",
        "ve": "and",
        "pazartesi": "mon",
    },
    "vi": {
        "hàng ngày": "daily",
        "mỗi ngày": "daily",
        "ngày thường": "weekdays",
        "cuối tuần": "weekends",
        "và": "and",
        "đến": "to",
        "tới": "to",
        "từ": "",
    },
}

# The English words the parser reads, each weekday's (0 = Monday) and the group words.
ENGLISH_DAYS: dict[str, int] = {
    word: day
    for day, words in enumerate(
        (
            ("mo", "mon", "monday", "mondays"),
            ("tu", "tue", "tues", "tuesday", "tuesdays"),
            ("we", "wed", "weds", "wednesday", "wednesdays"),
            ("th", "thu", "thur", "thurs", "thursday", "thursdays"),
            ("fr", "fri", "friday", "fridays"),
            ("sa", "sat", "saturday", "saturdays"),
            ("su", "sun", "sunday", "sundays"),
        )
    )
    for word in words
}
ENGLISH_GROUPS = ("daily", "everyday", "all", "weekdays", "weekday", "weekends", "weekend")
# A local word equal to one of these is left to English (English input works everywhere).
ENGLISH_WORDS: frozenset[str] = frozenset(
    {*ENGLISH_DAYS, *ENGLISH_GROUPS, "every", "and", "to", "through", "thru"}
)


def fold(text: str) -> str:
    """Lower case without accents (``Çarşamba`` → ``carsamba``, ``Thứ Hai`` → ``thu hai``)."""
    lowered = text.lower().replace("ı", "i").replace("đ", "d").replace("ß", "ss")
    return "".join(ch for ch in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(ch))


def _language(locale: str) -> str:
    return locale.split("_", 1)[0]


@functools.cache
def _babel(locale: str) -> Locale:
    return Locale.parse(babel_name(locale))


@functools.cache
def local_words(locale: str) -> dict[str, str]:
    """Folded words of ``locale`` → the English token they mean (``""``: a word to drop)."""
    if locale == DEFAULT_LOCALE:
        return {}
    words: dict[str, str] = {}
    days = _babel(locale).days
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated", "short"):
            for index, name in days[context][width].items():
                folded = fold(name).strip().rstrip(".")
                if len(folded) >= 2:
                    words[folded] = ENGLISH_SHORT[index]
                    if " " in folded or "-" in folded:  # "thu hai", "segunda-feira" also typed joined
                        words[re.sub(r"[\s-]+", "", folded)] = ENGLISH_SHORT[index]
    words.update({fold(word): token for word, token in _EXTRA.get(_language(locale), {}).items()})
    return {word: token for word, token in words.items() if word not in ENGLISH_WORDS}


@functools.cache
def _pattern(locale: str) -> re.Pattern[str] | None:
    words = local_words(locale)
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{alternatives})(?![\w])")


def to_english(text: str, locale: str) -> str:
    """``text`` folded, with ``locale``'s day words replaced by the English tokens they mean."""
    folded = fold(text)
    pattern = _pattern(locale)
    if pattern is None:
        return folded
    words = local_words(locale)
    return pattern.sub(lambda m: words[m.group(0)], folded)


@functools.cache
def short_names(locale: str) -> tuple[str, ...]:
    """Each weekday (Mon first) as ``locale`` abbreviates it in a list: ``Mon``, ``lun``, ``Mo``."""
    if locale == DEFAULT_LOCALE:
        return ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    names = _babel(locale).days["stand-alone"]["abbreviated"]
    return tuple(names[i] for i in range(7))


@functools.cache
def input_names(locale: str) -> tuple[str, ...]:
    """Each weekday as a member of ``locale`` would type it in a list (``lun``, ``mo``, ``t2``)."""
    if locale == DEFAULT_LOCALE:
        return ENGLISH_SHORT
    days = _babel(locale).days["stand-alone"]
    out = []
    for i in range(7):
        word = days["abbreviated"][i].lower().rstrip(".")
        if " " in word:  # Vietnamese "thứ 2": its short form "t2" is one word
            word = days["short"][i].lower().rstrip(".")
        if ENGLISH_DAYS.get(fold(word), i) != i:  # means another day in English: the full name
            word = days["wide"][i].lower()
        out.append(word)
    return tuple(out)


@functools.cache
def group_phrases(locale: str) -> tuple[str, ...]:
    """``locale``'s own words for every day, weekdays and weekends (offered while typing)."""
    extra = _EXTRA.get(_language(locale), {}) if locale != DEFAULT_LOCALE else {}
    return tuple(w for w, token in extra.items() if token in ("daily", "weekdays", "weekends"))


@functools.cache
def group_words(locale: str) -> tuple[str, ...]:
    """``locale``'s first word for every day, weekdays and weekends, in that order (those it has)."""
    phrases = group_phrases(locale)
    words = local_words(locale)
    return tuple(
        next(p for p in phrases if words.get(fold(p)) == token)
        for token in ("daily", "weekdays", "weekends")
        if any(words.get(fold(p)) == token for p in phrases)
    )
