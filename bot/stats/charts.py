"""PNG charts and share cards rendered with matplotlib's Agg canvas.

Every function is pure and synchronous and returns PNG bytes; the bot runs them
in worker processes. No pyplot (no global figure state), so concurrent renders
are safe. Text arrives pre-formatted (``bot.core.format``).

Sizes are chosen for the screen, not the PNG: Discord shows an image about 400 px
wide on a phone, so each figure is laid out in *phone inches* (width 4 in, i.e.
100 phone px per inch) and rendered at the DPI that gives the PNG's pixels. A
font's size in points then reads the same on a phone whatever the PNG's size:
``PHONE_MIN_PX`` is the smallest text height a test allows.

Display names keep their emoji: the bundled Noto fonts (Noto Sans, Noto Sans
Symbols, Noto Emoji and the Noto scripts) back up DejaVu Sans glyph by glyph.
Characters no font draws (and invisible controls) are dropped, never drawn as boxes.

Words drawn here (axis names, legends, weekday and month names) are in the member's
language: a worker process does not inherit the answer's locale (a context variable), so
every chart function takes ``locale`` and activates it with :func:`bot.i18n.using` while it
draws; a card carries its locale in :class:`CardData`. Without one, the current locale is used.
"""

from __future__ import annotations

import io
import logging
import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import fontManager
from matplotlib.ft2font import FT2Font
from matplotlib.patches import FancyBboxPatch, Rectangle
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, MaxNLocator

from bot.core.format import compact, count, week_start
from bot.i18n import N_, _, current, ngettext, using
from bot.money.model.likes import LikesFit
from bot.stats import dates

DPI = 100
PHONE_WIDTH_PX = 400  # how wide Discord shows an image on a phone
PHONE_MIN_PX = 10  # no text smaller than this on that phone
BG = "#101018"
PANEL = "#1b1b27"
FG = "#f4f4f8"
MUTED = "#a0a0b4"
CYAN = "#25f4ee"
PINK = "#fe2c55"
GREEN = "#4ade80"
GRID = "#2c2c3c"
FALLBACK_NAME = N_("Member")
SCATTER_TITLE = N_("Likes and diamonds per session")
_PRIMARY = "DejaVu Sans"  # has a real bold; the Noto files are variable fonts at their default weight
_FALLBACKS = ("Noto Sans", "Noto Sans Symbols", "Noto Emoji")
_FONT_PACKAGE = "manimgx_fonts"  # the Noto fonts, installed as a dependency (see pyproject.toml)
# The Noto files are variable fonts: asked for bold, matplotlib logs that it uses their one
# weight (the bold text itself is DejaVu's, the fallback glyphs are regular). Not worth a line per glyph.
logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)


@lru_cache(maxsize=1)
def _fonts() -> tuple[list[str], frozenset[int]]:
    """The font families to draw with (primary first, then per-glyph fallbacks) and what they cover."""
    try:
        folder = resources.files(_FONT_PACKAGE)
        for entry in folder.iterdir():
            if entry.name.endswith(".ttf"):
                with resources.as_file(entry) as path:
                    fontManager.addfont(str(path))
    except (ModuleNotFoundError, OSError, RuntimeError):
        pass  # without the package: DejaVu alone, and emoji are dropped cleanly
    installed = {f.name for f in fontManager.ttflist}
    families = [f for f in (_PRIMARY, *_FALLBACKS) if f in installed] or ["DejaVu Sans"]
    covered: set[int] = set()
    for family in families:
        files = [f.fname for f in fontManager.ttflist if f.name == family and f.style == "normal"]
        try:
            covered.update(FT2Font(files[0]).get_charmap())
        except (IndexError, OSError, RuntimeError, ValueError):
            continue
    return families, frozenset(covered)


def can_draw(text: str) -> bool:
    """Whether every visible character of ``text`` has a glyph in the bundled fonts."""
    _, covered = _fonts()
    return all(ord(ch) in covered for ch in text if not ch.isspace())


def safe_text(text: str, limit: int | None = None, fallback: str = "") -> str:
    """Drop characters no font can draw and invisible controls, squash whitespace, cut to ``limit``."""
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


