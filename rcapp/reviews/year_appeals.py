"""A year's appeals lodged and not decided yet: the close page lists them, the pages count them.

One rule (`waiting_in_year`) for the close and reopen pages' list (close_notice), the
year page's peer-review figures and the secretariat's guide to the year, so the numbers
agree. Counted in one query, whatever the size of the year.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, select

from rcapp import db
from rcapp.assessments.models import Assessment
from rcapp.reviews.models import Appeal, AppealStatus, Review


def waiting_in_year(cycle_id: int) -> ColumnElement[bool]:
    """Select, on Appeal joined to its Review and Assessment, the open ones of the year."""
    return (Assessment.cycle_id == cycle_id) & (Appeal.status == AppealStatus.OPEN)


def open_appeal_count(cycle_id: int) -> int:
    """Count the year's appeals lodged and not decided yet."""
    query = (
        select(func.count(Appeal.id))
        .join(Review, Review.id == Appeal.review_id)
        .join(Assessment, Assessment.id == Review.assessment_id)
        .where(waiting_in_year(cycle_id))
    )
    return db.session().scalar(query) or 0
