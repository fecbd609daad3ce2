"""The reviewer's own work on a review finalised since: his conclusions and findings, read only.

Finalising once closed the reviewer's page to him (403): he lost what he had submitted. He
keeps it now, without forms and without the organisation's answers and files (those stay
closed to him once final, as the completed list says); the final result is the lead's.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template

from rcapp.assessments.queries import rubric_of
from rcapp.i18n import current_lang
from rcapp.reviews.messages import FINDING_TEXT
from rcapp.reviews.models import ItemDecision, ReviewAssignment
from rcapp.rubrics.model import Item


@dataclass(frozen=True)
class DecidedItem:
    item: Item
    decision: ItemDecision


def decided_items(assignment: ReviewAssignment) -> list[DecidedItem]:
    """Return the items he decided one by one, in the rubric's order."""
    index = rubric_of(assignment.review.assessment).item_index()
    decided = {d.item_id: d for d in assignment.decisions}
    return [DecidedItem(item, decided[i]) for i, item in index.items() if i in decided]


def render_finalised_work(assignment: ReviewAssignment) -> str:
    review = assignment.review
    return render_template(
        "reviews/finalised_work.html",
        assignment=assignment,
        review=review,
        decided=decided_items(assignment),
        findings=[f for f in review.findings if f.assignment_id == assignment.id],
        finding_text=FINDING_TEXT,
        lang=current_lang(),
    )
