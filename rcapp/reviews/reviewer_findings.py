"""The reviewer's findings: recording one (an observation or a corrective action), deleting one."""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.reviews import finding_gone, reviewing
from rcapp.reviews.blueprint import bp, load
from rcapp.reviews.errors import ReviewRefused
from rcapp.reviews.finding_action import Refusal, run_finding_action
from rcapp.reviews.finding_file_views import attach_chosen, with_files
from rcapp.reviews.finding_gone import finding_stamp
from rcapp.reviews.forms import ActionForm, FindingEditForm, FindingForm
from rcapp.reviews.gone_assignment import gone_assignment
from rcapp.reviews.models import Finding, FindingKind, ReviewAssignment
from rcapp.reviews.permissions import ReviewAction
from rcapp.reviews.reviewer_page import (
    finding_form_of,
    flash_saved,
    kept_text,
    refused_change,
    render_review_page,
)
from rcapp.web import login_required


@bp.post("/assignments/<int:assignment_id>/findings")
@login_required
def add_finding(assignment_id: int) -> str | tuple[str, int] | Response:
    if (gone := gone_assignment(assignment_id, request.form.get("text", ""))) is not None:
        return gone
    assignment = load(ReviewAssignment, assignment_id, ReviewAction.REVIEW)
    form = finding_form_of(assignment, FindingForm())
    if form.validate_on_submit():
        refused = with_files(
            lambda: run_finding_action(
                lambda: attach_chosen(
                    reviewing.add_finding(
                        assignment,
                        FindingKind(form.kind.data),
                        form.text.data or "",
                        form.item_id.data or None,
                        form.owner.data or "",
                        form.due_on.data,
                        current_user,
                    ),
                    form.files,
                ),
                form,
                "text",
            ),
            form.files,
            form.text.data or "",
        )
        if refused is None and not form.files.errors:  # a refused file: errors on `files`
            flash_saved(_("发现已记录。"), "findings")
            return redirect(_findings_url(assignment))
        if refused is not None and refused.locks_reviewer_out:
            return _locked_out(assignment, refused, form.text.data or "")
    return render_review_page(assignment, finding_form=form)


@bp.post("/assignments/<int:assignment_id>/findings/<int:finding_id>/edit")
@login_required
def edit_finding(assignment_id: int, finding_id: int) -> str | tuple[str, int] | Response:
    """Let the reviewer correct her own finding while her review is not submitted."""
    if (
        gone := gone_assignment(assignment_id, request.form.get(f"f{finding_id}-text", ""))
    ) is not None:
        return gone
    assignment = load(ReviewAssignment, assignment_id, ReviewAction.REVIEW)
    finding = db.session().get(Finding, finding_id)
    if finding is None or finding.assignment_id != assignment.id:
        abort(404)  # deleted, or another reviewer's
    form = finding_form_of(assignment, FindingEditForm(prefix=f"f{finding_id}"))
    status = 422
    if form.validate_on_submit():
        fields = (
            form.item_id.data or None,
            form.text.data or "",
            form.owner.data or "",
            form.due_on.data,
        )
        refused = with_files(
            lambda: run_finding_action(
                lambda: _edit(finding, assignment, form, fields), form, "text", finding, 422
            ),
            form.files,
            form.text.data or "",
        )
        if refused is None and not form.files.errors:  # a refused file: errors on `files`
            flash_saved(_("发现已修改。"), "findings")
            return redirect(_findings_url(assignment))
        if refused is not None and refused.locks_reviewer_out:
            return _locked_out(assignment, refused, form.text.data or "")
        if refused is not None:
            status = refused.status
    return render_review_page(assignment, edited=(finding_id, form)), status


def _edit(
    finding: Finding,
    assignment: ReviewAssignment,
    form: FindingEditForm,
    fields: tuple[str | None, str, str, dt.date | None],
) -> None:
    """Correct the finding, then attach the photos and files chosen with the correction."""
    kind = FindingKind(form.kind.data)
    reviewing.edit_own_finding(
        finding, assignment, kind, fields, current_user, form.seen.data or ""
    )
    attach_chosen(finding, form.files)


@bp.post("/assignments/<int:assignment_id>/findings/<int:finding_id>/delete")
@login_required
def delete_finding(assignment_id: int, finding_id: int) -> Response:
    if (gone := gone_assignment(assignment_id)) is not None:
        return gone
    assignment = load(ReviewAssignment, assignment_id, ReviewAction.REVIEW)
    finding = db.session().get(Finding, finding_id)
    if finding is not None and finding.assignment_id != assignment.id:
        abort(404)  # another reviewer's finding: checked before anything quotes it (qa67)
    seen = request.form.get("seen", "")  # what the row showed; an older page sends none
    if finding is not None and seen and seen != finding_stamp(finding):
        # Not the finding the page showed (its id used again): it stays.
        deleted = finding_gone.deleted_text(assignment, finding_id)
        flash(deleted or finding_gone.changed_text(finding), "error")
    elif finding is None:  # a double click, another tab or a colleague: it is gone either way
        flash(finding_gone.deleted_text(assignment, finding_id) or _("发现已删除。"), "success")
    elif ActionForm().validate_on_submit():
        try:
            reviewing.delete_finding(finding, assignment, current_user)
        except ReviewRefused as refused:  # submitted already, or in conflict now
            return refused_change(assignment, refused)
        db.session().commit()
        flash_saved(_("发现已删除。"), "findings")
    return redirect(_findings_url(assignment))


def _locked_out(assignment: ReviewAssignment, refused: Refusal, typed: str) -> tuple[str, int]:
    """Say the review was submitted or its year closed meanwhile; quote what was typed."""
    flash(kept_text(refused.error, None, typed), "error")
    return render_review_page(assignment), 409


def _findings_url(assignment: ReviewAssignment) -> str:
    """Back to the findings, on the section the reviewer was on (the form sends it along)."""
    section = request.args.get("section") or None
    page = url_for("reviews.review_page", assignment_id=assignment.id, section=section)
    return page + "#findings"
