"""Parse gift lists the way members type them in chat: ``3 lions 50 roses``, ``2 Lions + 1 Galaxy``.

Grammar (case-insensitive, forgiving):

* Items are separated by commas, semicolons, new lines, ``and``, ``&``, ``+`` and ``plus`` — or by
  nothing at all: ``3 lions 50 roses`` is two items, found by trying every way to cut the words
  into gift names and keeping the one that understands the most words (names that contain
  ``and``, such as *Hat and Mustache*, stay whole).
* A count goes before or after the name: ``2 lions``, ``2x lion``, ``3×Rose``, ``lion x3``,
  ``lion ×3``, ``Lion*2``, ``lion 2`` or none (count 1). Counts are whole numbers; ``1k`` = 1,000,
  ``1.5k`` = 1,500, ``1_000`` and ``1,000 roses`` are allowed.
* Names: exact names first (``hearts`` can be *Hearts*), then plurals of every name
  (``universes``, ``galaxies``), then a word found in a few names (``universe``), then typos
  (``lionz`` → *Lion*, matched with rapidfuzz).
* A name several gifts fit (*TikTok Universe* / *TikTok Universe+*, *Heart* / *Hearts*, a gift
  with regional prices) becomes a :class:`Pending` choice for the member; a name nothing fits is
  :class:`Skipped` with the closest names, and the rest is still answered.
* The same gift on several items is merged into one line (first position kept).

Errors that concern the whole text or a count (empty, too long, too many items, ``0 lions``,
``-3 roses``, ``999999999999 lions``) raise :class:`bot.core.errors.InvalidInput` with one sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from bot.core.errors import InvalidInput
from bot.core.format import count as format_count
from bot.core.text import isolated
from bot.i18n import _, ngettext
from bot.money.model.catalogue import Catalogue, Gift, Match, normalise, singular_forms
from bot.money.model.economy import MAX_GIFT_COUNT, MAX_GIFT_LINES, GiftLine, check_count

MAX_TEXT_LENGTH = 2000
"""Longest gift list accepted (Discord's message limit is 2,000 characters for most users)."""
MAX_NAME_WORDS = 5
"""Longest gift name in words (the longest TikTok name has four)."""
MAX_PENDING = 5
"""Most names a member is asked to choose for at once (one select menu each)."""

_SHOWN_NAME_LENGTH = 40
_NUMBER = re.compile(r"^[+-]?\d[\d_]*(?:\.\d+)?(?:[kKmM])?$")
_MUL = frozenset({"x", "×", "*"})
_CONNECTORS = frozenset({"and", "&", "+", "plus", "with"})
_SEPARATORS = re.compile(r"[,;\n\r]+")
_LEADING_THOUSANDS = re.compile(r"(^|[,;\n\r])(\s*)([+-]?\d{1,3}(?:,\d{3})+)(?=\s*[^\W\d_,;])")
_THOUSANDS_HINT = re.compile(r"\d,\d{3}")
_TRAILING_THOUSANDS = re.compile(r"([xX×*]\s*)(\d{1,3}(?:,\d{3})+)(?=\s*(?:[;\n\r]|,(?!\d{3})|$))")
# "3x", "x3", "3×lion", "lion*2": a multiplier sign next to a number becomes its own word.
_MUL_NEXT_TO_NUMBER = re.compile(r"(?<=\d)([xX])(?=\s|[^\W\d_]|$)|(?:(?<=\s)|^)([xX])(?=\d)|([×*])")
_SUFFIX = {"k": 1_000, "m": 1_000_000}


@dataclass(frozen=True, slots=True)
class Pending:
    """A typed name several gifts fit; the member picks one of ``choices``."""

    typed: str
    count: int
    choices: tuple[Gift, ...]


@dataclass(frozen=True, slots=True)
class Skipped:
    """A typed item that was not understood, with the closest gift names (may be empty)."""

    typed: str
    closest: tuple[Gift, ...] = ()
    reason: str = ""
    within: str = ""
    """The comma-free part of the text it came from ("3 unicorns of doom" for "of doom")."""


@dataclass(frozen=True, slots=True)
class ParsedGifts:
    """What a gift text says: understood lines, choices to make, skipped items, typo readings."""

    lines: tuple[GiftLine, ...]
    pending: tuple[Pending, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    guesses: tuple[tuple[str, Gift], ...] = ()
    """(typed, gift) for names read from a likely typo, e.g. ("lionz", Lion)."""
    also: tuple[tuple[str, Gift], ...] = field(default=())
    """(typed, gift) for another gift the same word names, e.g. ("roses", Roses)."""

    def choose(self, picks: dict[int, Gift]) -> ParsedGifts:
        """This result with pending item ``i`` resolved to ``picks[i]`` (merged into the lines)."""
        counts: dict[Gift, int] = {line.gift: line.count for line in self.lines}
        left: list[Pending] = []
        for i, pending in enumerate(self.pending):
            gift = picks.get(i)
            if gift is None or gift not in pending.choices:
                left.append(pending)
                continue
            counts[gift] = counts.get(gift, 0) + pending.count
        lines = tuple(
            GiftLine(gift, check_count(count, MAX_GIFT_COUNT, f"{gift.name} in total"))
            for gift, count in counts.items()
        )
        return ParsedGifts(lines, tuple(left), self.skipped, self.guesses, self.also)


def _join_thousands(text: str) -> str:
    if _THOUSANDS_HINT.search(text) is None:  # the usual list: no "1,000" anywhere
        return text
    text = _LEADING_THOUSANDS.sub(lambda m: m.group(1) + m.group(2) + m.group(3).replace(",", ""), text)
    return _TRAILING_THOUSANDS.sub(lambda m: m.group(1) + m.group(2).replace(",", ""), text)


def shown(text: str) -> str:
    """``text`` on one line, cut to a length that fits in a sentence, right-to-left text isolated."""
    text = " ".join(text.split())
    return isolated(text if len(text) <= _SHOWN_NAME_LENGTH else text[: _SHOWN_NAME_LENGTH - 1] + "…")


def parse_count(token: str, gift_name: str) -> int:
    """Turn ``"100"``, ``"1_000"``, ``"1k"``, ``"1.5k"`` into an int within 1..MAX_GIFT_COUNT."""
    if token.isascii() and token.isdigit() and len(token) <= 15:  # the usual "100": no Decimal needed
        whole = int(token)
        if 1 <= whole <= MAX_GIFT_COUNT:
            return whole
        return check_count(whole, MAX_GIFT_COUNT, _("{gift} on one line", gift=gift_name))
    raw = token.strip().replace("_", "")
    multiplier = 1
    if raw and raw[-1].lower() in _SUFFIX:
        multiplier = _SUFFIX[raw[-1].lower()]
        raw = raw[:-1]
    digits = raw.lstrip("+-").split(".")[0]
    if len(digits) > 15:  # far above any cap; avoid huge ints
        raise InvalidInput(
            _(
                "Use a count of at most {limit} for {gift} on one line.",
                limit=format_count(MAX_GIFT_COUNT),
                gift=gift_name,
            )
        )
    try:
        value = Decimal(raw) * multiplier
    except InvalidOperation:
        raise InvalidInput(
            _("Write the count for {gift} as a whole number, e.g. 5.", gift=gift_name)
        ) from None
    if value != value.to_integral_value():
        raise InvalidInput(_("Use a whole number for the count of {gift}, e.g. 5.", gift=gift_name))
    return check_count(int(value), MAX_GIFT_COUNT, _("{gift} on one line", gift=gift_name))


def _words(chunk: str) -> list[str]:
    spaced = _MUL_NEXT_TO_NUMBER.sub(lambda m: " " + (m.group(1) or m.group(2) or m.group(3)) + " ", chunk)
    return spaced.split()


def _is_number(word: str) -> bool:
    if word.isascii() and word.isalpha():  # most words: no regex needed
        return False
    return bool(_NUMBER.match(word))


# A reading of words[i:j]: (name words, count word or None, leading count?)
_Reading = tuple[list[str], str | None, bool]


def _readings(words: list[str]) -> list[_Reading]:
    """Ways to read ``words`` as one item (name with an optional count), most literal first."""
    found: list[_Reading] = [(words, None, False)]
    n = len(words)
    if n >= 2 and _is_number(words[0]):
        if n >= 3 and words[1].lower() in _MUL:
            found.append((words[2:], words[0], True))
        found.append((words[1:], words[0], True))
    if n >= 3 and words[0].lower() in _MUL and _is_number(words[1]):
        found.append((words[2:], words[1], True))
    if n >= 2 and _is_number(words[-1]):
        if n >= 3 and words[-2].lower() in _MUL:
            found.append((words[:-2], words[-1], False))
        else:
            found.append((words[:-1], words[-1], False))
    if n >= 3 and words[-1].lower() in _MUL and _is_number(words[-2]):
        found.append((words[:-2], words[-2], False))
    return [(name, count, lead) for name, count, lead in found if name]


def _only_counts(words: list[str]) -> bool:
    return all(_is_number(w) or w.lower() in _MUL for w in words)


@dataclass(slots=True)
class _Item:
    words: list[str]
    match: Match | None = None
    count: str | None = None
    chunk: str = ""


def _segment(words: list[str], catalogue: Catalogue) -> list[_Item]:
    """Cut ``words`` into items: most words understood, then fewest items, then counts in front.

    Dynamic programming over word positions with exact look-ups only (cheap); runs of words no
    exact reading covers come back as items without a match, for the spelling-tolerant pass.
    """
    n = len(words)
    number = [_is_number(w) for w in words]
    times = [w.lower() in _MUL for w in words]
    flags = [catalogue.word_flags(w) for w in words]

    def plausible(a: int, b: int) -> bool:
        if b - a == 1:
            return flags[a][1] and flags[a][2]
        return a < b and flags[a][0] and flags[b - 1][2]

    def readings(i: int, j: int) -> list[tuple[int, int, int | None, bool]]:
        """Readings of words[i:j] as (name start, name end, count index, count in front)."""
        size = j - i
        found: list[tuple[int, int, int | None, bool]] = [(i, j, None, False)]
        if size >= 2 and number[i]:
            if size >= 3 and times[i + 1]:
                found.append((i + 2, j, i, True))
            found.append((i + 1, j, i, True))
        if size >= 3 and times[i] and number[i + 1]:
            found.append((i + 2, j, i + 1, True))
        if size >= 2 and number[j - 1]:
            found.append((i, j - 2, j - 1, False) if size >= 3 and times[j - 2] else (i, j - 1, j - 1, False))
        if size >= 3 and times[j - 1] and number[j - 2]:
            found.append((i, j - 2, j - 2, False))
        return [r for r in found if plausible(r[0], r[1])]

    # A name inside a span from i starts at i, i + 1 or i + 2 (after a count and "x").
    starts = [f[1] for f in flags]
    can_start = [any(starts[i : i + 3]) for i in range(n)]
    # best[i] = (score, items) for words[:i]
    best: list[tuple[tuple[int, int, int], list[_Item]] | None] = [None] * (n + 1)
    best[0] = ((0, 0, 0), [])
    longest = MAX_NAME_WORDS + 2
    for i in range(n):
        entry = best[i]
        if entry is None:
            continue
        (covered, items, leading), so_far = entry

        def offer(j: int, score: tuple[int, int, int], items_then: list[_Item]) -> None:
            current = best[j]
            if current is None or score > current[0]:
                best[j] = (score, items_then)

        word = words[i]
        if word.lower() in _CONNECTORS and so_far and so_far[-1].match is not None:
            offer(i + 1, (covered + 1, items, leading), so_far)
        if so_far and so_far[-1].match is None:  # an uncovered word extends the unknown run before it
            offer(i + 1, (covered, items, leading), [*so_far[:-1], _Item([*so_far[-1].words, word])])
        else:
            offer(i + 1, (covered, items - 1, leading), [*so_far, _Item([word])])
        if not can_start[i]:  # no reading of a span from here starts with a name word
            continue
        for j in range(i + 1, min(n, i + longest) + 1):
            for a, b, count, lead in readings(i, j):
                match = catalogue.resolve_exact(" ".join(words[a:b]))
                if match is not None:
                    offer(
                        j,
                        (covered + j - i, items - 1, leading + lead),
                        [*so_far, _Item(words[i:j], match, None if count is None else words[count])],
                    )
                    break
    final = best[n]
    return final[1] if final is not None else []


def _split_run(words: list[str]) -> list[list[str]]:
    """Cut an unknown run before each count that follows a name word: ``3 lionz 50 rosse``."""
    pieces: list[list[str]] = [[]]
    for i, word in enumerate(words):
        previous = words[i - 1] if i else ""
        starts_item = (
            _is_number(word)
            and pieces[-1]
            and not _is_number(previous)
            and previous.lower() not in _MUL
            and i + 1 != len(words)  # "lionz 3": a trailing count stays with its name
        )
        if starts_item or word.lower() in _CONNECTORS:
            if pieces[-1]:
                pieces.append([])
            if word.lower() in _CONNECTORS:
                continue
        pieces[-1].append(word)
    return [p for p in pieces if p]


class _CountsMatter(Exception):
    """A chunk's reading would guess a name from text that holds a count (see :func:`_read_chunk`)."""


def _loosely(words: list[str], catalogue: Catalogue, stand_ins: frozenset[str] = frozenset()) -> _Item:
    """The spelling-tolerant reading of an item no exact name covers."""
    closest: tuple[Gift, ...] = ()
    named = words
    readings = _readings(words)
    # Guess from the name without its count first ("17 rosse" → "rosse"): fewer, cached look-ups.
    for name, count, _score in [*readings[1:], readings[0]]:
        if _only_counts(name):  # "12 34": no name to guess from
            continue
        if stand_ins and not stand_ins.isdisjoint(name):
            raise _CountsMatter  # the guess would depend on the digits typed
        match = catalogue.resolve(" ".join(name))
        if match.gift is not None or match.choices:
            return _Item(words, match, count)
        if count is not None and named is words:
            named = name  # name the item without its count: "lino", not "2 lino"
        closest = closest or match.closest
    return _Item(named, Match(closest=closest))


def _read_words(
    words: list[str], catalogue: Catalogue, stand_ins: frozenset[str] = frozenset()
) -> tuple[_Item, ...]:
    """The items of one comma-free chunk's words.

    A piece of an unknown run that holds a stand-in for an unknown word is left unread
    (``match`` None): :func:`_read_part` reads it with the words as typed.
    """
    items: list[_Item] = []
    for item in _segment(words, catalogue):
        if item.match is not None:
            items.append(item)
            continue
        for piece in _split_run(item.words):
            if any(word.startswith(_WORD_MARK) for word in piece):
                items.append(_Item(piece))
            else:
                items.append(_loosely(piece, catalogue, stand_ins))
    return tuple(items)


_COUNT_MARK = "000000000001"
_STAND_IN = "{}" + _COUNT_MARK
_WORD_MARK = "qzq"
_WORD_STAND_IN = _WORD_MARK + "{}qzq"


def _stand_in_form(word: str, catalogue: Catalogue) -> str | None:
    """The stand-in pattern ``word`` may be read as: a plain count, a word in no gift name, or None.

    A word in no gift name (nor its singular) can only be part of an unknown run, whatever its
    spelling: it starts, ends and sits inside no exact name, and it is no count, "x" or "and".
    """
    if not word.isascii():
        return None
    if word.isdigit():
        return None if catalogue.names_word(word) else _STAND_IN
    if not word.isalpha():
        return None
    lower = word.lower()
    if lower in _MUL or lower in _CONNECTORS or lower in _SPLITTERS or catalogue.names_word(lower):
        return None
    for form in singular_forms(lower):
        if catalogue.names_word(form):
            return None
    return _WORD_STAND_IN


_Read = TypeVar("_Read")


def _with_stand_ins(
    read: Callable[[list[str], Catalogue, frozenset[str]], _Read],
    words: list[str],
    catalogue: Catalogue,
    stand_ins: frozenset[str],
) -> _Read | None:
    """``read`` of words that hold count stand-ins, or None where the digits could change the
    reading (memoised as None: that text is then read as typed)."""
    try:
        return read(words, catalogue, stand_ins)
    except _CountsMatter:
        return None


def _read_chunk(chunk: str, catalogue: Catalogue, literally: bool = False) -> list[_Item]:
    """The items of one comma-free chunk (memoised per catalogue: chat repeats itself).

    Counts rarely change how a chunk is cut or which names it holds ("77 roses" reads like
    "3 roses"), so the chunk is first read with each plain count swapped for a stand-in, and
    the counts are put back per answer: chat that repeats its phrasing with new numbers is
    read once. Where the reading would guess a name from words that include a count (a
    typo'd name wedged between numbers), the digits could change the guess, so that shape
    is read literally, per text. Numbers that are words of a gift name ("2024 Glasses",
    "TaiPei 101") are never swapped. ``literally`` reads every part as typed, without stand-ins:
    what the shape reading must always equal (tests compare the two).
    """
    items: list[_Item] = []
    for words in _parts(_words(chunk), catalogue):
        items.extend(_read_part(words, chunk, catalogue, literally))
    return items


_SPLITTERS = frozenset({"+", "&", "plus"})


def _parts(words: list[str], catalogue: Catalogue) -> list[list[str]]:
    """``words`` cut after each "+", "&" or "plus" that is no gift name's word (each part is read
    and memoised alone, so "3 lionz + 2 rosse" shares its reading of "3 lionz +")."""
    parts: list[list[str]] = [[]]
    for word in words:
        parts[-1].append(word)
        if word.lower() in _SPLITTERS and not catalogue.names_word(word.lower()):
            parts.append([])
    if not parts[-1]:  # only the last part can be empty (after a final "+")
        parts.pop()
    return parts


def _read_part(words: list[str], chunk: str, catalogue: Catalogue, literally: bool = False) -> list[_Item]:
    """The items of one part of a chunk, read once per shape (memoised per catalogue).

    How a part is cut into items depends on some words only through their kind: a plain count
    ("77" reads like "3") or a word that is in no gift name ("lionz", "qqqq": part of an unknown
    run whatever its spelling). Those are swapped for stand-ins, the shape is cut once, and each
    answer puts its own words back: chat that repeats its phrasing with new numbers or new
    typos is cut once. The pieces of unknown runs that hold a word stand-in are then read
    spelling-tolerantly as typed (memoised per typed piece). Where a guess would be made from
    words that include a count stand-in, the digits could change it, so that shape is read
    literally, per text. Numbers and words that are part of a gift name ("2024 Glasses",
    "TaiPei 101") are never swapped.
    """
    # Plain loops rather than comprehensions here and in _restored: in Python 3.11 each
    # comprehension is a function of its own, and every function an answer runs for the first
    # time since the last interaction costs more than its work (see bench/bench_money.py).
    originals: dict[str, str] = {}
    shape: list[str] = []
    counts: list[str] = []
    readable = not literally  # no stand-in is a word of a gift name, no typed word looks like a stand-in
    forms: dict[str, str | None] = catalogue.table("stand-in form")
    name_words = catalogue.name_words
    for word in words:
        form = forms.get(word, _UNKNOWN_FORM)
        if form is _UNKNOWN_FORM:
            if len(forms) >= _FORMS_SIZE:
                forms.clear()
            form = forms[word] = _stand_in_form(word, catalogue)
        if form is None:
            if _WORD_MARK in word or word.endswith(_COUNT_MARK):  # typed text that looks like a stand-in
                readable = False
        else:
            stand_in = form.format(len(originals))
            originals[stand_in] = word
            if stand_in in name_words:
                readable = False
            if form is _STAND_IN:
                counts.append(stand_in)
            word = stand_in
        shape.append(word)
    if originals and readable:
        for word in words:
            if word in originals:  # typed text that looks like a stand-in
                readable = False
                break
        if readable:
            count_stand_ins = frozenset(counts)
            read = catalogue.memo(
                "gift chunk shape",
                " ".join(shape),
                lambda key: _with_stand_ins(_read_words, key.split(), catalogue, count_stand_ins),
            )
            if read is not None:
                restored: list[_Item] = []
                for item in read:
                    restored.append(_restored(item, originals, chunk, catalogue))
                return restored
    literal = catalogue.memo("gift chunk", " ".join(words), lambda key: _read_words(key.split(), catalogue))
    items: list[_Item] = []
    for item in literal:
        items.append(_Item(item.words, item.match, item.count, chunk))
    return items


_UNKNOWN_FORM = "?"  # not a stand-in pattern: marks a word whose form is not worked out yet
_FORMS_SIZE = 8192


def _restored(item: _Item, originals: dict[str, str], chunk: str, catalogue: Catalogue) -> _Item:
    """A memoised shape's item with the words of this text (an unread piece read now).

    An unread piece is read with its words as typed but its counts still stand-ins where the
    guess does not depend on them ("17 rosse" reads like "3 rosse"), else fully as typed.
    """
    words = item.words
    typed: list[str] = []
    if item.match is not None:
        for word in words:
            typed.append(originals.get(word, word))
        count = None if item.count is None else originals.get(item.count, item.count)
        return _Item(typed, item.match, count, chunk)
    if len(words) == 1 and words[0].startswith(_WORD_MARK):
        return _Item(*_lone_word(originals[words[0]], catalogue), chunk=chunk)
    counts: set[str] = set()
    key_words: list[str] = []
    for word in words:
        as_typed = originals.get(word, word)
        typed.append(as_typed)
        if word in originals and not word.startswith(_WORD_MARK):
            counts.add(word)
            key_words.append(word)
        else:
            key_words.append(as_typed)
    if counts:
        count_stand_ins = frozenset(counts)
        shaped = catalogue.memo(
            "gift piece shape",
            " ".join(key_words),
            lambda text: _with_stand_ins(_loosely, text.split(), catalogue, count_stand_ins),
        )
        if shaped is not None:
            restored: list[str] = []
            for word in shaped.words:
                restored.append(originals.get(word, word))
            count = None if shaped.count is None else originals.get(shaped.count, shaped.count)
            return _Item(restored, shaped.match, count, chunk)
    read = catalogue.memo("gift piece", " ".join(typed), lambda key: _loosely(key.split(), catalogue))
    return _Item(read.words, read.match, read.count, chunk)


def _lone_word(word: str, catalogue: Catalogue) -> tuple[list[str], Match]:
    """:func:`_loosely` for a piece that is one word in no gift name (the usual never-seen word or
    typo), with one look-up table instead of the piece memo: it has no count and one reading."""
    table: dict[str, tuple[list[str], Match]] = catalogue.table("lone word")
    found = table.get(word)
    if found is None:
        match = catalogue.resolve(word)
        if match.gift is None and not match.choices:
            match = Match(closest=match.closest)
        if len(table) >= _FORMS_SIZE:
            table.clear()
        found = table[word] = ([word], match)
    return found


def _skip_reason(words: list[str]) -> str:
    if len(words) == 1 and words[0].isalpha():  # the usual unknown word: nothing to add
        return ""
    text = " ".join(words)
    if _only_counts(words):
        number = next((w for w in words if _is_number(w)), "5")
        return _(
            "add a gift name to “{text}”, e.g. “{number} roses”",
            text=shown(text),
            number=shown(number.lstrip("+-")),
        )
    if not any(ch.isalnum() for ch in text):
        return _(
            "write gift names in words, e.g. “2 lions, 100 roses” (emoji and symbols are not gift names)"
        )
    return ""


def parse_gifts(text: str, catalogue: Catalogue, *, literally: bool = False) -> ParsedGifts:
    """Understand as much of a gift list as possible (see the module docstring).

    ``literally`` skips the per-shape memos (see :func:`_read_part`): the same answer, slower.
    """
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput(_("Type at least one gift, e.g. “2 lions, 100 roses”."))
    if len(text) > MAX_TEXT_LENGTH:
        raise InvalidInput(
            _("Keep the gift list under {limit} characters.", limit=format_count(MAX_TEXT_LENGTH))
        )
    items: list[_Item] = []
    for chunk in _SEPARATORS.split(_join_thousands(text)):
        if chunk := chunk.strip():
            items.extend(_read_chunk(chunk, catalogue, literally))
    if not items:
        raise InvalidInput(_("Type at least one gift, e.g. “2 lions, 100 roses”."))
    if len(items) > MAX_GIFT_LINES:
        raise InvalidInput(
            _(
                "List at most {limit} gifts at once; split the rest into another request.",
                limit=format_count(MAX_GIFT_LINES),
            )
        )
    counts: dict[Gift, int] = {}
    pending: list[Pending] = []
    skipped: list[Skipped] = []
    guesses: list[tuple[str, Gift]] = []
    also: list[tuple[str, Gift]] = []
    for item in items:
        match = item.match
        typed = " ".join(item.words)
        if match is None or (match.gift is None and not match.choices):
            reason = _skip_reason(item.words)
            skipped.append(Skipped(typed, match.closest if match else (), reason, item.chunk))
            continue
        label = match.gift.name if match.gift is not None else match.choices[0].name
        count = 1 if item.count is None else parse_count(item.count, label)
        other = match.plural_of
        if match.gift is not None and other is not None:
            if count == 1:  # "roses" alone: Rose, or the gift called Roses?
                match = Match(choices=(match.gift, other))
            else:  # "50 roses": Rose, noting the other gift
                also.append((typed, other))
        if match.gift is None:
            if len(pending) < MAX_PENDING:
                pending.append(Pending(typed, count, match.choices))
            else:
                skipped.append(Skipped(typed, match.choices[:3], "too many names to choose at once"))
            continue
        gift = match.gift
        counts[gift] = counts.get(gift, 0) + count
        if match.guessed:
            guesses.append((typed, gift))
    if not counts and not pending:
        raise _nothing_understood(skipped[0])
    lines: list[GiftLine] = []
    for gift, count in counts.items():
        if count > MAX_GIFT_COUNT:
            check_count(count, MAX_GIFT_COUNT, f"{gift.name} in total")
        lines.append(GiftLine(gift, count))
    return ParsedGifts(tuple(lines), tuple(pending), tuple(skipped), tuple(guesses), tuple(also))


def _nothing_understood(skipped: Skipped) -> InvalidInput:
    if skipped.reason:
        return InvalidInput(skipped.reason[0].upper() + skipped.reason[1:] + ".")
    return InvalidInput(unknown_sentence(skipped))


def unknown_sentence(skipped: Skipped, *, short: bool = False) -> str:
    """ "I don't know the gift “x”. Closest: …" for a skipped item (``short``: "“x”. Closest: …")."""
    name = shown(skipped.typed)
    if skipped.closest:
        hint = ", ".join(f"{g.name} ({ngettext('{n} coin', '{n} coins', g.coins)})" for g in skipped.closest)
        if short:
            return _("“{name}”. Closest: {hint}. Check the spelling or use /gift list.", name=name, hint=hint)
        return _(
            "I don't know the gift “{name}”. Closest: {hint}. Check the spelling or use /gift list.",
            name=name,
            hint=hint,
        )
    if short:
        return _("“{name}”. Check the spelling or use /gift list.", name=name)
    return _("I don't know the gift “{name}”. Check the spelling or use /gift list.", name=name)


def parse_gift_text(text: str, catalogue: Catalogue) -> list[GiftLine]:
    """Strict form for callers that need every item understood (e.g. /session log): lines or InvalidInput."""
    parsed = parse_gifts(text, catalogue)
    if parsed.skipped:
        first = parsed.skipped[0]
        if first.within and first.within != first.typed and not first.reason:
            # Without a menu, do not guess that part of an item was another gift: name it whole.
            words = first.within.split()
            name = next((r[0] for r in _readings(words)[1:] if r[1] is not None), words)
            whole = " ".join(name)
            raise InvalidInput(unknown_sentence(Skipped(whole, tuple(catalogue.closest(whole, 3)))))
        raise _nothing_understood(first)
    picks: dict[int, Gift] = {}
    for i, pending in enumerate(parsed.pending):
        # An exact name wins here ("hearts" is Hearts), as there is no menu to ask with.
        exact = [
            g
            for g in pending.choices
            if g.current and any(g.key == normalise(" ".join(r[0])) for r in _readings(pending.typed.split()))
        ]
        if len(exact) != 1:
            names = ", ".join(
                f"{g.name} ({ngettext('{n} coin', '{n} coins', g.coins)})" for g in pending.choices
            )
            raise InvalidInput(
                _(
                    "“{typed}” could be {names}: write the full name or use /gift list.",
                    typed=shown(pending.typed),
                    names=names,
                )
            )
        picks[i] = exact[0]
    return list(parsed.choose(picks).lines)
