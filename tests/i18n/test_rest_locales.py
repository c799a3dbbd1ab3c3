"""The rest of LiveCoach in the member's language: odd input, start-time words, /tips, /config replies.

Through the real command tree and the fake Discord: a refusal is one ephemeral sentence in
the member's language whatever they typed (right-to-left Arabic, a 500-letter word, mixed
scripts), start times are read in their words, tips and /config confirmations are translated.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from bot.core.app import LiveCoach
from bot.i18n import TRANSLATED, translate, using
from bot.i18n.context import discord_name
from bot.money.model.tips import TOPICS, load_tips
from bot.sessions.model.timeparse import _HELP
from tests.harness.dispatch import Harness, Reply
from tests.harness.payloads import GUILD_ID, USER_ID, Actor, Payloads

BRAZIL = Actor(locale="pt-BR", guild_locale="pt-BR")
GERMANY = Actor(locale="de", guild_locale="de")
ODD = {
    "rtl": "مرحبا بالعالم ١٠٠ وردة",  # Arabic, right to left, Arabic-Indic digits
    "long word": "x" * 500,
    "mixed scripts": "2 leões и 100 розы 🌹 玫瑰",
    "rtl override": "\u202eأمس 21:30",
}
UNKNOWN_GIFT = "I don't know the gift “{name}”. Check the spelling or use /gift list."
DURATION = "Enter the duration like `90`, `1h30` or `1:30`."


def sentence(reply: Reply) -> str:
    """The one ephemeral sentence a refusal is (no embed, no unexpected error)."""
    assert reply.callback_type == 4 and reply.ephemeral, reply.message
    assert not reply.embeds
    assert "Something went wrong" not in reply.content
    return reply.content


def prefix(locale: str, message: str) -> str:
    """The translated sentence up to its first placeholder (the part that never depends on the input)."""
    return translate(locale, message).split("{")[0].split("“")[0].split("„")[0]


@pytest.mark.parametrize("kind", ODD)
@pytest.mark.parametrize(("actor", "locale"), [(Actor(), "en"), (BRAZIL, "pt_BR"), (GERMANY, "de")])
async def test_odd_input_gets_one_translated_sentence(
    harness: Harness, payloads: Payloads, bot: LiveCoach, kind: str, actor: Actor, locale: str
) -> None:
    typed = ODD[kind]
    gifts = sentence(await harness.run(payloads.slash("estimate gifts", actor, text=typed)))
    assert gifts.startswith(prefix(locale, UNKNOWN_GIFT)), gifts
    assert len(gifts) < 300  # the 500-letter word is shortened, not echoed whole
    assert "\u202e" not in gifts  # a typed right-to-left override never mirrors the answer
    if kind.startswith("rtl"):  # the Arabic keeps its direction without moving the sentence around it
        assert re.search("\u2068[^\u2069]*[\u0600-\u06ff][^\u2069]*\u2069", gifts), repr(gifts)
    else:
        assert "\u2068" not in gifts
    start = sentence(
        await harness.run(payloads.slash("session log", actor, duration="90", start=typed[:100]))
    )
    assert start == translate(locale, _HELP)
    duration = sentence(await harness.run(payloads.slash("session log", actor, duration=typed[:100])))
    assert duration == translate(locale, DURATION)
    assert await bot.storage.sessions.all_for_member(GUILD_ID, USER_ID) == []


async def test_the_sentence_differs_by_language_only(harness: Harness, payloads: Payloads) -> None:
    answers = {}
    for locale in ("en", *TRANSLATED):
        actor = Actor(locale=discord_name(locale), guild_locale=discord_name(locale))
        reply = await harness.run(payloads.slash("session log", actor, duration="90", start=ODD["rtl"]))
        answers[locale] = sentence(reply)
    assert len(set(answers.values())) == len(answers) - 1  # es_ES and es_419 share the sentence
    assert "`agora`" in answers["pt_BR"] and "`jetzt`" in answers["de"] and "`now`" in answers["en"]


@pytest.mark.parametrize(
    ("actor", "start", "ago"),
    [
        (BRAZIL, "há 2h", timedelta(hours=2)),
        (GERMANY, "vor 1 Std 30 Min", timedelta(minutes=90)),
        (Actor(locale="fr", guild_locale="fr"), "il y a 1h30", timedelta(minutes=90)),
        (Actor(locale="tr", guild_locale="tr"), "2 saat önce", timedelta(hours=2)),
        (BRAZIL, "2h ago", timedelta(hours=2)),  # English still works
    ],
)
async def test_session_log_reads_the_members_start_words(
    harness: Harness, payloads: Payloads, bot: LiveCoach, actor: Actor, start: str, ago: timedelta
) -> None:
    reply = await harness.run(payloads.slash("session log", actor, duration="60", start=start, likes=10))
    assert reply.ephemeral and reply.embeds, reply.text
    [saved] = await bot.storage.sessions.all_for_member(GUILD_ID, USER_ID)
    assert abs((datetime.now(UTC) - ago - saved.started_at).total_seconds()) < 60


# -- tips -----------------------------------------------------------------------------------------
def _numbers(text: str) -> Counter[str]:
    """The figures in a tip, written any locale's way (29,999 = 29.999 = 29 999; 7-11 pm = 19–23 = 19.00-23.00)."""
    text = re.sub(r"(?<![\d.,])(\d{1,2})[.:]00(?!\d)", r"\1", text)  # an hour's ":00" adds no figure
    clock = re.sub(
        r"(\d{1,2})(?:\s*(am|pm))?\s*[-–]\s*(\d{1,2})\s*(am|pm)",
        lambda m: f"{_h(m[1], m[2] or m[4])} {_h(m[3], m[4])}",
        text,
    )
    joined = re.sub(r"(?<=\d)[.,\u202f\u00a0 ](?=\d{3}(?!\d))", "", clock)
    return Counter(re.findall(r"\d+", joined))


