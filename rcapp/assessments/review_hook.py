"""Where the review context of an assessment comes from: a reader the reviews package sets.

Assessments sit below reviews, so they cannot ask the review tables themselves. The
reviews package registers its reader with `set_review_context_reader(app, reader)` when
it registers its views; until then no assessment has been reviewed (no peer reviewers,
no on-site review), which is the truth while there are no reviews. What the secretariat
recorded (verification, good-practice case: recognitions.py) is added either way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from flask import Flask, current_app

from rcapp.assessments.inputs import NOT_REVIEWED, ReviewContext
from rcapp.assessments.recognitions import recognised_context

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement

    from rcapp.assessments.review_filters import ReviewState
from rcapp.assessments.models import Assessment

ReviewContextReader = Callable[["Assessment"], ReviewContext]
_KEY = "rcapp.review_context_reader"


def set_review_context_reader(app: Flask, reader: ReviewContextReader) -> None:
    app.extensions[_KEY] = reader


def review_context_of(assessment: Assessment) -> ReviewContext:
    """Return how `assessment` was reviewed, as the registered reader says, and recognised."""
    reader: ReviewContextReader | None = current_app.extensions.get(_KEY)
    review = NOT_REVIEWED if reader is None else reader(assessment)
    return recognised_context(assessment, review)


# The final peer review whose outcome page (changed items, findings, appeal) a user may
# open, by its id; the reviews package, which knows reviews and who may see them, answers.
FinalReviewReader = Callable[["Assessment", object], "int | None"]
_FINAL_KEY = "rcapp.final_review_reader"


def set_final_review_reader(app: Flask, reader: FinalReviewReader) -> None:
    app.extensions[_FINAL_KEY] = reader


def final_review_of(assessment: Assessment, user: object) -> int | None:
    """Return the id of the assessment's final review if `user` may see its outcome page."""
    reader: FinalReviewReader | None = current_app.extensions.get(_FINAL_KEY)
    return None if reader is None else reader(assessment, user)


@dataclass(frozen=True)
class FinalOutcome:
    """A final peer review as the home card tells it (its outcome page, the mail).

    Where its outcome page is, the self-assessed rating it may have changed, and the appeal
    deadline while an appeal may still be filed.
    """

    review_id: int
    self_stars: (
        int | None
    )  # the self-assessed stars (as the outcome page scores them); None: not rated
    appeal_until: dt.date | None  # set only while an appeal may still be filed


# The reviews package answers (it knows the review, its appeals and who may open it).
FinalOutcomeReader = Callable[["Assessment", object, dt.date], "FinalOutcome | None"]
_OUTCOME_KEY = "rcapp.final_outcome_reader"


def set_final_outcome_reader(app: Flask, reader: FinalOutcomeReader) -> None:
    app.extensions[_OUTCOME_KEY] = reader


def final_outcome_of(assessment: Assessment, user: object, today: dt.date) -> FinalOutcome | None:
    """Return the assessment's final review as the home card tells it, if `user` may open it."""
    reader: FinalOutcomeReader | None = current_app.extensions.get(_OUTCOME_KEY)
    return None if reader is None else reader(assessment, user, today)


@dataclass(frozen=True)
class ReviewUnderway:
    """A peer review of the assessment not finalised yet, as the return page names it."""

    kind: str  # the review kind's words (desk review, on-site review)
    group: str | None  # the working group it runs in, if any
    submitted: int  # reviewers who submitted their review
    assigned: int  # reviewers assigned
    visit_on: dt.date | None = None  # the day of an on-site review's visit, if set
    # An on-site review's reviewers (name as stored, organisation in the page's language)
    # and what the company prepares for their visit; empty for a desk review.
    visitors: tuple[tuple[str, str], ...] = ()
    prepare: tuple[str, ...] = ()


ReviewUnderwayReader = Callable[["Assessment"], "ReviewUnderway | None"]
_UNDERWAY_KEY = "rcapp.review_underway_reader"


def set_review_underway_reader(app: Flask, reader: ReviewUnderwayReader) -> None:
    app.extensions[_UNDERWAY_KEY] = reader


def review_underway(assessment: Assessment) -> ReviewUnderway | None:
    """Return the assessment's peer review still in progress, if the reviews package has one."""
    reader: ReviewUnderwayReader | None = current_app.extensions.get(_UNDERWAY_KEY)
    return None if reader is None else reader(assessment)


# Whether a peer review of the assessment is in progress, as a column of the statement a
# kept page reads its facts with (facts.py), so the lock notice costs no statement of its
# own: the reviews package gives the SQL of its tables, correlated to the assessment's id.
UnderwayColumn = Callable[["ColumnElement[int]"], "ColumnElement[bool]"]
_UNDERWAY_COLUMN_KEY = "rcapp.review_underway_column"


def set_review_underway_column(app: Flask, column: UnderwayColumn) -> None:
    app.extensions[_UNDERWAY_COLUMN_KEY] = column


def review_underway_column() -> UnderwayColumn | None:
    """Return the reviews package's column, None before it registers one."""
    found: UnderwayColumn | None = current_app.extensions.get(_UNDERWAY_COLUMN_KEY)
    return found


@dataclass(frozen=True)
class Rereview:
    """The assessment's final rating was appealed and the appeal upheld: reviewed again."""

    decided_at: dt.datetime  # when the secretariat upheld the appeal
    # A review reopened before the earlier final rating was kept (snapshot kind `appealed`):
    # its stars and overall score as the audit log recorded them at the reopening (the
    # breakdown was not kept). None when kept, or not recorded either.
    earlier_stars: int | None = None
    earlier_overall: Decimal | None = None
    # ... and which kind of none its 0 stars were, if the record says (reopenings logged
    # since wordfix do): not rated, or a veto's (True), or rated below 1 star (False);
    # None: an older record of 0 stars, which did not say whether a veto took them.
    earlier_rated: bool = True
    earlier_veto: bool | None = None
    # Who runs the re-review, as the to-do and the mails reach them (reviews.settlers
    # .runner_role): "lead", "deputy" or "secretariat"; the pages name that role.
    runner: str = "lead"


@dataclass(frozen=True)
class ReviewReading:
    """What the pages of a result tell of its peer review, from one read of the review."""

    rereview: Rereview | None = None  # reviewed again after an upheld appeal
    underway: ReviewUnderway | None = None  # not final, and not under re-review
    final_review_id: int | None = None  # its outcome page's, if the user asked for may open it


NO_READING = ReviewReading()
ReviewReader = Callable[["Assessment", object], ReviewReading]
_READING_KEY = "rcapp.review_reader"


def set_review_reader(app: Flask, reader: ReviewReader) -> None:
    app.extensions[_READING_KEY] = reader


def read_review(assessment: Assessment, user: object = None) -> ReviewReading:
    """Return the assessment's review as its result pages tell it (one statement, not three).

    `user`: whose outcome-page link to name (`final_review_of`); None names none.
    """
    reader: ReviewReader | None = current_app.extensions.get(_READING_KEY)
    return NO_READING if reader is None else reader(assessment, user)


ReviewStatesReader = Callable[[int], "Mapping[int, ReviewState]"]
_STATES_KEY = "rcapp.review_states_reader"


def set_review_states_reader(app: Flask, reader: ReviewStatesReader) -> None:
    app.extensions[_STATES_KEY] = reader


def review_states(cycle_id: int) -> Mapping[int, ReviewState]:
    """Return the review state of the cycle's reviewed assessments, by assessment id."""
    reader: ReviewStatesReader | None = current_app.extensions.get(_STATES_KEY)
    return {} if reader is None else reader(cycle_id)
