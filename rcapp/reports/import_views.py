"""The offline template on the web: download it, upload it, check the preview, decide, apply."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import rubric_of
from rcapp.i18n import current_lang
from rcapp.organisations.models import Organisation
from rcapp.permissions import Action, require
from rcapp.reports import documents, import_jobs, import_service, jobs, tasks
from rcapp.reports.blueprint import XLSX, bp, download, report_lang
from rcapp.reports.data_blank_template import next_rubric
from rcapp.reports.forms import DecisionForm, ImportForm
from rcapp.reports.held_imports import offered_held, remember_held
from rcapp.reports.import_apply import ImportRefused, apply_plan, untaken_conflicts
from rcapp.reports.import_cleared import (
    NO_CLEARS,
    ClearedValue,
    Clears,
    cleared_texts,
    cleared_values,
    previewed_clears,
)
from rcapp.reports.import_messages import (
    earlier_year_of,
    field_label,
    fix_said,
    located_text,
    shown_figure,
    worded_warnings,
    wrong_file,
)
from rcapp.reports.importer import ImportPlan, LocatedProblem
from rcapp.reports.models import JobKind, ReportJob
from rcapp.reports.template_read import FileProblem
from rcapp.web import get_or_404, login_required

MAX_TEMPLATE_BYTES = 10 * 1024 * 1024


@bp.get("/organisations/<int:organisation_id>/blank-template.xlsx")
@login_required
def blank_template(organisation_id: int) -> Response:
    """Send the blank template of an organisation with no assessment yet (tied to none)."""
    organisation = get_or_404(Organisation, organisation_id)
    require(current_user, Action.ORG_TEMPLATE, organisation)
    loaded = next_rubric(organisation)
    if loaded is None:
        abort(404)
    lang = report_lang()
    data = documents.blank_workbook(organisation, loaded, lang)
    return download(data, documents.blank_filename(organisation, loaded, lang), XLSX)


@bp.get("/assessments/<int:assessment_id>/template.xlsx")
@login_required
def template(assessment_id: int) -> Response:
    assessment = get_or_404(Assessment, assessment_id)
    require(current_user, Action.ASSESSMENT_VIEW, assessment)
    lang, prefill = report_lang(), request.args.get("blank") != "1"
    data = documents.template_workbook(assessment, lang, prefill=prefill)
    name = documents.template_filename(assessment, lang, prefill=prefill)
    return download(data, name, XLSX)


# A registered event typed over or emptied in the file: the events page changes it.
REGISTER_TOUCHED = frozenset({"event_edited", "event_blanked"})
# Notes of what the file changed but the import leaves as it is: the file does not agree
# with rcapp then, even when nothing is left to import.
DROPPED = REGISTER_TOUCHED | {
    "protected_prompt",
    "protected_label",
    "system_value",
    "backfill_fixed",
    "section_row_cell",
}


def _page(
    assessment: Assessment,
    form: ImportForm,
    plan: ImportPlan | None = None,
    token: str = "",
    status: int = 200,
    refused: tuple[LocatedProblem, ...] = (),
) -> tuple[str, int]:
    """Render the page for a plan, or for a file `refused` before it was read."""
    located = list(plan.problems) if plan else list(refused)
    problems = [located_text(p) for p in located]
    first_warnings, warnings = worded_warnings(plan.warnings) if plan else ([], [])
    clears = NO_CLEARS
    if token and plan is not None:
        clears = previewed_clears(assessment, rubric_of(assessment), plan, current_lang())
    return _render(
        assessment,
        form,
        plan,
        token,
        problems,
        (first_warnings, warnings),
        status,
        wrong_file(located),
        earlier_year_of(located),
        clears,
        fix_said(located),
    )


def _render(
    assessment: Assessment,
    form: ImportForm,
    plan: ImportPlan | import_jobs.StoredPreview | None,
    token: str,
    problems: list[str],
    warnings: tuple[list[str], list[str]],
    status: int,
    chosen_wrong: bool = False,
    earlier_year: int | None = None,
    clears: Clears = NO_CLEARS,
    said_fix: bool = False,
) -> tuple[str, int]:
    """Render the import page; `chosen_wrong`: the file is not this assessment's template.

    `said_fix`: every problem's message says what to do; no general advice follows them.
    """
    return render_template(
        "reports/import.html",
        assessment=assessment,
        form=form,
        plan=plan,
        token=token,
        problems=problems,
        first_warnings=warnings[0],
        warnings=warnings[1],
        decision=DecisionForm(),
        field_label=field_label,
        shown_figure=shown_figure,
        wrong_file=chosen_wrong,
        earlier_year=earlier_year,
        cleared_rows=clears.rows,
        cleared_notes=clears.notes,
        fix_said=said_fix,
        held_token="" if token else offered_held(assessment) or "",
        hold_hours=import_service.HOLD_SECONDS // 3600,
        evidence_lowered=_evidence_lowered(plan),
        register_touched=_warned_of(plan, REGISTER_TOUCHED),
        file_dropped=_warned_of(plan, DROPPED),
    ), status


def _warned_of(plan: ImportPlan | import_jobs.StoredPreview | None, codes: frozenset[str]) -> bool:
    """Whether the plan warns of any of `codes`.

    A preview read back from a queued check keeps only worded warnings: none is found there.
    """
    if not isinstance(plan, ImportPlan):
        return False
    return any(getattr(w.problem, "code", "") in codes for w in plan.warnings)


def _evidence_lowered(plan: ImportPlan | import_jobs.StoredPreview | None) -> int:
    """Count the rows the preview warns will count lower for missing evidence.

    A preview read back from a queued check keeps only worded warnings: none are counted,
    and the overview, where the import leads, offers the same link.
    """
    if not isinstance(plan, ImportPlan):
        return 0
    codes = ("evidence_cap", "file_cap")
    return sum(1 for w in plan.warnings if getattr(w.problem, "code", "").endswith(codes))


@bp.route("/assessments/<int:assessment_id>/import", methods=["GET", "POST"])
@login_required
def upload(assessment_id: int) -> Response | tuple[str, int]:
    assessment = get_or_404(Assessment, assessment_id)
    require(current_user, Action.ASSESSMENT_EDIT, assessment)
    form = ImportForm()
    if not form.validate_on_submit():
        return _page(assessment, form, status=400 if request.method == "POST" else 200)
    data = form.file.data.read(MAX_TEMPLATE_BYTES + 1)
    if len(data) > MAX_TEMPLATE_BYTES:  # in the problem box, as every refused file (qa65 #6)
        too_big = LocatedProblem("", None, "", FileProblem("too_big"))
        return _page(assessment, form, status=400, refused=(too_big,))
    if import_jobs.runs_as_job(assessment):  # a large template is checked on the queue
        job = import_jobs.start_import_job(assessment, data, current_user, current_lang())
        db.session().commit()
        tasks.enqueue(job)
        return redirect(url_for(".job", job_id=job.id))
    plan = import_service.plan_upload(assessment, data)
    if not plan.ok or not plan.changes:
        return _page(assessment, form, plan, status=400 if not plan.ok else 200)
    token = import_service.hold_upload(assessment, data)
    remember_held(assessment, token)
    return _page(assessment, form, plan, token)


@bp.post("/assessments/<int:assessment_id>/import/<token>")
@login_required
def decide(assessment_id: int, token: str) -> Response | tuple[str, int]:
    assessment = get_or_404(Assessment, assessment_id)
    require(current_user, Action.ASSESSMENT_EDIT, assessment)
    if not DecisionForm().validate_on_submit():
        abort(400)
    data = import_service.held_upload(assessment, token)
    if data is None:
        flash(_("这次导入已结束或已过期，请重新上传。"), "error")
        return redirect(url_for(".upload", assessment_id=assessment.id))
    if request.form.get("action") != "apply":
        import_service.drop_upload(assessment, token)
        flash(_("已取消导入，没有写入任何内容。"), "success")
        return redirect(url_for("assessments.overview", assessment_id=assessment.id))
    plan = import_service.plan_upload(assessment, data)  # again: the web may have moved on
    if not plan.ok:
        return _page(assessment, ImportForm(), plan, token, status=409)
    shown = set(request.form.getlist("shown_conflict"))
    if any(c.shown_mark not in shown for c in plan.conflicts):
        # changed on the web since the preview: the user decides on it before anything is written
        flash(
            _("预览之后，网页上又有内容被修改（见下表中的冲突行）：请重新确认，尚未写入任何内容。"),
            "error",
        )
        return _page(assessment, ImportForm(), plan, token, status=409)
    take_file = request.form.getlist("take_file")
    if request.form.get("take_all") == "1":  # "全部采用文件中的值": every conflict row whole
        take_file = [c.key for c in plan.conflicts]
    rubric = rubric_of(assessment)
    cleared = cleared_values(assessment, rubric, plan, take_file)  # before they are gone
    try:
        written = apply_plan(assessment, rubric, plan, take_file, current_user)
    except ImportRefused as refused:
        # a rule the check missed: say where, write nothing, keep the file and its preview
        db.session().rollback()
        flash(
            _(
                "没有写入任何内容：%(problem)s 请在 Excel 中改正后重新上传，或取消这次导入。",
                problem=located_text(refused.located),
            ),
            "error",
        )
        return _page(assessment, ImportForm(), plan, token, status=409)
    db.session().commit()
    if not written:  # nothing ticked: say so, not "0 rows imported"; the preview stays
        flash(_("没有勾选要导入的行，未导入任何内容。"), "warning")
        return redirect(url_for(".held", assessment_id=assessment.id, token=token))
    left = untaken_conflicts(plan, take_file)
    if left:
        # The file stays held and its preview opens again, checked anew, with the rows left
        # out still to tick: they were lost once the file was dropped (importtpl 1).
        flash(
            _(
                "已导入 %(count)s 行；以下 %(left)s 行未导入，可勾选后再导入。",
                count=written,
                left=left,
            ),
            "warning" if written else "error",
        )
        _say_cleared(cleared)
        return redirect(url_for(".held", assessment_id=assessment.id, token=token))
    import_service.drop_upload(assessment, token)
    flash(_("已导入 %(count)s 行。", count=written), "success")
    _say_cleared(cleared)
    return redirect(url_for("assessments.overview", assessment_id=assessment.id))


def _say_cleared(cleared: list[ClearedValue]) -> None:
    """Name each stored KPI value the import emptied, after the count: never silent."""
    for text in cleared_texts(cleared, current_lang(), applied=True):
        flash(text, "warning")


@bp.get("/assessments/<int:assessment_id>/import/<token>")
@login_required
def held(assessment_id: int, token: str) -> Response | tuple[str, int]:
    """Show the preview of a held file, checked again: the rows an import left out, to tick.

    Rows written since equal the system now and drop out of the preview; a row changed on
    the web meanwhile shows as a conflict again (the version check of every import).
    """
    assessment = get_or_404(Assessment, assessment_id)
    require(current_user, Action.ASSESSMENT_EDIT, assessment)
    data = import_service.held_upload(assessment, token)
    if data is None:
        flash(_("这次导入已结束或已过期，请重新上传。"), "error")
        return redirect(url_for(".upload", assessment_id=assessment.id))
    plan = import_service.without_registered_events(import_service.plan_upload(assessment, data))
    if not plan.ok or not plan.changes:
        import_service.drop_upload(assessment, token)  # nothing left to decide on
        return _page(assessment, ImportForm(), plan, status=409 if not plan.ok else 200)
    return _page(assessment, ImportForm(), plan, token)


@bp.get("/jobs/<int:job_id>/import-preview")
@login_required
def job_preview(job_id: int) -> tuple[str, int]:
    """Show the preview of a large import once its job has checked the file."""
    job = get_or_404(ReportJob, job_id)
    if not jobs.can_fetch(current_user, job):
        abort(403)
    if job.kind is not JobKind.IMPORT:
        abort(404)
    path = jobs.result_path(job)
    if path is None:
        abort(404)
    preview = import_jobs.read_preview(path.read_bytes())
    assessment = get_or_404(Assessment, preview.assessment_id)
    require(current_user, Action.ASSESSMENT_EDIT, assessment)
    status = 400 if not preview.ok else 200
    return _render(
        assessment,
        ImportForm(),
        preview,
        preview.token,
        preview.problems,
        (preview.first_warnings, preview.warnings),
        status,
        clears=preview.clears,
    )
