"""A finding's photos and files: the files chosen on a finding form, download, view, delete.

Every download asks ReviewAction.FINDING_FILE of the finding (permissions.py) and goes
through storage.send_stored, the evidence files' private, no-store, sandboxed sending.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response
from wtforms import Field

from rcapp import db
from rcapp.assessments import storage
from rcapp.assessments.messages import upload_refused_text
from rcapp.reviews import finding_files
from rcapp.reviews.blueprint import bp, load
from rcapp.reviews.errors import ReviewRefused
from rcapp.reviews.finding_action import Refusal
from rcapp.reviews.forms import ActionForm
from rcapp.reviews.models import Finding, FindingFile, ReviewAssignment
from rcapp.reviews.pages import shortened
from rcapp.reviews.permissions import ReviewAction, require_review
from rcapp.reviews.reviewer_page import refused_change
from rcapp.reviews.reviewing import remove_finding_file
from rcapp.web import get_or_404, login_required


def chosen_files(field: Field) -> list[tuple[str, FileStorage]]:
    """Return the files chosen in a form's file input (an empty input sends one without a name)."""
    return [
        (f.filename or "", f) for f in field.data or [] if isinstance(f, FileStorage) and f.filename
    ]


def with_files(run: Callable[[], Refusal | None], field: Field, typed: str) -> Refusal | None:
    """Run a finding's change that attaches `field`'s files; a refused file goes on `field`.

    Nothing of the change is kept then (rolled back); the page shows the form as typed,
    the refusal naming the file and the finding (`typed`, its text).
    """
    try:
        return run()
    except storage.UploadRefused as refused:
        db.session().rollback()
        field.errors = [
            _(
                "发现“%(finding)s”未保存：%(reason)s请另选文件后再保存，已填写的内容仍保留。",
                finding=shortened(typed.strip()) or "—",
                reason=upload_refused_text(refused),
            )
        ]
        return None
    finally:
        for _name, upload in chosen_files(field):
            upload.close()  # the upload's spooled temporary file


def attach_chosen(finding: Finding, field: Field) -> None:
    uploads = [(name, upload.stream) for name, upload in chosen_files(field)]
    finding_files.attach_files(finding, uploads, current_user)


def _file_of(file_id: int) -> FindingFile:
    file = get_or_404(FindingFile, file_id)
    require_review(current_user, ReviewAction.FINDING_FILE, file.finding)
    return file


@bp.get("/finding-files/<int:file_id>")
@login_required
def finding_file(file_id: int) -> Response:
    """Send a finding's photo or file as a download."""
    file = _file_of(file_id)
    return storage.send_stored(
        file.stored_name, file.content_type, file.original_name, ref=f"finding-file-{file.id}"
    )


@bp.get("/finding-files/<int:file_id>/view")
@bp.get("/finding-files/<int:file_id>/view/<path:name>")
@login_required
def view_finding_file(file_id: int, name: str = "") -> Response:
    """Show a finding's photo or PDF in the browser's tab; `name` only titles the tab."""
    file = _file_of(file_id)
    return storage.send_stored(file.stored_name, file.content_type, file.original_name, inline=True)


@bp.post("/assignments/<int:assignment_id>/finding-files/<int:file_id>/delete")
@login_required
def delete_finding_file(assignment_id: int, file_id: int) -> Response | tuple[str, int]:
    """Let the reviewer remove a photo or file from her own finding before she submits."""
    assignment = load(ReviewAssignment, assignment_id, ReviewAction.REVIEW)
    file = db.session().get(FindingFile, file_id)
    if file is None or file.finding.assignment_id != assignment.id:
        abort(404)
    if ActionForm().validate_on_submit():
        try:
            remove_finding_file(file, assignment, current_user)
        except ReviewRefused as refused:
            return refused_change(assignment, refused)
        db.session().commit()
        flash(_("已删除文件“%(name)s”。", name=file.original_name), "success")
    return redirect(url_for("reviews.review_page", assignment_id=assignment.id) + "#findings")


@bp.app_template_global("finding_file_help")
def finding_file_help() -> str:
    """Say under a finding's file input what it takes: as many, as large, as what."""
    return str(
        _(
            "可拍照或从相册选择照片，也可选 PDF；"
            "每条发现最多 %(files)s 个文件，每个不超过 %(mb)s MB。",
            files=finding_files.MAX_FILES_PER_FINDING,
            mb=storage.upload_limits()["mb"],
        )
    )
