"""The rows of a cycle's roster: one organisation's status, activity, progress and stars.

Plain data shared by the roster (rcapp.assessments.roster), its order (roster_order) and
the Excel list of organisations.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import Rated, listed_stars
from rcapp.assessments.review_filters import ReviewState
from rcapp.cycles.participants import is_paused, is_unsigned
from rcapp.organisations.models import Organisation


class RowStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    RETURNED = "returned"
    SUBMITTED = "submitted"


# Filters on top of the statuses (cycles.tally.status_keys): "open" (not submitted), "late"
# (submitted late, or not submitted after the own deadline), "overdue" (the latter only:
# 逾期未提交), "submitted_late" (the former only: 逾期提交), "extended" (given an extension
# or allowed to submit late) and "extended_open" (those of them not submitted yet).
FILTERS = (
    "all",
    "open",
    *RowStatus,
    "late",
    "overdue",
    "submitted_late",
    "extended",
    "extended_open",
)


@dataclass(frozen=True)
class RosterRow:
    organisation: Organisation
    assessment: Assessment | None
    status: RowStatus
    late: bool  # submitted after its own deadline, or still open once that has passed
    late_allowed: bool
    last_activity: dt.datetime | None
    # percent of items answered; None if the rubric cannot be read or progress was not asked
    progress: int | None
    stars: int | None  # self-assessed: stored at submit
    rated: Rated | None = None  # kept stars of record, if any (queries.rated_stars)
    late_until: dt.date | None = None  # the late allowance's last day; None: none, or no end
    allowance_over: bool = False  # the late allowance's last day has passed
    extended_to: dt.date | None = None  # its own deadline, when later than the cycle's
    review: ReviewState | None = None  # its peer review's state (review_states); None: none
    # Not submitted, allowed to submit late, and the year closed: the close ended the
    # allowance early, whatever its last day (QA31 S1).
    ended_by_close: bool = False
    # The year's deadline has not passed: an extension is 已延期 (nothing is late yet), not
    # 已准许逾期提交, which a secretariat user reads once that deadline is behind.
    before_deadline: bool = False

    @property
    def is_open(self) -> bool:
        return self.status is not RowStatus.SUBMITTED

    @property
    def paused(self) -> bool:
        """Its commitment is suspended or withdrawn: listed (marked), never reminded."""
        return is_paused(self.organisation.commitment_status)

    @property
    def unsigned(self) -> bool:
        """Its organisation has not signed the commitment (started before that was refused)."""
        return is_unsigned(self.organisation.commitment_status)

    @property
    def remindable(self) -> bool:
        """Not submitted, and its commitment not suspended or withdrawn."""
        return self.is_open and not self.paused

    @property
    def submitted_at(self) -> dt.datetime | None:
        """Return when it was submitted; None while it is not (returned, draft, not started)."""
        if self.is_open or self.assessment is None:
            return None
        return self.assessment.submitted_at

    @property
    def has_result(self) -> bool:
        """Submitted, or a final rating kept while the answers are back for revision."""
        return not self.is_open or self.rated is not None

    @property
    def has_final(self) -> bool:
        """Its result of record is final: settled by peer review, or frozen with the year."""
        return self.rated is not None and self.rated.settled

    @property
    def listed_stars(self) -> int | None:
        """Return the stars the year page counts it under (queries.listed_stars); None: 未评定."""
        return listed_stars(self.stars, self.rated)

    @property
    def rating(self) -> int | None:
        """Return the stars the result page shows: kept (final, frozen), else self-assessed.

        None when the result is not rated (a prerequisite unmet): no stars, not 0.
        """
        if self.rated is not None:
            return self.rated.stars if self.rated.rated else None
        return self.stars
