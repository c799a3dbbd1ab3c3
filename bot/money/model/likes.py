"""How diamonds have gone along with likes in one server's logged sessions.

Likes are free and carry no money. This model only describes an INDIRECT
association seen in the server's own sessions (more likes → more visibility →
more viewers → more gifts); it is never a price per like.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.core.format import count, decimal_symbols, percent
from bot.i18n import N_, _, ngettext

MIN_SESSIONS = 10
# The fit uses a server's most recent sessions only: recent streams say most about now, and
# it keeps the query and the bootstrap bounded on servers with a million sessions.
MAX_SESSIONS = 5000
BOOTSTRAP_RESAMPLES = 2000
BOOTSTRAP_SEED = 0
BOOTSTRAP_MAX_N = 1000  # above this the analytic (delta-method) interval is used
_Z95 = 1.959963984540054


@dataclass(frozen=True, slots=True)
class LikesFit:
    """Diamonds per 1,000 likes across a server's sessions, with a 95 % interval.

    This is an indirect association learned from logged sessions, not a price per
    like: likes pay nothing by themselves. ``low_per_1k``/``high_per_1k`` bound the
    server's *average* ratio; single sessions scatter far more widely (see
    ``typical_low_per_1k``/``typical_high_per_1k``, the 10th–90th percentile of
    per-session ratios).
    """

    n: int
    per_1k: float
    low_per_1k: float
    high_per_1k: float
    r: float | None  # Pearson correlation of likes and diamonds; None if either is constant
    total_likes: int
    total_diamonds: int
    typical_low_per_1k: float
    typical_high_per_1k: float
    method: str  # "bootstrap" or "delta"

    def predict(self, likes: int) -> tuple[int, int, int]:
        """(low, mid, high) diamonds that went along with ``likes`` at the server's average ratio.

        An indirect association for orientation only, never a price per like; the
        range reflects uncertainty in the average, not one session's spread.
        """
        if likes < 0:
            raise ValueError("likes must be >= 0")
        scale = likes / 1000
        return (
            round(self.low_per_1k * scale),
            round(self.per_1k * scale),
            round(self.high_per_1k * scale),
        )


def usable_samples(samples: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Keep (likes, diamonds) pairs with likes > 0 and diamonds >= 0."""
    return [
        (int(likes), int(diamonds))
        for likes, diamonds in samples
        if likes is not None and diamonds is not None and likes > 0 and diamonds >= 0
    ]


