"""A year's figures on its page: peer reviews under way and finished, final results, stars.

QA17 S9: checking the annual report's participation and star tables meant counting the rows
of the organisations list by hand. Counted as the annual report counts them (reports.
data_annual): submitted self-assessments only; a review in progress or finished; the stars
the lists show (the kept result where there is one, else the self-assessed stars stored at
submit), a result without a rating (a prerequisite unmet, a veto) counted as not rated.
Read in three queries whatever the size of the year, none per organisation.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select

from rcapp import db
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.assessments.queries import Rated, rated_stars
from rcapp.reviews.models import Review, ReviewStatus

STAR_RANGE = range(1, 6)  # 1★ to 5★ are always listed; 0★ only when some result has it


@dataclass(frozen=True)
class YearFigures:
    reviews_in_progress: int
    reviews_finished: int
    final_results: int  # settled by peer review, or kept as the closed year's result
    stars: tuple[tuple[int, int], ...]  # (stars, how many results), fewest stars first
    not_rated: int

    @property
    def rated(self) -> int:
        return sum(count for _, count in self.stars)


def year_figures(cycle_id: int) -> YearFigures:
    """Count the cycle's peer reviews, final results and star distribution (module doc)."""
    submitted = Assessment.status == AssessmentStatus.SUBMITTED
    reviews = db.session().execute(
        select(Review.status, func.count())
        .join(Assessment, Assessment.id == Review.assessment_id)
        .where(Assessment.cycle_id == cycle_id, submitted)
        .group_by(Review.status)
    )
    by_status: dict[ReviewStatus, int] = {row.status: row[1] for row in reviews}
    stored = db.session().execute(
        select(Assessment.id, Assessment.stars).where(Assessment.cycle_id == cycle_id, submitted)
    )
    kept = rated_stars(cycle_id=cycle_id)
    shown: Counter[int | None] = Counter()
    final = 0
    for assessment_id, stars in stored:
        found = kept.get(assessment_id)
        shown[_shown_stars(stars, found)] += 1
        # an earlier final rating under re-review is of record (its stars) but not final again
        final += found is not None and ((found.final and not found.contested) or found.frozen)
    not_rated = shown.pop(None, 0)
    counted = {n: shown.get(n, 0) for n in STAR_RANGE}
    if shown.get(0):
        counted = {0: shown[0], **counted}
    extra = {n: c for n, c in shown.items() if n is not None and n not in counted}
    return YearFigures(
        reviews_in_progress=by_status.get(ReviewStatus.IN_REVIEW, 0),
        reviews_finished=by_status.get(ReviewStatus.FINAL, 0),
        final_results=final,
        stars=tuple(sorted({**counted, **extra}.items())),
        not_rated=not_rated,
    )


def _shown_stars(stored: int | None, kept: Rated | None) -> int | None:
    """Return the stars the lists show for one result; None when it is not rated."""
    if kept is None:
        return stored
    if not kept.rated or kept.vetoed:
        return None
    return kept.stars
