"""The page for an earlier year's core KPI inputs, self-declared (往年数据（补录）, qa63)."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template, request
from flask_login import current_user

from rcapp.assessments import form_data, forms, queries
from rcapp.assessments.kpi_backfill import (
    is_own,
    open_backfill_years,
    save_backfill,
    year_backfills,
)
from rcapp.assessments.kpi_backfill_rows import backfill_inputs
from rcapp.assessments.models import Assessment
from rcapp.assessments.views.blueprint import bp, load
from rcapp.assessments.views.saving import back_to_page, post_kpi_form
from rcapp.figures import figure_text
from rcapp.i18n import current_lang
from rcapp.permissions import Action
from rcapp.rubrics.input_codes import input_codes
from rcapp.web import login_required


@bp.route("/<int:assessment_id>/kpis/earlier/<int:year>", methods=["GET", "POST"])
@login_required
def kpi_backfill(assessment_id: int, year: int) -> Any:
    assessment = load(assessment_id, Action.ASSESSMENT_EDIT)
    if year not in open_backfill_years(assessment):
        abort(404)
    rubric = queries.rubric_of(assessment)
    rows = year_backfills(assessment, year)
    form_class = forms.build_backfill_form(rubric, current_lang())
    stored = form_data.kpi_form_data(rubric, rows)
    form = form_class(data=stored)
    status: int | None = 200
    if request.method == "POST":
        form, status, _saved = post_kpi_form(
            assessment,
            form,
            lambda: form_class(formdata=None, data=stored),
            lambda entries: save_backfill(assessment, rubric, year, entries, current_user),
        )
    if status is None:
        return back_to_page("backfill-form")
    return _page(assessment, year, form, status)


def _page(assessment: Assessment, year: int, form: Any, status: int) -> Any:
    rubric = queries.rubric_of(assessment)
    rows = year_backfills(assessment, year)
    return (
        render_template(
            "assessments/kpi_backfill.html",
            assessment=assessment,
            year=year,
            form=form,
            rubric=rubric,
            inputs=backfill_inputs(rubric),
            # a row entered with an earlier year's assessment: that result used it as it is
            fixed={i: row for i, row in rows.items() if not is_own(assessment, row)},
            input_codes=input_codes(rubric),
            key=forms.key,
            lang=current_lang(),
            figure_text=figure_text,
        ),
        status,
    )
