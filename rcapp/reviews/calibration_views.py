"""The lead's calibration page: each reviewer's shift against self and peers, and agreement."""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template
from flask_login import current_user

from rcapp.assessments.queries import rubric_of
from rcapp.cycles.asked import asked_cycle_id
from rcapp.errors import NotAllowed
from rcapp.i18n import current_lang
from rcapp.organisations.models import WorkingGroup
from rcapp.reviews import queries
from rcapp.reviews.blueprint import bp
from rcapp.reviews.calibration import Move, Rating, ReviewerCalibration, calibrate
from rcapp.reviews.consolidation import discrepancy_map
from rcapp.reviews.finalcard import self_scorecard
from rcapp.reviews.models import Review
from rcapp.reviews.pages import shortened
from rcapp.reviews.permissions import leads_own_organisation
from rcapp.reviews.resubmitted import items_to_check
from rcapp.web import get_or_404, login_required


def ratings_of(reviews: list[Review]) -> list[Rating]:
    """Every submitted reviewer's level beside the self level (None: an N/A claim rejected).

    A reviewer's N/A (an N/A claim accepted) is no level and is left out.

    Each says whether the item is in the risk sample (calibration counts only those and the
    items a reviewer moved, not the ones accepted in one step).
    """
    found = []
    for review in reviews:
        sample = set(items_to_check(review))  # the items ruled on one by one
        rubric = rubric_of(review.assessment)
        rows = discrepancy_map(review, rubric, self_scorecard(review.assessment, rubric)).rows
        assignments = review.submitted_assignments
        for row in rows:
            for assignment, (verdict, _decision) in zip(assignments, row.reviewers, strict=True):
                if isinstance(verdict, int):
                    found.append(
                        Rating(
                            review.id,
                            row.item_id,
                            assignment.reviewer_id,
                            verdict,
                            row.self_verdict if isinstance(row.self_verdict, int) else None,
                            row.item_id in sample,
                        )
                    )
    return found


@dataclass(frozen=True)
class Adjusted:
    """The items one reviewer moved in one review: its organisation is named once."""

    review: Review
    moves: list[tuple[Move, str]]  # each with the item's shortened prompt


def adjusted_by_review(figure: ReviewerCalibration, reviews: dict[int, Review]) -> list[Adjusted]:
    """Group a reviewer's moved items by review, in the order they came, each with its title."""
    lang = current_lang()
    found: dict[int, Adjusted] = {}
    for move in figure.shifted_items:
        review = reviews[move.review_id]
        if review.id not in found:
            found[review.id] = Adjusted(review, [])
        item = rubric_of(review.assessment).item_index().get(move.item_id)
        title = "" if item is None else shortened(item.prompt.get(lang))
        found[review.id].moves.append((move, title))
    return list(found.values())


@bp.get("/groups/<int:group_id>/calibration")
@login_required
def calibration(group_id: int) -> str:
    group = get_or_404(WorkingGroup, group_id)
    if group not in queries.led_groups(current_user):
        raise NotAllowed("review.manage")
    cycles = queries.cycles()
    cycle = queries.chosen_or_latest(
        cycles, asked_cycle_id(), lambda c: queries.group_reviews(group, c)
    )
    run = [] if cycle is None else queries.group_reviews(group, cycle)
    # Her own organisation's review is closed to the lead (conflict of interest): its
    # reviewers' levels stay out of her figures as well as its items (qa72 last stop).
    reviews = [r for r in run if not leads_own_organisation(current_user, r.assessment)]
    figures = calibrate(ratings_of(reviews))
    names = {a.reviewer_id: a.reviewer.name for r in reviews for a in r.assignments}
    by_id = {r.id: r for r in reviews}
    return render_template(
        "reviews/calibration.html",
        group=group,
        cycle=cycle,
        cycles=cycles,
        figures=figures,
        names=names,
        reviews=reviews,
        own_left_out=len(reviews) < len(run),
        adjusted={f.reviewer_id: adjusted_by_review(f, by_id) for f in figures},
    )
