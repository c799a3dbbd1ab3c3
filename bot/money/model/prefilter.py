"""Which names can reach a fuzzy score at all, from the characters they share with the query.

rapidfuzz's ``fuzz.ratio`` is ``200 · LCS / (len(q) + len(name))`` (normalised Indel), and a
longest common subsequence can only use characters both strings have: a character counts as
often as it occurs in both (``min`` of its two counts: "qqqq" shares one "q" with "Squid"),
and the LCS is at most the shorter length. Only the names whose bound reaches the cut-off are handed to
rapidfuzz, so a typo or an unknown word is compared with tens of names rather than a
thousand, with exactly the same results as scoring them all.

The bound is computed for every name at once in one Python integer with an 8-bit field per
name ("SIMD within a register"): for the k-th occurrence of a character in the query, the
integer that has a 1 in the field of every name holding that character at least k times is
added. Adding each
name's offset (128 minus the shared characters it needs) sets a field's top bit exactly when
the name can reach the cut-off. That is a handful of big-integer operations per query, which
stays fast when the CPU's caches are cold, as they are between two interactions.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

_FIELD = 8
_TOP = 1 << (_FIELD - 1)  # 128: no bound reaches it, so fields never carry into each other
MAX_QUERY = 80
"""Longest query filtered (bound ≤ 80 and offset ≤ 128 stay under 256); longer ones score every choice."""


class CharFilter:
    """The bound above for a fixed list of choices (built once per catalogue)."""

    __slots__ = ("_by_length", "_has", "_offsets", "_tops", "choices")

    def __init__(self, choices: Sequence[str]) -> None:
        self.choices = list(choices)
        columns: dict[tuple[str, int], bytearray] = {}
        lengths: dict[int, bytearray] = {}
        for position, choice in enumerate(self.choices):
            held: dict[str, int] = {}
            for ch in choice:
                held[ch] = k = held.get(ch, 0) + 1
                columns.setdefault((ch, k), bytearray(len(self.choices)))[position] = 1
            lengths.setdefault(len(choice), bytearray(len(self.choices)))[position] = 1
        # One field per choice: byte ``position`` of the little-endian integer; ``(ch, k)`` marks
        # the choices holding ``ch`` at least ``k`` times.
        self._has = {key: int.from_bytes(column, "little") for key, column in columns.items()}
        self._by_length = {length: int.from_bytes(marks, "little") for length, marks in lengths.items()}
        self._tops = int.from_bytes(bytes([_TOP]) * len(self.choices), "little")
        self._offsets: dict[tuple[int, float], int] = {}

    def candidates(self, query: str, cutoff: float) -> list[int]:
        """Positions (ascending) of the choices whose ``fuzz.ratio`` with ``query`` can be ≥ ``cutoff``."""
        if len(query) > MAX_QUERY:  # a field could overflow: score them all
            return list(range(len(self.choices)))
        shared = 0
        counts: dict[str, int] = {}
        has = self._has
        for ch in query:
            counts[ch] = k = counts.get(ch, 0) + 1
            column = has.get((ch, k))
            if column is not None:  # else no choice holds ``ch`` k times: it adds nothing
                shared += column
        if not shared and cutoff >= 1:
            return []  # no choice shares a character with the query, so none scores above 0
        offset = self._offsets.get((len(query), cutoff))
        if offset is None:
            offset = self._offset(len(query), cutoff)
        reached = (shared + offset) & self._tops
        marks = (reached >> (_FIELD - 1)).to_bytes(len(self.choices), "little")
        positions: list[int] = []
        found = marks.find(1)
        while found >= 0:
            positions.append(found)
            found = marks.find(1, found + 1)
        return positions

    def _offset(self, length: int, cutoff: float) -> int:
        """Per choice, 128 minus the shared characters it needs for ``cutoff`` (0 if it never can)."""
        key = (length, cutoff)
        offset = self._offsets.get(key)
        if offset is None:
            offset = 0
            for size, marks in self._by_length.items():
                # 1e-6: the bound must never drop a choice that rapidfuzz's float score would keep
                needed = max(0, math.ceil((cutoff * (size + length) - 1e-6) / 200))
                if needed <= min(size, length):
                    offset += (_TOP - needed) * marks
            if len(self._offsets) > 512:
                self._offsets.clear()
            self._offsets[key] = offset
        return offset
