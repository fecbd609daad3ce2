"""Word a refusal of a stale page by whose hand made the change it did not show."""

from __future__ import annotations

from collections.abc import Callable

from rcapp.audit.queries import Hand
from rcapp.i18n import someone
from rcapp.stale_forms import Merged, mark_merged


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


def mark_fields(
    form: object, merged: Merged, stored: Callable[[str], object], hand: Hand | None
) -> None:
    """Mark a refused row's fields as saved by `hand`, named as whose_text names it.

    The notes under the fields then agree with the top message: 王芳, or the user's own other
    window, tab or device; "someone else" only when the audit log saw no save.
    """
    mine = hand is not None and hand.mine
    who = None if hand is None or mine else someone(hand.name)
    mark_merged(form, merged, stored, mine=mine, who=who)
