"""The reviewer's own work on a review finalised since: his conclusions and findings, read only.

Finalising once closed the reviewer's page to him (403): he lost what he had submitted. He
keeps it now, without forms and without the organisation's answers and files (those stay
closed to him once final, as the completed list says). The note says who finalised it, in
the role they did (a deputy lead or the secretariat may, not only the lead).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template

from rcapp.assessments.queries import rubric_of
from rcapp.i18n import current_lang
from rcapp.reviews.finding_hands import droppers_of, editors_of, hand_of
from rcapp.reviews.messages import FINDING_TEXT
from rcapp.reviews.models import ItemDecision, ReviewAssignment
from rcapp.reviews.pages import shortened
from rcapp.reviews.reviewing import ACCEPTED
from rcapp.rubrics.model import Item


@dataclass(frozen=True)
class DecidedItem:
    item: Item
    decision: ItemDecision
    prompt: str  # the start of the item's prompt: ~190 items read on a phone


def decided_items(assignment: ReviewAssignment) -> tuple[list[DecidedItem], list[str]]:
    """Return the items he decided otherwise or with a reason, and those he simply accepted.

    Both in the rubric's order; the accepted ones ("accept the rest", mostly) only by id.
    """
    index = rubric_of(assignment.review.assessment).item_index()
    decided = {d.item_id: d for d in assignment.decisions}
    lang = current_lang()
    worded, accepted = [], []
    for item_id, item in index.items():
        found = decided.get(item_id)
        if found is None:
            continue
        if found.decision in ACCEPTED and not found.reason:
            accepted.append(item_id)
        else:
            worded.append(DecidedItem(item, found, shortened(item.prompt.get(lang))))
    return worded, accepted


def render_finalised_work(assignment: ReviewAssignment) -> str:
    review = assignment.review
    return render_template(
        "reviews/finalised_work.html",
        assignment=assignment,
        review=review,
        decided=(decided := decided_items(assignment))[0],
        accepted=decided[1],
        findings=(findings := [f for f in review.findings if f.assignment_id == assignment.id]),
        droppers=droppers_of(review, findings),
        finaliser=hand_of(review, review.finalised_by_id),
        editors=editors_of(review),
        finding_text=FINDING_TEXT,
        lang=current_lang(),
    )
