"""The note beside a settled item on the result page (qa20 D1, S13): decided from the facts."""

from __future__ import annotations

import pytest

from rcapp.reviews.rules import NA, Verdict
from rcapp.reviews.settle_note import SettleNote, settle_note

LIN, HUANG = "林静", "黄磊"


@pytest.mark.parametrize(
    ("settled", "final", "proposals", "role", "expected"),
    [
        # nobody settled it: the reviewers' own level, no note
        (None, 3, [(LIN, 3), (HUANG, 3)], "lead", None),
        # the final level is one reviewer's proposal: it agrees with him, not "other than"
        (3, 3, [(LIN, 3), (HUANG, 2)], "lead", SettleNote((LIN,), "lead")),
        (2, 2, [(LIN, 3), (HUANG, 2)], "lead", SettleNote((HUANG,), "lead")),
        # a yes/no item settled No as the second reviewer said, by the deputy lead
        (0, 0, [(LIN, 1), (HUANG, 0)], "deputy", SettleNote((HUANG,), "deputy")),
        # both proposed it
        (2, 2, [(LIN, 2), (HUANG, 2)], "lead", SettleNote((LIN, HUANG), "lead")),
        # N/A settled as one reviewer accepted it
        (NA, NA, [(LIN, NA), (HUANG, 2)], "lead", SettleNote((LIN,), "lead")),
        # differs from every proposal: the settler's role says who settled otherwise
        (3, 3, [(LIN, 2), (HUANG, 2)], "lead", SettleNote((), "lead")),
        (3, 3, [(LIN, 2), (HUANG, 1)], "deputy", SettleNote((), "deputy")),
        (4, 4, [(LIN, 2)], "secretariat", SettleNote((), "secretariat")),
        (1, 1, [(LIN, 2)], "", SettleNote((), "")),
        # a level equal to a proposal is not matched by N/A, nor N/A by a level
        (NA, NA, [(LIN, 0)], "lead", SettleNote((), "lead")),
    ],
)
def test_the_note_follows_the_final_level_and_the_settlers_role(
    settled: Verdict | None,
    final: Verdict,
    proposals: list[tuple[str, Verdict]],
    role: str,
    expected: SettleNote | None,
) -> None:
    assert settle_note(settled, final, proposals, role) == expected
