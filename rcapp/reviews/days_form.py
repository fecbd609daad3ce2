"""A review's days as forms take them: the assign form's, and those moved later (qa85 #1).

One set of rules (assign_days): neither day before today nor after the year's last day for
review work; an on-site review has a visit day, no later than the due day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from wtforms import HiddenField
from wtforms.validators import Optional, ValidationError

from rcapp.day_example import example_day
from rcapp.fields import CleanForm, DayField
from rcapp.reviews import assign_days
from rcapp.reviews.models import ReviewKind


class DayRules(CleanForm):
    due_on = DayField(assign_days.DUE_LABEL, validators=[Optional()])
    visit_on = DayField(assign_days.VISIT_LABEL, validators=[Optional()])
    # The last day either may fall on (review_dates.last_review_day); the view sets it.
    last_day: dt.date | None = None

    def set_bounds(self, last_day: dt.date) -> None:
        """Bound both days by `last_day`, and give examples the form accepts."""
        self.last_day = last_day
        self.due_on.example = example_day(None, last_day)
        self.visit_on.example = example_day(None, last_day)

    def review_kind(self) -> ReviewKind:
        """Return the kind of review the days are for (a hook each form fills in).

        The assign form takes it from its choice, the days form from the running review.
        """
        raise NotImplementedError  # a hook for the two subclasses, not missing work

    def due_day(self) -> dt.date | None:
        """Return the due day a visit may not follow."""
        return self.due_on.data

    def validate_due_on(self, field: Any) -> None:
        problem = (
            None
            if field.data is None
            else assign_days.day_problem(field.data, field.label.text, self.last_day)
        )
        if problem is not None:
            raise ValidationError(problem)

    def validate(self, extra_validators: Any = None) -> bool:
        valid = bool(super().validate(extra_validators))
        # Required for an on-site review only: `Optional()` ends the field's own checks when
        # it is empty, so this one is made here (an unreadable day is named by its parser).
        visit = self.visit_on
        if visit.data is None and not visit.errors:
            problem = self._visit_problem(None)
            if problem is not None:
                visit.errors = [*visit.errors, problem]
                return False
        return valid

    def validate_visit_on(self, field: Any) -> None:
        problem = self._visit_problem(field.data)
        if problem is not None:
            raise ValidationError(problem)

    def _visit_problem(self, day: dt.date | None) -> str | None:
        return assign_days.visit_problem(
            self.review_kind(), day, self.due_day(), self.visit_on.label.text, self.last_day
        )


class ReviewDaysForm(DayRules):
    """Move a running review's days, adding nobody; `seen`: review_days.days_stamp as shown."""

    seen = HiddenField()
    kind = ReviewKind.DESK  # the review's; the view sets it
    # The open reviewers' due day now: a due day left empty keeps it (the view sets it).
    current_due: dt.date | None = None

    def review_kind(self) -> ReviewKind:
        return self.kind

    def due_day(self) -> dt.date | None:
        return self.due_on.data or self.current_due
