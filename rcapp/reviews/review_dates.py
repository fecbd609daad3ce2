"""The days an assignment sets: when the reviewers' conclusions are due, when the site is visited.

The due day defaults to `REVIEW_DUE_DAYS` (21) Beijing days ahead, as it was fixed before it
could be chosen. Both days lie between today and the year's last day for late work: the
bound an extension of the year's deadline has (late_allowances.latest_late_date, one year
after the deadline, or after the reopening of a reopened year); a later day is a slip.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app

from rcapp.assessments.models import Assessment
from rcapp.clock import beijing_today, to_beijing
from rcapp.cycles.late_allowances import latest_late_date
from rcapp.cycles.reopened import reopened_on
from rcapp.reviews.models import ReviewAssignment

DEFAULT_DUE_DAYS = 21


def due_days() -> int:
    return int(current_app.config.get("REVIEW_DUE_DAYS", DEFAULT_DUE_DAYS))


def default_due_day() -> dt.date:
    return beijing_today() + dt.timedelta(days=due_days())


def due_on(assignment: ReviewAssignment, days: int) -> dt.date:
    """Return the day the reviewer is due: the stored one, else `days` after assigning."""
    if assignment.due_on is not None:
        return assignment.due_on
    return to_beijing(assignment.assigned_at).date() + dt.timedelta(days=days)


def last_review_day(assessment: Assessment) -> dt.date:
    """Return the last day a due day or a visit of this assessment's review may fall on."""
    cycle = assessment.cycle
    return latest_late_date(cycle.deadline, reopened_on(cycle.id))
