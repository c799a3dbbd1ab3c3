from __future__ import annotations

import random
import struct
import threading
import warnings
import zlib
from datetime import date, timedelta

import pytest

from bot.money.model.likes import fit_diamonds_per_1k_likes
from bot.stats.charts import (
    ShareCardData,
    compact_number,
    heatmap,
    likes_scatter,
    safe_text,
    share_card,
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


CARD = ShareCardData(
    display_name="Zoë 🌸✨ 小红书 $creator$ \u200d\u202e",
    period="Last 30 days",
    sessions="14",
    hours="31.5",
    diamonds="182,400",
    payout="≈ $912.00",
    likes="2.4M",
    best_session="Nov 20 · 24,100 diamonds in 3h 10m",
    streak="6 weeks",
    server_name="Rose $Garden$",
)


@pytest.fixture(autouse=True)
def _no_glyph_warnings() -> None:
    warnings.filterwarnings("error", message=".*[Gg]lyph.*missing.*")


@pytest.mark.parametrize("n", [0, 1, 7, 30, 260])
def test_trend_chart(n: int) -> None:
    assert png_size(trend_chart(points(n), "Diamonds and likes 💎", "Daily")) == (1000, 500)


def test_trend_chart_all_zero() -> None:
    zeros = [TrendPoint(date(2026, 1, 1) + timedelta(days=i), 0, 0, 0.0) for i in range(7)]
    assert png_size(trend_chart(zeros, "Quiet week")) == (1000, 500)


def test_share_card_size_and_unicode() -> None:
    data = share_card(CARD)
    assert png_size(data) == (1200, 630)
    assert len(data) < 300_000


def test_share_card_empty_and_long_values() -> None:
    card = ShareCardData("🌸🌸🌸", "All time", "0", "0", "0", "≈ $0.00", "0", "", "0 weeks")
    assert png_size(share_card(card)) == (1200, 630)
    long = ShareCardData("x" * 300, "p" * 300, "9" * 40, "1", "1", "≈ $" + "9" * 40, "1", "b" * 500, "s" * 90)
    assert png_size(share_card(long)) == (1200, 630)


def test_likes_scatter_with_and_without_fit() -> None:
    rng = random.Random(3)
    samples = [(x := rng.randint(100, 90_000), x // 40) for _ in range(200)]
    fit = fit_diamonds_per_1k_likes(samples)
    assert fit is not None
    assert png_size(likes_scatter(samples, fit)) == (1000, 560)
    assert png_size(likes_scatter(samples[:4], None)) == (1000, 560)
    assert png_size(likes_scatter([], None)) == (1000, 560)


def test_heatmap() -> None:
    rng = random.Random(5)
    matrix = [[rng.random() * 10 for _ in range(24)] for _ in range(7)]
    matrix[2][5] = None  # type: ignore[call-overload]
    assert png_size(heatmap(matrix, "Best hours", "America/New_York", [(3, 20), (9, 99)])) == (1100, 480)
    assert png_size(heatmap([[0.0] * 24] * 7, "Empty", "UTC")) == (1100, 480)
    blank: list[list[float | None]] = [[None] * 24 for _ in range(7)]
    no_data = heatmap(blank, "Thin", "UTC")
    low = heatmap(blank, "Thin", "UTC", low=[(2, 20), (2, 21)])
    assert png_size(low) == (1100, 480) and low != no_data  # "too little data" is drawn, not blank
    with pytest.raises(ValueError):
        heatmap([[0.0] * 24] * 6, "Bad", "UTC")


def test_concurrent_renders_in_threads() -> None:
    results: list[bytes] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            results.append(share_card(CARD))
            results.append(trend_chart(points(30), "t"))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == 8 and all(png_size(r) for r in results)


def test_safe_text_and_numbers() -> None:
    assert safe_text("Zoë 🌸 Star") == "Zoë Star"
    assert safe_text("🌸🌸", fallback="Member") == "Member"
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
