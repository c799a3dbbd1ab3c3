"""The start-time words of each language, rewritten into the English forms the parser reads.

Pure: :func:`to_english` takes the member's locale as an argument. A member types the
start the way they would say it (``ontem 21h30``, ``vor 2 Std``, ``il y a 1h30``,
``2 jam lalu``, ``dün saat 21.30``, ``21:30 hôm qua``) and English keeps working in every
language. Accents are optional (``ha 2h``, ``dun``, ``hom qua``), since phones often drop
them. Each language has its own table: ``hier`` is yesterday in French but nothing in German.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

DEFAULT = "en"


@dataclass(frozen=True)
class Words:
    """One language's start-time words, written lower-case and without accents."""

    now: tuple[str, ...]
    """Whole inputs meaning "now"."""
    phrases: dict[str, str]
    """Words and phrases → the English word (days, today, yesterday, "at", time units)."""
    ago_before: tuple[str, ...] = ()
    """Words before the amount that make it "… ago" (``há``, ``vor``, ``hace``, ``il y a``)."""
    ago_after: tuple[str, ...] = ()
    """Words after the amount that make it "… ago" (``lalu``, ``önce``, ``trước``)."""
    joins: tuple[str, ...] = ()
    """Words joining the parts of an amount (``1 hora e 30 minutos``): dropped."""
    hour_word: tuple[str, ...] = ()
    """Words that follow an hour of the day (``21 Uhr``, ``21 giờ 30``) or name it (``saat 21``)."""


_UNITS_PT_ES = {"horas": "h", "hora": "h", "hrs": "h", "hr": "h", "minutos": "m", "minuto": "m", "min": "m"}

