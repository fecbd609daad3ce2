"""Where each running review stands: its reviewers' due days and states (QA grouprun 1).

The lead, the deputy and the secretariat follow the reviews under way on the group page,
the assign page and the home page: per reviewer the day due (the one the lead stored, or
for an assignment made before due days were kept the day the reviewer's own to-do list
counts, review_dates.due_on) and the state: 未开始 (nothing saved yet), 进行中 (decisions or
findings saved), 已提交, or 逾期 N 天 (not submitted, past the day due). Reviews with a late
reviewer come first, the latest first; then those due soonest.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass

from rcapp.reviews.models import Review, ReviewAssignment
from rcapp.reviews.review_dates import due_days, due_on

DUE_SOON_DAYS = 7  # "即将到期": due within the week


class ReviewerState(enum.StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class ReviewerStanding:
    assignment: ReviewAssignment
    due_on: dt.date
    state: ReviewerState
    days_left: int  # negative: days late; meaningless once submitted

    @property
    def days_late(self) -> int:
        return -self.days_left if self.state is ReviewerState.OVERDUE else 0

    @property
    def due_soon(self) -> bool:
        return self.state in _AT_WORK and 0 <= self.days_left <= DUE_SOON_DAYS


_AT_WORK = (ReviewerState.NOT_STARTED, ReviewerState.IN_PROGRESS)


def _started(assignment: ReviewAssignment) -> bool:
    return bool(assignment.decisions) or any(
        f.assignment_id == assignment.id for f in assignment.review.findings
    )


def standing_of(assignment: ReviewAssignment, today: dt.date) -> ReviewerStanding:
    day = due_on(assignment, due_days())
    left = (day - today).days
    if assignment.is_submitted:
        state = ReviewerState.SUBMITTED
    elif left < 0:
        state = ReviewerState.OVERDUE
    else:
        state = ReviewerState.IN_PROGRESS if _started(assignment) else ReviewerState.NOT_STARTED
    return ReviewerStanding(assignment, day, state, left)


@dataclass(frozen=True)
class RunningReview:
    review: Review
    reviewers: list[ReviewerStanding]

    @property
    def days_late(self) -> int:
        return max((s.days_late for s in self.reviewers), default=0)

    @property
    def next_due(self) -> dt.date | None:
        return min((s.due_on for s in self.reviewers if s.state in _AT_WORK), default=None)


def running(reviews: Iterable[Review | None], today: dt.date) -> list[RunningReview]:
    """List the reviews under way (reviewers assigned, not final), overdue first."""
    found = [
        RunningReview(r, sorted((standing_of(a, today) for a in r.assignments), key=_by_due))
        for r in reviews
        if r is not None and not r.is_final and r.assignments
    ]
    return sorted(found, key=lambda r: (-r.days_late, r.next_due or dt.date.max))


def _by_due(standing: ReviewerStanding) -> tuple[bool, dt.date]:
    return standing.state is ReviewerState.SUBMITTED, standing.due_on


@dataclass(frozen=True)
class DueCounts:
    waiting: int  # reviewers' reviews not submitted yet, on time or not
    overdue: int  # of those, past their day
    soon: int  # of those, due within DUE_SOON_DAYS

    def __bool__(self) -> bool:
        return bool(self.waiting)


def due_counts(reviews: Iterable[RunningReview]) -> DueCounts:
    standings = [s for r in reviews for s in r.reviewers]
    return DueCounts(
        sum(1 for s in standings if s.state is not ReviewerState.SUBMITTED),
        sum(1 for s in standings if s.state is ReviewerState.OVERDUE),
        sum(1 for s in standings if s.due_soon),
    )
