"""The "批量上传证据" page: many files at once, matched to items by the code their name starts with.

Choosing files holds them (held_evidence.hold_files) and shows the preview; nothing is
stored until "确认上传", which stores them all or none; "取消" drops the held files. Either
says so, storing nothing, when the preview's files were confirmed or cancelled meanwhile in
another tab (or held too long).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.assessments import bulk_evidence, forms, held_evidence, queries, storage
from rcapp.assessments.answer_words import answer_text
from rcapp.assessments.messages import _, upload_refused_text
from rcapp.assessments.models import Assessment
from rcapp.assessments.views.blueprint import bp, load
from rcapp.i18n import current_lang
from rcapp.permissions import Action
from rcapp.web import login_required

# Files one choice may hold; the request's size limit (config.request_limit) still applies.
FILES_PER_CHOICE = 200


def _rows(assessment: Assessment, chosen: dict[str, str]) -> list[bulk_evidence.PreviewRow]:
    held = held_evidence.held_files(assessment, current_user)
    return bulk_evidence.preview(assessment, queries.rubric_of(assessment), held, chosen)


def _page(assessment: Assessment, form: forms.EvidenceForm, status: int = 200) -> tuple[str, int]:
    rubric = queries.rubric_of(assessment)
    lang = current_lang()
    items = rubric.item_index()
    rows = _rows(assessment, {})
    answers = {
        row.item_id: answer_text(rubric, items[row.item_id], row.answer, lang)
        for row in rows
        if row.item_id
    }
    limits = storage.upload_limits()
    return render_template(
        "assessments/bulk_evidence.html",
        assessment=assessment,
        rubric=rubric,
        items=items,
        lang=lang,
        form=form,
        decision=forms.ActionForm(),
        rows=rows,
        answers=answers,
        limits=limits,
        request_mb=(limits["bytes"] * limits["files"]) // (1024 * 1024),
        files_per_choice=FILES_PER_CHOICE,
        hold_hours=held_evidence.HOLD_SECONDS // 3600,
    ), status


@bp.route("/<int:assessment_id>/evidence/bulk", methods=["GET", "POST"])
@login_required
def bulk_evidence_page(assessment_id: int) -> Response | tuple[str, int]:
    assessment = load(assessment_id, Action.EVIDENCE_UPLOAD)
    form = forms.EvidenceForm()
    if request.method == "GET":
        return _page(assessment, form)
    uploads = [f for f in form.file.data or [] if f and f.filename]
    if not form.validate_on_submit() or not uploads:
        flash(_("请选择要上传的文件。"), "error")
        return _page(assessment, form, 400)
    chosen = [(f.filename or "", f.stream) for f in uploads[:FILES_PER_CHOICE]]
    for refused in held_evidence.hold_files(assessment, current_user, chosen):
        flash(upload_refused_text(refused), "error")
    return redirect(url_for(".bulk_evidence_page", assessment_id=assessment.id, _anchor="preview"))


@bp.post("/<int:assessment_id>/evidence/bulk/confirm")
@login_required
def bulk_evidence_confirm(assessment_id: int) -> Response | tuple[str, int]:
    assessment = load(assessment_id, Action.EVIDENCE_UPLOAD)
    back = redirect(url_for(".bulk_evidence_page", assessment_id=assessment.id))
    if not forms.ActionForm().validate_on_submit():
        return back
    shown = set(request.form.getlist("shown"))
    if request.form.get("action") == "cancel":  # files another tab held meanwhile stay
        if shown and not held_evidence.release_held(assessment, current_user, shown):
            return _gone(back)
        flash(_("已取消，没有上传任何文件。"), "success")
        return back
    chosen = {key: request.form.get(f"item-{key}", "") for key in shown}
    # Only the files the preview showed, with the items it showed or the user chose there.
    rows = [row for row in _rows(assessment, chosen) if row.held.key in shown]
    if len(rows) < len(shown):  # confirm looks again under the folder's lock
        return _gone(back)
    if not any(row.item_id and not row.already for row in rows):
        flash(_("没有可上传的文件：每个文件须对应一个评价项。"), "error")
        return back
    rubric = queries.rubric_of(assessment)
    try:
        done = bulk_evidence.confirm(assessment, rubric, rows, current_user)
    except bulk_evidence.HeldGone:
        db.session().rollback()
        return _gone(back)
    except bulk_evidence.BulkRefused as refused:
        db.session().rollback()
        flash(
            _(
                "没有上传任何文件：“%(name)s”（评价项 %(item)s）未通过检查：%(reason)s",
                name=refused.name,
                item=refused.item_id,
                reason=upload_refused_text(refused.refused),
            ),
            "error",
        )
        return back
    db.session().commit()
    return render_template(
        "assessments/bulk_evidence_done.html",
        assessment=assessment,
        rubric=rubric,
        items=rubric.item_index(),
        lang=current_lang(),
        done=done,
    ), 200


def _gone(back: Response) -> Response:
    """Say that the preview's files are no longer held, so nothing was stored."""
    flash(
        _(
            "没有上传任何文件：预览中的文件已在另一个页面中确认或取消（或保留时间已过）。"
            "已上传的证据见各评价项；如仍需上传，请重新选择文件。"
        ),
        "error",
    )
    return back
