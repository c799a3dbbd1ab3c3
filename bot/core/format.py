"""One way to show every figure: counts, durations, rates, plurals, percentages and trends.

Embeds, lists, share cards and charts all call these, so a figure reads the same
wherever a member meets it ("25 h 05 min" in the embed and on the card, never
"25.08" in one and "25 h" in the other). Pure functions of plain values; money is
formatted by ``bot.money.model.economy.format_money`` (it needs the currency table).

Rules:
- counts are whole numbers with thousands separators ("159,063"); unknown is "–";
- durations are hours and minutes ("45 min", "2 h", "1 h 30 min"; from 100 h on,
  whole hours: "1,234 h");
- rates drop decimals from 10 up ("6,341/h") and keep one below ("2.5/h");
- a change is an arrow and a whole percentage ("↑ 12 %", "↓ 3 %", "→ 0 %").
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

UNKNOWN = "–"
_IRREGULAR = {"person": "people", "child": "children"}


def _decimal(value: Decimal | int | float) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _round(value: Decimal | int | float, places: int = 0) -> Decimal:
    return _decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def count(value: Decimal | int | float | None) -> str:
    """A whole count with separators: ``1234`` → ``"1,234"`` (half-up); None → ``"–"``."""
    if value is None:
        return UNKNOWN
    return f"{int(_round(value)):,}"


def number(value: Decimal | int | float | None, places: int = 1) -> str:
    """A measured value such as an average: whole when it is whole, else ``places`` decimals."""
    if value is None:
        return UNKNOWN
    rounded = _round(value, places)
    if rounded == rounded.to_integral_value():
        return f"{int(rounded):,}"
    return f"{rounded:,.{places}f}"


def plural_word(n: int | Decimal, word: str, many: str | None = None) -> str:
    """The word alone, agreeing with ``n``: ``session`` / ``sessions`` (``many`` for irregular ones)."""
    if n == 1:
        return word
    if many is not None:
        return many
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in tuple("aeiou"):
        return word[:-1] + "ies"
    return word + "s"


def plural(n: int, word: str, many: str | None = None) -> str:
    """``"1 coin"``, ``"2 coins"``, ``"1,234 sessions"``."""
    return f"{count(n)} {plural_word(n, word, many)}"


def duration(minutes: int | None) -> str:
    """Time live: ``"45 min"``, ``"2 h"``, ``"1 h 30 min"``, ``"25 h 05 min"``, ``"1,234 h"``."""
    if minutes is None:
        return UNKNOWN
    total = int(minutes)
    if total < 0:
        raise ValueError("a duration cannot be negative")
    hours, rest = divmod(total, 60)
    if hours >= 100:
        return f"{int(_round(Decimal(total) / 60)):,} h"
    if not hours:
        return f"{rest} min"
    return f"{hours:,} h {rest:02d} min" if rest else f"{hours:,} h"


def hours(minutes: int) -> str:
    """Hours as a decimal for axis labels and compact tables: ``90`` → ``"1.5 h"``."""
    return f"{number(Decimal(int(minutes)) / 60)} h"


def rate(value: Decimal | int | float | None, unit: str = "h", what: str = "") -> str:
    """Something per ``unit``: ``"6,341/h"`` from 10 up, ``"2.5/h"`` below (``what``: ``"500 diamonds/h"``)."""
    if value is None:
        return UNKNOWN
    shown = count(value) if abs(_decimal(value)) >= 10 else number(value)
    return f"{shown} {what}/{unit}" if what else f"{shown}/{unit}"


def percent(value: Decimal | int | float | None, places: int = 0) -> str:
    """A percentage given in percent: ``12.4`` → ``"12 %"``."""
    if value is None:
        return UNKNOWN
    return f"{number(value, places) if places else count(value)} %"


def share(part: Decimal | int, whole: Decimal | int) -> str:
    """``part`` as a percentage of ``whole``: ``share(1, 4)`` → ``"25 %"``; ``whole`` 0 → ``"–"``."""
    if not whole:
        return UNKNOWN
    return percent(_decimal(part) * 100 / _decimal(whole))


def change(current: Decimal | int, previous: Decimal | int | None) -> str:
    """The trend from ``previous`` to ``current``: ``"↑ 12 %"``, ``"↓ 3 %"``, ``"→ 0 %"``.

    With no previous value (None) or a previous value of 0 there is no percentage:
    ``"new"`` when there is something now, ``"–"`` when both are nothing.
    """
    now = _decimal(current)
    if previous is None or _decimal(previous) == 0:
        return "new" if now > 0 else UNKNOWN
    before = _decimal(previous)
    pct = _round((now - before) * 100 / abs(before))
    if pct == 0:
        return "→ 0 %"
    return f"{'↑' if pct > 0 else '↓'} {abs(int(pct)):,} %"


def progress_bar(done: Decimal | int, target: Decimal | int, width: int = 10) -> str:
    """A text bar for goals: ``"▰▰▰▰▱▱▱▱▱▱ 40 %"`` (full past 100 %, the percentage keeps going)."""
    if width < 1:
        raise ValueError("width must be at least 1")
    goal = _decimal(target)
    if goal <= 0:
        raise ValueError("a goal must be above 0")
    ratio = max(Decimal(0), _decimal(done) / goal)
    filled = min(width, int(_round(ratio * width)))
    return f"{'▰' * filled}{'▱' * (width - filled)} {percent(ratio * 100)}"


def compact(value: float | int | Decimal) -> str:
    """Axis ticks and tight tiles: ``12``, ``1.2k``, ``34k``, ``1.5M`` (999,950 is ``1M``, not ``1000k``)."""
    number_ = float(value)
    if abs(number_) < 999.95:
        return f"{number_:.0f}" if number_.is_integer() else f"{number_:.1f}"
    for limit, suffix in ((1e3, "k"), (1e6, "M"), (1e9, "B")):
        scaled = round(number_ / limit, 1)
        if abs(scaled) < 1000 or suffix == "B":
            return f"{scaled:.1f}".rstrip("0").rstrip(".") + suffix
    raise AssertionError("unreachable")  # pragma: no cover