def _figure(width_px: int, height_px: int, *, phone: bool = False) -> Figure:
    """A figure of ``width_px`` × ``height_px``; with ``phone`` it is laid out 4 phone-inches wide."""
    dpi = width_px / (PHONE_WIDTH_PX / 100) if phone else DPI
    fig = Figure(figsize=(width_px / dpi, height_px / dpi), dpi=dpi, facecolor=BG)
    FigureCanvasAgg(fig)
    return fig


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=fig.dpi, facecolor=fig.get_facecolor(), metadata={"Software": None})
    return buffer.getvalue()


def _text(target: Any, x: float, y: float, text: str, **kwargs: Any) -> Any:
    kwargs.setdefault("color", FG)
    kwargs.setdefault("family", _fonts()[0])
    return target.text(x, y, text, parse_math=False, **kwargs)


def smallest_text_on_phone(fig: Figure) -> float:
    """The height in phone pixels of the smallest visible text in ``fig`` (for legibility tests)."""
    fig.canvas.draw()
    scale = PHONE_WIDTH_PX / (fig.get_figwidth() * fig.dpi)
    sizes = [
        float(t.get_fontsize()) * fig.dpi / 72 * scale
        for t in fig.findobj(Text)
        if isinstance(t, Text) and t.get_visible() and t.get_text().strip()
    ]
    return min(sizes, default=math.inf)


def compact_number(value: float, _pos: object = None) -> str:
    """Axis ticks: 12, 1.2k, 34k, 1.5M (``bot.core.format.compact``)."""
    return compact(value)


def _style_axes(ax: Any, size: float = 8.0) -> None:
    ax.set_facecolor(PANEL)
    for spine in ax.spines.values():
        spine.set_color(GRID)
    ax.tick_params(colors=MUTED, labelsize=size, length=2, pad=2)
    for label in (*ax.get_xticklabels(), *ax.get_yticklabels()):
        label.set_family(_fonts()[0])


def _title(fig: Figure, title: str, subtitle: str = "") -> None:
    _text(fig, 0.03, 0.965, safe_text(title, 48), fontsize=11, fontweight="bold", va="top")
    if subtitle:
        _text(fig, 0.03, 0.875, safe_text(subtitle, 70), fontsize=8, color=MUTED, va="top")


def _empty(fig: Figure, message: str) -> None:
    _text(fig, 0.5, 0.45, message, fontsize=10, color=MUTED, ha="center", va="center")


def nice_ticks(top: float) -> list[float]:
    """Up to five round ticks from 0 that end at or just above ``top``, so both axis ends are labelled."""
    values = [float(v) for v in MaxNLocator(4, steps=[1, 2, 2.5, 5, 10]).tick_values(0, max(top, 1))]
    ticks = [v for v in values if v >= 0]
    while len(ticks) > 2 and ticks[-2] >= top:
        ticks.pop()
    return ticks


def edge_ticks(count: int, most: int = 5) -> list[int]:
    """Indexes to label on a ``count``-bucket axis: the first, the last and evenly spaced ones between."""
    if count <= most:
        return list(range(count))
    step = math.ceil((count - 1) / (most - 1))
    ticks = list(range(0, count - 1, step))
    if count - 1 - ticks[-1] < step / 2 and len(ticks) > 1:
        ticks.pop()  # keep the last label clear of its neighbour
    return [*ticks, count - 1]


def has_data(points: Sequence[Sequence[Any]]) -> bool:
    """Whether a trend has anything to draw (a chart of empty buckets is not attached)."""
    return any(float(p[1]) or float(p[2]) or float(p[3]) for p in points)


def trend_chart(
    points: Sequence[Sequence[Any]], title: str, subtitle: str = "", locale: str | None = None
) -> bytes | None:
    """Diamonds (bars) and likes (dots, joined only across buckets that had a LIVE) per bucket.

    ``points`` are (date, diamonds, likes, hours). Returns None when nothing was logged:
    the caller then attaches no chart at all. Words and dates are in ``locale``.
    """
    fig = trend_figure(points, title, subtitle, locale)
    return None if fig is None else _png(fig)


def trend_figure(
    points: Sequence[Sequence[Any]], title: str, subtitle: str = "", locale: str | None = None
) -> Figure | None:
    """The figure :func:`trend_chart` renders (None without data), drawn in ``locale``."""
    if not has_data(points):
        return None
    with using(locale or current()):
        return _trend_figure(points, title, subtitle)


