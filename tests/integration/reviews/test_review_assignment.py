"""Assigning reviewers: every conflict of interest refused with its reason, nothing assigned."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcapp.mail.models import OutboxMessage
from rcapp.reviews import services
from rcapp.reviews.errors import ConflictOfInterest, NotAReviewer, TooFewReviewers
from rcapp.reviews.models import Review, ReviewAssignment, ReviewKind
from rcapp.reviews.rules import Conflict
from tests.factories import make_organisation, make_user
from tests.factories_reviews import make_review_world


def _count(session: Session) -> tuple[int, int]:
    return (
        session.scalar(select(func.count()).select_from(Review)) or 0,
        session.scalar(select(func.count()).select_from(ReviewAssignment)) or 0,
    )


@pytest.mark.parametrize(
    "case", ["same_organisation", "same_parent_group", "same_park", "declared", "reciprocal"]
)
def test_each_conflict_is_refused_with_its_reason_and_nothing_assigned(
    db_session: Session, case: str
) -> None:
    world = make_review_world(5)
    target = world.assessments[0]
    good = world.reviewers[1]
    bad = world.reviewers[2]
    bad_org = world.companies[2]
    if case == "same_organisation":
        bad = world.reviewers[0]
    elif case == "same_parent_group":
        target.organisation.parent_group = bad_org.parent_group = "中国中化"
    elif case == "same_park":
        park = make_organisation(kind="park")
        target.organisation.park_id = bad_org.park_id = park.id
    elif case == "declared":
        services.declare_conflict(bad, target.organisation, "前雇主", world.lead)
    else:  # company 0's reviewer already reviews company 2
        services.assign_reviewers(
            world.assessments[2], ReviewKind.DESK, [world.reviewers[0]], world.lead
        )
    db_session.flush()
    before = _count(db_session)
    with pytest.raises(ConflictOfInterest) as refused:
        services.assign_reviewers(target, ReviewKind.ONSITE, [good, bad], world.lead)
    assert refused.value.reasons[0] is Conflict(case)
    assert refused.value.reviewer_name == bad.name
    assert _count(db_session) == before


def test_an_onsite_review_needs_two_reviewers(db_session: Session) -> None:
    world = make_review_world(5)
    with pytest.raises(TooFewReviewers):
        services.assign_reviewers(
            world.assessments[0], ReviewKind.ONSITE, [world.reviewers[1]], world.lead
        )
    assert _count(db_session) == (0, 0)


def test_assigning_opens_the_review_with_a_sample_and_tells_the_reviewers(
    db_session: Session,
) -> None:
    world = make_review_world(5)
    review = services.assign_reviewers(
        world.assessments[0],
        ReviewKind.ONSITE,
        world.reviewers[1:3],
        world.lead,
        compose=lambda user, a: (f"review {a.id}", f"hello {user.name}"),
    )
    assert [a.reviewer_organisation_id for a in review.assignments] == [
        world.companies[1].id,
        world.companies[2].id,
    ]
    # Every claim sits at its top level, so every item is in the risk sample.
    assert set(review.sample) == {"MS.G1.1", "MS.G1.2", "C1.E1.1", "C1.E1.2", "C6.E1.1"}
    queued = db_session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [(m.kind, m.to_address, m.body) for m in queued] == [
        ("review", r.email, f"hello {r.name}") for r in world.reviewers[1:3]
    ]


def test_a_reviewer_without_an_organisation_is_refused(db_session: Session) -> None:
    world = make_review_world(5)
    loner = make_user()
    with pytest.raises(NotAReviewer):
        services.assign_reviewers(world.assessments[0], ReviewKind.DESK, [loner], world.lead)
