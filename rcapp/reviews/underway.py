"""Tell the assessments package of a peer review still in progress (the return page warns)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, exists

from rcapp import db
from rcapp.assessments.models import Assessment
from rcapp.assessments.review_hook import ReviewUnderway
from rcapp.i18n import current_lang
from rcapp.organisations.models import WorkingGroup
from rcapp.reviews.messages import KIND_TEXT
from rcapp.reviews.models import Review, ReviewKind, ReviewStatus
from rcapp.reviews.onsite_visit import PREPARE, visitors_of
from rcapp.reviews.queries import find_review


def review_underway(assessment: Assessment) -> ReviewUnderway | None:
    """Return the assessment's review not finalised, in words for the current page."""
    return underway_from(find_review(assessment))


def underway_from(review: Review | None) -> ReviewUnderway | None:
    """Return `review` in words for the current page if it is not finalised."""
    if review is None or review.is_final:
        return None
    group = (
        None
        if review.working_group_id is None
        else db.session().get(WorkingGroup, review.working_group_id)
    )
    lang = current_lang()
    visitors = tuple(
        (a.reviewer.name, a.reviewer_organisation.display_name(lang)) for a in visitors_of(review)
    )
    return ReviewUnderway(
        kind=str(KIND_TEXT[review.kind]),
        group=None if group is None else group.display_name(lang),
        submitted=len(review.submitted_assignments),
        assigned=len(review.assignments),
        visit_on=review.visit_on if review.kind is ReviewKind.ONSITE else None,
        visitors=visitors,
        prepare=tuple(str(line) for line in PREPARE) if visitors else (),
    )


def underway_column(assessment_id: ColumnElement[int]) -> ColumnElement[bool]:
    """Whether the assessment has a review not finalised (as `review_underway` tells it)."""
    reviews = Review.__table__.c
    return exists().where(
        reviews.assessment_id == assessment_id, reviews.status != ReviewStatus.FINAL
    )
