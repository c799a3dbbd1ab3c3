"""One unit (per 1,000 likes) and one sentence about likes and gifts; weak relations get no headline."""

from __future__ import annotations

import random

from bot.money.model.likes import (
    NO_CLEAR_RELATION,
    RELATION,
    fit_diamonds_per_1k_likes,
    fit_sentence,
    is_clear,
    per_1k_text,
)


def test_a_clear_relation_is_headlined_per_1000_likes() -> None:
    rng = random.Random(1)
    samples = [(x := rng.randint(1000, 50_000), x * 3 // 100 + rng.randint(0, 50)) for _ in range(60)]
    fit = fit_diamonds_per_1k_likes(samples)
    assert fit is not None and is_clear(fit)
    text = fit_sentence(fit, len(samples))
    assert per_1k_text(fit) in text and "per 1,000 likes" in text and RELATION in text
    assert "10,000" not in text


def test_the_issue_case_is_no_clear_relation() -> None:
    # Diamonds that have nothing to do with likes: r near 0 and a wide interval.
    rng = random.Random(7)
    samples = [(rng.randint(100, 9000), rng.choice([0, 0, 0, 50, 4000, 20000])) for _ in range(40)]
    fit = fit_diamonds_per_1k_likes(samples)
    assert fit is not None and fit.r is not None and abs(fit.r) < 0.3
    assert not is_clear(fit)
    text = fit_sentence(fit, len(samples))
    assert text.startswith(NO_CLEAR_RELATION) and "per 1,000" not in text


def test_a_wide_interval_is_not_clear_even_with_some_correlation() -> None:
    rng = random.Random(3)
    samples = [(x := rng.randint(100, 2000), int(x * rng.choice([0.001, 0.5, 5]))) for _ in range(12)]
    fit = fit_diamonds_per_1k_likes(samples)
    assert fit is not None
    if fit.r is not None and fit.r >= 0.3:
        assert (fit.high_per_1k / max(fit.low_per_1k, 1e-9) > 5) == (not is_clear(fit))


def test_too_few_sessions_say_what_is_needed() -> None:
    text = fit_sentence(None, 3)
    assert "Log 7 more sessions" in text and RELATION in text
