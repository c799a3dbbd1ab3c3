"""Scheduled posts in the server's language, replies in the member's, through the real dispatch path.

A reminder post, a go-live announcement, its follower DM and the log channel's notices are read by
the whole server: they follow ``/config language`` (else the server's Discord locale), whoever
triggered them. The command replies around them stay in each member's own language. Flags and
pause reasons are stored as codes and written out in the reader's language, older rows' English
sentences included; day words are read in the member's language as well as English.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from bot.core.app import LiveCoach
from bot.core.errors import InvalidInput
from bot.i18n import using
from bot.reminders.model.recurrence import format_days, parse_days, suggest_days
from bot.reminders.model.reminder import LEGACY_ROLE_DELETED, ROLE_DELETED_FLAG
from tests.harness import payloads as P
from tests.harness.dispatch import Harness, Reply
from tests.harness.fake_discord import FakeDiscord, guild_payload
from tests.harness.payloads import GUILD_ID, OTHER_USER_ID, ROLE_ID, USER_ID, Actor, Payloads
from tests.harness.reminders import LOG_CHANNEL, POST_CHANNEL, fire_at, make, posts

pytestmark = pytest.mark.usefixtures("virtual_time")

GERMAN_ADMIN = Actor(admin=True, locale="de", guild_locale="en-US")
SPANISH_ADMIN = Actor(admin=True, locale="es-ES", guild_locale="en-US")
ENGLISH_ADMIN = Actor(admin=True)
LIVE_CHANNEL = 1300000000000000042
NOW = datetime(2026, 5, 1, 12, tzinfo=UTC)  # a Friday


@pytest.fixture(autouse=True)
def fixed_clock(bot: LiveCoach, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bot.reminders, "clock", lambda: NOW)


def cache_guild(bot: LiveCoach, *, roles: list[int], locale: str = "en-US") -> None:
    """The server as the gateway caches it, with its Discord language (``preferred_locale``)."""
    data = guild_payload(GUILD_ID, channels=[POST_CHANNEL, LIVE_CHANNEL], roles=roles)
    data["preferred_locale"] = locale
    bot._connection._add_guild_from_data(data)


async def choose_language(harness: Harness, payloads: Payloads, language: str) -> None:
    reply = await harness.run(payloads.slash("config language", ENGLISH_ADMIN, language=language))
    assert reply.ephemeral and "**" in reply.content, reply.content


def added_id(reply: Reply) -> int:
    match = re.search(r"#(\d+)", reply.embed["title"])
    assert match, reply.embed
    return int(match.group(1))


async def test_a_reminder_posts_in_the_servers_language_while_the_admin_reads_german(
    bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    await choose_language(harness, payloads, "pt_BR")
    reply = await harness.run(
        payloads.slash(
            "reminder add",
            GERMAN_ADMIN,
            days="weekdays",
            time="19:00",
            timezone="America/New_York",
            channel=POST_CHANNEL,
            minutes_before=15,
        )
    )
    rid = added_id(reply)
    assert reply.embed["title"] == f"Erinnerung #{rid} hinzugefügt"
    (field,) = reply.embed["fields"]
    assert field["name"] == f"#{rid} · Werktags um 19:00 America/New_York, 15 min vorher gepostet"
    assert field["value"].startswith("✅ Aktiv\nNächster Post <t:")
    # Friday 1 May 2026, 18:45 New York (22:45 UTC): the post, in Brazilian Portuguese.
    assert await fire_at(bot, rid, datetime(2026, 5, 1, 22, 45, tzinfo=UTC)) == "sent"
    (post,) = posts(fake_discord)
    head, message = post["content"].split("\n")
    assert re.fullmatch(r"🔴 \*\*LIVE às <t:\d+:t>\*\* \(em 15 min\)", head), head
    assert message == "Hora de entrar em LIVE! Confira a luz e o som e toque em Iniciar LIVE."
    # The same admin's next reply is German again: the post's language never leaks into answers.
    paused = await harness.run(payloads.slash("reminder pause", GERMAN_ADMIN, id=rid))
    assert paused.content == f"Erinnerung #{rid} pausiert. /erinnerung fortsetzen startet sie wieder."
    listing = await harness.run(payloads.slash("reminder list", ENGLISH_ADMIN))
    assert listing.field(f"#{rid}").startswith(f"⏸️ Paused: paused by <@{ENGLISH_ADMIN.user_id}>")
    german = await harness.run(payloads.slash("reminder list", GERMAN_ADMIN))
    assert german.field(f"#{rid}").startswith(f"⏸️ Pausiert: pausiert von <@{ENGLISH_ADMIN.user_id}>")


async def test_without_a_chosen_language_posts_follow_the_servers_discord_locale(
    bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    cache_guild(bot, roles=[], locale="de")
    r = await make(bot, NOW)
    assert await fire_at(bot, r.id, datetime(2026, 5, 1, 23, 0, tzinfo=UTC)) == "sent"
    assert posts(fake_discord)[0]["content"].startswith("🔴 **Jetzt LIVE!**\nZeit, LIVE zu gehen!")
    # /config language wins over the Discord locale.
    await choose_language(harness, payloads, "fr")
    bot.reminders.languages.forget(GUILD_ID)
    assert await fire_at(bot, r.id, datetime(2026, 5, 2, 23, 0, tzinfo=UTC)) == "sent"
    assert posts(fake_discord)[1]["content"].startswith(
        "🔴 **En LIVE maintenant !**\nC'est l'heure du LIVE !"
    )


async def test_an_english_server_keeps_its_english_posts(
    bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    r = await make(bot, NOW)
    # A Portuguese member's command just before the post does not make it Portuguese.
    reply = await harness.run(payloads.slash("reminder list", Actor(admin=True, locale="pt-BR")))
    assert reply.embed["title"] == "Lembretes de LIVE"
    assert await fire_at(bot, r.id, datetime(2026, 5, 1, 23, 0, tzinfo=UTC)) == "sent"
    assert posts(fake_discord)[0]["content"] == (
        "🔴 **Going LIVE now!**\nTime to go LIVE! Check your light and sound, then hit Go LIVE."
    )


async def test_the_role_deleted_flag_reads_in_each_readers_language(
    bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    await choose_language(harness, payloads, "pt_BR")
    r = await make(bot, NOW, role_id=ROLE_ID)
    cache_guild(bot, roles=[])  # the role is gone from the cached server
    assert await fire_at(bot, r.id, datetime(2026, 5, 1, 23, 0, tzinfo=UTC)) == "sent"
    stored = await bot.storage.reminders.get(GUILD_ID, r.id)
    assert stored is not None and stored.flag == ROLE_DELETED_FLAG  # a code, not a sentence
    english = await harness.run(payloads.slash("reminder list", ENGLISH_ADMIN))
    assert "⚠️ Active, flagged: Its role was deleted, so it posts without a ping" in english.field(f"#{r.id}")
    german = await harness.run(payloads.slash("reminder list", GERMAN_ADMIN))
    assert "⚠️ Aktiv, markiert: Ihre Rolle wurde gelöscht, daher postet sie ohne Ping" in german.field(
        f"#{r.id}"
    )
    spanish = await harness.run(payloads.slash("reminder list", SPANISH_ADMIN))
    assert "Su rol fue eliminado" in spanish.field(f"#{r.id}")


async def test_an_older_rows_english_flag_is_read_as_its_code(
    bot: LiveCoach, harness: Harness, payloads: Payloads
) -> None:
    r = await make(bot, NOW, role_id=ROLE_ID)
    await bot.storage.reminders.set_flag(r.id, LEGACY_ROLE_DELETED, NOW)
    failed = await make(bot, NOW, days=frozenset({0}))
    legacy = (
        "Last post failed (no answer in time) at <t:1777676400:f>, after retrying: Discord was unavailable."
    )
    await bot.storage.reminders.set_flag(failed.id, legacy, NOW)
    german = await harness.run(payloads.slash("reminder list", GERMAN_ADMIN))
    assert "Ihre Rolle wurde gelöscht" in german.field(f"#{r.id}")
    assert (
        "Der letzte Post ist am <t:1777676400:f> fehlgeschlagen (keine Antwort rechtzeitig)"
        in german.field(f"#{failed.id}")
    )
    english = await harness.run(payloads.slash("reminder list", ENGLISH_ADMIN))
    assert legacy in english.field(f"#{failed.id}")  # English reads exactly as it always did
    # The old sentence still counts as the role flag: a post with the role back clears it.
    cache_guild(bot, roles=[ROLE_ID])
    assert await fire_at(bot, r.id, datetime(2026, 5, 1, 23, 0, tzinfo=UTC)) == "sent"
    stored = await bot.storage.reminders.get(GUILD_ID, r.id)
    assert stored is not None and stored.flag is None


async def test_a_channel_fault_is_told_in_the_servers_language_and_listed_in_the_readers(
    bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    await choose_language(harness, payloads, "es_ES")
    await bot.storage.settings.update(GUILD_ID, log_channel_id=LOG_CHANNEL)
    r = await make(bot, NOW)
    fake_discord.channel_status[POST_CHANNEL] = 403
    assert await fire_at(bot, r.id, datetime(2026, 5, 1, 23, 0, tzinfo=UTC)) == "paused"
    (notice,) = posts(fake_discord, LOG_CHANNEL)
    assert notice["content"].startswith(f"⏸️ El recordatorio de LIVE #{r.id} (Todos los días a las 19:00")
    assert f"No tengo permiso para publicar en <#{POST_CHANNEL}>" in notice["content"]
    listing = await harness.run(payloads.slash("reminder list", GERMAN_ADMIN))
    assert listing.field(f"#{r.id}").startswith(f"⏸️ Pausiert: Ich darf in <#{POST_CHANNEL}> nicht posten")


async def test_a_test_post_shows_the_servers_language_and_answers_the_members(
    bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    await choose_language(harness, payloads, "pt_BR")
    r = await make(bot, NOW, role_id=ROLE_ID)
    reply = await harness.run(payloads.slash("reminder test", GERMAN_ADMIN, id=r.id))
    assert reply.followups[0]["content"].startswith(
        f"Test der Erinnerung #{r.id} in <#{POST_CHANNEL}> gepostet"
    )
    (post,) = posts(fake_discord)
    assert post["content"].startswith(
        f"-# 🧪 Teste do lembrete de LIVE #{r.id}, não é um alerta real. "
        f"A postagem real menciona <@&{ROLE_ID}>; este teste não menciona ninguém."
    )
    # An admin switches the language: the next test, asked for right away, already shows it.
    await choose_language(harness, payloads, "de")
    await harness.run(payloads.slash("reminder test", ENGLISH_ADMIN, id=r.id))
    assert posts(fake_discord)[-1]["content"].startswith(
        f"-# 🧪 Test der LIVE-Erinnerung #{r.id}, keine echte Meldung."
    )


# -- go-live announcements -------------------------------------------------------------------------------


async def go_live_ready(harness: Harness, payloads: Payloads, creator: Actor) -> None:
    await harness.run(payloads.slash("golive channel", ENGLISH_ADMIN, channel=LIVE_CHANNEL))
    linked = await harness.run(payloads.slash("live handle set", creator, handle="@nova.lives"))
    assert linked.content.startswith("**@nova.lives** verknüpft."), linked.content


async def test_a_go_live_announcement_and_its_dm_are_in_the_servers_language(
    bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    cache_guild(bot, roles=[ROLE_ID])
    await choose_language(harness, payloads, "pt_BR")
    creator = Actor(USER_ID, name="Nova", locale="de")
    fan = Actor(OTHER_USER_ID, name="Fan", locale="tr")
    await go_live_ready(harness, payloads, creator)
    followed = await harness.run(payloads.slash("follow", fan, creator=USER_ID))
    assert followed.content.startswith("Artık @nova.lives kullanıcısını takip ediyorsun")
    reply = await harness.run(payloads.slash("live now", creator, title="Q&A"))
    answer = reply.followups[0]["content"]
    assert answer.startswith(f"Dein LIVE ist in <#{LIVE_CHANNEL}> angekündigt: ")
    assert "Dein 1 Follower wird benachrichtigt." in answer
    [post] = [r.json for r in fake_discord.channel_messages(LIVE_CHANNEL)]
    embed = post["embeds"][0]
    assert embed["title"] == "🔴 Nova está em LIVE no TikTok"
    assert embed["footer"]["text"].startswith("Toque em 🔔 Me avisar")
    labels = [c.get("label") for row in post["components"] for c in row["components"]]
    assert labels == ["Assistir LIVE", "Me avisar"]
    await bot.golive.drain()
    dms = [m for m in fake_discord.created_messages if m["channel_id"] != str(LIVE_CHANNEL)]
    assert dms and dms[-1]["content"].startswith("🔔 **Nova** (@nova.lives) está em LIVE agora: Q&A")


async def test_the_notify_me_button_answers_the_clicker_in_their_language(
    bot: LiveCoach, harness: Harness, payloads: Payloads, fake_discord: FakeDiscord
) -> None:
    cache_guild(bot, roles=[ROLE_ID])
    creator = Actor(USER_ID, name="Nova", locale="de")
    await go_live_ready(harness, payloads, creator)
    await harness.run(payloads.slash("live now", creator))
    message = fake_discord.created_messages[-1]
    fan = Actor(OTHER_USER_ID, name="Fan", locale="es-ES")
    click = await harness.run(P.button(message, f"golive:notify:{USER_ID}", fan))
    assert click.ephemeral and click.content.startswith(
        "🔔 Recibirás un mensaje directo cuando @nova.lives haga LIVE."
    ), click.content
    again = await harness.run(
        P.button(message, f"golive:notify:{USER_ID}", Actor(OTHER_USER_ID, locale="fr"))
    )
    assert again.content == "Vous suivez déjà @nova.lives. /ne-plus-suivre arrête les notifications."


async def test_the_golive_settings_reply_in_the_admins_language(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("golive show", Actor(admin=True, locale="vi")))
    assert reply.content.startswith("**Kênh LIVE:** chưa đặt (đang tắt thông báo).")
    refused = await harness.run(payloads.slash("live now", Actor(locale="fr")))
    assert refused.followups[0]["content"] == (
        "Ce serveur n'a pas encore de salon des LIVE : demandez à un admin d'en définir un avec /golive salon."
    )


# -- day words -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "typed", "days"),
    [
        ("es_ES", "lun-vie", {0, 1, 2, 3, 4}),
        ("es_419", "lunes, miércoles y viernes", {0, 2, 4}),
        ("es_ES", "sábado y domingo", {5, 6}),
        ("es_ES", "entre semana", {0, 1, 2, 3, 4}),
        ("de", "Mo, Mi, Fr", {0, 2, 4}),
        ("de", "Montag bis Donnerstag", {0, 1, 2, 3}),
        ("de", "werktags", {0, 1, 2, 3, 4}),
        ("pt_BR", "segunda a sexta", {0, 1, 2, 3, 4}),
        ("pt_BR", "seg, qua, sex", {0, 2, 4}),
        ("fr", "lun, mer et ven", {0, 2, 4}),
        ("tr", "Pazartesi, Çarşamba ve Cuma", {0, 2, 4}),
        ("id", "Senin-Jumat", {0, 1, 2, 3, 4}),
        ("vi", "T2, T4, T6", {0, 2, 4}),
        ("vi", "Thứ Hai, Chủ Nhật", {0, 6}),
    ],
)
def test_localised_day_words_parse(locale: str, typed: str, days: set[int]) -> None:
    with using(locale):
        assert parse_days(typed) == frozenset(days)
        assert parse_days("mon,wed,fri") == frozenset({0, 2, 4})  # English works everywhere
        assert parse_days("weekdays") == frozenset(range(5))
    with using("en"):
        assert parse_days("mon-fri") == frozenset(range(5))


HINT_EXAMPLES = {
    "es_ES": ["diario", "entre semana", "fin de semana", "lun,mié,vie", "lun-vie"],
    "es_419": ["diario", "entre semana", "fin de semana", "lun,mié,vie", "lun-vie"],
    "pt_BR": ["diário", "dias úteis", "fim de semana", "seg,qua,sex", "seg-sex"],
    "id": ["setiap hari", "hari kerja", "akhir pekan", "sen,rab,jum", "sen-jum"],
    "de": ["täglich", "werktags", "wochenende", "Mo,Mi,Fr", "Mo-Fr"],
    "fr": ["tous les jours", "en semaine", "week-end", "lun,mer,ven", "lun-ven"],
    "tr": ["her gün", "hafta içi", "hafta sonu", "pzt,çar,cum", "pzt-cum"],
    "vi": ["hàng ngày", "ngày thường", "cuối tuần", "t2,t4,t6", "t2-t6"],
}


@pytest.mark.parametrize("locale", sorted(HINT_EXAMPLES))
def test_each_locales_days_hint_and_suggestions_read_back(locale: str) -> None:
    """The sentence a bad days value gets names examples in the member's language: each one parses,
    and so does every day set offered before anything is typed."""
    with using(locale):
        with pytest.raises(InvalidInput) as refused:
            parse_days("someday")
        hint = str(refused.value)
        for example in HINT_EXAMPLES[locale]:
            assert example in hint, (example, hint)
            assert parse_days(example), example
        offered = suggest_days("")
        assert offered and offered[0][1] in HINT_EXAMPLES[locale][:1]  # its own word for every day first
        for label, value in offered:
            assert parse_days(value) and " → " in label


def test_turkish_sa_stays_english_saturday() -> None:
    """A local word that is an English day word too keeps its English meaning (English works everywhere)."""
    with using("tr"):
        assert parse_days("sa") == frozenset({5})
        assert parse_days("sal") == frozenset({1})


def test_days_are_shown_in_the_members_language() -> None:
    with using("de"):
        assert format_days({0, 2, 4}) == "Mo, Mi, Fr"
        assert format_days(range(5)) == "Werktags"
    with using("es_ES"):
        assert format_days({2, 5}) == "mié, sáb"
        assert format_days(range(7)) == "Todos los días"
    assert format_days({0, 2, 4}) == "Mon, Wed, Fri"


async def test_a_spanish_admin_adds_days_in_spanish_and_autocomplete_suggests_spanish(
    harness: Harness, payloads: Payloads
) -> None:
    reply = await harness.run(
        payloads.slash(
            "reminder add", SPANISH_ADMIN, days="lun, mié, vie", time="19:00", timezone="Europe/Madrid"
        )
    )
    rid = added_id(reply)
    assert reply.embed["title"] == f"Recordatorio #{rid} añadido"
    assert reply.embed["fields"][0]["name"] == f"#{rid} · lun, mié, vie a las 19:00 Europe/Madrid"
    choices = await harness.run(payloads.autocomplete("reminder add", "days", SPANISH_ADMIN, days="lun,mi"))
    names = [c["name"] for c in choices.choices]
    assert "lun,mié → lun, mié" in names
    bad = await harness.run(payloads.slash("reminder add", SPANISH_ADMIN, days="algún día", time="19:00"))
    assert bad.ephemeral and bad.content.startswith("Usa días como diario, entre semana")


async def test_a_german_creators_schedule_reply_shows_german_days(
    bot: LiveCoach, harness: Harness, payloads: Payloads
) -> None:
    creator = Actor(USER_ID, name="Nova", locale="de")
    await go_live_ready(harness, payloads, creator)
    reply = await harness.run(
        payloads.slash("schedule add", creator, days="Mo, Mi, Fr", time="20:00", timezone="Europe/Berlin")
    )
    rid = added_id(reply)
    assert reply.embed["title"] == f"Deine Erinnerung #{rid} ist eingerichtet"
    assert (
        reply.embed["fields"][0]["name"]
        == f"#{rid} · Mo, Mi, Fr um 20:00 Europe/Berlin, 15 min vorher gepostet"
    )
    assert reply.embed["footer"]["text"] == "Bis zu 5 pro Person · /plan liste zeigt deine."
