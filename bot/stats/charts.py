"""PNG charts and share cards rendered with matplotlib's Agg canvas.

Every function is pure and synchronous and returns PNG bytes; callers run them
via ``asyncio.to_thread``. No pyplot (no global figure state), so concurrent
renders in threads are safe. Text arrives pre-formatted; characters the bundled
fonts cannot draw (emoji, most CJK) are dropped rather than drawn as boxes.
"""

from __future__ import annotations

import io
import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import fontManager
from matplotlib.ft2font import FT2Font
from matplotlib.patches import FancyBboxPatch, Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator

from bot.money.model.likes import LikesFit

DPI = 100
BG = "#101018"
PANEL = "#1b1b27"
FG = "#f4f4f8"
MUTED = "#a0a0b4"
CYAN = "#25f4ee"
PINK = "#fe2c55"
GRID = "#2c2c3c"
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
FALLBACK_NAME = "Member"
_FONT_CANDIDATES = (
    "DejaVu Sans",
    "Noto Sans",
    "Noto Sans CJK JP",
    "Noto Sans CJK SC",
    "Noto Sans Symbols 2",
    "Noto Emoji",
)


@dataclass(frozen=True, slots=True)
class ShareCardData:
    """Pre-formatted strings for :func:`share_card`."""

    display_name: str
    period: str  # e.g. "Last 30 days"
    sessions: str
    hours: str
    diamonds: str
    payout: str  # e.g. "≈ $123.45"
    likes: str
    best_session: str  # e.g. "Nov 20 · 12,400 diamonds in 2h 05m"
    streak: str  # e.g. "5 weeks in a row"
    footer: str = "Payout is an estimate at the server's diamond rate, not an official TikTok figure."
    server_name: str = ""


@lru_cache(maxsize=1)
def _fonts() -> tuple[list[str], frozenset[int]]:
    """Installed candidate font families and the code points they can draw together."""
    families: list[str] = []
    covered: set[int] = set()
    for family in _FONT_CANDIDATES:
        files = [f.fname for f in fontManager.ttflist if f.name == family and f.style == "normal"]
        if not files:
            continue
        try:
            covered.update(FT2Font(files[0]).get_charmap())
        except (OSError, RuntimeError, ValueError):
            continue
        families.append(family)
    return families or ["DejaVu Sans"], frozenset(covered)


def safe_text(text: str, limit: int | None = None, fallback: str = "") -> str:
    """Drop characters the fonts cannot draw, squash whitespace and cut to ``limit`` chars."""
    _, covered = _fonts()
    kept = []
    for ch in unicodedata.normalize("NFC", str(text)):
        if ch.isspace():
            kept.append(" ")
        elif unicodedata.category(ch)[0] != "C" and (not covered or ord(ch) in covered):
            kept.append(ch)
    cleaned = " ".join("".join(kept).split())
    if limit is not None and len(cleaned) > limit:
        cleaned = cleaned[: limit - 1].rstrip() + "…"
    return cleaned or fallback


def _figure(width_px: int, height_px: int) -> Figure:
    fig = Figure(figsize=(width_px / DPI, height_px / DPI), dpi=DPI, facecolor=BG)
    FigureCanvasAgg(fig)
    return fig


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, facecolor=fig.get_facecolor(), metadata={"Software": None})
    return buffer.getvalue()


def _text(target: Any, x: float, y: float, text: str, **kwargs: Any) -> None:
    kwargs.setdefault("color", FG)
    kwargs.setdefault("family", _fonts()[0])
    target.text(x, y, text, parse_math=False, **kwargs)


def compact_number(value: float, _pos: object = None) -> str:
    """12, 1.2k, 34k, 1.5M — for axis ticks."""
    magnitude = abs(value)
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if magnitude >= limit:
            scaled = value / limit
            return f"{scaled:.1f}".rstrip("0").rstrip(".") + suffix
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _style_axes(ax: Any) -> None:
    ax.set_facecolor(PANEL)
    for spine in ax.spines.values():
        spine.set_color(GRID)
    ax.tick_params(colors=MUTED, labelsize=10)
    for label in (*ax.get_xticklabels(), *ax.get_yticklabels()):
        label.set_family(_fonts()[0])


