"""The "assessments" blueprint and the loading helpers its view modules share."""

from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user
from sqlalchemy.orm import joinedload

from rcapp import db
from rcapp.assessments.models import Assessment
from rcapp.permissions import Action, can, require
from rcapp.rubrics.model import Rubric, Section

bp = Blueprint("assessments", __name__, url_prefix="/assessments")


def load(assessment_id: int, action: Action) -> Assessment:
    """Load the assessment or 404, then require `action` on it (403 otherwise).

    Its organisation and cycle come in the same query: every assessment page shows both.
    """
    assessment = db.session().get(
        Assessment,
        assessment_id,
        options=[joinedload(Assessment.organisation), joinedload(Assessment.cycle)],
    )
    if assessment is None:
        abort(404)
    require(current_user, action, assessment)
    return assessment


def may(action: Action, assessment: Assessment) -> bool:
    return can(current_user, action, assessment)


def section_or_404(rubric: Rubric, section_id: str) -> Section:
    found = next((s for s in rubric.sections if s.id == section_id), None)
    if found is None:
        abort(404)
    return found
