"""Name KPI inputs in the audit log by the rubric each assessment is pinned to."""

from __future__ import annotations

from rcapp import db
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import rubric_of
from rcapp.errors import RcappError
from rcapp.i18n import current_lang
from rcapp.rubrics.loader import RubricError


def kpi_labels(assessment_ids: set[int]) -> dict[int, dict[str, str]]:
    """Map each assessment id to {KPI input id: its label}, so the log says "员工工时"."""
    lang = current_lang()
    labels: dict[int, dict[str, str]] = {}
    for assessment_id in assessment_ids:
        assessment = db.session().get(Assessment, assessment_id)
        if assessment is None:
            continue
        try:
            rubric = rubric_of(assessment)
        except (RcappError, RubricError):
            continue
        labels[assessment_id] = {k.id: k.label.get(lang) for k in rubric.kpi_inputs}
    return labels