def _title(fig: Figure, title: str, subtitle: str = "") -> None:
    _text(fig, 0.03, 0.95, safe_text(title, 80), fontsize=17, fontweight="bold", va="top")
    if subtitle:
        _text(fig, 0.03, 0.885, safe_text(subtitle, 120), fontsize=11, color=MUTED, va="top")


def _empty(fig: Figure, message: str) -> None:
    _text(fig, 0.5, 0.45, message, fontsize=15, color=MUTED, ha="center", va="center")


def trend_chart(points: Sequence[Sequence[Any]], title: str, subtitle: str = "") -> bytes:
    """Bars of diamonds with a likes line per bucket; ``points`` are (date, diamonds, likes, hours)."""
    fig = _figure(1000, 500)
    _title(fig, title, subtitle)
    if not points:
        _empty(fig, "No sessions logged in this period yet.")
        return _png(fig)
    buckets: list[date] = [p[0] for p in points]
    diamonds = [float(p[1]) for p in points]
    likes = [float(p[2]) for p in points]
    ax = fig.add_axes((0.08, 0.14, 0.84, 0.66))
    _style_axes(ax)
    xs = range(len(points))
    ax.bar(xs, diamonds, color=CYAN, width=0.7, label="Diamonds", zorder=2)
    ax.grid(axis="y", color=GRID, linewidth=0.8, zorder=0)
    ax.set_ylim(0, max(diamonds) * 1.15 or 1)
    ax.yaxis.set_major_formatter(FuncFormatter(compact_number))
    ax.yaxis.set_major_locator(MaxNLocator(5))
    ax.set_ylabel("Diamonds", color=CYAN, fontsize=11)
    step = max(1, math.ceil(len(points) / 10))
    ticks = list(range(0, len(points), step))
    long_span = (buckets[-1] - buckets[0]).days > 330
    labels = [
        f"{buckets[i]:%b} '{buckets[i]:%y}" if long_span else f"{buckets[i]:%b} {buckets[i].day}"
        for i in ticks
    ]
    ax.set_xticks(ticks, labels)
    ax.set_xlim(-0.6, len(points) - 0.4)
    twin = ax.twinx()
    _style_axes(twin)
    twin.plot(xs, likes, color=PINK, linewidth=2.2, marker="o" if len(points) <= 31 else None, markersize=4)
    twin.set_ylim(0, max(likes) * 1.15 or 1)
    twin.yaxis.set_major_formatter(FuncFormatter(compact_number))
    twin.yaxis.set_major_locator(MaxNLocator(5))
    twin.set_ylabel("Likes", color=PINK, fontsize=11)
    _text(fig, 0.97, 0.95, "■ Diamonds", color=CYAN, fontsize=11, ha="right", va="top")
    _text(fig, 0.97, 0.895, "● Likes", color=PINK, fontsize=11, ha="right", va="top")
    return _png(fig)


def _tile(fig: Figure, x: float, y: float, w: float, h: float, label: str, value: str, accent: str) -> None:
    fig.patches.append(
        FancyBboxPatch(
            (x, y),
            w,
            h,
            boxstyle="round,pad=0,rounding_size=0.02",
            transform=fig.transFigure,
            facecolor=PANEL,
            edgecolor=GRID,
            linewidth=1,
        )
    )
    fig.patches.append(Rectangle((x, y + 0.02), 0.006, h - 0.04, transform=fig.transFigure, color=accent))
    _text(fig, x + 0.025, y + h - 0.035, safe_text(label, 24), fontsize=14, color=MUTED, va="top")
    value = safe_text(value, 18, "–")
    size = 34 if len(value) <= 10 else 28 if len(value) <= 14 else 22
    _text(fig, x + 0.025, y + 0.035, value, fontsize=size, fontweight="bold", va="bottom")


