"""/stats and /peak in the member's language: words, figures, dates, chart labels and share cards.

Embeds go through the real command tree (the member's Discord locale on the payload); charts are
checked by the text objects of their figures (what a member reads), never by pixels; and a chart
drawn in a real worker process is the one drawn in the locale it was handed, not the worker's English.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from bot.core.app import LiveCoach
from bot.core.offload import Offloader
from bot.i18n import using
from bot.sessions.model.record import SessionRecord
from bot.stats.cards import card_data
from bot.stats.charts import card_figure, heatmap_figure, likes_figure, trend_chart, trend_figure
from bot.stats.model.goals import make_goal, progress
from bot.stats.model.summary import MemberSummary
from bot.stats.model.trends import compare
from tests.harness.dispatch import Harness
from tests.harness.payloads import CHANNEL_ID, GUILD_ID, OTHER_USER_ID, USER_ID, Actor, Payloads
from tests.harness.sessions import add_session

NOW = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)  # a Friday
BRAZIL = Actor(locale="pt-BR", guild_locale="pt-BR")
GERMANY = Actor(locale="de", guild_locale="de")
FRANCE = Actor(locale="fr", guild_locale="fr")
NY = ZoneInfo("America/New_York")
NNBSP = "\u202f"  # CLDR's French group separator


def freeze(bot: LiveCoach) -> None:
    bot.sessions.clock = lambda: NOW
    bot.stats.clock = lambda: NOW


async def two_sessions(bot: LiveCoach) -> None:
    await add_session(bot, now=NOW, ago=timedelta(days=1), minutes=90, likes=3000, diamonds=1234, peak=40)
    await add_session(bot, now=NOW, ago=timedelta(days=8), minutes=30, likes=1000, diamonds=300, peak=20)


def texts(fig: Figure) -> list[str]:
    """Every visible text a member reads on the figure (titles, axis names, ticks, legends)."""
    fig.canvas.draw()
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


# --------------------------------------------------------------------------- embeds, through dispatch


async def test_member_stats_in_portuguese_with_brazilian_numbers(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    freeze(bot)
    await two_sessions(bot)
    reply = await harness.run(payloads.slash("stats member", BRAZIL, chart=False))
    assert reply.embed["title"] == "Estatísticas de LIVE · Últimos 30 dias"
    assert "horários em UTC" in reply.embed["description"]
    assert reply.field("Sessões") == "2 · novo"
    assert reply.field("Tempo de LIVE") == "2 h · novo"
    assert reply.field("Sequência") == "2 semanas seguidas"
    assert reply.field("Diamantes") == "1.534 (767/h) · novo"
    assert reply.field("Curtidas") == "4.000 (2.000/h) · novo"
    assert reply.field("Média do pico de espectadores") == "30 (média de 2 sessões que registraram)"
    assert "1.234 diamantes" in reply.field("Melhor sessão")
    assert reply.embed["footer"]["text"].endswith("Curtidas são grátis e sozinhas não pagam nada.")


async def test_member_stats_in_german_then_english_unchanged(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    freeze(bot)
    await two_sessions(bot)
    german = await harness.run(payloads.slash("stats member", GERMANY, chart=False))
    english = await harness.run(payloads.slash("stats member", chart=False))
    assert german.embed["title"] == "LIVE-Statistik · Letzte 30 Tage"
    assert german.field("Diamanten") == "1.534 (767/h) · neu"
    assert german.field("Serie") == "2 Wochen in Folge"
    assert german.field("Geschätzte Auszahlung") == "≈ 7,67\u00a0$ (3,84\u00a0$/h)"
    assert "Likes sind kostenlos" in german.embed["footer"]["text"]
    # The next member, in English, gets the English answer: no language leaks between interactions.
    assert english.embed["title"] == "LIVE stats · Last 30 days"
    assert english.field("Diamonds") == "1,534 (767/h) · new"
    assert english.field("Streak") == "2 weeks in a row"


async def test_refusals_goals_and_consent_in_the_members_language(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    freeze(bot)
    bad = await harness.run(payloads.slash("stats goal", BRAZIL, metric="hours", period="week", amount="abc"))
    assert bad.ephemeral and bad.content == "Escreva a meta como número, ex.: 5000 diamantes ou 10 horas."
    # A German writes two and a half hours "2,5" and twelve thousand "12.000".
    hours = await harness.run(
        payloads.slash("stats goal", GERMANY, metric="hours", period="week", amount="2,5")
    )
    assert "Zeit LIVE diese Woche" in hours.content and "von 2 h 30 min" in hours.content
    assert "Wochen beginnen am Montag, in UTC." in hours.content
    diamonds = await harness.run(
        payloads.slash("stats goal", GERMANY, metric="diamonds", period="month", amount="12.000")
    )
    assert "0 von 12.000" in diamonds.content
    cleared = await harness.run(payloads.slash("stats goal-clear", GERMANY))
    assert cleared.content == "2 Ziele entfernt."
    other = Actor(OTHER_USER_ID, locale="fr", guild_locale="fr")
    refused = await harness.run(payloads.slash("stats member", other, member=USER_ID, chart=False))
    assert refused.ephemeral and refused.content.startswith("Ce membre garde ses stats pour lui")
    assert "/stats partage" in refused.content  # the command as the French / menu names it
    sharing = await harness.run(payloads.slash("stats sharing", FRANCE))
    assert sharing.content.startswith("Votre carte peut être publiée par : moi seul")


async def test_leaderboard_in_french_with_french_separators(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    freeze(bot)
    await add_session(bot, now=NOW, diamonds=12_345, minutes=120)
    await bot.stats.set_sharing(GUILD_ID, USER_ID, figures="server")
    reply = await harness.run(payloads.slash("stats server", FRANCE))
    assert reply.embed["title"] == "Classement · Diamants · 30 derniers jours"
    assert f"12{NNBSP}345 diamants · 1 session" in reply.embed["description"]
    assert reply.embed["footer"]["text"] == "1 membre · 1 session sur cette période"


async def test_leaderboard_posts_set_up_in_german(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    freeze(bot)
    refused = await harness.run(
        payloads.slash("stats leaderboard-post", GERMANY, period="week", channel=CHANNEL_ID)
    )
    assert refused.content == "Zum Einrichten von Ranglisten-Posts brauchst du „Server verwalten“."
    admin = Actor(admin=True, locale="de", guild_locale="de")
    ok = await harness.run(
        payloads.slash("stats leaderboard-post", admin, period="month", channel=CHANNEL_ID, metric="hours")
    )
    assert ok.content == (
        f"Die Monatsrangliste nach Stunden LIVE wird am Ende jedes Monats in <#{CHANNEL_ID}> gepostet, "
        "nur mit den Mitgliedern, die ihre Zahlen teilen (/statistik teilen).\n"
        f"Eingerichtet: monatlich nach Stunden LIVE in <#{CHANNEL_ID}>"
    )


async def test_the_weekly_leaderboard_is_posted_in_the_servers_language(
    harness: Harness, payloads: Payloads, bot: LiveCoach, fake_discord: Any
) -> None:
    """A scheduled post is in the server's /config language, not the admin's who set it up."""
    bot.sessions.clock = bot.stats.clock = lambda: datetime(2026, 11, 25, 12, tzinfo=UTC)
    admin = Actor(admin=True, locale="fr", guild_locale="fr")
    await harness.run(payloads.slash("stats leaderboard-post", admin, period="week", channel=CHANNEL_ID))
    await bot.storage.settings.update(GUILD_ID, language="pt_BR")
    await add_session(bot, now=datetime(2026, 11, 25, 12, tzinfo=UTC), ago=timedelta(hours=3), diamonds=1700)
    await bot.stats.set_sharing(GUILD_ID, USER_ID, figures="server")
    bot.stats.clock = lambda: datetime(2026, 11, 30, 1, tzinfo=UTC)
    assert await bot.stats.run_due() == 1
    [post] = fake_discord.channel_messages(CHANNEL_ID)
    [embed] = post.json["embeds"]
    assert embed["title"] == "Ranking · Diamantes · Semana de 23 de nov. de 2026"
    assert f"<@{USER_ID}> — 1.700 diamantes · 1 sessão" in embed["description"]
    assert embed["footer"]["text"] == "1 sessão · 23 de nov.–29 de nov. (UTC)"


async def test_card_is_posted_in_french_and_empty_card_refused_in_german(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    freeze(bot)
    refused = await harness.run(payloads.slash("stats card", GERMANY, period="7d"))
    assert refused.ephemeral and refused.content.startswith(
        "Du hast keine Sessions im Zeitraum „letzte 7 Tage“, also gibt es keine Karte zu posten"
    )
    assert "/session loggen" in refused.content
    # Another member (the refusal above started the first one's card cooldown), in French.
    await add_session(bot, now=NOW, user_id=OTHER_USER_ID, diamonds=1234)
    french = Actor(OTHER_USER_ID, locale="fr", guild_locale="fr")
    reply = await harness.run(payloads.slash("stats card", french))
    assert reply.content == f"Stats LIVE de <@{OTHER_USER_ID}> · 30 derniers jours"
    assert [name for name, _ in reply.files] == ["livecoach-stats.png"]


async def test_peak_in_german_names_weekdays_and_numbers_the_german_way(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    bot.sessions.clock = lambda: datetime(2026, 1, 10, 12, tzinfo=UTC)
    await bot.storage.settings.update(GUILD_ID, timezone="America/New_York")
    base = datetime(2025, 12, 4, 20, tzinfo=NY)  # a Thursday
    for week in range(4):
        for shift, diamonds in ((timedelta(0), 5000), (timedelta(days=2, hours=-9), 3000)):
            await bot.storage.sessions.add(
                SessionRecord(
                    None,
                    GUILD_ID,
                    USER_ID,
                    base + timedelta(weeks=week) + shift,
                    60,
                    1000,
                    10,
                    None,
                    diamonds,
                    None,
                )
            )
    for extra in range(4):  # enough sessions for the server's own heatmap
        await bot.storage.sessions.add(
            SessionRecord(
                None,
                GUILD_ID,
                USER_ID,
                base + timedelta(days=-2 - 7 * extra, hours=1),
                60,
                900,
                10,
                None,
                1000,
                None,
            )
        )
    reply = await harness.run(payloads.slash("peak", GERMANY))
    assert reply.embed["title"] == "LIVE-Peakzeiten · Letzte 90 Tage"
    assert reply.embed["description"].startswith(
        "Grundlage: 12 geloggte Sessions dieses Servers, nach Diamanten pro Stunde LIVE, in America/New_York."
    )
    lines = reply.field("Beste Zeitfenster (America/New_York)").splitlines()
    assert lines[0] == "**1.** Do. 20:00–21:00 · 5.000 Diamanten pro Stunde (4,0 h Daten, 4 Sessions)"
    assert reply.embed["footer"]["text"].startswith("/erinnerung peak-hinzufügen")


async def test_too_few_sessions_for_peak_gives_generic_advice_in_portuguese(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    await bot.storage.settings.update(GUILD_ID, timezone="Europe/Paris")
    reply = await harness.run(payloads.slash("peak", BRAZIL))
    assert reply.embed["title"] == "Horários de pico de LIVE · Últimos 90 dias · genérico"
    assert "qui. 20:00–21:00 (genérico)" in reply.field("Horários genéricos para lembretes")
    assert "**Horário nobre**: Todos os dias 19:00–23:00 no horário local" in reply.field("Janelas genéricas")


# --------------------------------------------------------------------------- charts and cards


def trend_points(days: int = 30) -> list[tuple[date, int, int, float]]:
    return [(date(2026, 11, 1) + timedelta(days=d), 1000 + 100 * d, 20_000 + d, 1.0) for d in range(days)]


def test_trend_chart_labels_in_german() -> None:
    fig = trend_figure(
        trend_points(), "Zoë · Letzte 30 Tage", "Diamanten und Likes pro Tag · UTC", locale="de"
    )
    assert fig is not None
    seen = texts(fig)
    assert {"Diamanten", "Likes", "■ Diamanten", "● Likes"} <= set(seen)
    assert "1. Nov." in seen and "30. Nov." in seen  # CLDR's German day and month
    assert "Diamonds" not in seen and "Nov 1" not in seen
    english = texts(trend_figure(trend_points(), "Zoë", locale="en") or Figure())
    assert {"Diamonds", "■ Diamonds", "Nov 1", "Nov 30"} <= set(english)


def test_long_trend_axis_names_months_in_the_locale() -> None:
    weeks = [(date(2025, 12, 1) + timedelta(weeks=w), 500, 900, 1.0) for w in range(52)]
    fig = trend_figure(weeks, "t", locale="pt_BR")
    assert fig is not None
    assert "dez. de 2025" in texts(fig)


@pytest.mark.parametrize(
    ("locale", "first", "monday_row"),
    [("de", "Mo.", 0), ("pt_BR", "dom.", 1), ("fr", "lun.", 0), ("en", "Sun", 1)],
)
def test_heatmap_weekdays_in_the_locale_from_its_first_day_of_the_week(
    locale: str, first: str, monday_row: int
) -> None:
    matrix: list[list[float | None]] = [[float(d * 24 + h) for h in range(24)] for d in range(7)]
    fig = heatmap_figure(matrix, "Peak", "UTC", highlight=[(0, 20)], low=[(6, 3)], locale=locale)
    ax = fig.axes[0]
    rows = [label.get_text() for label in ax.get_yticklabels()]
    assert rows[0] == first and len(set(rows)) == 7
    # Monday's data, and its highlighted slot, sit on Monday's row whatever the week's first day.
    image = ax.get_images()[0].get_array()
    assert float(image[monday_row][0]) == 0.0
    boxes = [p for p in ax.patches if isinstance(p, Rectangle) and not p.get_fill()]
    assert [(b.get_x(), b.get_y()) for b in boxes] == [(19.5, monday_row - 0.5)]


def test_heatmap_words_in_german() -> None:
    blank: list[list[float | None]] = [[None] * 24 for _ in range(7)]
    seen = texts(heatmap_figure(blank, "LIVE-Peakzeiten", "Europe/Berlin", low=[(2, 20)], locale="de"))
    assert "Stunden in Europe/Berlin" in seen
    assert "schraffiert: zu wenig Daten, um ihnen zu trauen · leer: niemand war LIVE" in seen


def test_likes_scatter_words_in_turkish() -> None:
    seen = texts(likes_figure([], None, locale="tr"))
    assert "Yayın başına beğeni ve elmas" in seen and "Henüz beğenili yayın yok." in seen


def summary(**values: Any) -> MemberSummary:
    base: dict[str, Any] = dict(
        sessions=16,
        minutes=1505,
        hours=Decimal("25.08"),
        likes=159_063,
        diamonds=182_400,
        payout=Decimal("912.004"),
        usd_per_diamond=Decimal("0.005"),
        likes_per_hour=Decimal("6341.4"),
        diamonds_per_hour=Decimal("7272.1"),
        payout_per_hour=Decimal("36.36"),
        best=SessionRecord(
            7, 1, 2, datetime(2026, 12, 1, 2, 30, tzinfo=UTC), 190, 9000, 80, None, 24_100, None
        ),
        streak_weeks=1,
        avg_viewers=None,
        avg_peak_viewers=Decimal("103.5"),
        new_followers=0,
    )
    base.update(values)
    return MemberSummary(**base)


def test_card_in_french() -> None:
    previous = summary(sessions=8, minutes=1600, diamonds=100_000)
    goal = make_goal("diamonds", "month", 30_000)
    start = datetime(2026, 11, 1, tzinfo=UTC)
    with using("fr"):
        card = card_data(
            summary(),
            compare(summary(), previous, record=True),
            [progress(goal, 12_400, NOW, start, datetime(2026, 12, 1, tzinfo=UTC))],
            display_name="",
            period="30d",
            server_name="Rose Garden",
            zone=NY,
            money=None,
        )
    assert card.locale == "fr"
    tiles = {t.label: t for t in card.tiles}
    assert tiles["Sessions"].change == "↑ 100\u00a0%"
    assert tiles["Temps de LIVE"].value == "25 h 05 min"
    assert tiles["Série"].value == "1 semaine d’affilée"
    assert tiles["Diamants"].value == f"182{NNBSP}400"
    assert tiles["Diamants par heure"].value == f"7{NNBSP}272/h"
    assert card.headline == "30 derniers jours · Rose Garden"
    # 02:30 UTC on 1 Dec is Monday 30 Nov, 21:30 in New York.
    assert (
        card.best == f"Meilleure : lun. 30 nov., 21:30 · 24{NNBSP}100 diamants en 3 h 10 min · nouveau record"
    )
    assert card.goals[0].label == "Diamants ce mois-ci"
    assert card.goals[0].text.startswith(f"12{NNBSP}400 sur 30{NNBSP}000 · en route vers ")
    assert card.footer == "Heures en America/New_York"
    # The card's own words are drawn in its locale even where none is active (a worker process).
    with using("en"):
        assert "Membre" in texts(card_figure(card))  # the name a nameless member gets
        assert "LiveCoach · stats TikTok LIVE" in texts(card_figure(card, story=True))


async def test_a_chart_drawn_in_a_worker_process_is_in_the_locale_it_was_handed() -> None:
    """The worker shares no context with the interaction: the locale travels as an argument."""
    points = trend_points()
    offloader = Offloader(processes=True, workers=1)
    try:
        german = await offloader.run(trend_chart, points, "Zoë", "", "de")
    finally:
        offloader.close()
    assert german == trend_chart(points, "Zoë", "", "de")
    assert german != trend_chart(points, "Zoë", "", "en")


async def test_stats_member_chart_from_a_worker_process_is_german(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    freeze(bot)
    await two_sessions(bot)
    bot.offload = Offloader(processes=True, workers=1)
    try:
        reply = await harness.run(payloads.slash("stats member", GERMANY))
    finally:
        bot.offload.close()
    [(name, png)] = reply.files
    points = await bot.sessions.trend(GUILD_ID, USER_ID, "30d", NOW, ZoneInfo("UTC"))
    expected = trend_chart(points, "Member 1 · Letzte 30 Tage", "Diamanten und Likes pro Tag · UTC", "de")
    assert name == "trend.png" and png == expected
