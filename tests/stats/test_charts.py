from __future__ import annotations

import random
import struct
import threading
import warnings
import zlib
from datetime import date, timedelta
from itertools import pairwise

import pytest

from bot.money.model.likes import fit_diamonds_per_1k_likes
from bot.stats.charts import (
    PHONE_MIN_PX,
    CardData,
    GoalBar,
    Tile,
    can_draw,
    card_figure,
    compact_number,
    edge_ticks,
    has_data,
    heatmap,
    likes_scatter,
    nice_ticks,
    safe_text,
    smallest_text_on_phone,
    stats_card,
    trend_chart,
)
from bot.stats.model.summary import TrendPoint

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """Validate the PNG chunk structure (CRCs, IHDR, IEND) and return (width, height)."""
    assert data.startswith(PNG_SIGNATURE)
    assert len(data) < 1_000_000
    pos, chunks = 8, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert zlib.crc32(kind + body) == crc
        chunks.append((kind, body))
        pos += 12 + length
    assert chunks[0][0] == b"IHDR" and chunks[-1][0] == b"IEND"
    idat = b"".join(body for kind, body in chunks if kind == b"IDAT")
    width, height = struct.unpack(">II", chunks[0][1][:8])
    zlib.decompress(idat)  # image data inflates
    return width, height


def points(n: int) -> list[TrendPoint]:
    rng = random.Random(n)
    return [
        TrendPoint(date(2026, 1, 1) + timedelta(days=i), rng.randint(0, 9000), rng.randint(0, 90000), 1.5)
        for i in range(n)
    ]


CARD = CardData(
    display_name="Zoë 🌸✨ 小红书 $creator$ \u200d\u202e",
    headline="Last 30 days · Rose $Garden$",
    tiles=(
        Tile("Sessions", "14", "↑ 17 %"),
        Tile("Time live", "25 h 05 min", "↓ 3 %"),
        Tile("Streak", "6 weeks", "new best"),
        Tile("Diamonds", "182,400", "↑ 12 %"),
        Tile("Est. payout", "≈ $912.00", "→ 0 %"),
        Tile("Likes", "2,412,000"),
    ),
    goals=(GoalBar("Diamonds this month", 0.62, "18,600 of 30,000 · on pace for 33,100"),),
    best="Best: Mon 30 Nov, 21:30 · 24,100 diamonds in 3 h 10 min",
    footer="Times in America/New_York",
)


@pytest.fixture(autouse=True)
def _no_glyph_warnings() -> None:
    warnings.filterwarnings("error", message=".*[Gg]lyph.*missing.*")


@pytest.mark.parametrize("n", [1, 7, 30, 260])
def test_trend_chart(n: int) -> None:
    png = trend_chart(points(n), "Diamonds and likes 💎", "Daily")
    assert png is not None and png_size(png) == (1000, 600)


def test_no_chart_without_data() -> None:
    zeros = [TrendPoint(date(2026, 1, 1) + timedelta(days=i), 0, 0, 0.0) for i in range(7)]
    assert not has_data(zeros) and trend_chart(zeros, "Quiet week") is None
    assert trend_chart([], "Nothing") is None


def test_every_axis_end_is_labelled() -> None:
    for count in (1, 2, 5, 6, 7, 30, 31, 90, 260):
        ticks = edge_ticks(count)
        assert ticks[0] == 0 and ticks[-1] == count - 1 and len(ticks) <= 5
        assert all(b - a >= 1 for a, b in pairwise(ticks))
    for top in (1, 7, 9000, 12_345, 999_999):
        ticks = nice_ticks(top)
        assert ticks[0] == 0 and ticks[-1] >= top and len(ticks) <= 6
        assert len(ticks) < 3 or ticks[-2] < top  # the top tick is the axis end, not far above it


def test_charts_and_cards_are_readable_on_a_phone() -> None:
    """Every text in the figure is at least PHONE_MIN_PX tall when Discord shows it 400 px wide."""
    from matplotlib.figure import Figure

    import bot.stats.charts as charts

    seen: list[Figure] = []
    real = charts._png

    def keep(fig: Figure) -> bytes:
        seen.append(fig)
        return real(fig)

    charts._png = keep  # type: ignore[assignment]
    try:
        trend_chart(points(30), "Zoë · Last 30 days", "Diamonds and likes per day · America/New_York")
        samples = [(1000 * i, 40 * i) for i in range(1, 30)]
        likes_scatter(samples, fit_diamonds_per_1k_likes(samples))
        heatmap([[float(h) for h in range(24)]] * 7, "Peak", "UTC", [(1, 2)])
    finally:
        charts._png = real  # type: ignore[assignment]
    figures = [*seen, card_figure(CARD), card_figure(CARD, story=True)]
    for fig in figures:
        assert smallest_text_on_phone(fig) >= PHONE_MIN_PX


