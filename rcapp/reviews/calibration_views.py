"""The lead's calibration page: each reviewer's shift against self and peers, and agreement."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from rcapp.assessments.queries import rubric_of
from rcapp.errors import NotAllowed
from rcapp.organisations.models import WorkingGroup
from rcapp.reviews import queries
from rcapp.reviews.blueprint import bp
from rcapp.reviews.calibration import Rating, calibrate
from rcapp.reviews.consolidation import discrepancy_map
from rcapp.reviews.finalcard import self_scorecard
from rcapp.reviews.models import Review
from rcapp.web import get_or_404, login_required


def ratings_of(reviews: list[Review]) -> list[Rating]:
    """Every submitted reviewer's level beside the self level (N/A claims left out).

    Each says whether the item is in the risk sample (calibration counts only those and the
    items a reviewer moved, not the ones accepted in one step).
    """
    found = []
    for review in reviews:
        sample = set(review.sample)
        rubric = rubric_of(review.assessment)
        rows = discrepancy_map(review, rubric, self_scorecard(review.assessment, rubric)).rows
        assignments = review.submitted_assignments
        for row in rows:
            for assignment, (verdict, _decision) in zip(assignments, row.reviewers, strict=True):
                if isinstance(verdict, int) and isinstance(row.self_verdict, int):
                    found.append(
                        Rating(
                            review.id,
                            row.item_id,
                            assignment.reviewer_id,
                            verdict,
                            row.self_verdict,
                            row.item_id in sample,
                        )
                    )
    return found


@bp.get("/groups/<int:group_id>/calibration")
@login_required
def calibration(group_id: int) -> str:
    group = get_or_404(WorkingGroup, group_id)
    if group not in queries.led_groups(current_user):
        raise NotAllowed("review.manage")
    cycles = queries.cycles()
    cycle = queries.chosen_or_latest(
        cycles, request.args.get("cycle", type=int), lambda c: queries.group_reviews(group, c)
    )
    reviews = [] if cycle is None else queries.group_reviews(group, cycle)
    figures = calibrate(ratings_of(reviews))
    names = {a.reviewer_id: a.reviewer.name for r in reviews for a in r.assignments}
    return render_template(
        "reviews/calibration.html",
        group=group,
        cycle=cycle,
        cycles=cycles,
        figures=figures,
        names=names,
        reviews={r.id: r for r in reviews},
    )
