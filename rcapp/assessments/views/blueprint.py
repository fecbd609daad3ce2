"""The "assessments" blueprint and the loading helpers its view modules share."""

from __future__ import annotations

from flask import Blueprint, abort
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from rcapp import db
from rcapp.assessments.models import Assessment
from rcapp.permissions import Action, can, require
from rcapp.rubrics.model import Rubric, Section
from rcapp.web import user_object

bp = Blueprint("assessments", __name__, url_prefix="/assessments")


# Built once: every assessment page runs it.
_WITH_ORGANISATION_AND_CYCLE = (
    select(Assessment)
    .options(joinedload(Assessment.organisation), joinedload(Assessment.cycle))
    .where(Assessment.id == bindparam("assessment_id"))
)


def load(assessment_id: int, action: Action) -> Assessment:
    """Load the assessment or 404, then require `action` on it (403 otherwise).

    Its organisation and cycle come in the same query: every assessment page shows both.
    """
    found = db.session().execute(_WITH_ORGANISATION_AND_CYCLE, {"assessment_id": assessment_id})
    assessment = found.scalar_one_or_none()
    if assessment is None:
        abort(404)
    require(user_object(), action, assessment)
    return assessment


def may(action: Action, assessment: Assessment) -> bool:
    return can(user_object(), action, assessment)


def section_or_404(rubric: Rubric, section_id: str) -> Section:
    found = next((s for s in rubric.sections if s.id == section_id), None)
    if found is None:
        abort(404)
    return found
