"""Read-only look-ups for peer review: reviews, assignments, candidates, workload."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import QueryableAttribute

from rcapp import db
from rcapp.accounts.models import GroupRole, User, WorkingGroupRole
from rcapp.assessments.inputs import NOT_REVIEWED, ReviewContext
from rcapp.assessments.models import Assessment, AssessmentStatus, SnapshotKind
from rcapp.assessments.queries import unrated_snapshots, vetoed_snapshots
from rcapp.assessments.recognitions import recognised_context
from rcapp.cycles.closed_groups import member_ids, members_of
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import Organisation, WorkingGroup, WorkingGroupMember
from rcapp.reviews.group_scope import counts_in_workload, reviews_run_by
from rcapp.reviews.models import (
    ActionStatus,
    Appeal,
    AppealStatus,
    AssignmentStatus,
    DeclaredConflict,
    Finding,
    Review,
    ReviewAssignment,
    ReviewKind,
    ReviewStatus,
)


def unrated_finals(reviews: Iterable[Review]) -> set[int]:
    """Return ids of the reviews whose final result is not rated (a prerequisite unmet)."""
    by_assessment = {review.assessment_id: review.id for review in reviews}
    return {
        by_assessment[assessment_id]
        for assessment_id, kind in unrated_snapshots(by_assessment)
        if kind == SnapshotKind.FINAL
    }


def vetoed_finals(reviews: Iterable[Review]) -> set[int]:
    """Return ids of the reviews whose final result a veto left without any star."""
    by_assessment = {review.assessment_id: review.id for review in reviews}
    return {
        by_assessment[assessment_id]
        for assessment_id, kind in vetoed_snapshots(by_assessment)
        if kind == SnapshotKind.FINAL
    }


def final_results(organisation: Organisation) -> dict[str, object]:
    """Return the organisation page's finished reviews, and which are not rated or vetoed."""
    finals = final_reviews_of([organisation.id])
    return {
        "final_reviews": finals,
        "unrated": unrated_finals(finals),
        "vetoed": vetoed_finals(finals),
    }


def find_review(assessment: Assessment) -> Review | None:
    return db.session().scalar(select(Review).where(Review.assessment_id == assessment.id))


def context_of(review: Review) -> ReviewContext:
    """How the assessment was reviewed (submitted reviewers, on site?) and recognised."""
    reviewed = ReviewContext(
        peer_reviewers=len(review.submitted_assignments),
        onsite_review=review.kind is ReviewKind.ONSITE,
    )
    return recognised_context(review.assessment, reviewed)


def review_context(assessment: Assessment) -> ReviewContext:
    """Tell the assessments package how an assessment was reviewed (only once final)."""
    review = find_review(assessment)
    if review is None or not review.is_final:
        return NOT_REVIEWED
    return context_of(review)


def pairs_in_cycle(cycle_id: int) -> set[tuple[int, int]]:
    """(reviewer organisation, reviewed organisation) of every assignment in the cycle."""
    rows = db.session().execute(
        select(ReviewAssignment.reviewer_organisation_id, Assessment.organisation_id)
        .join(Review, ReviewAssignment.review_id == Review.id)
        .join(Assessment, Review.assessment_id == Assessment.id)
        .where(Assessment.cycle_id == cycle_id)
    )
    return {(reviewer_org, reviewed_org) for reviewer_org, reviewed_org in rows}


def declared_conflicts(user_id: int) -> set[int]:
    return set(
        db.session().scalars(
            select(DeclaredConflict.organisation_id).where(DeclaredConflict.user_id == user_id)
        )
    )


def declared_reason(user_id: int, organisation_id: int) -> str:
    """Return the reason the user gave when declaring a conflict with it ('' if none)."""
    found = db.session().scalar(
        select(DeclaredConflict.reason).where(
            DeclaredConflict.user_id == user_id,
            DeclaredConflict.organisation_id == organisation_id,
        )
    )
    return found or ""


def candidate_reviewers(group: WorkingGroup) -> Sequence[User]:
    """Users with the reviewer role in the group, by name."""
    return (
        db.session()
        .scalars(
            select(User)
            .join(WorkingGroupRole, WorkingGroupRole.user_id == User.id)
            .where(
                WorkingGroupRole.working_group_id == group.id,
                WorkingGroupRole.role == GroupRole.REVIEWER,
                User.is_active.is_(True),
            )
            .order_by(User.name)
        )
        .unique()
        .all()
    )


def workload(cycle_id: int) -> dict[int, tuple[int, int]]:
    """Per reviewer: (open assignments, submitted assignments) in the cycle."""
    rows = db.session().execute(
        select(ReviewAssignment.reviewer_id, ReviewAssignment.status, func.count())
        .join(Review, ReviewAssignment.review_id == Review.id)
        .join(Assessment, Review.assessment_id == Assessment.id)
        .where(Assessment.cycle_id == cycle_id, counts_in_workload())
        .group_by(ReviewAssignment.reviewer_id, ReviewAssignment.status)
    )
    load: dict[int, tuple[int, int]] = {}
    for reviewer_id, status, count in rows:
        open_, done = load.get(reviewer_id, (0, 0))
        if status is AssignmentStatus.SUBMITTED:
            done += count
        else:
            open_ += count
        load[reviewer_id] = (open_, done)
    return load


