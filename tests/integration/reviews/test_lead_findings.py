"""The lead edits or drops the reviewers' findings before finalising; the reviewer edits hers.

qa (leadfindings) #1: a reviewer's corrective action went to the company unreviewed; #2: a
reviewer could only delete a finding, not correct it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.audit.models import AuditEntry
from rcapp.reviews import lead_findings, reviewing, settling
from rcapp.reviews.errors import (
    AssignmentSubmitted,
    FindingChanged,
    FindingIncomplete,
    FindingNotSent,
    ReasonRequired,
    ReviewFinalised,
    SettlerIsReviewer,
)
from rcapp.reviews.finding_gone import finding_stamp
from rcapp.reviews.models import ActionStatus, Finding, FindingKind, Review
from rcapp.reviews.queries import open_actions_of
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world, submit_all

DUE = dt.date(2027, 6, 30)


def _submitted_with_action(world: ReviewWorld) -> tuple[Review, Finding]:
    """A review both reviewers submitted; the first wrote a corrective action on C1.E1.1."""
    review = assign_all(world)[0]
    first = review.assignments[0]
    action = reviewing.add_finding(
        first,
        FindingKind.CORRECTIVE_ACTION,
        "演练报告缺签字",
        "C1.E1.1",
        "王工",
        DUE,
        first.reviewer,
    )
    submit_all(review)
    return review, action


def _logged(db_session: Session, action: str) -> list[AuditEntry]:
    return list(db_session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_the_lead_corrects_a_submitted_actions_owner_and_due_date(db_session: Session) -> None:
    world = make_review_world(5)
    review, action = _submitted_with_action(world)
    later = dt.date(2027, 9, 30)
    lead_findings.edit_finding(
        review, action, "演练评估报告缺签字", "李工", later, world.lead, finding_stamp(action)
    )
    db_session.commit()
    assert (action.text, action.owner, action.due_on) == ("演练评估报告缺签字", "李工", later)
    [entry] = _logged(db_session, "review.finding_edit")
    assert entry.actor_id == world.lead.id
    assert '"owner": "王工"' in (entry.before or "")
    assert '"owner": "李工"' in (entry.after or "")


def test_a_dropped_action_is_kept_with_its_reason_and_never_reaches_the_company(
    db_session: Session,
) -> None:
    world = make_review_world(5)
    review, action = _submitted_with_action(world)
    with pytest.raises(ReasonRequired):
        lead_findings.drop_finding(review, action, "  ", world.lead, finding_stamp(action))
    assert not action.is_dropped
    lead_findings.drop_finding(
        review, action, "已按自评等级裁定，无需整改", world.lead, finding_stamp(action)
    )
    settling.finalise_review(review, 30, world.lead)
    db_session.commit()
    assert db_session.get(Finding, action.id) is not None  # kept, not deleted
    assert action.dropped_reason == "已按自评等级裁定，无需整改"
    assert action.dropped_by_id == world.lead.id
    assert action.action_status is None
    assert action not in review.sent_findings
    assert open_actions_of([review.assessment.organisation_id]) == []
    [entry] = _logged(db_session, "review.finding_drop")
    assert "已按自评等级裁定，无需整改" in (entry.after or "")


def test_a_finding_changed_since_the_page_was_opened_is_not_overwritten(
    db_session: Session,
) -> None:
    world = make_review_world(5)
    review, action = _submitted_with_action(world)
    shown = finding_stamp(action)
    lead_findings.edit_finding(review, action, "演练报告缺签字", "李工", DUE, world.lead, shown)
    with pytest.raises(FindingChanged):
        lead_findings.edit_finding(review, action, "演练报告缺签字", "赵工", DUE, world.lead, shown)
    with pytest.raises(FindingChanged):
        lead_findings.drop_finding(review, action, "重复", world.lead, shown)
    assert action.owner == "李工"
    assert not action.is_dropped


def test_an_action_keeps_its_owner_and_due_date_when_the_lead_edits_it(
    db_session: Session,
) -> None:
    world = make_review_world(5)
    review, action = _submitted_with_action(world)
    with pytest.raises(FindingIncomplete) as refused:
        lead_findings.edit_finding(
            review, action, "x", "李工", None, world.lead, finding_stamp(action)
        )
    assert refused.value.field == "due_on"
    assert action.due_on == DUE


def test_nothing_changes_after_finalising_nor_by_a_reviewer_of_the_review(
    db_session: Session,
) -> None:
    world = make_review_world(5)
    review, action = _submitted_with_action(world)
    reviewer = review.assignments[1].reviewer
    with pytest.raises(SettlerIsReviewer):
        lead_findings.drop_finding(review, action, "重复", reviewer, finding_stamp(action))
    settling.finalise_review(review, 30, world.lead)
    with pytest.raises(ReviewFinalised):
        lead_findings.drop_finding(review, action, "重复", world.lead, finding_stamp(action))
    assert not action.is_dropped
    assert action.action_status is ActionStatus.OPEN


def test_a_draft_finding_is_not_the_leads_to_change(db_session: Session) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    first = review.assignments[0]
    draft = reviewing.add_finding(
        first, FindingKind.IMPROVEMENT, "草稿", None, "", None, first.reviewer
    )
    with pytest.raises(FindingNotSent):
        lead_findings.edit_finding(review, draft, "改", "", None, world.lead, finding_stamp(draft))


def test_the_reviewer_corrects_her_own_finding_until_she_submits(db_session: Session) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    first = review.assignments[0]
    action = reviewing.add_finding(
        first, FindingKind.CORRECTIVE_ACTION, "缺签字", "C1.E1.1", "王工", DUE, first.reviewer
    )
    fields: tuple[str, str, str, dt.date | None] = ("C1.E1.1", "缺签字", "王工", None)
    with pytest.raises(FindingIncomplete):  # the checks of adding one
        reviewing.edit_own_finding(
            action,
            first,
            FindingKind.CORRECTIVE_ACTION,
            fields,
            first.reviewer,
            finding_stamp(action),
        )
    fields = ("C1.E1.1", "缺签字", "王工程师", DUE)
    reviewing.edit_own_finding(
        action, first, FindingKind.CORRECTIVE_ACTION, fields, first.reviewer, finding_stamp(action)
    )
    assert action.owner == "王工程师"
    [entry] = _logged(db_session, "review.finding_edit")
    assert entry.actor_id == first.reviewer_id
    reviewing.accept_remaining(first, list(review.sample), set(), first.reviewer)
    reviewing.submit_assignment(first, first.reviewer)
    with pytest.raises(AssignmentSubmitted):
        reviewing.edit_own_finding(
            action,
            first,
            FindingKind.CORRECTIVE_ACTION,
            fields,
            first.reviewer,
            finding_stamp(action),
        )