def _trend_figure(points: Sequence[Sequence[Any]], title: str, subtitle: str) -> Figure:
    fig = _figure(1000, 600, phone=True)
    _title(fig, title, subtitle)
    buckets: list[date] = [p[0] for p in points]
    diamonds = [float(p[1]) for p in points]
    live = [bool(float(p[1]) or float(p[2]) or float(p[3])) for p in points]
    likes = [float(p[2]) if on else math.nan for p, on in zip(points, live, strict=True)]
    ax = fig.add_axes((0.12, 0.15, 0.76, 0.62))
    _style_axes(ax)
    xs = range(len(points))
    ax.bar(xs, diamonds, color=CYAN, width=0.7, zorder=2)
    ax.grid(axis="y", color=GRID, linewidth=0.6, zorder=0)
    ticks = nice_ticks(max(diamonds))
    ax.set_yticks(ticks)
    ax.set_ylim(0, ticks[-1])
    ax.yaxis.set_major_formatter(FuncFormatter(compact_number))
    long_span = (buckets[-1] - buckets[0]).days > 330
    where = edge_ticks(len(points))
    labels = [dates.short_month_year(buckets[i]) if long_span else dates.month_day(buckets[i]) for i in where]
    ax.set_xticks(where, labels)
    ax.set_xlim(-0.6, len(points) - 0.4)
    twin = ax.twinx()
    _style_axes(twin)
    # NaN breaks the line: no ramp is drawn through a day (or week) without a LIVE.
    twin.plot(xs, likes, color=PINK, linewidth=1.4, marker="o", markersize=2.6, zorder=3)
    like_ticks = nice_ticks(max((v for v in likes if not math.isnan(v)), default=0.0))
    twin.set_yticks(like_ticks)
    twin.set_ylim(0, like_ticks[-1])
    twin.yaxis.set_major_formatter(FuncFormatter(compact_number))
    diamonds_word, likes_word = _("Diamonds"), _("Likes")
    _text(fig, 0.015, 0.46, diamonds_word, color=CYAN, fontsize=8, rotation=90, ha="left", va="center")
    _text(fig, 0.985, 0.46, likes_word, color=PINK, fontsize=8, rotation=90, ha="right", va="center")
    _text(fig, 0.97, 0.965, f"■ {diamonds_word}", color=CYAN, fontsize=8, ha="right", va="top")
    _text(fig, 0.97, 0.875, f"● {likes_word}", color=PINK, fontsize=8, ha="right", va="top")
    return fig


# --------------------------------------------------------------------------- share cards


@dataclass(frozen=True, slots=True)
class Tile:
    label: str  # "Diamonds"
    value: str  # "182,400"
    change: str = ""  # "↑ 12 %" against the previous period, or "new best"


@dataclass(frozen=True, slots=True)
class GoalBar:
    label: str  # "Diamonds this month"
    ratio: float  # done / target (may pass 1)
    text: str  # "12,400 of 30,000 · on pace for 31,000"


@dataclass(frozen=True, slots=True)
class CardData:
    """Pre-formatted text for :func:`stats_card` (see ``bot.stats.render.card_data``)."""

    display_name: str
    headline: str  # "Last 30 days · Rose Garden"
    tiles: tuple[Tile, ...]
    goals: tuple[GoalBar, ...] = ()
    best: str = ""  # "Best: Mon 30 Nov, 21:30 · 24,100 diamonds in 3 h 10 min"
    footer: str = ""  # "Times in America/New_York · payout is an estimate"
    extra: dict[str, str] = field(default_factory=dict)
    locale: str = "en"  # the language of the card's own words (the worker draws in it)


def _fit(text: str, size: float, chars: int) -> float:
    """Shrink ``size`` so ``text`` fits about ``chars`` characters of room (never below 7.5 pt)."""
    return max(7.5, min(size, size * chars / max(1, len(text))))