def test_likes_line_is_not_drawn_through_days_without_a_live() -> None:
    import bot.stats.charts as charts

    gap = [
        TrendPoint(date(2026, 1, 1), 100, 5000, 1.0),
        TrendPoint(date(2026, 1, 2), 0, 0, 0.0),
        TrendPoint(date(2026, 1, 3), 200, 9000, 2.0),
    ]
    drawn: list[list[float]] = []
    real_figure = charts._figure

    def spy(*args: object, **kwargs: object) -> object:
        fig = real_figure(*args, **kwargs)  # type: ignore[arg-type]
        drawn.append(fig)  # type: ignore[arg-type]
        return fig

    charts._figure = spy  # type: ignore[assignment]
    try:
        trend_chart(gap, "gap")
    finally:
        charts._figure = real_figure  # type: ignore[assignment]
    (fig,) = drawn
    lines = [line for ax in fig.axes for line in ax.get_lines()]  # type: ignore[attr-defined]
    (likes,) = lines
    ys = list(likes.get_ydata())
    assert ys[0] == 5000 and ys[2] == 9000 and ys[1] != ys[1]  # NaN: the line breaks there


def test_cards_are_the_sizes_creators_share() -> None:
    assert png_size(stats_card(CARD)) == (1200, 630)
    assert png_size(stats_card(CARD, story=True)) == (1080, 1920)
    assert len(stats_card(CARD)) < 400_000


def test_cards_with_empty_and_long_values() -> None:
    empty = CardData("🌸🌸🌸", "All time", (Tile("Sessions", "0"),))
    assert png_size(stats_card(empty)) == (1200, 630)
    long = CardData(
        "x" * 300,
        "p" * 300,
        tuple(Tile("l" * 90, "9" * 40, "c" * 90) for _ in range(9)),
        tuple(GoalBar("g" * 90, 7.0, "t" * 200) for _ in range(9)),
        "b" * 500,
        "f" * 500,
    )
    assert png_size(stats_card(long)) == (1200, 630)
    assert png_size(stats_card(long, story=True)) == (1080, 1920)


def test_likes_scatter_with_and_without_fit() -> None:
    rng = random.Random(3)
    samples = [(x := rng.randint(100, 90_000), x // 40) for _ in range(200)]
    fit = fit_diamonds_per_1k_likes(samples)
    assert fit is not None
    assert png_size(likes_scatter(samples, fit)) == (1000, 600)
    assert png_size(likes_scatter(samples[:4], None, subtitle="No clear relation")) == (1000, 600)
    assert png_size(likes_scatter([], None)) == (1000, 600)


def test_heatmap() -> None:
    rng = random.Random(5)
    matrix = [[rng.random() * 10 for _ in range(24)] for _ in range(7)]
    matrix[2][5] = None  # type: ignore[call-overload]
    assert png_size(heatmap(matrix, "Best hours", "America/New_York", [(3, 20), (9, 99)])) == (1000, 560)
    assert png_size(heatmap([[0.0] * 24] * 7, "Empty", "UTC")) == (1000, 560)
    blank: list[list[float | None]] = [[None] * 24 for _ in range(7)]
    no_data = heatmap(blank, "Thin", "UTC")
    low = heatmap(blank, "Thin", "UTC", low=[(2, 20), (2, 21)])
    assert png_size(low) == (1000, 560) and low != no_data  # "too little data" is drawn, not blank
    with pytest.raises(ValueError):
        heatmap([[0.0] * 24] * 6, "Bad", "UTC")


def test_concurrent_renders_in_threads() -> None:
    results: list[bytes] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            results.append(stats_card(CARD))
            results.append(trend_chart(points(30), "t") or b"")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == 8 and all(png_size(r) for r in results)


def test_emoji_in_names_are_drawn_and_what_no_font_has_is_dropped() -> None:
    assert can_draw("Zoë 🌸✨💎") and safe_text("Zoë 🌸 Star") == "Zoë 🌸 Star"
    assert safe_text("小红书 Rose") == ("小红书 Rose" if can_draw("小红书") else "Rose")
    assert safe_text("\u200d\u202e", fallback="Member") == "Member"
    assert safe_text("abcdefghij", 5) == "abcd…"
    assert safe_text("a\u200db\n c") == "ab c"
    assert [compact_number(v) for v in (0, 950, 1200, 34_000, 1_500_000, 2.5)] == [
        "0",
        "950",
        "1.2k",
        "34k",
        "1.5M",
        "2.5",
    ]
