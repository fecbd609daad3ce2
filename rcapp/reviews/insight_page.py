"""The template values of the review pages' "changes since the previous submission" panel.

One call for the reviewer's page, the lead's 差异与裁定 page and the assign page, so the
three show the same panel (templates/reviews/_insight.html) with the same links.
"""

from __future__ import annotations

from typing import Any, Literal

from flask import url_for
from flask_login import current_user

from rcapp.assessments.models import Assessment
from rcapp.assessments.submission_changes import ChangeSet, changes_since_last_submission
from rcapp.i18n import current_lang
from rcapp.permissions import Action, can
from rcapp.reviews.resubmitted import review_insight


def insight_context(
    assessment: Assessment,
    changes: ChangeSet | None | Literal["read"] = "read",
    assignment_id: int | None = None,
) -> dict[str, Any]:
    """Return the panel's values: the change set named, the register, the links allowed.

    `changes`: the change set the page read already ("read": read it here).

    The KPI data page is linked for whoever may open it (the secretariat, a lead); an
    assigned reviewer (`assignment_id`) gets the review's read-only copy of it. The full
    history is linked for the secretariat only (whose page it is beside the organisation's
    own people).
    """
    if changes == "read":
        changes = changes_since_last_submission(assessment)
    return {
        "insight": review_insight(assessment, current_lang(), changes),
        "insight_kpi_url": (
            url_for("assessments.kpis", assessment_id=assessment.id)
            if can(current_user, Action.ASSESSMENT_VIEW, assessment)
            else url_for("reviews.kpi_data_page", assignment_id=assignment_id)
            if assignment_id is not None
            else None
        ),
        "insight_history_url": (
            url_for("assessment_history.history", assessment_id=assessment.id)
            if getattr(current_user, "is_secretariat", False)
            else None
        ),
    }