LANGUAGES: dict[str, Words] = {
    "pt_BR": Words(
        now=("agora", "agora mesmo", "ja", "neste momento"),
        phrases={
            "hoje": "today",
            "ontem": "yesterday",
            "as": "at",
            "a": "at",
            "segunda-feira": "mon",
            "segunda": "mon",
            "seg": "mon",
            "terca-feira": "tue",
            "terca": "tue",
            "ter": "tue",
            "quarta-feira": "wed",
            "quarta": "wed",
            "qua": "wed",
            "quinta-feira": "thu",
            "quinta": "thu",
            "qui": "thu",
            "sexta-feira": "fri",
            "sexta": "fri",
            "sex": "fri",
            "sabado": "sat",
            "sab": "sat",
            "domingo": "sun",
            "dom": "sun",
            **_UNITS_PT_ES,
            "dias": "d",
            "dia": "d",
        },
        ago_before=("ha", "faz"),
        ago_after=("atras",),
        joins=("e",),
    ),
    "es": Words(
        now=("ahora", "ahora mismo", "ya", "ahorita"),
        phrases={
            "hoy": "today",
            "ayer": "yesterday",
            "a las": "at",
            "a la": "at",
            "lunes": "mon",
            "lun": "mon",
            "martes": "tue",
            "mar": "tue",
            "miercoles": "wed",
            "mie": "wed",
            "jueves": "thu",
            "jue": "thu",
            "viernes": "fri",
            "vie": "fri",
            "sabado": "sat",
            "sab": "sat",
            "domingo": "sun",
            "dom": "sun",
            **_UNITS_PT_ES,
            "hs": "h",
            "dias": "d",
            "dia": "d",
        },
        ago_before=("hace",),
        joins=("y",),
    ),
    "de": Words(
        now=("jetzt", "gerade", "gerade eben", "eben", "sofort", "jetzt gerade"),
        phrases={
            "heute": "today",
            "gestern": "yesterday",
            "um": "at",
            "montag": "mon",
            "mo": "mon",
            "dienstag": "tue",
            "di": "tue",
            "mittwoch": "wed",
            "mi": "wed",
            "donnerstag": "thu",
            "do": "thu",
            "freitag": "fri",
            "fr": "fri",
            "samstag": "sat",
            "sonnabend": "sat",
            "sa": "sat",
            "sonntag": "sun",
            "so": "sun",
            "std.": "h",
            "std": "h",
            "stunden": "h",
            "stunde": "h",
            "stdn": "h",
            "min.": "m",
            "min": "m",
            "minuten": "m",
            "minute": "m",
            "tagen": "d",
            "tage": "d",
            "tag": "d",
        },
        ago_before=("vor",),
        joins=("und",),
        hour_word=("uhr",),
    ),
    "fr": Words(
        now=("maintenant", "a l'instant", "a l’instant", "tout de suite", "en ce moment"),
        phrases={
            "aujourd'hui": "today",
            "aujourd’hui": "today",
            "aujourdhui": "today",
            "hier": "yesterday",
            "a": "at",
            "vers": "at",
            "lundi": "mon",
            "lun": "mon",
            "mardi": "tue",
            "mar": "tue",
            "mercredi": "wed",
            "mer": "wed",
            "jeudi": "thu",
            "jeu": "thu",
            "vendredi": "fri",
            "ven": "fri",
            "samedi": "sat",
            "sam": "sat",
            "dimanche": "sun",
            "dim": "sun",
            "heures": "h",
            "heure": "h",
            "minutes": "m",
            "minute": "m",
            "min": "m",
            "mn": "m",
            "jours": "d",
            "jour": "d",
            "j": "d",
        },
        ago_before=("il y a", "y a"),
        joins=("et",),
    ),
    "id": Words(
        now=("sekarang", "barusan", "baru saja", "saat ini"),
        phrases={
            "hari ini": "today",
            "kemarin": "yesterday",
            "pukul": "at",
            "pkl": "at",
            "senin": "mon",
            "selasa": "tue",
            "rabu": "wed",
            "kamis": "thu",
            "jumat": "fri",
            "jum'at": "fri",
            "sabtu": "sat",
            "minggu": "sun",
            "ahad": "sun",
            "menit": "m",
            "mnt": "m",
            "hari": "d",
        },
        ago_after=("yang lalu", "lalu", "yg lalu"),
        joins=("dan",),
        hour_word=("jam",),
    ),
    "tr": Words(
        now=("simdi", "su an", "az once", "hemen"),
        phrases={
            "bugun": "today",
            "dun": "yesterday",
            "pazartesi": "mon",
            "pzt": "mon",
            "sali": "tue",
            "sal": "tue",
            "carsamba": "wed",
            "car": "wed",
            "persembe": "thu",
            "per": "thu",
            "cuma": "fri",
            "cum": "fri",
            "cumartesi": "sat",
            "cmt": "sat",
            "pazar": "sun",
            "paz": "sun",
            "sa": "h",
            "dakika": "m",
            "dk": "m",
            "dak": "m",
            "gun": "d",
        },
        ago_after=("once",),
        hour_word=("saat",),
    ),
    "vi": Words(
        now=("bay gio", "ngay bay gio", "bay h", "hien tai", "luc nay", "vua xong"),
        phrases={
            "hom nay": "today",
            "hom qua": "yesterday",
            "luc": "at",
            "vao luc": "at",
            "thu hai": "mon",
            "thu 2": "mon",
            "t2": "mon",
            "thu ba": "tue",
            "thu 3": "tue",
            "t3": "tue",
            "thu tu": "wed",
            "thu 4": "wed",
            "t4": "wed",
            "thu nam": "thu",
            "thu 5": "thu",
            "t5": "thu",
            "thu sau": "fri",
            "thu 6": "fri",
            "t6": "fri",
            "thu bay": "sat",
            "thu 7": "sat",
            "t7": "sat",
            "chu nhat": "sun",
            "cn": "sun",
            "tieng": "h",
            "phut": "m",
            "ngay": "d",
        },
        ago_after=("truoc",),
        joins=("va",),
        hour_word=("gio",),
    ),
}
LANGUAGES["es_ES"] = LANGUAGES["es_419"] = LANGUAGES.pop("es")

_CLOCK_H = re.compile(r"(?<![\w:.])(\d{1,2})\s*h\s*(\d{2})?(?![\w:])")
_CLOCK_DOT = re.compile(r"(?<![\w.:-])(\d{1,2})\.(\d{2})(?![\w.:])")
_HOURS_MINUTES = re.compile(r"(\d+)\s*h\s*(\d{1,2})(?!\s*[\w.:])")
_DAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun", "today", "yesterday"}


