"""The "reviews" blueprint and the loading helpers its view modules share."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from babel.dates import format_skeleton
from flask import Blueprint, render_template
from flask_babel import get_locale
from flask_login import current_user

from rcapp.benchmarks.permissions import can_see_position
from rcapp.clock import beijing_day
from rcapp.db import Base
from rcapp.reviews.assignment_contacts import visit_text
from rcapp.reviews.errors import OwnOrganisationReview
from rcapp.reviews.finding_item import finding_item_title
from rcapp.reviews.messages import own_organisation_text
from rcapp.reviews.permissions import ReviewAction, can_review, is_lead, require_review
from rcapp.reviews.reason_authors import reason_author_markup, settler_markup
from rcapp.web import get_or_404

bp = Blueprint("reviews", __name__, url_prefix="/reviews")
ModelT = TypeVar("ModelT", bound=Base)


def own_organisation_refusal() -> tuple[str, int]:
    """Refuse a lead their own organisation's review, saying why (QA47 S15: a bare 403).

    The planning page's sentence: who runs that review instead.
    """
    return render_template("errors/403.html", reason=own_organisation_text()), 403


@bp.app_errorhandler(OwnOrganisationReview)
def _own_organisation_refused(_refused: OwnOrganisationReview) -> tuple[str, int]:
    return own_organisation_refusal()


def load(model: type[ModelT], object_id: int, action: ReviewAction) -> ModelT:
    """Load the row or 404, then require the review `action` on it (403 otherwise)."""
    found = get_or_404(model, object_id)
    require_review(current_user, action, found)
    return found


@bp.app_context_processor
def _review_globals() -> dict[str, Any]:
    return {
        "can_review": can_review,
        "finding_item_title": finding_item_title,  # as the export and the mails name the item
        "ReviewAction": ReviewAction,
        "is_review_lead": is_lead,
        "can_see_benchmarks": can_see_position,
        "settler_markup": settler_markup,  # the documents word it the same (reason_authors)
        "reason_author_markup": reason_author_markup,
        "visit_text": visit_text,  # the mail's words (assignment_contacts)
    }


@bp.app_template_filter("beijing_day")
def _beijing_day(moment: dt.datetime | None) -> str:
    """Show the Beijing day of a stored (UTC) timestamp, as users count days."""
    return "—" if moment is None else beijing_day(moment).isoformat()


@bp.app_template_filter("beijing_month_day")
def _beijing_month_day(moment: dt.datetime) -> str:
    """Show the Beijing day of a stored (UTC) timestamp briefly: 12月3日, Dec 3."""
    return format_skeleton("MMMd", beijing_day(moment), locale=get_locale())
