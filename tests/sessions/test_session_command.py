"""/session log, start/stop/cancel, list, edit, delete and export through the real command tree."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.app import LiveCoach
from bot.core.ui import Pager
from bot.money.model.catalogue import load_catalogue
from bot.sessions.model.record import SessionRecord
from tests.harness import payloads as P
from tests.harness.dispatch import Harness, Reply
from tests.harness.payloads import GUILD_ID, OTHER_GUILD_ID, OTHER_USER_ID, USER_ID, Actor, Payloads
from tests.harness.sessions import ME, OTHER, add_session, click, csv_rows, modal_values

ADMIN = Actor(1400000000000000009, admin=True)
ME_ELSEWHERE = Actor(guild_id=OTHER_GUILD_ID)


async def my_sessions(
    bot: LiveCoach, guild_id: int = GUILD_ID, user_id: int = USER_ID
) -> list[SessionRecord]:
    return await bot.storage.sessions.all_for_member(guild_id, user_id)


# -- /session log with options ------------------------------------------------------------------------
async def test_log_with_options_stores_the_session_and_answers_privately(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    reply = await harness.run(
        payloads.slash(
            "session log", duration="1h30", start="2h ago", likes=12000, diamonds=4500, peak_viewers=85
        )
    )
    assert reply.callback_type == 4 and reply.ephemeral
    assert reply.embed["title"] == "Session logged"
    assert reply.field("Duration") == "1 h 30 min"
    assert reply.field("Diamonds") == "4,500 (≈ $22.50)"
    [saved] = await my_sessions(bot)
    assert (saved.duration_minutes, saved.likes, saved.diamonds, saved.peak_viewers) == (90, 12000, 4500, 85)
    assert abs((datetime.now(UTC) - timedelta(hours=2) - saved.started_at).total_seconds()) < 60


async def test_log_without_start_means_the_live_just_ended(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    await harness.run(payloads.slash("session log", duration="45"))
    [saved] = await my_sessions(bot)
    assert saved.duration_minutes == 45 and saved.likes == 0 and saved.diamonds == 0
    assert abs((datetime.now(UTC) - timedelta(minutes=45) - saved.started_at).total_seconds()) < 60


async def test_log_reads_the_start_in_the_server_time_zone(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    await bot.storage.settings.update(GUILD_ID, timezone="Europe/Berlin")
    reply = await harness.run(payloads.slash("session log", duration="2h", start="2026-01-10 20:00"))
    assert "Europe/Berlin" in reply.field("Start")
    [saved] = await my_sessions(bot)
    assert saved.started_at == datetime(2026, 1, 10, 19, 0, tzinfo=UTC)


async def test_a_member_can_use_their_own_time_zone(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    await bot.storage.settings.update(GUILD_ID, timezone="Europe/Berlin")
    chosen = await harness.run(payloads.slash("session timezone", zone="new york"))
    assert (
        chosen.ephemeral
        and chosen.content == "Your session times are now read and shown in America/New_York."
    )
    reply = await harness.run(payloads.slash("session log", duration="2h", start="2026-01-10 20:00"))
    assert "America/New_York" in reply.field("Start")
    other = await harness.run(payloads.slash("session log", OTHER, duration="2h", start="2026-01-10 20:00"))
    assert "Europe/Berlin" in other.field("Start"), "another member still uses the server's zone"
    [mine] = await my_sessions(bot)
    assert mine.started_at == datetime(2026, 1, 11, 1, 0, tzinfo=UTC)  # 20:00 EST
    cleared = await harness.run(payloads.slash("session timezone"))
    assert cleared.content == "Your session times now follow the server's time zone (Europe/Berlin)."
    assert await bot.storage.members.timezone(GUILD_ID, USER_ID) is None


async def test_an_unknown_time_zone_is_refused_with_suggestions(harness: Harness, payloads: Payloads) -> None:
    reply = await harness.run(payloads.slash("session timezone", zone="Europe/Pariss"))
    assert reply.ephemeral and "Europe/Paris" in reply.content
    completed = await harness.run(payloads.autocomplete("session timezone", "zone", zone="paris"))
    assert completed.choices[0]["value"] == "Europe/Paris"


async def test_log_computes_diamonds_from_gifts(harness: Harness, payloads: Payloads, bot: LiveCoach) -> None:
    lion = load_catalogue().get("Lion")
    rose = load_catalogue().get("Rose")
    assert lion is not None and rose is not None
    reply = await harness.run(payloads.slash("session log", duration="60", gifts="2 lions, 100 roses"))
    expected = 2 * lion.coins + 100 * rose.coins
    assert reply.field("Diamonds").startswith(f"{expected:,}")
    assert "computed from the gifts" in reply.embed["footer"]["text"]
    assert reply.field("Gifts") == "2 × Lion, 100 × Rose"
    [saved] = await my_sessions(bot)
    assert saved.diamonds == expected
    assert dict(saved.gifts) == {lion.id: 2, rose.id: 100}


@pytest.mark.parametrize(
    ("options", "sentence"),
    [
        ({"duration": "25h"}, "Enter a duration between 1 minute and 24 hours."),
        ({"duration": "0"}, "Enter a duration between 1 minute and 24 hours."),
        ({"duration": "soon"}, "Enter the duration like `90`, `1h30` or `1:30`."),
        ({"duration": "1h", "likes": 10**9}, "Enter likes below 1,000,000,000."),
        ({"duration": "1h", "peak_viewers": -1}, "Enter peak viewers as 0 or more."),
        ({"duration": "1h", "start": "2099-01-01 10:00"}, "Use a start time that is not in the future."),
        ({"duration": "1h", "start": "whenever"}, "Use a start like"),
        (
            {"likes": 10},
            "Add the duration (like 1h30), or run /session log without options to open the form.",
        ),
        ({"duration": "1h", "gifts": "3 unicorns of doom"}, "unicorns of doom"),
    ],
)
async def test_log_refuses_bad_input_with_one_clear_sentence(
    harness: Harness, payloads: Payloads, bot: LiveCoach, options: dict, sentence: str
) -> None:
    reply = await harness.run(payloads.slash("session log", **options))
    assert reply.callback_type == 4 and reply.ephemeral
    assert sentence in reply.content
    assert "Something went wrong" not in reply.content
    assert await my_sessions(bot) == []


# -- /session log as a form ---------------------------------------------------------------------------
async def test_log_without_options_opens_the_form_and_logs_it(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    reply = await harness.run(payloads.slash("session log"))
    assert reply.callback_type == 9
    assert set(modal_values(reply.modal)) == {"start", "duration", "likes", "diamonds", "peak_viewers"}
    values = {
        "start": "3h ago",
        "duration": "2h",
        "likes": "12.5k",
        "diamonds": "1,234",
        "peak_viewers": "40",
    }
    done = await harness.run(P.modal_submit(reply.modal, values))
    assert done.callback_type == 4 and done.ephemeral
    [saved] = await my_sessions(bot)
    assert (saved.duration_minutes, saved.likes, saved.diamonds, saved.peak_viewers) == (120, 12500, 1234, 40)


async def test_form_accepts_a_gift_list_in_the_diamonds_box(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    reply = await harness.run(payloads.slash("session log"))
    await harness.run(P.modal_submit(reply.modal, {"duration": "30", "diamonds": "10 roses"}))
    [saved] = await my_sessions(bot)
    rose = load_catalogue().get("Rose")
    assert rose is not None and saved.diamonds == 10 * rose.coins


async def test_form_refuses_a_bad_count(harness: Harness, payloads: Payloads, bot: LiveCoach) -> None:
    reply = await harness.run(payloads.slash("session log"))
    done = await harness.run(P.modal_submit(reply.modal, {"duration": "30", "likes": "lots"}))
    assert done.ephemeral and "Enter likes as a whole number" in done.content
    assert await my_sessions(bot) == []


# -- timer --------------------------------------------------------------------------------------------
async def test_timer_start_stop_logs_the_measured_duration(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    started = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
    bot.sessions.clock = lambda: started
    reply = await harness.run(payloads.slash("session start"))
    assert reply.ephemeral and "Timer started" in reply.content
    again = await harness.run(payloads.slash("session start"))
    assert "already running" in again.content

    bot.sessions.clock = lambda: started + timedelta(minutes=95, seconds=40)
    stop = await harness.run(payloads.slash("session stop"))
    second_stop = await harness.run(payloads.slash("session stop"))
    assert stop.callback_type == 9
    assert "1 h 35 min" in stop.modal["title"]
    done = await harness.run(
        P.modal_submit(stop.modal, {"likes": "8000", "diamonds": "3000", "peak_viewers": "50"})
    )
    assert done.embed["title"] == "Session logged from your timer"
    [saved] = await my_sessions(bot)
    assert (saved.started_at, saved.duration_minutes, saved.likes, saved.diamonds) == (
        started,
        95,
        8000,
        3000,
    )
    assert await bot.storage.sessions.get_timer(GUILD_ID, USER_ID) is None

    twice = await harness.run(P.modal_submit(second_stop.modal, {"likes": "1"}))
    assert "already stopped" in twice.content
    assert len(await my_sessions(bot)) == 1


async def stop_after(harness: Harness, payloads: Payloads, bot: LiveCoach, running: timedelta) -> Reply:
    """/session start, then /session stop once the timer has run for ``running``."""
    started = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
    bot.sessions.clock = lambda: started
    await harness.run(payloads.slash("session start"))
    bot.sessions.clock = lambda: started + running
    return await harness.run(payloads.slash("session stop"))


async def test_stop_after_less_than_a_minute_keeps_the_timer(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    reply = await stop_after(harness, payloads, bot, timedelta(seconds=59))
    assert reply.ephemeral and "less than a minute" in reply.content
    assert await bot.storage.sessions.get_timer(GUILD_ID, USER_ID) is not None


async def test_stop_after_more_than_a_day_discards_the_timer(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    reply = await stop_after(harness, payloads, bot, timedelta(hours=24, minutes=1))
    assert reply.ephemeral and "more than 24 hours" in reply.content and "/session log" in reply.content
    assert await bot.storage.sessions.get_timer(GUILD_ID, USER_ID) is None
    assert await my_sessions(bot) == []


async def test_stop_and_cancel_without_a_timer_say_what_to_do(harness: Harness, payloads: Payloads) -> None:
    for name in ("session stop", "session cancel"):
        reply = await harness.run(payloads.slash(name))
        assert reply.ephemeral and "use /session start" in reply.content


async def test_cancel_discards_the_running_timer(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    await harness.run(payloads.slash("session start"))
    reply = await harness.run(payloads.slash("session cancel"))
    assert "nothing was logged" in reply.content
    assert await bot.storage.sessions.get_timer(GUILD_ID, USER_ID) is None


async def test_timers_are_per_member_and_per_server(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    for actor in (ME, OTHER, ME_ELSEWHERE):
        reply = await harness.run(payloads.slash("session start", actor))
        assert "Timer started" in reply.content
    assert await bot.storage.sessions.get_timer(OTHER_GUILD_ID, USER_ID) is not None


# -- /session list ------------------------------------------------------------------------------------
async def test_list_pages_with_buttons_only_for_the_invoker(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    for day in range(23):
        await add_session(bot, ago=timedelta(days=day + 1), diamonds=day)
    reply = await harness.run(payloads.slash("session list"))
    assert reply.callback_type == 4 and reply.ephemeral
    assert reply.embed["footer"]["text"].startswith("Page 1 of 3")
    assert "23 sessions" in reply.embed["description"]
    assert reply.embed["description"].count("`#") == 10
    nxt = await click(harness, reply, "session-list:next")
    assert nxt.callback_type == 7
    assert nxt.embed["footer"]["text"].startswith("Page 2 of 3")
    stranger = await click(harness, reply, "session-list:next", OTHER)
    assert stranger.ephemeral and "Only the member who ran this command" in stranger.content


async def test_list_of_another_member_and_of_nobody(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    await add_session(bot, user_id=OTHER_USER_ID, diamonds=777)
    reply = await harness.run(payloads.slash("session list", member=OTHER_USER_ID))
    assert (
        f"<@{OTHER_USER_ID}>" in reply.embed["description"] and "777 diamonds" in reply.embed["description"]
    )
    empty = await harness.run(payloads.slash("session list"))
    assert "no sessions logged" in empty.embed["description"]
    assert (empty.message.get("allowed_mentions") or {}).get("parse") == []


async def test_list_view_disables_its_buttons_on_timeout(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    await add_session(bot)
    reply = await harness.run(payloads.slash("session list"))
    views = [v for v in bot._connection._view_store.persistent_views] + [
        item.view for entry in bot._connection._view_store._views.values() for item in entry.values()
    ]
    pager = next(v for v in views if v is not None and isinstance(v, Pager))
    await pager.on_timeout()
    edits = [
        r
        for r in harness.fake.for_token(reply.callbacks[0].json and payloads_token(reply))
        if r.method == "PATCH"
    ]
    assert edits and all(c["disabled"] for row in edits[-1].json["components"] for c in row["components"])


def payloads_token(reply: Reply) -> str:
    return reply.callbacks[0].path.split("/")[-2]


# -- /session edit ------------------------------------------------------------------------------------
async def test_edit_opens_a_prefilled_form_and_saves_changes(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    record = await add_session(bot, minutes=90, likes=1000, diamonds=500, peak=20)
    reply = await harness.run(payloads.slash("session edit", id=record.id))
    assert reply.callback_type == 9
    values = modal_values(reply.modal)
    assert values["duration"] == "1h30" and values["likes"] == "1000" and values["diamonds"] == "500"
    done = await harness.run(P.modal_submit(reply.modal, {**values, "likes": "2500"}))
    assert done.embed["title"] == f"Session #{record.id} updated"
    updated = await bot.storage.sessions.get(GUILD_ID, record.id)
    assert updated is not None
    assert (updated.likes, updated.diamonds, updated.duration_minutes) == (2500, 500, 90)
    assert updated.started_at == record.started_at  # the unchanged start keeps its seconds


async def test_edit_of_someone_elses_session_needs_manage_server(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    record = await add_session(bot, user_id=OTHER_USER_ID)
    reply = await harness.run(payloads.slash("session edit", id=record.id))
    assert reply.ephemeral and "only change your own sessions" in reply.content
    admin = await harness.run(payloads.slash("session edit", ADMIN, id=record.id))
    assert admin.callback_type == 9
    await harness.run(P.modal_submit(admin.modal, {**modal_values(admin.modal), "likes": "9"}, ADMIN))
    updated = await bot.storage.sessions.get(GUILD_ID, record.id)
    assert updated is not None and updated.likes == 9 and updated.user_id == OTHER_USER_ID


async def test_edit_form_rechecks_permission_on_submit(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    record = await add_session(bot)
    reply = await harness.run(payloads.slash("session edit", id=record.id))
    await bot.storage.sessions.delete(GUILD_ID, record.id)
    done = await harness.run(P.modal_submit(reply.modal, modal_values(reply.modal)))
    assert f"no session #{record.id}" in done.content


async def test_edit_and_delete_cannot_reach_another_servers_session(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    record = await add_session(bot, guild_id=OTHER_GUILD_ID)
    for name in ("session edit", "session delete"):
        reply = await harness.run(payloads.slash(name, ADMIN, id=record.id))
        assert reply.ephemeral and f"There is no session #{record.id} in this server" in reply.content
    assert await bot.storage.sessions.get(OTHER_GUILD_ID, record.id) == record


async def test_id_autocomplete_offers_my_recent_sessions(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    mine = await add_session(bot, diamonds=4321)
    await add_session(bot, user_id=OTHER_USER_ID)
    reply = await harness.run(payloads.autocomplete("session delete", "id", id=""))
    assert [c["value"] for c in reply.choices] == [mine.id]
    assert "4,321 diamonds" in reply.choices[0]["name"]


# -- /session delete ----------------------------------------------------------------------------------
async def test_delete_asks_for_confirmation(harness: Harness, payloads: Payloads, bot: LiveCoach) -> None:
    record = await add_session(bot)
    reply = await harness.run(payloads.slash("session delete", id=record.id))
    assert reply.ephemeral and "cannot be undone" in reply.content
    stranger = await click(harness, reply, "confirm:yes", OTHER)
    assert "Only the member who ran this command" in stranger.content
    assert await bot.storage.sessions.get(GUILD_ID, record.id) is not None
    done = await click(harness, reply, "confirm:yes")
    assert done.callback_type == 7 and done.content == f"Deleted session #{record.id}."
    assert await bot.storage.sessions.get(GUILD_ID, record.id) is None


async def test_delete_cancel_keeps_the_session(harness: Harness, payloads: Payloads, bot: LiveCoach) -> None:
    record = await add_session(bot)
    reply = await harness.run(payloads.slash("session delete", id=record.id))
    done = await click(harness, reply, "confirm:no")
    assert done.content == f"Kept session #{record.id}."
    assert await bot.storage.sessions.get(GUILD_ID, record.id) is not None


async def test_delete_someone_elses_session_needs_manage_server(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    record = await add_session(bot, user_id=OTHER_USER_ID)
    reply = await harness.run(payloads.slash("session delete", id=record.id))
    assert "only change your own sessions" in reply.content
    admin = await harness.run(payloads.slash("session delete", ADMIN, id=record.id))
    done = await click(harness, admin, "confirm:yes", ADMIN)
    assert done.content == f"Deleted session #{record.id}."
    assert await bot.storage.sessions.get(GUILD_ID, record.id) is None


# -- /session export ----------------------------------------------------------------------------------
async def test_export_sends_my_sessions_as_csv(harness: Harness, payloads: Payloads, bot: LiveCoach) -> None:
    first = await add_session(bot, likes=111)
    await add_session(bot, user_id=OTHER_USER_ID, likes=222)
    await add_session(bot, guild_id=OTHER_GUILD_ID, likes=333)
    reply = await harness.run(payloads.slash("session export"))
    assert reply.callback_type == 5 and reply.ephemeral
    [(name, data)] = reply.files
    assert name == f"sessions-{USER_ID}.csv"
    rows = csv_rows(data)
    assert [(r["id"], r["likes"]) for r in rows] == [(str(first.id), "111")]


async def test_export_of_others_needs_manage_server(
    harness: Harness, payloads: Payloads, bot: LiveCoach
) -> None:
    await add_session(bot, likes=111)
    await add_session(bot, user_id=OTHER_USER_ID, likes=222)
    await add_session(bot, guild_id=OTHER_GUILD_ID, likes=333)
    for options in ({"member": OTHER_USER_ID}, {"everyone": True}):
        refused = await harness.run(payloads.slash("session export", **options))
        assert refused.ephemeral and "needs Manage Server" in refused.content and not refused.files
    theirs = await harness.run(payloads.slash("session export", ADMIN, member=OTHER_USER_ID))
    assert [r["likes"] for r in csv_rows(theirs.files[0][1])] == ["222"]
    everyone = await harness.run(
        payloads.slash("session export", Actor(ADMIN.user_id + 1, admin=True), everyone=True)
    )
    assert sorted(r["likes"] for r in csv_rows(everyone.files[0][1])) == ["111", "222"]