def fold(text: str) -> str:
    """``text`` lower-case without accents (``Dün`` → ``dun``, ``hôm qua`` → ``hom qua``)."""
    text = text.lower().replace("ı", "i").replace("đ", "d")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _words(table: dict[str, str]) -> list[tuple[re.Pattern[str], str]]:
    # Longest first, so "segunda-feira" wins over "segunda" and "hom qua" over a lone "qua".
    return [
        (re.compile(r"(?<![\w'’-])" + re.escape(word) + r"(?![\w'’-])"), english)
        for word, english in sorted(table.items(), key=lambda item: -len(item[0]))
    ]


def _strip_phrase(text: str, phrases: tuple[str, ...], *, at_start: bool) -> str | None:
    for phrase in sorted(phrases, key=len, reverse=True):
        if at_start and text.startswith(phrase + " "):
            return text[len(phrase) + 1 :]
        if at_start and text.startswith(phrase) and text[len(phrase) : len(phrase) + 1].isdigit():
            return text[len(phrase) :]
        if not at_start and text.endswith(" " + phrase):
            return text[: -len(phrase) - 1]
    return None


def to_english(text: str, locale: str) -> str:
    """``text`` (already lower-case, single-spaced) in the English forms ``parse_start`` reads.

    English input comes back unchanged, in every locale; a locale without a table changes nothing.
    """
    words = LANGUAGES.get(locale)
    if words is None:
        return text
    if text.endswith(" ago") or (text.endswith("ago") and text[:1].isdigit()):
        return text  # English "2h ago" reads the same in every language
    folded = fold(text)
    if folded in words.now:
        return "now"
    amount = _strip_phrase(folded, words.ago_before, at_start=True)
    if amount is None:
        amount = _strip_phrase(folded, words.ago_after, at_start=False)
    if amount is not None:
        return _ago(amount, words)
    return _day_time(folded, words)


def _ago(amount: str, words: Words) -> str:
    """``2 std`` / ``1h30`` / ``1 jam 30 menit`` → ``2 h ago`` / ``1h 30m ago`` / ``1 h 30 m ago``."""
    for join in words.joins:
        amount = re.sub(r"(?<!\w)" + re.escape(join) + r"(?!\w)", " ", amount)
    units = dict(words.phrases)
    for hour in words.hour_word:
        units[hour] = "h"  # "2 jam lalu", "2 saat önce", "2 giờ trước": the hour word is the unit
    for pattern, english in _words(units):
        if english in {"h", "m", "d"}:
            amount = pattern.sub(english, amount)
    amount = _HOURS_MINUTES.sub(r"\1h \2m", amount)  # "1h30" is an hour and a half
    return " ".join(amount.split()) + " ago"


def _day_time(text: str, words: Words) -> str:
    """``ontem às 21h30`` → ``yesterday at 21:30``; ``21:30 hôm qua`` → ``yesterday 21:30``."""
    for hour in words.hour_word:
        # "21 Uhr" / "21 giờ 30" follow the hour; "saat 21:30" / "jam 21.30" name it.
        text = re.sub(r"(\d{1,2}[:.]\d{2})\s*" + re.escape(hour) + r"(?!\w)", r"\1", text)
        text = re.sub(
            r"(?<![\d:.])(\d{1,2})\s*" + re.escape(hour) + r"(?:\s*(\d{2}))?(?!\w)", _hour_and_minutes, text
        )
        text = re.sub(r"(?<!\w)" + re.escape(hour) + r"\s+(?=\d)", "at ", text)
    for pattern, english in _words(words.phrases):
        if english not in {"h", "m", "d"}:
            text = pattern.sub(english, text)
    text = _CLOCK_H.sub(lambda m: f"{m[1]}:{m[2] or '00'}", text)  # 21h30, 21h
    text = _CLOCK_DOT.sub(r"\1:\2", text)  # 21.30
    parts = text.split()
    if len(parts) == 2 and parts[1] in _DAYS and parts[0][:1].isdigit():
        parts.reverse()  # "21:30 hôm qua": the day may come last
    elif len(parts) == 3 and parts[2] in _DAYS and parts[0] == "at":
        parts = [parts[2], parts[1]]
    return " ".join(parts)


def _hour_and_minutes(match: re.Match[str]) -> str:
    return f"{match[1]}:{match[2] or '00'}"
