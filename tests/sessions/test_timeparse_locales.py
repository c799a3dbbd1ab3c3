"""Start times in the member's language: each locale's words, English still read, examples that parse."""

from __future__ import annotations

import contextlib
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.errors import InvalidInput
from bot.i18n import TRANSLATED, translate
from bot.sessions.model.timeparse import _HELP, parse_start

NY = ZoneInfo("America/New_York")
# Friday 2026-11-20 22:00 in New York (EST, UTC-5).
NOW = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)
YESTERDAY_2130 = datetime(2026, 11, 20, 2, 30, tzinfo=UTC)  # Thursday 21:30 EST
TODAY_2000 = datetime(2026, 11, 21, 1, 0, tzinfo=UTC)
FRIDAY_2100 = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)
TWO_HOURS = NOW - timedelta(hours=2)
NINETY_MINUTES = NOW - timedelta(minutes=90)
THREE_DAYS = NOW - timedelta(days=3)

SAID = {
    "pt_BR": {
        "agora": NOW, "Agora mesmo": NOW, "ontem 21:30": YESTERDAY_2130, "ontem às 21h30": YESTERDAY_2130,
        "hoje 20h": TODAY_2000, "sexta-feira às 21h": FRIDAY_2100, "há 2h": TWO_HOURS, "ha 2 horas": TWO_HOURS,
        "há 1h30": NINETY_MINUTES, "há 1 hora e 30 minutos": NINETY_MINUTES, "2h atrás": TWO_HOURS,
        "há 3 dias": THREE_DAYS,
    },
    "de": {
        "jetzt": NOW, "gestern 21:30": YESTERDAY_2130, "Gestern um 21:30 Uhr": YESTERDAY_2130,
        "heute 20 Uhr": TODAY_2000, "Freitag 21:00": FRIDAY_2100, "vor 2 Std": TWO_HOURS,
        "vor 2 Std.": TWO_HOURS, "vor 2 Stunden": TWO_HOURS, "vor 1 Std. 30 Min.": NINETY_MINUTES,
        "vor 90 Minuten": NINETY_MINUTES, "vor 3 Tagen": THREE_DAYS,
    },
    "es_ES": {
        "ahora": NOW, "ayer 21:30": YESTERDAY_2130, "ayer a las 21:30": YESTERDAY_2130, "hoy 20:00": TODAY_2000,
        "viernes 21:00": FRIDAY_2100, "hace 2h": TWO_HOURS, "hace 2 horas": TWO_HOURS,
        "hace 1 hora y 30 minutos": NINETY_MINUTES, "hace 3 días": THREE_DAYS,
    },
    "es_419": {"ahorita": NOW, "ayer 21:30": YESTERDAY_2130, "hace 90 min": NINETY_MINUTES},
    "fr": {
        "maintenant": NOW, "hier 21h30": YESTERDAY_2130, "hier à 21:30": YESTERDAY_2130,
        "aujourd'hui 20h": TODAY_2000, "vendredi 21h": FRIDAY_2100, "il y a 2h": TWO_HOURS,
        "il y a 2 heures": TWO_HOURS, "il y a 1h30": NINETY_MINUTES, "il y a 3 jours": THREE_DAYS,
    },
    "id": {
        "sekarang": NOW, "kemarin 21.30": YESTERDAY_2130, "kemarin jam 21.30": YESTERDAY_2130,
        "kemarin pukul 21:30": YESTERDAY_2130, "hari ini jam 20.00": TODAY_2000, "jumat 21.00": FRIDAY_2100,
        "2 jam lalu": TWO_HOURS, "2 jam yang lalu": TWO_HOURS, "1 jam 30 menit lalu": NINETY_MINUTES,
        "3 hari lalu": THREE_DAYS,
    },
    "tr": {
        "şimdi": NOW, "Dün 21:30": YESTERDAY_2130, "dün saat 21.30": YESTERDAY_2130, "dun 21:30": YESTERDAY_2130,
        "bugün 20:00": TODAY_2000, "cuma 21:00": FRIDAY_2100, "2 saat önce": TWO_HOURS,
        "90 dakika önce": NINETY_MINUTES, "1 saat 30 dk önce": NINETY_MINUTES, "3 gün önce": THREE_DAYS,
    },
    "vi": {
        "bây giờ": NOW, "bay gio": NOW, "hôm qua 21:30": YESTERDAY_2130, "21:30 hôm qua": YESTERDAY_2130,
        "hôm qua lúc 21h30": YESTERDAY_2130, "21 giờ 30 hôm qua": YESTERDAY_2130, "hôm nay 20h": TODAY_2000,
        "thứ 6 21:00": FRIDAY_2100, "thứ sáu 21h": FRIDAY_2100, "2 giờ trước": TWO_HOURS,
        "2 tiếng trước": TWO_HOURS, "1 giờ 30 phút trước": NINETY_MINUTES, "3 ngày trước": THREE_DAYS,
    },
}  # fmt: skip
CASES = [(locale, text, expected) for locale, said in SAID.items() for text, expected in said.items()]
ENGLISH = {"now": NOW, "yesterday 21:30": YESTERDAY_2130, "2h ago": TWO_HOURS, "1h 30m ago": NINETY_MINUTES}


