"""The review state of each reviewed assessment of a year (assessments.review_filters).

Read in one statement whatever the size of the year. "Under re-review" is the rule of
rereview.upheld_appeal: not final, and an appeal upheld. In a closed year a review not final
is frozen (it can never finish), whatever else is true of it.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import ColumnElement, select

from rcapp import db
from rcapp.assessments.models import Assessment
from rcapp.assessments.review_filters import ReviewState
from rcapp.cycles.models import CycleStatus, ReportingCycle
from rcapp.reviews.models import AppealStatus, Review, ReviewStatus, appeal_exists


def review_states(cycle_id: int) -> dict[int, ReviewState]:
    """Return the state of the cycle's assessments that have a peer review, by assessment id."""
    return _states(Assessment.cycle_id == cycle_id)


def review_states_of(assessment_ids: Collection[int]) -> dict[int, ReviewState]:
    """Return the state of these assessments' peer reviews, by assessment id (none: left out).

    The side-by-side table reads its review column here, so a review reopened by an upheld
    appeal reads 重新评审中 there as on the result page and the year's list (QA57 M2).
    """
    ids = sorted(assessment_ids)
    found: dict[int, ReviewState] = {}
    for start in range(0, len(ids), _CHUNK):
        found |= _states(Assessment.id.in_(ids[start : start + _CHUNK]))
    return found


_CHUNK = 500  # ids per IN list: well below every database's limit


def _states(among: ColumnElement[bool]) -> dict[int, ReviewState]:
    upheld = appeal_exists(AppealStatus.UPHELD)
    pending = appeal_exists(AppealStatus.OPEN)
    rows = db.session().execute(
        select(Review.assessment_id, Review.status, upheld, pending, ReportingCycle.status)
        .join(Assessment, Assessment.id == Review.assessment_id)
        .join(ReportingCycle, ReportingCycle.id == Assessment.cycle_id)
        .where(among)
    )
    return {
        assessment_id: _state(status, bool(u), bool(p), year is CycleStatus.CLOSED)
        for assessment_id, status, u, p, year in rows
    }


def _state(status: ReviewStatus, upheld: bool, pending: bool, closed: bool) -> ReviewState:
    if status is ReviewStatus.FINAL:
        return ReviewState.APPEALED if pending else ReviewState.FINAL
    if closed:
        return ReviewState.FROZEN
    return ReviewState.REREVIEW if upheld else ReviewState.IN_REVIEW
