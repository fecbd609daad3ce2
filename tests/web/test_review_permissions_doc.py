"""docs/permissions.md ("Peer review and benchmarks") agrees with `can_review`, cell by cell."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from rcapp.reviews import reviewing, settling
from rcapp.reviews.models import FindingKind
from rcapp.reviews.permissions import ReviewAction, can_review
from tests.factories import make_user
from tests.factories_reviews import assign_all, make_review_world

DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"


def _table() -> dict[ReviewAction, dict[str, str]]:
    lines = DOC.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| review action |"))
    header = [c.strip() for c in lines[start].strip("|").split("|")][1:]
    table = {}
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        table[ReviewAction(cells[0].strip("`"))] = dict(zip(header, cells[1:], strict=True))
    return table


def _expected(cell: str, *, final: bool, action_open: bool) -> bool:
    return {
        "yes": True,
        "no": False,
        "until final": not final,
        "once final": final,
        "once final (admin)": final,  # the world's org member is its admin
        "once submitted": final,  # checked before the reviewers submit, and once final
        "own findings": True,  # the finding checked is the assigned reviewer's own
        "while open": final and action_open,
        "once closed": final and not action_open,
    }[cell]


def test_every_review_action_is_documented_once() -> None:
    assert set(_table()) == set(ReviewAction)


def test_the_table_agrees_with_can_review(db_session: Session) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    assignment = review.assignments[0]
    finding = reviewing.add_finding(
        assignment,
        FindingKind.CORRECTIVE_ACTION,
        "整改",
        None,
        "王工",
        dt.date(2026, 6, 30),
        assignment.reviewer,
    )
    people = {
        "secretariat": world.secretariat,
        "group lead/deputy": world.lead,
        "assigned reviewer": assignment.reviewer,
        "org member": world.members[0],
        "anyone else": world.members[3],
    }
    table = _table()

    def check(final: bool, action_open: bool, appeal: Any = None) -> None:
        targets = {
            ReviewAction.MANAGE: review,
            ReviewAction.REVIEW: assignment,
            ReviewAction.SEE_FINAL: review,
            ReviewAction.CLOSE_ACTION: finding,
            ReviewAction.ACCEPT_ACTION: finding,
            ReviewAction.ACTION_FILE: finding,
            ReviewAction.FINDING_FILE: finding,
            ReviewAction.APPEAL: review,
            ReviewAction.DECIDE_APPEAL: appeal,
        }
        for action, row in table.items():
            for column, user in people.items():
                expected = _expected(row[column], final=final, action_open=action_open)
                got = can_review(user, action, targets[action])
                assert got is expected, (action, column, final, action_open)

    check(final=False, action_open=True)
    for each in review.assignments:
        reviewing.accept_remaining(each, list(review.sample), set(), each.reviewer)
        reviewing.submit_assignment(each, each.reviewer)
    settling.finalise_review(review, 30, world.lead)
    check(final=True, action_open=True)
    plain_member = make_user(world.companies[0])
    assert not can_review(plain_member, ReviewAction.APPEAL, review)
    assert can_review(plain_member, ReviewAction.SEE_FINAL, review)
    settling.close_action(finding, "证据", world.members[0])
    assert review.appeal_until is not None
    appeal = settling.file_appeal(review, "理由", review.appeal_until, world.members[0])
    check(final=True, action_open=False, appeal=appeal)
