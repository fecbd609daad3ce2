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

from sqlalchemy import select

from rcapp import db
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.assessments.queries import listed_stars, rated_stars
from rcapp.assessments.rating_words import star_order
from rcapp.assessments.review_filters import NOT_REVIEWED, progress_column, review_matches
from rcapp.reviews.states import review_states


@dataclass(frozen=True)
class YearFigures:
    reviews_in_progress: int
    reviews_finished: int
    reviews_frozen: int  # a closed year's: not finished at the close (review_filters.FROZEN)
    final_results: int  # settled by peer review, or kept as the closed year's result
    # (stars, how many results): 5★ .. 0★, every row, as the annual report lists them
    stars: tuple[tuple[int, int], ...]
    not_rated: int
    vetoed: int = 0  # of not_rated, left without any star by a veto (as the annual report says)
    # Submitted with no peer review set up: a blocker the close page lists, seen here first.
    not_reviewed: int = 0

    @property
    def rated(self) -> int:
        return sum(count for _, count in self.stars)


def year_figures(cycle_id: int) -> YearFigures:
    """Count the cycle's peer reviews, final results and star distribution (module doc)."""
    submitted = Assessment.status == AssessmentStatus.SUBMITTED
    stored = db.session().execute(
        select(Assessment.id, Assessment.stars).where(Assessment.cycle_id == cycle_id, submitted)
    )
    kept = rated_stars(cycle_id=cycle_id)
    shown: Counter[int | None] = Counter()
    states = review_states(cycle_id)
    reviews: Counter[str] = Counter()
    final = vetoed = not_reviewed = 0
    for assessment_id, stars in stored:
        found = kept.get(assessment_id)
        shown[listed_stars(stars, found)] += 1
        vetoed += found is not None and found.vetoed
        final += found is not None and found.settled
        state = states.get(assessment_id)
        not_reviewed += review_matches(state, NOT_REVIEWED)
        column = progress_column(state)
        if column is not None:
            reviews[column] += 1
    not_rated = shown.pop(None, 0)
    top = max((n for n in shown if n is not None), default=0)
    return YearFigures(
        reviews_in_progress=reviews["in_review"],
        reviews_finished=reviews["final"],
        reviews_frozen=reviews["frozen"],
        final_results=final,
        stars=tuple((n, shown.get(n, 0)) for n in star_order(top)),
        not_rated=not_rated,
        vetoed=vetoed,
        not_reviewed=not_reviewed,
    )
