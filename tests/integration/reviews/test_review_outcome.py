"""After finalisation: corrective actions closed with evidence and accepted; appeals in time."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.audit.models import AuditEntry
from rcapp.errors import InvalidState
from rcapp.reviews import reviewing, settling
from rcapp.reviews.errors import AppealPeriodOver, EvidenceRequired, FindingIncomplete
from rcapp.reviews.models import (
    ActionStatus,
    AppealStatus,
    Finding,
    FindingKind,
    Review,
    ReviewStatus,
)
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world, submit_all


def _status(finding: Finding) -> ActionStatus | None:
    return finding.action_status  # read afresh: each service call changes it


def _finalised(world: ReviewWorld) -> Review:
    review = assign_all(world)[0]
    first = review.assignments[0]
    reviewing.add_finding(
        first,
        FindingKind.CORRECTIVE_ACTION,
        "演练评估报告缺签字",
        "C1.E1.1",
        "王工",
        dt.date(2026, 6, 30),
        first.reviewer,
    )
    reviewing.add_finding(
        first, FindingKind.STRENGTH, "承诺公开透明", None, "", None, first.reviewer
    )
    submit_all(review)
    settling.finalise_review(review, 30, world.lead)
    return review


def test_a_corrective_action_needs_an_owner_and_a_due_date(db_session: Session) -> None:
    world = make_review_world(5)
    assignment = assign_all(world)[0].assignments[0]
    with pytest.raises(FindingIncomplete) as refused:
        reviewing.add_finding(
            assignment,
            FindingKind.CORRECTIVE_ACTION,
            "整改",
            None,
            "王工",
            None,
            assignment.reviewer,
        )
    assert refused.value.field == "due_on"
    assert assignment.review.findings == []


def test_the_company_closes_an_action_with_evidence_and_the_lead_accepts(
    db_session: Session,
) -> None:
    world = make_review_world(5)
    review = _finalised(world)
    action = next(f for f in review.findings if f.kind is FindingKind.CORRECTIVE_ACTION)
    assert _status(action) is ActionStatus.OPEN
    with pytest.raises(EvidenceRequired):
        settling.close_action(action, "   ", world.members[0])
    settling.close_action(action, "补签后的评估报告 PJ-2026-07", world.members[0])
    assert _status(action) is ActionStatus.CLOSED
    settling.accept_action(action, True, world.lead)
    assert _status(action) is ActionStatus.ACCEPTED
    with pytest.raises(InvalidState):
        settling.close_action(action, "again", world.members[0])


def test_an_appeal_in_time_is_decided_by_the_secretariat_and_audited(db_session: Session) -> None:
    world = make_review_world(5)
    review = _finalised(world)
    assert review.appeal_until is not None
    appeal = settling.file_appeal(
        review, "C1 证据未被充分考虑", review.appeal_until, world.members[0]
    )
    settling.decide_appeal(appeal, False, "证据已核查，维持原评级", world.secretariat)
    assert appeal.status is AppealStatus.DISMISSED
    actions = db_session.scalars(
        select(AuditEntry.action).where(
            AuditEntry.entity == "review", AuditEntry.entity_id == review.id
        )
    ).all()
    assert "appeal.file" in actions
    assert "appeal.decide" in actions


def test_an_appeal_after_its_period_is_refused(db_session: Session) -> None:
    world = make_review_world(5)
    review = _finalised(world)
    assert review.appeal_until is not None
    late = review.appeal_until + dt.timedelta(days=1)
    with pytest.raises(AppealPeriodOver):
        settling.file_appeal(review, "太晚了", late, world.members[0])
    assert review.appeals == []


def test_an_upheld_appeal_reopens_the_review_for_the_lead(db_session: Session) -> None:
    world = make_review_world(5)
    review = _finalised(world)
    assert review.appeal_until is not None
    appeal = settling.file_appeal(review, "现场已整改", review.appeal_until, world.members[0])
    settling.decide_appeal(appeal, True, "证据成立，请组长重新裁定", world.secretariat)
    assert review.status is ReviewStatus.IN_REVIEW
    assert review.final_stars is None
    card = settling.finalise_review(review, 30, world.lead)
    assert review.final_stars == card.rating.stars
