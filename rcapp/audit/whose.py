"""Word a refusal of a stale page by whose hand made the change it did not show."""

from __future__ import annotations

from collections.abc import Callable

from rcapp.audit.queries import Hand
from rcapp.i18n import someone


def whose_text(hand: Hand | None, *, mine: str, named: Callable[[str], str], unknown: str) -> str:
    """Choose the words: the user's own other window (`mine`), a named person, or `unknown`.

    `unknown` (the words said before the audit log named anyone) is kept for a change the
    audit log did not see, such as an old row's. `named` gets the person as messages name
    them: "王芳", "王芳 (Wang Fang)" in English, 其他用户 for an account deleted since.
    """
    if hand is None:
        return unknown
    if hand.mine:
        return mine
    return named(someone(hand.name))
