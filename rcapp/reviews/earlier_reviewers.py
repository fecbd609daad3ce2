"""Who reviewed an organisation in earlier years, for the lead choosing this year's reviewers.

QA47: the assign page did not say who had reviewed the organisation before, so the lead could
not rotate reviewers, or keep continuity, knowingly. A reviewer counts for a year once their
review of that year's self-assessment was submitted (one withdrawn, or left unsubmitted on a
finished review, reviewed nothing).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments.models import Assessment
from rcapp.cycles.models import ReportingCycle
from rcapp.reviews.models import AssignmentStatus, Review, ReviewAssignment


@dataclass(frozen=True)
class EarlierReviewers:
    years_by_reviewer: dict[int, tuple[int, ...]]  # reviewer id -> earlier years, in order
    last_year: int | None  # the year before, when there was one (a reporting cycle)
    last_year_names: tuple[str, ...]  # who reviewed the organisation that year, by name


def earlier_reviewers(organisation_id: int, year: int) -> EarlierReviewers:
    """Read the organisation's reviewers of the years before `year` (module doc)."""
    rows = db.session().execute(
        select(ReviewAssignment.reviewer_id, User.name, ReportingCycle.year)
        .join(User, User.id == ReviewAssignment.reviewer_id)
        .join(Review, Review.id == ReviewAssignment.review_id)
        .join(Assessment, Assessment.id == Review.assessment_id)
        .join(ReportingCycle, ReportingCycle.id == Assessment.cycle_id)
        .where(
            Assessment.organisation_id == organisation_id,
            ReportingCycle.year < year,
            ReviewAssignment.status == AssignmentStatus.SUBMITTED,
        )
        .order_by(ReportingCycle.year, User.name)
    )
    years: dict[int, list[int]] = {}
    names: dict[int, list[str]] = {}
    for reviewer_id, name, reviewed_in in rows:
        years.setdefault(reviewer_id, []).append(reviewed_in)
        names.setdefault(reviewed_in, []).append(name)
    last = db.session().scalar(select(ReportingCycle.year).where(ReportingCycle.year == year - 1))
    return EarlierReviewers(
        years_by_reviewer={k: tuple(v) for k, v in years.items()},
        last_year=last,
        last_year_names=tuple(names.get(last, ())) if last is not None else (),
    )
