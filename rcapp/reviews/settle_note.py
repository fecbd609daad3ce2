"""What the result page says beside a settled item: whose proposal the settled level follows.

qa20 D1: every settled row read "the lead settled on a level other than the reviewers
proposed", also where the final level was exactly one reviewer's proposal, and also where
the deputy lead settled it. The note is decided here from the facts alone (no Flask, no
database): the final level, each submitted reviewer's proposal, and the settler's role.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rcapp.reviews.rules import Verdict


@dataclass(frozen=True)
class SettleNote:
    """`agreeing`: the reviewers whose proposal the final level is (empty: it is nobody's).

    `role`: the settler's role ("lead", "deputy", "secretariat" or "" unknown), for the
    text said when the level differs from every proposal.
    """

    agreeing: tuple[str, ...]
    role: str


def settle_note(
    settled: Verdict | None,
    final: Verdict,
    proposals: Sequence[tuple[str, Verdict]],
    role: str,
) -> SettleNote | None:
    """Decide the note for one row: None where nobody settled it (the reviewers' own level).

    `proposals`: each submitted reviewer's name with the level he proposed, in page order.
    """
    if settled is None:
        return None
    agreeing = tuple(name for name, proposed in proposals if proposed == final)
    return SettleNote(agreeing, role)