def group_assessments(group: WorkingGroup, cycle: ReportingCycle) -> Sequence[Assessment]:
    """List the submitted assessments of the group's member organisations in the cycle, by name."""
    statement = _members_assessments(group, cycle).where(
        Assessment.status == AssessmentStatus.SUBMITTED
    )
    return db.session().scalars(statement).all()


def group_returned_in_review(group: WorkingGroup, cycle: ReportingCycle) -> Sequence[Assessment]:
    """List the group's members' assessments returned for revision with a review not final.

    Their review waits for the resubmission; the lead still sees it (and may withdraw its
    reviewers) on the group's page, beside the submitted ones, by name.
    """
    statement = (
        _members_assessments(group, cycle)
        .join(Review, Review.assessment_id == Assessment.id)
        .where(
            Assessment.status != AssessmentStatus.SUBMITTED,
            Review.status == ReviewStatus.IN_REVIEW,
        )
    )
    return db.session().scalars(statement).all()


def _members_assessments(group: WorkingGroup, cycle: ReportingCycle) -> Select[Assessment]:
    """Select the cycle's assessments of the group's members (in that year), by name.

    A review the group runs or ran stays with it, for that year, when its organisation leaves
    the group (qa45 D3, qa48 D1): the planning page lists it, marked (`running_for_former_members`).
    """
    return (
        select(Assessment)
        .join(Organisation, Assessment.organisation_id == Organisation.id)
        .where(
            Assessment.cycle_id == cycle.id,
            Assessment.organisation_id.in_(members_of(group.id, cycle))
            | Assessment.id.in_(_run_by(group)),
        )
        .order_by(Organisation.name_sort, Organisation.name_zh)
    )


def _run_by(group: WorkingGroup) -> Select[int]:
    # Finished ones too: the group that ran a review keeps it on that year's page (the
    # rating it settled, its corrective actions to follow up), qa48 D1.
    return select(Review.assessment_id).where(Review.working_group_id == group.id)


def running_for_former_members(
    group: WorkingGroup, cycle: ReportingCycle, assessments: Iterable[Assessment]
) -> set[int]:
    """Ids of the assessments listed whose organisation is no longer in the group."""
    members = member_ids(group.id, cycle)
    return {a.id for a in assessments if a.organisation_id not in members}


def reviews_by_assessment(assessment_ids: Sequence[int]) -> dict[int, Review]:
    rows = db.session().scalars(select(Review).where(Review.assessment_id.in_(assessment_ids)))
    return {review.assessment_id: review for review in rows}


def cycles() -> Sequence[ReportingCycle]:
    return db.session().scalars(select(ReportingCycle).order_by(ReportingCycle.year.desc())).all()


def chosen_or_latest(
    cycles: Sequence[ReportingCycle], chosen: int | None, has: Callable[[ReportingCycle], object]
) -> ReportingCycle | None:
    """Return the year asked for; else the newest for which `has` is true; else the newest.

    Review and benchmark pages open on a year with something to show: a newly opened
    year has no reviews, submissions or statistics yet.
    """
    found = next((c for c in cycles if c.id == chosen), None)
    if found is not None or not cycles:
        return found
    return next((c for c in cycles if has(c)), cycles[0])


def assignments_for(user: User) -> Sequence[ReviewAssignment]:
    """List the user's assignments on reviews not yet final, newest first."""
    return (
        db.session()
        .scalars(
            select(ReviewAssignment)
            .join(Review, ReviewAssignment.review_id == Review.id)
            .where(ReviewAssignment.reviewer_id == user.id, Review.status == ReviewStatus.IN_REVIEW)
            .order_by(ReviewAssignment.id.desc())
        )
        .all()
    )


def completed_assignments_for(user: User) -> Sequence[ReviewAssignment]:
    """List the user's assignments on final reviews, latest finalised first.

    Each links to his own submitted work, read only (finalised_work): once final, the
    reviewer no longer opens the organisation's answers (permissions._reviews).
    """
    return (
        db.session()
        .scalars(
            select(ReviewAssignment)
            .join(Review, ReviewAssignment.review_id == Review.id)
            .where(
                ReviewAssignment.reviewer_id == user.id,
                Review.status == ReviewStatus.FINAL,
                # one never submitted (e.g. in a declared conflict) is no review of his
                # (qa20 D4: finalising withdraws it now; older ones stayed behind)
                ReviewAssignment.status == AssignmentStatus.SUBMITTED,
            )
            .order_by(Review.finalised_at.desc(), ReviewAssignment.id.desc())
        )
        .all()
    )


def final_reviews_of(organisation_ids: Sequence[int]) -> Sequence[Review]:
    return (
        db.session()
        .scalars(
            select(Review)
            .join(Assessment, Review.assessment_id == Assessment.id)
            .where(
                Assessment.organisation_id.in_(organisation_ids),
                Review.status == ReviewStatus.FINAL,
            )
            .order_by(Review.id.desc())
        )
        .all()
    )