@pytest.mark.parametrize(("locale", "text", "expected"), CASES)
def test_each_language_reads_its_own_words(locale: str, text: str, expected: datetime) -> None:
    assert parse_start(text, NY, NOW, locale) == expected


@pytest.mark.parametrize("locale", TRANSLATED)
@pytest.mark.parametrize(("text", "expected"), ENGLISH.items())
def test_english_still_works_in_every_language(locale: str, text: str, expected: datetime) -> None:
    assert parse_start(text, NY, NOW, locale) == expected


@pytest.mark.parametrize(
    ("locale", "text"),
    [("en", "ontem 21:30"), ("de", "hier 21:30"), ("fr", "gestern 21:30"), ("pt_BR", "vor 2 Std")],
)
def test_another_languages_words_are_not_read(locale: str, text: str) -> None:
    """``hier`` is yesterday in French only: each member's own language, plus English."""
    with pytest.raises(InvalidInput):
        parse_start(text, NY, NOW, locale)


@pytest.mark.parametrize("locale", TRANSLATED)
def test_the_translated_examples_parse_in_their_language(locale: str) -> None:
    examples = re.findall(r"`([^`]+)`", translate(locale, _HELP))
    assert len(examples) == 4, examples
    for example in examples:
        assert parse_start(example, NY, NOW, locale) <= NOW
    how_long = translate(locale, "Write how long ago like `2h ago`, `90m ago` or `1h 30m ago`.")
    got = [parse_start(e, NY, NOW, locale) for e in re.findall(r"`([^`]+)`", how_long)]
    assert got == [TWO_HOURS, NINETY_MINUTES, NINETY_MINUTES]


@pytest.mark.parametrize("locale", ["pt_BR", "de", "vi"])
def test_future_in_another_language_is_refused(locale: str) -> None:
    future = {"pt_BR": "hoje 23:30", "de": "heute 23:30", "vi": "hôm nay 23:30"}[locale]
    with pytest.raises(InvalidInput):
        parse_start(future, NY, NOW, locale)


@given(st.text(max_size=80), st.sampled_from(TRANSLATED))
def test_arbitrary_text_in_any_language_only_raises_invalid_input(text: str, locale: str) -> None:
    try:
        result = parse_start(text, NY, NOW, locale)
    except InvalidInput:
        return
    assert result <= NOW + timedelta(minutes=2)


WORDS = st.sampled_from(
    ["há", "vor", "hace", "il y a", "lalu", "önce", "trước", "jam", "saat", "giờ", "uhr", "h", "às", "um"]
)


@given(
    st.lists(st.one_of(WORDS, st.from_regex(r"\A[0-9:.h]{1,6}\Z")), max_size=6), st.sampled_from(TRANSLATED)
)
def test_word_salad_only_raises_invalid_input(parts: list[str], locale: str) -> None:
    with contextlib.suppress(InvalidInput):
        assert parse_start(" ".join(parts), NY, NOW, locale) <= NOW + timedelta(minutes=2)