def share_card(card: ShareCardData) -> bytes:
    """A 1200×630 stats card for posting in the community."""
    fig = _figure(1200, 630)
    fig.patches.append(Rectangle((0, 0.985), 0.5, 0.015, transform=fig.transFigure, color=CYAN))
    fig.patches.append(Rectangle((0.5, 0.985), 0.5, 0.015, transform=fig.transFigure, color=PINK))
    name = safe_text(card.display_name, 28, FALLBACK_NAME)
    _text(fig, 0.04, 0.93, name, fontsize=40 if len(name) <= 18 else 32, fontweight="bold", va="top")
    header = " · ".join(p for p in (safe_text(card.period, 40), safe_text(card.server_name, 40)) if p)
    _text(fig, 0.04, 0.80, header, fontsize=17, color=MUTED, va="top")
    _text(fig, 0.96, 0.93, "LiveCoach", fontsize=18, fontweight="bold", color=CYAN, ha="right", va="top")
    _text(fig, 0.96, 0.865, "TikTok LIVE stats", fontsize=12, color=MUTED, ha="right", va="top")
    tiles = (
        ("Sessions", card.sessions, CYAN),
        ("Hours live", card.hours, CYAN),
        ("Streak", card.streak, CYAN),
        ("Diamonds", card.diamonds, PINK),
        ("Est. payout", card.payout, PINK),
        ("Likes", card.likes, PINK),
    )
    width, height, gap = 0.293, 0.2, 0.0165
    for index, (label, value, accent) in enumerate(tiles):
        col, row = index % 3, index // 3
        _tile(
            fig,
            0.04 + col * (width + gap),
            0.49 - row * (height + 0.035),
            width,
            height,
            label,
            value,
            accent,
        )
    _text(fig, 0.04, 0.155, "Best session", fontsize=13, color=MUTED, va="bottom")
    _text(fig, 0.04, 0.09, safe_text(card.best_session, 70, "–"), fontsize=19, fontweight="bold", va="bottom")
    _text(fig, 0.04, 0.035, safe_text(card.footer, 130), fontsize=10, color=MUTED, va="bottom")
    return _png(fig)


def likes_scatter(
    samples: Sequence[tuple[int, int]],
    fit: LikesFit | None,
    title: str = "Likes and diamonds per session",
) -> bytes:
    """Scatter of (likes, diamonds) per session with the fitted ratio line and its 95 % band."""
    fig = _figure(1000, 560)
    if fit is None:
        subtitle = "Not enough sessions yet for a fit · likes are free and carry no cash value"
    else:
        r_text = "n/a" if fit.r is None else f"{fit.r:.2f}"
        subtitle = (
            f"≈ {fit.per_1k:,.1f} diamonds per 1,000 likes"
            f" (95 % {fit.low_per_1k:,.1f}–{fit.high_per_1k:,.1f})"
            f" · n={fit.n} · r={r_text} · indirect association, not a price per like"
        )
    _title(fig, title, subtitle)
    points = [
        (float(x), float(y)) for x, y in samples if x is not None and y is not None and x >= 0 and y >= 0
    ]
    if not points:
        _empty(fig, "No sessions with likes and diamonds yet.")
        return _png(fig)
    ax = fig.add_axes((0.09, 0.12, 0.87, 0.68))
    _style_axes(ax)
    ax.grid(color=GRID, linewidth=0.8, zorder=0)
    xs, ys = zip(*points, strict=True)
    ax.scatter(xs, ys, s=22, color=CYAN, alpha=0.65 if len(points) < 500 else 0.3, linewidths=0, zorder=3)
    top_x = max(xs) * 1.05 or 1.0
    if fit is not None:
        line_x = [0.0, top_x]
        ax.fill_between(
            line_x,
            [0.0, fit.low_per_1k * top_x / 1000],
            [0.0, fit.high_per_1k * top_x / 1000],
            color=PINK,
            alpha=0.2,
            linewidth=0,
            zorder=2,
        )
        ax.plot(line_x, [0.0, fit.per_1k * top_x / 1000], color=PINK, linewidth=2.2, zorder=4)
    ax.set_xlim(0, top_x)
    ax.set_ylim(0, max(max(ys), fit.high_per_1k * top_x / 1000 if fit else 0) * 1.08 or 1)
    ax.xaxis.set_major_formatter(FuncFormatter(compact_number))
    ax.yaxis.set_major_formatter(FuncFormatter(compact_number))
    ax.set_xlabel("Likes in the session", color=MUTED, fontsize=11)
    ax.set_ylabel("Diamonds in the session", color=MUTED, fontsize=11)
    return _png(fig)


