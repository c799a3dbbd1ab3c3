"""The go-live rules with plain values: handles, who may announce, the cooldown, follows, recaps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.errors import InvalidInput, NotAllowed
from bot.golive.model import (
    ANNOUNCE_COOLDOWN,
    MAX_FOLLOWS,
    GoLiveSettings,
    build_recap,
    check_announce,
    check_follow,
    clean_title,
    cooldown_left,
    live_url,
    parse_handle,
    recappable,
    wait_text,
)

NOW = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)
READY = GoLiveSettings(1, channel_id=10, role_id=20)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("@Cool.Creator_1", "cool.creator_1"), ("ab", "ab"), ("  @x_y  ", "x_y"), ("a" * 24, "a" * 24)],
)
def test_valid_handles_are_stored_lower_case_without_the_at(typed: str, stored: str) -> None:
    assert parse_handle(typed) == stored
    assert live_url(stored) == f"https://www.tiktok.com/@{stored}/live"


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("cool creator", "no spaces"),
        ("a" * 40, "40 characters"),
        ("a", "2–24"),
        ("@", "Give your TikTok handle"),
        ("", "Give your TikTok handle"),
        ("cool\u200bcreator", "invisible"),
        ("cool-creator", "only letters"),
        ("crèmebrûlée", "only letters"),
        ("@@double", "only letters"),
        ("ｃｏｏｌ", "only letters"),  # full-width letters look right but are not a TikTok handle
    ],
)
def test_bad_handles_say_what_to_type(typed: str, says: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        parse_handle(typed)
    assert says in raised.value.message


def test_titles_are_one_line_and_bounded() -> None:
    assert clean_title("  Late   night\nQ&A \u200b ") == "Late night Q&A"
    assert clean_title("   ") is None and clean_title(None) is None
    with pytest.raises(InvalidInput, match="100 characters"):
        clean_title("x" * 101)


def test_announce_needs_a_channel_the_role_a_handle_and_the_cooldown_passed() -> None:
    check_announce(READY, "me", frozenset(), None, NOW)
    with pytest.raises(InvalidInput, match="no go-live channel"):
        check_announce(GoLiveSettings(1), "me", frozenset(), None, NOW)
    gated = GoLiveSettings(1, channel_id=10, announcer_role_id=30)
    with pytest.raises(NotAllowed, match="<@&30>"):
        check_announce(gated, "me", frozenset({31}), None, NOW)
    check_announce(gated, "me", frozenset({30}), None, NOW)
    with pytest.raises(InvalidInput, match="/live handle set"):
        check_announce(READY, None, frozenset(), None, NOW)
    with pytest.raises(InvalidInput, match="again in 18 min"):
        check_announce(READY, "me", frozenset(), NOW - timedelta(minutes=12), NOW)
    check_announce(READY, "me", frozenset(), NOW - ANNOUNCE_COOLDOWN, NOW)


def test_cooldown_time_left_rounds_up() -> None:
    assert cooldown_left(None, NOW) == timedelta(0)
    assert wait_text(cooldown_left(NOW - ANNOUNCE_COOLDOWN + timedelta(seconds=20), NOW)) == "20 s"
    assert wait_text(timedelta(seconds=61)) == "2 min"
    assert wait_text(timedelta(milliseconds=10)) == "1 s"


def test_follow_rules() -> None:
    check_follow(1, 2, False, "them", 0)
    for args, says in [
        ((1, 1, False, "me", 0), "yourself"),
        ((1, 2, True, "bot", 0), "Bots"),
        ((1, 2, False, None, 0), "hasn't linked"),
        ((1, 2, False, "them", MAX_FOLLOWS), f"follow {MAX_FOLLOWS} creators"),
    ]:
        with pytest.raises(InvalidInput, match=says):
            check_follow(*args)


def test_recap_hides_money_unless_the_creator_allows_it() -> None:
    assert build_recap(90, 1000, 40, 12, 5000, show_money=False).diamonds is None
    assert build_recap(90, 1000, 40, None, 5000, show_money=True).diamonds == 5000


def test_a_session_recaps_the_announcement_it_followed() -> None:
    announced = NOW
    assert recappable(announced, NOW - timedelta(minutes=10), NOW + timedelta(hours=2))
    assert not recappable(announced, NOW - timedelta(hours=5), NOW - timedelta(hours=3))  # an older LIVE
    assert not recappable(announced, NOW + timedelta(days=2), NOW + timedelta(days=2, hours=1))