def _card_tile(
    fig: Figure, box: tuple[float, float, float, float], tile: Tile, accent: str, *, big: float
) -> None:
    x, y, w, h = box
    fig.patches.append(
        FancyBboxPatch(
            (x, y),
            w,
            h,
            boxstyle="round,pad=0,rounding_size=0.012",
            transform=fig.transFigure,
            facecolor=PANEL,
            edgecolor=GRID,
            linewidth=0.6,
        )
    )
    fig.patches.append(Rectangle((x, y + h * 0.12), 0.008, h * 0.76, transform=fig.transFigure, color=accent))
    pad = 0.03
    _text(fig, x + pad, y + h * 0.93, safe_text(tile.label, 22), fontsize=7.5, color=MUTED, va="top")
    value = safe_text(tile.value, 16, "–")
    _text(fig, x + pad, y + h * 0.5, value, fontsize=_fit(value, big, 8), fontweight="bold", va="center")
    if tile.change:
        # "↑ 12 %", or a word such as "new"/"new best" (in any language): good news.
        down = tile.change.startswith("↓")
        flat = tile.change.startswith("→") or tile.change == "–"
        colour = PINK if down else MUTED if flat else GREEN
        _text(fig, x + pad, y + h * 0.07, safe_text(tile.change, 22), fontsize=7.5, color=colour, va="bottom")


def _goal_bar(fig: Figure, x: float, y: float, w: float, h: float, goal: GoalBar) -> None:
    _text(fig, x, y + h * 1.15, safe_text(goal.label, 30), fontsize=7.5, color=MUTED, va="bottom")
    fig.patches.append(Rectangle((x, y), w, h, transform=fig.transFigure, color=GRID))
    done = max(0.0, min(1.0, goal.ratio))
    fig.patches.append(
        Rectangle((x, y), w * done, h, transform=fig.transFigure, color=GREEN if goal.ratio >= 1 else CYAN)
    )
    _text(fig, x + w, y + h * 1.15, safe_text(goal.text, 46), fontsize=7.5, color=FG, ha="right", va="bottom")


def stats_card(card: CardData, story: bool = False) -> bytes:
    """The 1200×630 card for a channel, or with ``story`` the 1080×1920 card for TikTok/Instagram stories."""
    return _png(card_figure(card, story=story))


def card_figure(card: CardData, *, story: bool = False) -> Figure:
    """The card's figure, its own words (the fallback name, the brand line) in ``card.locale``."""
    with using(card.locale):
        return _story_figure(card) if story else _card_figure(card)


def _card_figure(card: CardData) -> Figure:
    fig = _figure(1200, 630, phone=True)
    fig.patches.append(Rectangle((0, 0.985), 0.5, 0.015, transform=fig.transFigure, color=CYAN))
    fig.patches.append(Rectangle((0.5, 0.985), 0.5, 0.015, transform=fig.transFigure, color=PINK))
    name = safe_text(card.display_name, 26, _(FALLBACK_NAME))
    _text(fig, 0.04, 0.93, name, fontsize=_fit(name, 15, 20), fontweight="bold", va="top")
    _text(fig, 0.04, 0.80, safe_text(card.headline, 60), fontsize=8, color=MUTED, va="top")
    _text(fig, 0.96, 0.93, "LiveCoach", fontsize=9, fontweight="bold", color=CYAN, ha="right", va="top")
    width, height, gap = 0.293, 0.25, 0.0165
    for index, tile in enumerate(card.tiles[:6]):
        col, row = index % 3, index // 3
        box = (0.04 + col * (width + gap), 0.495 - row * (height + 0.02), width, height)
        _card_tile(fig, box, tile, CYAN if row == 0 else PINK, big=12)
    if card.footer:  # e.g. the zone the times are in, under the brand
        _text(fig, 0.96, 0.80, safe_text(card.footer, 40), fontsize=7.2, color=MUTED, ha="right", va="top")
    if card.goals:
        _goal_bar(fig, 0.04, 0.125, 0.92, 0.022, card.goals[0])
    if card.best:
        _text(fig, 0.04, 0.03, safe_text(card.best, 80), fontsize=7.5, va="bottom")
    return fig