def _pearson(xs: Sequence[int], ys: Sequence[int]) -> float | None:
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def _quantile(sorted_values: Sequence[float], q: float) -> float:
    """Linear-interpolation quantile (numpy's default) of pre-sorted values."""
    pos = (len(sorted_values) - 1) * q
    lo = math.floor(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def _bootstrap(likes: Sequence[int], diamonds: Sequence[int]) -> tuple[float, float]:
    rng = random.Random(BOOTSTRAP_SEED)
    n = len(likes)
    indices = range(n)
    ratios: list[float] = []
    for _resample in range(BOOTSTRAP_RESAMPLES):
        picks = rng.choices(indices, k=n)
        sum_likes = sum(likes[i] for i in picks)
        ratios.append(1000 * sum(diamonds[i] for i in picks) / sum_likes)
    ratios.sort()
    return _quantile(ratios, 0.025), _quantile(ratios, 0.975)


def _delta(likes: Sequence[int], diamonds: Sequence[int], ratio: float) -> tuple[float, float]:
    n = len(likes)
    mean_likes = sum(likes) / n
    residual = sum((d - ratio * x) ** 2 for x, d in zip(likes, diamonds, strict=True)) / (n - 1)
    se = math.sqrt(residual / n) / mean_likes
    return max(0.0, 1000 * (ratio - _Z95 * se)), 1000 * (ratio + _Z95 * se)


def fit_diamonds_per_1k_likes(samples: Sequence[tuple[int, int]]) -> LikesFit | None:
    """Fit the ratio estimator sum(diamonds) / sum(likes) × 1000 with a 95 % interval.

    Uses a deterministic percentile bootstrap (``random.Random(0)``, 2,000
    resamples) up to ``BOOTSTRAP_MAX_N`` sessions and the delta-method interval
    above. Returns None with fewer than ``MIN_SESSIONS`` usable sessions. The
    result is an indirect association, never a price per like.
    """
    usable = usable_samples(samples)
    if len(usable) < MIN_SESSIONS:
        return None
    likes = [x for x, _ in usable]
    diamonds = [d for _, d in usable]
    total_likes, total_diamonds = sum(likes), sum(diamonds)
    ratio = total_diamonds / total_likes
    if len(usable) <= BOOTSTRAP_MAX_N:
        low, high, method = *_bootstrap(likes, diamonds), "bootstrap"
    else:
        low, high, method = *_delta(likes, diamonds, ratio), "delta"
    per_session = sorted(1000 * d / x for x, d in usable)
    return LikesFit(
        n=len(usable),
        per_1k=1000 * ratio,
        low_per_1k=min(low, 1000 * ratio),
        high_per_1k=max(high, 1000 * ratio),
        r=_pearson(likes, diamonds),
        total_likes=total_likes,
        total_diamonds=total_diamonds,
        typical_low_per_1k=_quantile(per_session, 0.1),
        typical_high_per_1k=_quantile(per_session, 0.9),
        method=method,
    )


def needed_data_message(n_usable: int) -> str:
    """Say what is missing before a fit is possible (or that there is enough)."""
    missing = MIN_SESSIONS - max(0, n_usable)
    if missing <= 0:
        return _("There are {count} sessions with likes and diamonds, enough to estimate.", count=n_usable)
    return ngettext(
        "Log {n} more session with likes and diamonds ({done} of {needed} so far) to see how likes "
        "relate to diamonds here.",
        "Log {n} more sessions with likes and diamonds ({done} of {needed} so far) to see how likes "
        "relate to diamonds here.",
        missing,
        done=max(0, n_usable),
        needed=MIN_SESSIONS,
    )


# -- the one way /likes, /estimate likes and /stats likes-vs-gifts talk about likes and gifts ----
WEAK_R = 0.3  # below this correlation the ratio is not worth a headline
WIDE_FACTOR = 5.0  # nor when its 95 % interval spans more than this factor
RELATION = N_(
    "Likes pay nothing themselves: they make a LIVE more visible, and more viewers means more people "
    "who may send gifts."
)
NO_CLEAR_RELATION = N_("No clear relation in this server's sessions between likes and diamonds.")


def is_clear(fit: LikesFit | None) -> bool:
    """Whether the fit is clear enough to headline a diamonds-per-1,000-likes figure."""
    if fit is None or fit.r is None or fit.r < WEAK_R:
        return False
    if fit.low_per_1k <= 0:
        return False
    return fit.high_per_1k / fit.low_per_1k <= WIDE_FACTOR


def _figure(value: float) -> str:
    if value >= 10:
        return count(round(value))
    mark, _group = decimal_symbols()
    return f"{value:.1f}".replace(".", mark)


def per_1k_text(fit: LikesFit) -> str:
    """``"≈ 34 diamonds per 1,000 likes (95 % interval 29–38)"`` — always per 1,000 likes."""
    return _(
        "≈ {value} diamonds per {thousand} likes ({confidence} interval {low}–{high})",
        value=_figure(fit.per_1k),
        confidence=percent(95),
        thousand=count(1000),
        low=_figure(fit.low_per_1k),
        high=_figure(fit.high_per_1k),
    )


def fit_sentence(fit: LikesFit | None, usable: int) -> str:
    """The one sentence about likes and diamonds in this server, with the shared relation sentence."""
    if fit is None:
        return f"{needed_data_message(usable)} {_(RELATION)}"
    if not is_clear(fit):
        return f"{_(NO_CLEAR_RELATION)} {_(RELATION)}"
    across = _(
        "Across {sessions} sessions: {per_1k}, an association, not a price per like.",
        sessions=count(fit.n),
        per_1k=per_1k_text(fit),
    )
    return f"{across} {_(RELATION)}"
