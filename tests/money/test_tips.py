"""Tips: every topic present, concrete and consistent with the money facts."""

from __future__ import annotations

import re

from bot.money.model.tips import TOPICS, load_tips


def test_all_topics_have_enough_tips() -> None:
    tips = load_tips()
    assert set(TOPICS) == {"engagement", "gifts", "collaboration", "timing", "content"}
    assert list(tips) == list(TOPICS)
    for topic in TOPICS:
        assert len(tips[topic]) >= 4, topic
        assert all(20 <= len(tip) <= 300 for tip in tips[topic]), topic
        assert len(set(tips[topic])) == len(tips[topic])


def test_tips_never_give_likes_a_cash_value() -> None:
    for tip in (t for tips in load_tips().values() for t in tips):
        lowered = tip.lower()
        if "like" in lowered:
            assert not re.search(r"likes? (pay|earn|are worth|make you)", lowered), tip
    like_tips = [t for t in load_tips()["engagement"] if "likes" in t.lower()]
    assert any("pay nothing" in t for t in like_tips)


def test_eligibility_facts() -> None:
    text = " ".join(t for tips in load_tips().values() for t in tips)
    assert "18+" in text
    assert "19+ in South Korea" in text
    assert "not on an official page" in text  # the 1,000-follower figure is not official


def test_load_tips_returns_a_copy() -> None:
    tips = load_tips()
    tips["gifts"].clear()
    assert load_tips()["gifts"]
