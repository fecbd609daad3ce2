"""Self-assessment pages: list, start, overview, sections, prerequisites, KPIs, submit, result."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.assessments import form_data, forms, queries, services
from rcapp.assessments.completeness import Missing, core_kpi_inputs, section_progress
from rcapp.assessments.kpi_inputs import input_groups
from rcapp.assessments.messages import _, kpi_category_text, missing_text, number_text
from rcapp.assessments.models import Assessment
from rcapp.assessments.snapshots import shown_scorecard
from rcapp.assessments.views.blueprint import bp, load, may, section_or_404
from rcapp.assessments.views.data_problems import data_panel
from rcapp.assessments.views.result_page import build_result_page
from rcapp.cycles.models import ReportingCycle
from rcapp.errors import InvalidState
from rcapp.i18n import current_lang
from rcapp.organisations.models import Organisation
from rcapp.permissions import Action, require
from rcapp.rubrics.model import Rubric, Section
from rcapp.web import get_or_404, login_required


@bp.get("/")
@login_required
def index() -> str:
    assessments = queries.assessments_for(current_user)
    started = {(a.organisation_id, a.cycle_id) for a in assessments}
    startable = [
        (membership.organisation, cycle)
        for membership in current_user.memberships
        for cycle in queries.open_cycles()
        if (membership.organisation_id, cycle.id) not in started
    ]
    return render_template(
        "assessments/index.html",
        assessments=assessments,
        startable=startable,
        form=forms.ActionForm(),
    )


@bp.post("/start/<int:organisation_id>/<int:cycle_id>")
@login_required
def start(organisation_id: int, cycle_id: int) -> Response:
    organisation = get_or_404(Organisation, organisation_id)
    cycle = get_or_404(ReportingCycle, cycle_id)
    require(current_user, Action.ASSESSMENT_START, organisation)
    if not cycle.is_open:
        raise InvalidState("reporting cycle", cycle.status, "start an assessment")
    if forms.ActionForm().validate_on_submit():
        assessment = services.get_or_start_assessment(organisation, cycle, current_user)
        db.session().commit()
        return redirect(url_for("assessments.overview", assessment_id=assessment.id))
    return redirect(url_for("assessments.index"))


def _overview(assessment: Assessment, missing: list[Missing] | None = None) -> str:
    rubric = queries.rubric_of(assessment)
    answers = queries.answers_by_item(assessment)
    kpi_values = queries.kpi_values_by_input(assessment)
    lang = current_lang()
    return render_template(
        "assessments/overview.html",
        assessment=assessment,
        rubric=rubric,
        lang=lang,
        progress=section_progress(rubric, answers),
        prerequisites_done=sum(
            1 for p in rubric.prerequisites if p.id in answers and answers[p.id].level is not None
        ),
        core_inputs=core_kpi_inputs(rubric),
        kpi_values=kpi_values,
        missing=[(m, missing_text(m, lang)) for m in missing or []],
        can_edit=may(Action.ASSESSMENT_EDIT, assessment),
        can_submit=may(Action.ASSESSMENT_SUBMIT, assessment),
        can_return=may(Action.ASSESSMENT_RETURN, assessment),
        action_form=forms.ActionForm(),
        return_form=forms.ReturnForm(),
    )


@bp.get("/<int:assessment_id>")
@login_required
def overview(assessment_id: int) -> str:
    return _overview(load(assessment_id, Action.ASSESSMENT_VIEW))


def _save(form: forms.RubricForm, save: Callable[[], services.SaveResult]) -> int | None:
    """Run one save; None when all was saved cleanly, else the status to re-render with."""
    if not form.validate_on_submit():
        flash(_("表单已过期，请重新提交。"), "error")
        return 400
    result = save()
    db.session().commit()
    form.apply_problems(result.problems)
    form.apply_warnings(result.warnings)
    if result.ok and not result.warnings:
        flash(_("已保存。"), "success")
        return None
    if result.ok:
        flash(_("已保存；请核对标出的提示。"), "warning")
        return 200
    count = len(result.problems)
    flash(_("其余内容已保存；标出的 %(count)s 处需要修改后再保存。", count=count), "error")
    return 422


def _section_page(
    assessment: Assessment, rubric: Rubric, section: Section, form: Any, status: int
) -> Any:
    return render_template(
        "assessments/section.html",
        assessment=assessment,
        rubric=rubric,
        section=section,
        form=form,
        lang=current_lang(),
        attachments=queries.attachments_by_item(assessment),
        can_edit=may(Action.ASSESSMENT_EDIT, assessment),
        can_upload=may(Action.EVIDENCE_UPLOAD, assessment),
        item_fields=form_data.item_fields,
        section_key=forms.SECTION_KEY,
    ), status


@bp.route("/<int:assessment_id>/sections/<section_id>", methods=["GET", "POST"])
@login_required
def section(assessment_id: int, section_id: str) -> Any:
    assessment = load(assessment_id, Action.ASSESSMENT_VIEW)
    rubric = queries.rubric_of(assessment)
    found = section_or_404(rubric, section_id)
    stored = form_data.section_form_data(found, queries.answers_by_item(assessment))
    form = forms.build_section_form(rubric, found, current_lang())(data=stored)
    status: int | None = 200
    if request.method == "POST":
        require(current_user, Action.ASSESSMENT_EDIT, assessment)
        answers, section_na = form.to_answers(), form.section_na()
        status = _save(
            form,
            lambda: services.save_section(
                assessment, rubric, section_id, answers, current_user, section_na
            ),
        )
    if status is None:
        return redirect(request.path)
    return _section_page(assessment, rubric, found, form, status)


@bp.route("/<int:assessment_id>/prerequisites", methods=["GET", "POST"])
@login_required
def prerequisites(assessment_id: int) -> Any:
    assessment = load(assessment_id, Action.ASSESSMENT_VIEW)
    rubric = queries.rubric_of(assessment)
    stored = form_data.prerequisites_form_data(queries.answers_by_item(assessment))
    form = forms.build_prerequisites_form(rubric)(data=stored)
    status: int | None = 200
    if request.method == "POST":
        require(current_user, Action.ASSESSMENT_EDIT, assessment)
        answers = form.to_answers()
        status = _save(
            form, lambda: services.save_prerequisites(assessment, rubric, answers, current_user)
        )
    if status is None:
        return redirect(request.path)
    return render_template(
        "assessments/prerequisites.html",
        assessment=assessment,
        rubric=rubric,
        form=form,
        lang=current_lang(),
        can_edit=may(Action.ASSESSMENT_EDIT, assessment),
        item_fields=form_data.item_fields,
    ), status


def _kpi_page(assessment: Assessment, rubric: Rubric, form: Any, status: int) -> Any:
    last_year = queries.last_year_kpi_inputs(assessment)
    return render_template(
        "assessments/kpis.html",
        assessment=assessment,
        rubric=rubric,
        form=form,
        lang=current_lang(),
        can_edit=may(Action.ASSESSMENT_EDIT, assessment),
        last_year={k: number_text(v) for k, v in last_year.items()},
        key=forms.key,
        groups=input_groups(rubric),
        category_text=kpi_category_text,
        panel=data_panel(assessment, rubric, current_lang()),
    ), status


@bp.route("/<int:assessment_id>/kpis", methods=["GET", "POST"])
@login_required
def kpis(assessment_id: int) -> Any:
    assessment = load(assessment_id, Action.ASSESSMENT_VIEW)
    rubric = queries.rubric_of(assessment)
    stored = form_data.kpi_form_data(queries.kpi_values_by_input(assessment))
    form = forms.build_kpi_form(rubric, current_lang())(data=stored)
    status: int | None = 200
    if request.method == "POST":
        require(current_user, Action.ASSESSMENT_EDIT, assessment)
        entries = form.to_entries()
        status = _save(
            form, lambda: services.save_kpi_inputs(assessment, rubric, entries, current_user)
        )
    if status is None:
        return redirect(request.path)
    return _kpi_page(assessment, rubric, form, status)


@bp.post("/<int:assessment_id>/submit")
@login_required
def submit(assessment_id: int) -> Any:
    assessment = load(assessment_id, Action.ASSESSMENT_SUBMIT)
    if not forms.ActionForm().validate_on_submit():
        return redirect(url_for("assessments.overview", assessment_id=assessment.id))
    try:
        card = services.submit_assessment(assessment, current_user)
    except services.SubmissionClosed:
        flash(_("提交截止日期已过；如需逾期提交，请联系秘书处开通。"), "error")
        return redirect(url_for("assessments.overview", assessment_id=assessment.id))
    except services.Incomplete as incomplete:
        flash(_("尚有 %(count)s 处未完成，不能提交。", count=len(incomplete.missing)), "error")
        return _overview(assessment, incomplete.missing), 422
    db.session().commit()
    flash(_("已提交。暂定星级：%(stars)s 星。", stars=card.rating.stars), "success")
    return redirect(url_for("assessments.result", assessment_id=assessment.id))


@bp.post("/<int:assessment_id>/return")
@login_required
def return_for_revision(assessment_id: int) -> Any:
    assessment = load(assessment_id, Action.ASSESSMENT_RETURN)
    form = forms.ReturnForm()
    if not form.validate_on_submit():
        flash(" ".join(str(e) for e in form.comment.errors) or _("请重新提交。"), "error")
        return redirect(url_for("assessments.overview", assessment_id=assessment.id))
    services.return_assessment(assessment, form.comment.data or "", current_user)
    db.session().commit()
    flash(_("已退回，组织可以修改后重新提交。"), "success")
    return redirect(url_for("assessments.overview", assessment_id=assessment.id))


@bp.get("/<int:assessment_id>/result")
@login_required
def result(assessment_id: int) -> str:
    assessment = load(assessment_id, Action.RESULT_VIEW)
    rubric = queries.rubric_of(assessment)
    page = build_result_page(rubric, shown_scorecard(assessment, rubric), current_lang())
    return render_template(
        "assessments/result.html",
        assessment=assessment,
        rubric=rubric,
        page=page,
        lang=current_lang(),
    )
