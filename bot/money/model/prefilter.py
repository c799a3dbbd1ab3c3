"""Which names can reach a fuzzy score at all, from the characters they share with the query.

rapidfuzz's ``fuzz.ratio`` is ``200 · LCS / (len(q) + len(name))`` (normalised Indel), and a
longest common subsequence can only use characters both strings have: each character of
the query counts at most once per occurrence, and only if the name contains it, and the LCS
is at most the shorter length. That bound is computed for every name at once (one small
matrix product) and only the names whose bound reaches the cut-off are scored, so a typo
or an unknown word is compared with tens of names rather than a thousand, with exactly the
same results as scoring them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[Any]


class CharFilter:
    """The bound above for a fixed list of choices (built once per catalogue)."""

    __slots__ = ("_index", "_lengths", "_presence", "_thresholds", "choices")

    def __init__(self, choices: Sequence[str]) -> None:
        self.choices = list(choices)
        alphabet = sorted({ch for choice in self.choices for ch in choice})
        self._index = {ch: row for row, ch in enumerate(alphabet)}
        presence = np.zeros((len(alphabet), len(self.choices)), dtype=np.int32)
        for column, choice in enumerate(self.choices):
            for ch in set(choice):
                presence[self._index[ch], column] = 1
        self._presence = presence
        self._lengths = np.array([len(choice) for choice in self.choices], dtype=np.int32)
        self._thresholds: dict[tuple[int, float], tuple[Array, Array]] = {}

    def candidates(self, query: str, cutoff: float) -> list[int]:
        """Positions (ascending) of the choices whose ``fuzz.ratio`` with ``query`` can be ≥ ``cutoff``."""
        counts: dict[int, int] = {}
        for ch in query:
            row = self._index.get(ch)
            if row is not None:
                counts[row] = counts.get(row, 0) + 1
        cap, needed = self._bounds(len(query), cutoff)
        if not counts:
            return [] if cutoff > 0 else list(range(len(self.choices)))
        shared = np.fromiter(counts.values(), np.int32, len(counts)) @ self._presence[list(counts)]
        positions: list[int] = np.flatnonzero(np.minimum(shared, cap) >= needed).tolist()
        return positions

    def _bounds(self, length: int, cutoff: float) -> tuple[Array, Array]:
        """(longest possible LCS, LCS needed for ``cutoff``) per choice, for a query of ``length``."""
        key = (length, cutoff)
        found = self._thresholds.get(key)
        if found is None:
            if len(self._thresholds) > 256:
                self._thresholds.clear()
            cap = np.minimum(self._lengths, length)
            # 1e-6: the bound must never drop a choice that rapidfuzz's float score would keep
            needed = cutoff * (self._lengths + length) / 200.0 - 1e-6
            found = self._thresholds[key] = (cap, needed)
        return found
