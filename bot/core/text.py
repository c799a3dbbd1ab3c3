"""Checks on text a member typed, shared by every command that takes a name or title."""

from __future__ import annotations

import unicodedata

from bot.core.errors import InvalidInput
from bot.i18n import _

# Letters and symbols that render as nothing: Hangul fillers (U+115F, U+1160, U+3164, U+FFA0),
# the blank Braille pattern, Khmer inherent vowels, the Mongolian vowel separator, the combining
# grapheme joiner and the Unicode tag / variation-selector blocks' usual suspects.
_BLANK_GLYPHS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5\u180e\u034f\u061c\u2060")
# Control, format (zero-width, BOM), surrogate, private-use, unassigned, separators, and marks
# that only decorate another character.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp", "Mn", "Me"})


def visible(text: str) -> bool:
    """True if ``text`` has at least one character that shows (not only blanks or invisible ones)."""
    return any(
        not ch.isspace() and ch not in _BLANK_GLYPHS and unicodedata.category(ch) not in _INVISIBLE_CATEGORIES
        for ch in text
    )


# Embedding and override controls (LRE, RLE, PDF, LRO, RLO), isolates (LRI, RLI, FSI, PDI) and marks
# (LRM, RLM, ALM): typed into a name they would re-order the rest of the sentence that echoes it.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"


def isolated(text: str) -> str:
    """``text`` safe to quote inside a sentence in any language.

    Direction controls are dropped (a typed RLO would mirror the whole answer), and
    right-to-left text (Arabic, Hebrew…) is wrapped in an isolate so it keeps its own
    direction without moving the punctuation and words around it.
    """
    if text.isascii():  # no direction controls and no right-to-left letters: nothing to do
        return text
    cleaned = "".join(ch for ch in text if ch not in _BIDI_CONTROLS)
    if any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in cleaned):
        return FIRST_STRONG_ISOLATE + cleaned + POP_DIRECTIONAL_ISOLATE
    return cleaned


def require_visible(text: str, what: str) -> str:
    """``text`` unchanged, or :class:`InvalidInput` saying the ``what`` (an ``N_()`` name) cannot be seen."""
    if not visible(text):
        raise InvalidInput(
            _(
                "That {what} is made only of blank or invisible characters: type one people can see.",
                what=_(what),
            )
        )
    return text
