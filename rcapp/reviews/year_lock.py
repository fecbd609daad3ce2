"""A closed year is frozen: no review of it changes until the secretariat reopens the year.

Closing a year freezes its results (cycles.services.start_closing, then the worker), and
the annual report is made from them. A review finished or reopened afterwards would give a
rating the published result does not show, so every change of a review's state or levels
(assign, withdraw, a reviewer's saves and submit, settle, finalise, an appeal upheld)
first takes a share lock on the year's row while it is still open. Two reviews go on side
by side; the close waits for the changes under way and they then see it closed.

Corrective actions (closed by the organisation, accepted by the lead) and appeals filed or
dismissed change no rating: they go on after the close.
"""

from __future__ import annotations

from rcapp.assessments.models import Assessment
from rcapp.cycles.models import CycleStatus
from rcapp.reviews.errors import YearClosed
from rcapp.reviews.models import Review
from rcapp.row_locks import locked_in_state


def require_open_year(assessment: Assessment, action: str) -> None:
    """Share-lock the assessment's year while it is open; YearClosed when closed or closing."""
    cycle = assessment.cycle
    if not locked_in_state(cycle, "status", (CycleStatus.OPEN,), shared=True):
        raise YearClosed(action, cycle.year)


def year_closed(review: Review | Assessment | None) -> bool:
    """Whether the pages should say the year is closed and offer no review change."""
    if review is None:
        return False
    assessment = review.assessment if isinstance(review, Review) else review
    return not assessment.cycle.is_open