def _h(hour: str, half: str) -> str:
    value = int(hour) % 12 + (12 if half == "pm" else 0)
    return str(value)


TIPS = [tip for tips in load_tips().values() for tip in tips]


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_tip_is_translated_with_the_same_figures(locale: str) -> None:
    missing = [tip[:50] for tip in TIPS if translate(locale, tip) == tip]
    assert not missing, f"{locale}: tips without a translation: {missing}"
    changed = [
        (tip[:40], dict(_numbers(tip)), dict(_numbers(translate(locale, tip))))
        for tip in TIPS
        if _numbers(tip) != _numbers(translate(locale, tip))
    ]
    assert not changed, f"{locale}: figures differ: {changed}"


def test_a_tip_without_a_translation_is_shown_in_english() -> None:
    with using("pt_BR"):
        from bot.i18n import _

        assert _("A tip nobody has translated yet.") == "A tip nobody has translated yet."
    assert translate("pt_BR", TIPS[0]) != TIPS[0]


async def test_tips_on_one_topic_in_portuguese(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("tips", BRAZIL, topic="gifts"))
    assert reply.embed["title"] == "Dicas: " + translate("pt_BR", "gifts")
    [field] = reply.embed["fields"]
    assert field["name"] == "Presentes"
    assert field["value"].splitlines() == [f"• {translate('pt_BR', tip)}" for tip in load_tips()["gifts"]]
    assert "29.999 moedas" in field["value"]


async def test_one_tip_from_each_topic_in_vietnamese(harness: Harness, payloads: Payloads) -> None:
    vietnam = Actor(locale="vi", guild_locale="vi")
    reply = await harness.run(payloads.slash("tips", vietnam))
    names = [f["name"] for f in reply.embed["fields"]]
    assert len(names) == len(TOPICS) and "Quà" in names
    shown = {line.removeprefix("• ") for f in reply.embed["fields"] for line in f["value"].splitlines()}
    assert shown <= {translate("vi", tip) for tip in TIPS}


# -- /config replies ------------------------------------------------------------------------------
ADMIN_BR = Actor(admin=True, locale="pt-BR", guild_locale="pt-BR")
ADMIN_DE = Actor(admin=True, locale="de", guild_locale="de")


async def test_config_replies_in_portuguese(harness: Harness, payloads: Payloads) -> None:
    zone = sentence(await harness.run(payloads.slash("config timezone", ADMIN_BR, zone="America/Sao_Paulo")))
    assert zone.startswith("Fuso horário definido como **America/Sao_Paulo**.")
    added = await harness.run(payloads.slash("config gift add", ADMIN_BR, name="Rosa Dourada", coins=1500))
    assert sentence(added).startswith("**Rosa Dourada** adicionado por 1.500 moedas neste servidor.")
    removed = await harness.run(payloads.slash("config gift remove", ADMIN_BR, name="Nada"))
    assert (
        sentence(removed)
        == "Este servidor não tem presente personalizado chamado “Nada”: /config mostrar lista todos."
    )
    nothing = sentence(await harness.run(payloads.slash("config rates", ADMIN_BR)))
    assert "/config mostrar" in nothing and "redefinir:True" in nothing


async def test_config_rates_reads_a_german_decimal_comma(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    reply = await harness.run(payloads.slash("config rates", ADMIN_DE, usd_per_diamond="0,004"))
    assert reply.ephemeral and reply.embeds, reply.text
    settings = await bot.storage.settings.get(GUILD_ID)
    assert str(settings.usd_per_diamond) == "0.004"
    bad = sentence(await harness.run(payloads.slash("config rates", ADMIN_DE, usd_per_diamond="x" * 31)))
    assert bad.startswith("Schreib USD pro Diamant als einfache Zahl, z. B. 0,005")


async def test_time_zone_suggestions_are_translated(harness: Harness, payloads: Payloads) -> None:
    text = sentence(await harness.run(payloads.slash("config timezone", ADMIN_DE, zone="Europe/Berlim")))
    assert text.startswith("Unbekannte Zeitzone; meintest du Europe/Berlin")


# -- gift examples the member can copy ------------------------------------------------------------
GIFT_EXAMPLES = [
    "Type at least one gift, e.g. “2 lions, 100 roses”.",
    "Name at least one gift, e.g. “2 lions, 100 roses”.",
    "Gifts received, like 2 lions, 100 roses: diamonds are computed from them",
    "What a list of gifts is worth, e.g. 2 lions, 100 roses",
    "write gift names in words, e.g. “2 lions, 100 roses” (emoji and symbols are not gift names)",
]


@pytest.mark.parametrize("locale", TRANSLATED)
def test_translated_gift_examples_are_gifts_the_parser_reads(locale: str) -> None:
    """ "2 leões, 100 rosas" would be refused ("Rosa" is even another gift): examples use the catalogue's names."""
    from bot.money.model.catalogue import load_catalogue
    from bot.money.model.gift_parser import parse_gift_text

    catalogue = load_catalogue()
    for message in GIFT_EXAMPLES:
        text = translate(locale, message)
        example = re.search(r"2 [^\d,]+?, 100 [^\s”“»:]+", text)
        assert example, (locale, text)
        with using(locale):
            lines = parse_gift_text(example[0], catalogue)
        assert [(line.gift.name, line.count) for line in lines] == [("Lion", 2), ("Rose", 100)], text
