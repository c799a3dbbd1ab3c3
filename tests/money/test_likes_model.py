from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.money.model.likes import (
    MIN_SESSIONS,
    LikesFit,
    fit_diamonds_per_1k_likes,
    needed_data_message,
    usable_samples,
)


def noisy(ratio_per_1k: float, n: int, seed: int) -> list[tuple[int, int]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        likes = rng.randint(1_000, 200_000)
        out.append((likes, round(likes * ratio_per_1k / 1000 * rng.uniform(0.7, 1.3))))
    return out


def test_too_few_samples() -> None:
    assert fit_diamonds_per_1k_likes([(1000, 10)] * (MIN_SESSIONS - 1)) is None
    # unusable rows do not count
    rows = [(1000, 10)] * (MIN_SESSIONS - 1) + [(0, 50), (500, -1)]
    assert fit_diamonds_per_1k_likes(rows) is None
    assert usable_samples([(0, 5), (10, 0), (5, -1), (3, 3)]) == [(10, 0), (3, 3)]


def test_exact_ratio_and_prediction() -> None:
    fit = fit_diamonds_per_1k_likes([(1000 * k, 20 * k) for k in range(1, 13)])
    assert isinstance(fit, LikesFit)
    assert fit.n == 12
    assert fit.per_1k == pytest.approx(20.0)
    assert fit.low_per_1k == pytest.approx(20.0) and fit.high_per_1k == pytest.approx(20.0)
    assert fit.r == pytest.approx(1.0)
    assert fit.predict(50_000) == (1000, 1000, 1000)
    assert fit.predict(0) == (0, 0, 0)


def test_ratio_is_sum_over_sum_not_mean_of_ratios() -> None:
    samples = [(1000, 100)] + [(100_000, 1000)] * 9
    fit = fit_diamonds_per_1k_likes(samples)
    assert fit is not None
    assert fit.per_1k == pytest.approx(1000 * 9100 / 901_000)
    assert fit.low_per_1k <= fit.per_1k <= fit.high_per_1k
    low, mid, high = fit.predict(10_000)
    assert low <= mid <= high


def test_deterministic_and_interval_shrinks_with_n() -> None:
    small = fit_diamonds_per_1k_likes(noisy(25, 20, seed=1))
    again = fit_diamonds_per_1k_likes(noisy(25, 20, seed=1))
    large = fit_diamonds_per_1k_likes(noisy(25, 800, seed=1))
    assert small == again
    assert small is not None and large is not None
    assert small.method == large.method == "bootstrap"
    assert (large.high_per_1k - large.low_per_1k) < (small.high_per_1k - small.low_per_1k)
    assert 0 < small.r < 1  # type: ignore[operator]
    assert small.typical_low_per_1k < small.per_1k < small.typical_high_per_1k


def test_large_n_uses_analytic_interval() -> None:
    fit = fit_diamonds_per_1k_likes(noisy(40, 3000, seed=4))
    assert fit is not None and fit.method == "delta"
    assert fit.low_per_1k < 40 < fit.high_per_1k
    assert fit.high_per_1k - fit.low_per_1k < 2


def test_all_zero_diamonds() -> None:
    fit = fit_diamonds_per_1k_likes([(1000 + k, 0) for k in range(12)])
    assert fit is not None
    assert (fit.per_1k, fit.low_per_1k, fit.high_per_1k, fit.r) == (0, 0, 0, None)


def test_docstrings_say_indirect() -> None:
    assert "not a price per like" in " ".join((LikesFit.__doc__ or "").split())
    assert "never a price per like" in " ".join((fit_diamonds_per_1k_likes.__doc__ or "").split())
    assert "never a price per like" in " ".join((LikesFit.predict.__doc__ or "").split())


def test_needed_data_message() -> None:
    assert needed_data_message(3) == (
        "Log 7 more sessions with likes and diamonds (3 of 10 so far) to see how likes relate to diamonds here."
    )
    assert "Log 1 more session " in needed_data_message(9)
    assert "Log 10 more" in needed_data_message(0)
    assert "enough" in needed_data_message(10)


@settings(max_examples=25, deadline=None)
@given(st.floats(min_value=0.5, max_value=200), st.integers(min_value=0, max_value=10_000))
def test_known_ratio_recovered_within_interval(ratio: float, seed: int) -> None:
    samples = noisy(ratio, 60, seed)
    fit = fit_diamonds_per_1k_likes(samples)
    assert fit is not None
    # the noise is symmetric multiplicative (±30 %), so the ratio estimator is close to the truth
    assert fit.low_per_1k <= fit.per_1k <= fit.high_per_1k
    assert fit.low_per_1k * 0.97 - 0.02 <= ratio <= fit.high_per_1k * 1.03 + 0.02
    assert abs(fit.per_1k - ratio) / ratio < 0.15
