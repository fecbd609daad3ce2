"""Texts that look filled in but are not: only blanks or invisible characters."""

from __future__ import annotations

import unicodedata

# Unicode categories that print nothing: spaces, controls, format characters (zero-width
# space and joiners, BOM, bidi marks) and unassigned code points.
_INVISIBLE = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Cn", "Co", "Cs"})
_VISIBLE_FILLERS = frozenset(
    {"\u3164", "\u115f", "\u1160", "\uffa0", "\u2800"}
)  # Hangul fillers, braille blank


def is_blank(text: str) -> bool:
    """Return whether `text` has no visible character (empty, blanks, zero-width ...)."""
    return all(
        char.isspace() or unicodedata.category(char) in _INVISIBLE or char in _VISIBLE_FILLERS
        for char in text
    )
