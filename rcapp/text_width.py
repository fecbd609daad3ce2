"""How wide text is on the page: a Chinese character takes about two Latin letters' room.

One measure for cutting and padding text in both languages: cut by characters, English kept
a third of what Chinese did ("C1.E5.1 The company has a…" beside 25 Chinese characters, QA52 m6).
"""

from __future__ import annotations

import unicodedata


def width(text: str) -> int:
    """Columns `text` takes: wide (Chinese) characters two, others one."""
    return sum(_columns(ch) for ch in text)


def cut_to_width(text: str, columns: int) -> str:
    """Cut `text` (spaces made single) to `columns` wide, "…" after it; English at a word's end."""
    text = " ".join(text.split())
    if width(text) <= columns:
        return text
    used = end = 0
    while used + _columns(text[end]) <= columns:  # the text is wider: it stops in time
        used += _columns(text[end])
        end += 1
    cut = text[:end]
    if " " in cut and text[end] != " ":  # a word cut in two: drop it
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip() + "…"


def _columns(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1
