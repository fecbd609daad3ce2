"""An item's decision saved without reloading the reviewer's page (save-in-place.js).

On a phone at 200 kbit/s the page (130-180 KB) took ten seconds a save. A save asked for
JSON (Accept: application/json) is answered with the parts of the page it changes,
rendered from the page's own context and templates: the same words (the saved echo, a
field's error, a colleague's save meanwhile) in the same markup. A refusal that takes the
form away is answered with its words and where to go on (page_refusal.py); anything else
(a login that ended, an error page) as before, and the script sends the form the ordinary
way.
"""

from __future__ import annotations

from typing import Literal

from flask import jsonify, render_template
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from rcapp.reviews.models import ReviewAssignment
from rcapp.reviews.page_refusal import wants_parts
from rcapp.reviews.reviewer_page import render_review_page, review_page_context

Outcome = Literal["saved", "refused", "conflict"]


def item_answer(
    assignment: ReviewAssignment,
    item_id: str,
    posted: MultiDict[str, str] | None,
    outcome: Outcome,
    errors: dict[str, str] | None = None,
) -> str | Response:
    """Answer a save of `item_id`: its parts as JSON when asked, else the whole page.

    `posted`: the form as typed, shown with its errors (None: the item as stored).
    """
    shown = None if posted is None else (item_id, posted)
    if not wants_parts():
        return render_review_page(assignment, shown, errors=errors)
    context = review_page_context(assignment, shown, errors=errors)
    view = next(v for s in context["sections"] for v in s.items if v.item.id == item_id)
    parts = {
        f"item-{item_id}": render_template("reviews/_review_item.html", v=view, **context),
        "review-status": render_template("reviews/_review_status.html", **context),
        "review-progress": render_template("reviews/_review_progress.html", **context),
    }
    return jsonify(status=outcome, parts=parts)
