"""The reviewer's read-only KPI data of the assessment under review (qa51 M1).

Opened from the review page as its evidence files are: through the assignment, only by its
reviewer while they may review.
"""

from __future__ import annotations

from functools import partial

from flask import render_template

from rcapp.assessments.basis_words import basis_note
from rcapp.assessments.computed_kpis import computed_ids
from rcapp.assessments.data_doubts import data_doubts, declared_na
from rcapp.assessments.kpi_table import change_text
from rcapp.assessments.messages import kpi_category_text
from rcapp.assessments.queries import rubric_of
from rcapp.i18n import current_lang
from rcapp.reviews.blueprint import bp, load
from rcapp.reviews.finalcard import self_scorecard
from rcapp.reviews.kpi_data import kpi_data
from rcapp.reviews.models import ReviewAssignment
from rcapp.reviews.permissions import ReviewAction
from rcapp.rubrics.input_codes import input_codes
from rcapp.rubrics.model import RubricKind
from rcapp.web import login_required


@bp.get("/assignments/<int:assignment_id>/kpi-data")
@login_required
def kpi_data_page(assignment_id: int) -> str:
    assignment = load(ReviewAssignment, assignment_id, ReviewAction.REVIEW)
    assessment = assignment.review.assessment
    rubric = rubric_of(assessment)
    lang = current_lang()
    return render_template(
        "reviews/kpi_data.html",
        assignment=assignment,
        assessment=assessment,
        data=kpi_data(assessment, rubric, lang),
        # the organisation's own warnings; its N/A sections are on its own scorecard
        doubts=data_doubts(assessment, rubric, lang, declared_na(self_scorecard(assessment))),
        computed=computed_ids(rubric),
        input_codes=input_codes(rubric),
        basis_note_text=basis_note,
        change_text=change_text,
        validity_years=rubric.rating.validity_years,
        category_text=partial(kpi_category_text, park=rubric.kind is RubricKind.PARK),
        lang=lang,
    )