def _story_figure(card: CardData) -> Figure:
    fig = _figure(1080, 1920, phone=True)
    fig.patches.append(Rectangle((0, 0.992), 0.5, 0.008, transform=fig.transFigure, color=CYAN))
    fig.patches.append(Rectangle((0.5, 0.992), 0.5, 0.008, transform=fig.transFigure, color=PINK))
    _text(
        fig,
        0.5,
        0.955,
        _("LiveCoach · TikTok LIVE stats"),
        fontsize=9,
        color=CYAN,
        ha="center",
        va="top",
        fontweight="bold",
    )
    name = safe_text(card.display_name, 24, _(FALLBACK_NAME))
    _text(fig, 0.5, 0.90, name, fontsize=_fit(name, 22, 14), fontweight="bold", ha="center", va="top")
    _text(fig, 0.5, 0.845, safe_text(card.headline, 48), fontsize=9.5, color=MUTED, ha="center", va="top")
    width, height = 0.43, 0.115
    for index, tile in enumerate(card.tiles[:6]):
        col, row = index % 2, index // 2
        box = (0.06 + col * (width + 0.02), 0.68 - row * (height + 0.018), width, height)
        _card_tile(fig, box, tile, CYAN if col == 0 else PINK, big=17)
    y = 0.68 - 2 * (height + 0.018) - 0.06
    for goal in card.goals[:4]:
        _goal_bar(fig, 0.06, y, 0.88, 0.012, goal)
        y -= 0.062
    if card.best:
        _text(fig, 0.5, y + 0.01, safe_text(card.best, 64), fontsize=7.8, ha="center", va="top")
    if card.footer:
        _text(fig, 0.5, 0.03, safe_text(card.footer, 60), fontsize=7.5, color=MUTED, ha="center", va="bottom")
    return fig


def likes_scatter(
    samples: Sequence[tuple[int, int]],
    fit: LikesFit | None,
    title: str = "",
    subtitle: str = "",
    locale: str | None = None,
) -> bytes:
    """Scatter of (likes, diamonds) per session; with ``fit`` its ratio line and 95 % band.

    Pass ``fit`` only when the relation is clear enough to headline (the caller decides,
    ``bot.money.model.likes``); ``subtitle`` is the one sentence shown above the points.
    """
    return _png(likes_figure(samples, fit, title, subtitle, locale))


def likes_figure(
    samples: Sequence[tuple[int, int]],
    fit: LikesFit | None,
    title: str = "",
    subtitle: str = "",
    locale: str | None = None,
) -> Figure:
    """The figure :func:`likes_scatter` renders, its words in ``locale``."""
    with using(locale or current()):
        return _likes_figure(samples, fit, title, subtitle)


def _likes_figure(
    samples: Sequence[tuple[int, int]], fit: LikesFit | None, title: str, subtitle: str
) -> Figure:
    fig = _figure(1000, 600, phone=True)
    if not subtitle:
        subtitle = (
            _("Likes are free: they pay nothing by themselves")
            if fit is None
            else _(
                "≈ {diamonds} diamonds per {likes} likes · {sessions}",
                diamonds=compact(fit.per_1k),
                likes=count(1000),
                sessions=ngettext("{n} session", "{n} sessions", fit.n),
            )
        )
    _title(fig, title or _(SCATTER_TITLE), subtitle)
    points = [
        (float(x), float(y)) for x, y in samples if x is not None and y is not None and x >= 0 and y >= 0
    ]
    if not points:
        _empty(fig, _("No sessions with likes yet."))
        return fig
    ax = fig.add_axes((0.13, 0.17, 0.83, 0.63))
    _style_axes(ax)
    ax.grid(color=GRID, linewidth=0.6, zorder=0)
    xs, ys = zip(*points, strict=True)
    ax.scatter(xs, ys, s=6, color=CYAN, alpha=0.65 if len(points) < 500 else 0.3, linewidths=0, zorder=3)
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
        ax.plot(line_x, [0.0, fit.per_1k * top_x / 1000], color=PINK, linewidth=1.4, zorder=4)
    x_ticks = nice_ticks(max(xs))
    y_ticks = nice_ticks(max(max(ys), fit.high_per_1k * top_x / 1000 if fit else 0))
    ax.set_xticks(x_ticks)
    ax.set_yticks(y_ticks)
    ax.set_xlim(0, x_ticks[-1])
    ax.set_ylim(0, y_ticks[-1])
    ax.xaxis.set_major_formatter(FuncFormatter(compact_number))
    ax.yaxis.set_major_formatter(FuncFormatter(compact_number))
    ax.set_xlabel(_("Likes in the session"), color=MUTED, fontsize=8, labelpad=2)
    ax.set_ylabel(_("Diamonds in the session"), color=MUTED, fontsize=8, labelpad=2)
    return fig


