"""Move a running review's visit day or its open reviewers' due day, adding nobody (qa85 #1).

The assign page's form sets both days only while reviewers are added; a lead who only had
to move the visit was told to choose a reviewer, and withdrawing and assigning again would
delete the reviewer's saved work. The same day rules apply (assign_days), checked by the
form. The page keeps the days it showed as a stamp: a second lead changing them meanwhile
is refused, named, with what is stored now. Every change is audited; the views mail as
the assign page does (visit_mail, company_mail), and each reviewer whose due day moved is
told it (DaysMoved.due_before).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from rcapp import db
from rcapp.accounts.models import User
from rcapp.audit.queries import last_hand
from rcapp.audit.services import record
from rcapp.reviews.errors import ReviewDaysChanged, ReviewFinalised
from rcapp.reviews.home_panel import due_on
from rcapp.reviews.models import Review, ReviewAssignment, ReviewKind
from rcapp.reviews.review_dates import due_days
from rcapp.reviews.year_lock import require_open_year

# The audit actions that change a review's days: the last one names who changed them.
DAY_ACTIONS = ("review.visit_on", "review.due_on", "review.assign")


@dataclass(frozen=True)
class ReviewDays:
    visit_on: dt.date | None  # None for a desk review
    due_on: dt.date | None  # the open reviewers' due day (the latest); None: all submitted


@dataclass(frozen=True)
class DaysMoved:
    """What move_days changed: those whose due day moved are mailed it (visit_mail)."""

    visit: bool  # the visit day moved
    due_before: dict[int, dt.date]  # per assignment id whose due day moved: the day before

    @property
    def changed(self) -> bool:
        return self.visit or bool(self.due_before)


def open_assignments(review: Review) -> list[ReviewAssignment]:
    """Return the reviewers still at work: a due day means something to them only."""
    return [a for a in review.assignments if not a.is_submitted]


def days_of(review: Review) -> ReviewDays:
    days = due_days()
    due = max((due_on(a, days) for a in open_assignments(review)), default=None)
    visit = review.visit_on if review.kind is ReviewKind.ONSITE else None
    return ReviewDays(visit, due)


def days_stamp(review: Review) -> str:
    """Digest of the days as shown, each open reviewer's own due day included."""
    days = due_days()
    dues = sorted((a.id, due_on(a, days).isoformat()) for a in open_assignments(review))
    text = repr((review.kind.value, review.visit_on, dues))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def move_days(review: Review, wanted: ReviewDays, actor: User, seen: str) -> DaysMoved:
    """Set the visit day and the open reviewers' due day; return what changed.

    Refused when final (ReviewFinalised), in a closed year (YearClosed), or when the days
    changed since the page showed them (`seen`, a days_stamp): ReviewDaysChanged.
    """
    require_open_year(review.assessment, "move review days")
    if review.is_final:
        raise ReviewFinalised("move review days")
    if seen != days_stamp(review):
        raise ReviewDaysChanged(
            last_hand("review", review.id, None, DAY_ACTIONS, actor.id), *_now(review)
        )
    visit = review.kind is ReviewKind.ONSITE and wanted.visit_on != review.visit_on
    if visit:
        before, review.visit_on = review.visit_on, wanted.visit_on
        record(actor, "review", review.id, "review.visit_on", before=before, after=wanted.visit_on)
    days = due_days()
    moved = [a for a in open_assignments(review) if due_on(a, days) != wanted.due_on]
    due_before: dict[int, dt.date] = {}
    if wanted.due_on is not None and moved:
        due_before = {a.id: due_on(a, days) for a in moved}
        audited = {a.reviewer.email: due_before[a.id] for a in moved}
        for assignment in moved:
            assignment.due_on = wanted.due_on
        record(actor, "review", review.id, "review.due_on", before=audited, after=wanted.due_on)
    db.session().flush()
    return DaysMoved(visit, due_before)


def _now(review: Review) -> tuple[dt.date | None, dt.date | None]:
    days = days_of(review)
    return days.visit_on, days.due_on