def open_appeals() -> Sequence[Appeal]:
    return (
        db.session()
        .scalars(select(Appeal).where(Appeal.status == AppealStatus.OPEN).order_by(Appeal.id))
        .all()
    )


DECIDED_SHOWN = 100  # the latest decided appeals the secretariat's page lists


def decided_appeals(limit: int = DECIDED_SHOWN) -> Sequence[Appeal]:
    """List the latest decided appeals (upheld or dismissed), latest decision first."""
    return (
        db.session()
        .scalars(
            select(Appeal)
            .where(Appeal.status != AppealStatus.OPEN)
            .order_by(Appeal.decided_at.desc(), Appeal.id.desc())
            .limit(limit)
        )
        .all()
    )


def led_groups(user: User) -> Sequence[WorkingGroup]:
    """List the groups the user leads or deputises; all groups for the secretariat."""
    query = select(WorkingGroup).order_by(WorkingGroup.code)
    if not user.is_secretariat:
        led = [
            r.working_group_id
            for r in user.group_roles
            if r.role in (GroupRole.LEAD, GroupRole.DEPUTY)
        ]
        query = query.where(WorkingGroup.id.in_(led))
    return db.session().scalars(query).all()


def reviews_of_cycle(cycle_id: int) -> Sequence[Review]:
    return (
        db.session()
        .scalars(
            select(Review)
            .join(Assessment, Review.assessment_id == Assessment.id)
            .where(Assessment.cycle_id == cycle_id)
        )
        .all()
    )


def group_reviews(group: WorkingGroup, cycle: ReportingCycle) -> list[Review]:
    """Reviews the group runs in the cycle with at least one submitted reviewer.

    Not a member's review run by another of its groups (group_scope.reviews_run_by).
    """
    found = reviews_by_assessment([a.id for a in group_assessments(group, cycle)])
    return [r for r in reviews_run_by(group, found.values(), cycle) if r.submitted_assignments]


def closed_actions_of(groups: Sequence[WorkingGroup]) -> Sequence[Finding]:
    """List the corrective actions the groups' organisations closed for the lead, oldest first.

    Also those on reviews the groups ran for an organisation that has left them since (qa45
    D2): the group that ordered the action confirms it.
    """
    return _group_actions(groups, ActionStatus.CLOSED, (Finding.closed_at, Finding.id))


def open_group_actions_of(groups: Sequence[WorkingGroup]) -> Sequence[Finding]:
    """List the corrective actions the groups' organisations still have to carry out.

    Soonest due first, as the lead chases them (qa72 M2); the same reviews as
    closed_actions_of.
    """
    order = (Finding.due_on.is_(None), Finding.due_on, Finding.id)
    return _group_actions(groups, ActionStatus.OPEN, order)


def _group_actions(
    groups: Sequence[WorkingGroup], status: ActionStatus, order_by: tuple[Any, ...]
) -> Sequence[Finding]:
    ids = [g.id for g in groups]
    members = select(WorkingGroupMember.organisation_id).where(
        WorkingGroupMember.working_group_id.in_(ids)
    )
    return (
        db.session()
        .scalars(
            select(Finding)
            .join(Review, Finding.review_id == Review.id)
            .join(Assessment, Review.assessment_id == Assessment.id)
            .where(
                Finding.action_status == status,
                Assessment.organisation_id.in_(members) | Review.working_group_id.in_(ids),
            )
            .order_by(*order_by)
        )
        .all()
    )


def open_actions_of(organisation_ids: Sequence[int]) -> Sequence[Finding]:
    """List the organisations' corrective actions still open (or sent back), soonest due first."""
    if not organisation_ids:
        return []
    return _of_organisations(
        Finding,
        Finding.action_status == ActionStatus.OPEN,
        organisation_ids,
        order_by=(Finding.due_on.is_(None), Finding.due_on, Finding.id),
    )


def open_appeals_of(organisation_ids: Sequence[int]) -> Sequence[Appeal]:
    """List the organisations' appeals waiting for the secretariat's decision, oldest first."""
    if not organisation_ids:
        return []
    return _of_organisations(
        Appeal, Appeal.status == AppealStatus.OPEN, organisation_ids, order_by=(Appeal.id,)
    )


_OnReview = TypeVar("_OnReview", Finding, Appeal)


def _of_organisations(
    model: type[_OnReview],
    status: ColumnElement[bool],
    organisations: Sequence[int] | Select[Any],
    order_by: tuple[ColumnElement[Any] | QueryableAttribute[Any], ...],
) -> Sequence[_OnReview]:
    """List the findings or appeals in `status` on reviews of these organisations' assessments."""
    return (
        db.session()
        .scalars(
            select(model)
            .join(Review, model.review_id == Review.id)
            .join(Assessment, Review.assessment_id == Assessment.id)
            .where(status, Assessment.organisation_id.in_(organisations))
            .order_by(*order_by)
        )
        .all()
    )