def heatmap(
    matrix: Sequence[Sequence[float | None]],
    title: str,
    zone_name: str,
    highlight: Iterable[tuple[int, int]] = (),
    value_label: str = "",
    low: Iterable[tuple[int, int]] = (),
    locale: str | None = None,
) -> bytes:
    """Weekday × hour (0–23) heatmap; ``highlight`` holds (weekday, hour) slots (0 = Monday).

    ``None`` cells are drawn blank (nobody was live); ``low`` cells (some data, too little to
    trust) are hatched grey, so "no data" and "too little data" never look alike. The rows
    start on ``locale``'s first day of the week (Monday in Germany, Sunday in the US and Brazil).
    """
    return _png(heatmap_figure(matrix, title, zone_name, highlight, value_label, low, locale))


def heatmap_figure(
    matrix: Sequence[Sequence[float | None]],
    title: str,
    zone_name: str,
    highlight: Iterable[tuple[int, int]] = (),
    value_label: str = "",
    low: Iterable[tuple[int, int]] = (),
    locale: str | None = None,
) -> Figure:
    """The figure :func:`heatmap` renders, its words, weekday names and week start in ``locale``."""
    rows = [list(row) for row in matrix]
    if len(rows) != 7 or any(len(row) != 24 for row in rows):
        raise ValueError("heatmap needs a 7×24 matrix (weekday × hour)")
    with using(locale or current()):
        return _heatmap_figure(rows, title, zone_name, highlight, value_label, low)


def _heatmap_figure(
    rows: list[list[float | None]],
    title: str,
    zone_name: str,
    highlight: Iterable[tuple[int, int]],
    value_label: str,
    low: Iterable[tuple[int, int]],
) -> Figure:
    first = week_start()
    order = [(first + i) % 7 for i in range(7)]  # weekday (0 = Monday) shown in each row

    def row_of(weekday: int) -> int:
        return (weekday - first) % 7

    values = [[math.nan if v is None else float(v) for v in rows[d]] for d in order]
    fig = _figure(1000, 560, phone=True)
    hours = _("Hours in {zone}", zone=zone_name)
    _title(fig, title, f"{hours} · {value_label}" if value_label else hours)
    ax = fig.add_axes((0.1, 0.1, 0.77, 0.68))
    _style_axes(ax)
    finite = [v for row in values for v in row if math.isfinite(v)]
    top = max(finite, default=0.0)
    image = ax.imshow(
        values, cmap="magma", aspect="auto", vmin=min(0.0, *finite) if finite else 0.0, vmax=top or 1.0
    )
    names = dates.weekday_names()
    ax.set_yticks(range(7), [names[d] for d in order])
    ax.set_xticks([*range(0, 24, 3), 23], [*(f"{h:02d}" for h in range(0, 24, 3)), "23"])
    low_cells = [(w, h) for w, h in low if 0 <= w < 7 and 0 <= h < 24]
    for weekday, hour in low_cells:
        ax.add_patch(
            Rectangle(
                (hour - 0.5, row_of(weekday) - 0.5),
                1,
                1,
                facecolor=GRID,
                edgecolor=MUTED,
                hatch="///",
                linewidth=0,
            )
        )
    if low_cells:
        legend = _("hatched: too little data to trust · blank: nobody was live")
        _text(
            ax, 1.0, 1.01, legend, fontsize=10, color=MUTED, ha="right", va="bottom", transform=ax.transAxes
        )
    for weekday, hour in highlight:
        if 0 <= weekday < 7 and 0 <= hour < 24:
            ax.add_patch(
                Rectangle(
                    (hour - 0.5, row_of(weekday) - 0.5), 1, 1, fill=False, edgecolor=CYAN, linewidth=1.4
                )
            )
    bar_ax = fig.add_axes((0.89, 0.1, 0.025, 0.68))
    bar = fig.colorbar(image, cax=bar_ax)
    bar.ax.tick_params(colors=MUTED, labelsize=8, length=2, pad=2)
    bar.ax.yaxis.set_major_formatter(FuncFormatter(compact_number))
    bar.outline.set_edgecolor(GRID)
    if (not finite or top == 0) and not low_cells:
        _text(ax, 11.5, 3, _("No sessions logged yet"), fontsize=10, color=FG, ha="center", va="center")
    return fig