def heatmap(
    matrix: Sequence[Sequence[float | None]],
    title: str,
    zone_name: str,
    highlight: Iterable[tuple[int, int]] = (),
    value_label: str = "",
    low: Iterable[tuple[int, int]] = (),
) -> bytes:
    """Weekday (rows, Monday first) × hour (0–23) heatmap; ``highlight`` holds (weekday, hour) slots.

    ``None`` cells are drawn blank (nobody was live); ``low`` cells (some data, too little to
    trust) are hatched grey, so "no data" and "too little data" never look alike.
    """
    rows = [list(row) for row in matrix]
    if len(rows) != 7 or any(len(row) != 24 for row in rows):
        raise ValueError("heatmap needs a 7×24 matrix (weekday × hour)")
    values = [[math.nan if v is None else float(v) for v in row] for row in rows]
    fig = _figure(1100, 480)
    _title(fig, title, f"Hours in {zone_name}" + (f" · {value_label}" if value_label else ""))
    ax = fig.add_axes((0.07, 0.12, 0.82, 0.7))
    _style_axes(ax)
    finite = [v for row in values for v in row if math.isfinite(v)]
    top = max(finite, default=0.0)
    image = ax.imshow(
        values, cmap="magma", aspect="auto", vmin=min(0.0, *finite) if finite else 0.0, vmax=top or 1.0
    )
    ax.set_yticks(range(7), WEEKDAYS)
    ax.set_xticks(range(0, 24, 2), [f"{h:02d}" for h in range(0, 24, 2)])
    low_cells = [(w, h) for w, h in low if 0 <= w < 7 and 0 <= h < 24]
    for weekday, hour in low_cells:
        ax.add_patch(
            Rectangle(
                (hour - 0.5, weekday - 0.5), 1, 1, facecolor=GRID, edgecolor=MUTED, hatch="///", linewidth=0
            )
        )
    if low_cells:
        legend = "hatched: too little data to trust · blank: nobody was live"
        _text(
            ax, 1.0, 1.01, legend, fontsize=10, color=MUTED, ha="right", va="bottom", transform=ax.transAxes
        )
    for weekday, hour in highlight:
        if 0 <= weekday < 7 and 0 <= hour < 24:
            ax.add_patch(
                Rectangle((hour - 0.5, weekday - 0.5), 1, 1, fill=False, edgecolor=CYAN, linewidth=2.2)
            )
    bar_ax = fig.add_axes((0.91, 0.12, 0.02, 0.7))
    bar = fig.colorbar(image, cax=bar_ax)
    bar.ax.tick_params(colors=MUTED, labelsize=9)
    bar.ax.yaxis.set_major_formatter(FuncFormatter(compact_number))
    bar.outline.set_edgecolor(GRID)
    if (not finite or top == 0) and not low_cells:
        _text(ax, 11.5, 3, "No sessions logged yet", fontsize=14, color=FG, ha="center", va="center")
    return _png(fig)
