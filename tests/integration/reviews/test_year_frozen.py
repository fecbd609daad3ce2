"""A closed year is frozen: no review of it changes; corrective actions go on.

Found by a tester: with a review reopened by an upheld appeal and another not submitted,
the year was closed, and afterwards the reviewer still submitted and the lead finalised.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcapp.assessments.models import SnapshotKind
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.snapshots import find_snapshot
from rcapp.audit.models import AuditEntry
from rcapp.cycles import services as cycle_services
from rcapp.reviews import reviewing, settling
from rcapp.reviews import services as review_services
from rcapp.reviews.close_notice import close_notice
from rcapp.reviews.errors import RatingChanged, YearClosed
from rcapp.reviews.models import (
    ActionStatus,
    AppealStatus,
    AssignmentStatus,
    Decision,
    FindingKind,
    Review,
    ReviewKind,
    ReviewStatus,
)
from rcapp.reviews.queries import find_review
from tests.factories_reviews import (
    ReviewWorld,
    assign_all,
    make_review_world,
    reviewers_of,
    submit_and_finalise,
)


def _audited(db_session: Session, action: str) -> int:
    return (
        db_session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action)
        )
        or 0
    )


def _round(world: ReviewWorld) -> tuple[Review, Review]:
    """Review 0 final with a corrective action; review 1 sampled in full, not submitted."""
    reviews = assign_all(world)
    first = reviews[0].assignments[0]
    reviewing.add_finding(
        first,
        FindingKind.CORRECTIVE_ACTION,
        "应急演练记录缺签字",
        "C1.E1.1",
        "王工",
        dt.date(2026, 6, 30),
        first.reviewer,
    )
    submit_and_finalise(reviews[0], world.lead)
    for assignment in reviews[1].assignments:
        reviewing.accept_remaining(assignment, list(reviews[1].sample), set(), assignment.reviewer)
    return reviews[0], reviews[1]


def test_after_the_close_no_review_changes_and_nothing_is_written(db_session: Session) -> None:
    world = make_review_world(5)
    final, open_ = _round(world)
    cycle_services.close_cycle(world.cycle, world.secretariat)
    submits, finalises = (
        _audited(db_session, "review.submit"),
        _audited(db_session, "review.finalise"),
    )

    assignment = open_.assignments[0]
    with pytest.raises(YearClosed) as refused:
        reviewing.submit_assignment(assignment, assignment.reviewer)
    assert refused.value.year == world.cycle.year
    assert assignment.status is AssignmentStatus.ASSIGNED
    item = rubric_of(open_.assessment).item_index()[open_.sample[0]]
    with pytest.raises(YearClosed):
        reviewing.save_decision(
            assignment, item, False, Decision.ADJUST, 0, "无记录", assignment.reviewer
        )
    with pytest.raises(YearClosed):
        settling.settle_item(open_, item.id, 1, "裁定", world.lead)
    with pytest.raises(YearClosed):
        settling.finalise_review(open_, 30, world.lead)
    with pytest.raises(YearClosed):
        review_services.withdraw_assignment(assignment, world.lead)
    with pytest.raises(YearClosed):
        review_services.assign_reviewers(
            world.assessments[2], ReviewKind.ONSITE, reviewers_of(world, 2), world.lead
        )

    db_session.expire_all()
    assert open_.status is ReviewStatus.IN_REVIEW
    assert len(open_.assignments) == 2
    assert all(a.status is AssignmentStatus.ASSIGNED for a in open_.assignments)
    assert open_.settlements == []
    assert find_snapshot(open_.assessment, SnapshotKind.FINAL) is None
    assert final.status is ReviewStatus.FINAL
    assert _audited(db_session, "review.submit") == submits
    assert _audited(db_session, "review.finalise") == finalises


def test_an_appeal_of_a_closed_year_can_be_dismissed_but_not_upheld(db_session: Session) -> None:
    world = make_review_world(5)
    final, _open = _round(world)
    assert final.appeal_until is not None
    appeal = settling.file_appeal(final, "证据未被充分考虑", final.appeal_until, world.members[0])
    cycle_services.close_cycle(world.cycle, world.secretariat)

    with pytest.raises(YearClosed):
        settling.decide_appeal(appeal, True, "证据成立", world.secretariat)
    db_session.expire_all()
    assert appeal.status is AppealStatus.OPEN
    assert final.status is ReviewStatus.FINAL
    assert find_snapshot(final.assessment, SnapshotKind.FINAL) is not None

    settling.decide_appeal(appeal, False, "维持原评级", world.secretariat)
    db_session.refresh(appeal)
    assert appeal.status.value == "dismissed"


def test_corrective_actions_go_on_after_the_close(db_session: Session) -> None:
    world = make_review_world(5)
    final, _open = _round(world)
    cycle_services.close_cycle(world.cycle, world.secretariat)
    action = next(f for f in final.findings if f.kind is FindingKind.CORRECTIVE_ACTION)
    settling.close_action(action, "补签后的演练记录", world.members[0])
    settling.accept_action(action, False, world.lead, "缺少签字页")
    settling.close_action(action, "附签字页", world.members[0])
    settling.accept_action(action, True, world.lead)
    assert action.action_status is ActionStatus.ACCEPTED


def test_a_year_being_closed_is_frozen_too_and_reopening_it_lets_the_review_go_on(
    db_session: Session,
) -> None:
    world = make_review_world(5)
    _final, open_ = _round(world)
    cycle_services.start_closing(world.cycle, world.secretariat)  # the worker has not run
    assignment = open_.assignments[0]
    with pytest.raises(YearClosed):
        reviewing.submit_assignment(assignment, assignment.reviewer)
    cycle_services.finish_closing(world.cycle, world.secretariat)
    cycle_services.reopen_cycle(world.cycle, "评审未完成", world.secretariat)
    for assignment in open_.assignments:
        reviewing.submit_assignment(assignment, assignment.reviewer)
    settling.finalise_review(open_, 30, world.lead)
    assert open_.status is ReviewStatus.FINAL


def test_finalising_refuses_a_rating_other_than_the_one_confirmed(db_session: Session) -> None:
    world = make_review_world(5)
    _final, open_ = _round(world)
    for assignment in open_.assignments:
        reviewing.submit_assignment(assignment, assignment.reviewer)
    stamp = settling.rating_stamp(settling.final_scorecard(open_))
    with pytest.raises(RatingChanged):
        settling.finalise_review(open_, 30, world.lead, "")  # nothing confirmed yet
    with pytest.raises(RatingChanged) as changed:
        settling.finalise_review(open_, 30, world.lead, "0:1:0.0")
    assert changed.value.stars == settling.final_scorecard(open_).rating.stars
    db_session.expire_all()
    assert open_.status is ReviewStatus.IN_REVIEW
    assert find_snapshot(open_.assessment, SnapshotKind.FINAL) is None
    card = settling.finalise_review(open_, 30, world.lead, stamp)
    assert open_.final_stars == card.rating.stars


def test_the_close_notice_names_the_reviews_not_final_and_the_appeals_waiting(
    db_session: Session,
) -> None:
    world = make_review_world(5)
    # No review in the year: only the submitted assessments nobody reviews (QA37 S2).
    before = close_notice(world.cycle)
    assert before is not None
    assert (before["review_count"], before["appeal_count"]) == (0, 0)
    assert before["unreviewed_count"] == len(world.assessments)
    final, open_ = _round(world)
    assert final.appeal_until is not None
    appeal = settling.file_appeal(final, "证据未被充分考虑", final.appeal_until, world.members[0])
    notice = close_notice(world.cycle)
    assert notice is not None
    assert [row.review.id for row in notice["reviews"]] == [r.id for r in _open_reviews(world)]
    row = next(r for r in notice["reviews"] if r.review.id == open_.id)
    assert (row.submitted, row.assigned, row.reopened, row.returned) == (0, 2, False, False)
    assert notice["review_count"] == 4
    assert [a.id for a in notice["appeals"]] == [appeal.id]

    settling.decide_appeal(appeal, True, "证据成立", world.secretariat)
    notice = close_notice(world.cycle)
    assert notice is not None
    assert notice["appeal_count"] == 0
    # Reopened by the upheld appeal: listed apart, to be confirmed one by one at the close.
    (reopened,) = notice["reopened"]
    assert reopened.review.id == final.id
    assert reopened.reopened
    assert reopened.to_confirm
    assert reopened.submitted == 2
    assert final.id not in [r.review.id for r in notice["reviews"]]
    assert notice["review_count"] == 4


def _open_reviews(world: ReviewWorld) -> list[Review]:
    """The year's reviews not final, in the notice's order (by organisation name)."""
    found = [find_review(a) for a in world.assessments]
    open_ = [r for r in found if r is not None and not r.is_final]
    return sorted(open_, key=lambda r: (r.assessment.organisation.name_zh, r.id))
