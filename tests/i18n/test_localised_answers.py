"""Answers through the real command tree in the member's language, with their number format.

The member's Discord locale wins, then the server's, then English; figures follow the
same locale (``60.098`` and ``US$ 300,49`` in Brazilian Portuguese, with CLDR's no-break space), and amounts are read
the member's way (``1.000,50`` is a thousand and a half in German).
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.core.app import LiveCoach
from bot.i18n import using
from bot.i18n.context import TRANSLATED, discord_name
from bot.money.model.amounts import parse_amount
from tests.harness.dispatch import Harness, Reply
from tests.harness.payloads import Actor, Payloads, text_inputs

BRAZIL = Actor(locale="pt-BR", guild_locale="pt-BR")
GERMANY = Actor(locale="de", guild_locale="de")
ADMIN = Actor(admin=True)


def sentence(reply: Reply) -> str:
    """The one ephemeral sentence a refusal is (no embed, no unexpected error)."""
    assert reply.callback_type == 4 and reply.ephemeral, reply.message
    assert not reply.embeds
    return reply.content


async def test_estimate_in_portuguese_with_brazilian_numbers(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("estimate gifts", BRAZIL, text="2 lions, 100 roses"))
    assert reply.embed["title"] == "Quanto valem estes presentes"
    assert reply.field("Moedas") == "60.098"
    assert reply.field("Diamantes do criador") == "60.098"
    assert reply.field("Ganho do criador").startswith("US$\u00a0300,49")
    assert reply.field("Os espectadores pagaram").startswith("US$\u00a0635,32–US$\u00a0849,96")
    assert "2 × **Lion** — 59.998 moedas" in reply.embed["description"]
    footer = reply.embed["footer"]["text"]
    assert footer.startswith("Considera 1 moeda = 1 diamante") and "/estimar minha-taxa" in footer


async def test_estimate_coins_in_portuguese(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("estimate coins", BRAZIL, coins=1000))
    assert reply.embed["title"] == "1.000 moedas em presentes"
    assert reply.field("Ganho do criador").startswith("US$\u00a05,00")


async def test_the_same_command_answers_each_member_in_their_own_language(
    harness: Harness, payloads: Payloads
) -> None:
    english = await harness.run(payloads.slash("estimate coins", coins=1000))
    german = await harness.run(payloads.slash("estimate coins", GERMANY, coins=1000))
    again = await harness.run(payloads.slash("estimate coins", coins=1000))
    assert english.embed["title"] == again.embed["title"] == "1,000 coins of gifts"
    assert german.embed["title"] == "1.000 Münzen an Geschenken"
    assert german.field("Auszahlung an Creator").startswith("5,00\u00a0$")


async def test_an_unsupported_member_locale_falls_back_to_the_servers(
    harness: Harness, payloads: Payloads
) -> None:
    japanese_in_germany = Actor(locale="ja", guild_locale="de")
    reply = await harness.run(payloads.slash("estimate coins", japanese_in_germany, coins=1000))
    assert reply.embed["title"] == "1.000 Münzen an Geschenken"
    nowhere = Actor(locale="ja", guild_locale="ko")
    reply = await harness.run(payloads.slash("estimate coins", nowhere, coins=1000))
    assert reply.embed["title"] == "1,000 coins of gifts"


async def test_a_german_members_amount_reads_their_way(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("estimate target", GERMANY, amount="1.000,50"))
    assert reply.embed["title"] == "Um 1.000,50\u00a0$ ausgezahlt zu bekommen"
    # "1.000" is a thousand to a German (dot = thousands), with no "did you mean" note.
    thousand = await harness.run(payloads.slash("estimate target", GERMANY, amount="1.000"))
    assert thousand.embed["title"] == "Um 1.000,00\u00a0$ ausgezahlt zu bekommen"
    assert not thousand.embed["description"].startswith("„1.000“")
    with using("de"):
        assert parse_amount("1.000,50").value == parse_amount("1000,50").value


@pytest.mark.parametrize("locale", ["de", "pt_BR", "es_ES", "fr", "id", "tr", "vi"])
def test_the_money_parser_reads_each_locales_own_format(locale: str) -> None:
    with using(locale):
        assert str(parse_amount("1.000,50").value) == "1000.50"
        assert str(parse_amount("1 000,50").value) == "1000.50"
        assert str(parse_amount("2,5").value) == "2.5"
        comma = parse_amount("1,500")
    assert str(comma.value) == "1.5" and comma.note  # their decimal comma, with a "did you mean"
    with using("en"):
        assert str(parse_amount("1,500").value) == "1500"  # English keeps its reading


async def test_bad_input_in_portuguese_gets_the_translated_sentence(
    harness: Harness, payloads: Payloads
) -> None:
    text = sentence(await harness.run(payloads.slash("estimate target", BRAZIL, amount="abc")))
    assert text == "Escreva o valor como número, ex.: 100, 1.000,50, 50k ou $500."
    too_many = sentence(await harness.run(payloads.slash("estimate coins", BRAZIL, coins=0)))
    assert too_many.startswith("Use um número de moedas de 1 a ")


@pytest.mark.parametrize(
    "weird",
    [
        "مرحبا ١٠٠",  # right-to-left Arabic with Arabic-Indic digits
        "١٠٠ हिन्दी abc",  # mixed scripts
        "x" * 29,  # one very long word
        "\u202e500",  # a right-to-left override before digits
    ],
)
async def test_odd_input_gets_the_same_clear_sentence_in_every_language(
    harness: Harness, payloads: Payloads, weird: str
) -> None:
    answers = {}
    for locale in ("en", *TRANSLATED):
        actor = Actor(locale=discord_name(locale), guild_locale=discord_name(locale))
        answers[locale] = sentence(await harness.run(payloads.slash("estimate target", actor, amount=weird)))
    assert answers["en"].startswith("Write the amount as")
    assert answers["pt_BR"].startswith("Escreva o valor")
    assert answers["de"].startswith("Gib den Betrag")
    assert len(set(answers.values())) == len(answers), "each language has its own sentence"
    assert all("Something went wrong" not in a for a in answers.values())


async def test_errors_from_the_tree_are_translated(harness: Harness, payloads: Payloads) -> None:
    member = Actor(locale="fr", guild_locale="fr")
    text = sentence(await harness.run(payloads.slash("config show", member)))
    assert text == "Vous avez besoin de la permission Gérer le serveur pour faire cela."


COMMANDS: list[tuple[str, dict[str, Any]]] = [
    ("estimate gifts", {"text": "2 lions, 100 roses, 3 lion"}),
    ("estimate gifts", {"text": "1 motorcycle"}),
    ("estimate coins", {"coins": 29_999}),
    ("estimate diamonds", {"diamonds": 40_000}),
    ("estimate target", {"amount": "1.000"}),
    ("estimate likes", {"likes": 50_000, "viewers": 120, "minutes": 90}),
    ("estimate my-rate", {}),
    ("gift info", {"name": "Lion"}),
    ("gift list", {"search": "heart"}),
    ("likes", {}),
    ("tips", {}),
]


@pytest.mark.parametrize("locale", TRANSLATED)
async def test_money_answers_fit_discord_in_every_locale(
    harness: Harness, payloads: Payloads, bot: LiveCoach, locale: str
) -> None:
    """The fake Discord checks every body against the API description (titles, fields, totals)."""
    actor = Actor(locale=discord_name(locale), guild_locale=discord_name(locale))
    english = Actor()
    for name, options in COMMANDS:
        reply = await harness.run(payloads.slash(name, actor, **options))
        theirs = reply.text
        assert "Something went wrong" not in theirs, (locale, name)
        if name not in ("tips",):  # tips are picked at random
            ours = (await harness.run(payloads.slash(name, english, **options))).text
            assert theirs != ours, f"/{name} answered in English for {locale}"


async def test_config_language_sets_the_language_of_posts(harness: Harness, payloads: Payloads) -> None:
    admin = Actor(admin=True, locale="pt-BR", guild_locale="en-US")
    reply = await harness.run(payloads.slash("config language", admin, language="pt_BR"))
    assert sentence(reply).startswith(
        "Lembretes, anúncios e rankings daqui serão postados em **Português (Brasil)**"
    )
    shown = await harness.run(payloads.slash("config show", ADMIN))
    assert shown.field("Language of posts") == "Português (Brasil)"
    back = await harness.run(payloads.slash("config language", ADMIN, language="server"))
    assert sentence(back) == (
        "Scheduled posts follow the server's language in Discord's settings: now **English**."
    )
    shown = await harness.run(payloads.slash("config show", ADMIN))
    assert "Language of posts" not in [f["name"] for f in shown.embed["fields"]]


async def test_config_language_is_for_admins(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("config language", Actor(), language="de"))
    assert "Manage Server" in sentence(reply)


async def test_help_lists_commands_as_the_members_menu_shows_them(
    harness: Harness, payloads: Payloads
) -> None:
    overview = await harness.run(payloads.slash("help", BRAZIL))
    assert overview.embeds[0]["title"] == "Comandos do LiveCoach"
    text = overview.text
    assert "**/estimar presentes** — Quanto vale uma lista de presentes" in text
    assert "Estimativas de dinheiro" in [f["name"] for e in overview.embeds for f in e.get("fields", [])]
    for typed in ("estimar presentes", "estimate gifts"):  # their name or the English one
        detail = await harness.run(payloads.slash("help", BRAZIL, command=typed))
        assert detail.embed["title"] == "/estimar presentes"
        assert any(f["name"] == "privado (opcional)" for f in detail.embed["fields"])
    missing = sentence(await harness.run(payloads.slash("help", BRAZIL, command="nada")))
    assert missing == "Não existe o comando /nada: use /ajuda para ver todos."
    choices = (await harness.run(payloads.autocomplete("help", "command", BRAZIL, command="estim"))).choices
    assert {"name": "/estimar presentes", "value": "estimate gifts"} in choices


async def test_session_log_answers_and_forms_in_the_members_language(
    harness: Harness, payloads: Payloads
) -> None:
    logged = await harness.run(
        payloads.slash("session log", GERMANY, duration="1h30", diamonds=12_500, likes=40_000)
    )
    assert logged.embed["title"] == "Session geloggt"
    assert logged.field("Diamanten").startswith("12.500")
    assert logged.field("Dauer") == "1 h 30 min"
    form = (await harness.run(payloads.slash("session log", BRAZIL))).modal
    assert form["title"] == "Registrar uma sessão de LIVE"
    labels = [c["label"] for c in text_inputs(form)]
    assert "Duração" in labels and all(len(label) <= 45 for label in labels)
    refused = sentence(await harness.run(payloads.slash("session log", BRAZIL, duration="abc")))
    assert refused == "Informe a duração como `90`, `1h30` ou `1:30`."


async def test_privacy_export_in_indonesian(harness: Harness, payloads: Payloads) -> None:
    indonesia = Actor(locale="id", guild_locale="id")
    await harness.run(payloads.slash("session log", indonesia, duration="2h", diamonds=1_000))
    reply = await harness.run(payloads.slash("privacy export", indonesia))
    assert reply.followups[0]["content"] == "Datamu di server ini: 1 sesi dan tidak ada timer yang berjalan."
