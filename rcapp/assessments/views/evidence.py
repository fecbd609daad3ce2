"""Evidence files: upload to an item, download or view through a permission check, delete.

Section and prerequisite pages carry the file inputs and delete buttons inside their
answers form, so an upload or a deletion saves the typed answers first (`page_actions`):
nothing typed is lost. The stand-alone upload and delete routes remain for other callers.
"""

from __future__ import annotations

from collections.abc import Collection

from flask import abort, flash, redirect, request, url_for
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.assessments import forms, queries, storage
from rcapp.assessments.evidence import add_attachment, delete_attachment, same_content
from rcapp.assessments.locked_meanwhile import KEPT, NOT_DELETED
from rcapp.assessments.messages import _, accepted_types_text, upload_refused_text
from rcapp.assessments.models import Assessment, Attachment
from rcapp.assessments.views.blueprint import bp, load
from rcapp.assessments.views.saving import refused_for_lock
from rcapp.audit.models import AuditEntry
from rcapp.audit.queries import before_of, hand_of, recent_changes
from rcapp.audit.whose import whose_text
from rcapp.permissions import Action, can, require
from rcapp.web import get_or_404, login_required


def _back_to_item(assessment: Assessment, item_id: str) -> Response:
    rubric = queries.rubric_of(assessment)
    if item_id in {p.id for p in rubric.prerequisites}:
        target = url_for("assessments.prerequisites", assessment_id=assessment.id)
        return redirect(f"{target}#item-{item_id}")
    section_id = next((s.id for s, _e, i in rubric.iter_items() if i.id == item_id), None)
    if section_id is None:
        abort(404)
    target = url_for("assessments.section", assessment_id=assessment.id, section_id=section_id)
    return redirect(f"{target}#item-{item_id}")


# Whether a file of this (stored, checked) type gets a "查看" link beside its download link.
bp.add_app_template_global(storage.shows_inline, "shows_inline")
# the accepted types in the page's words, as a refusal names them (actionfix #3)
bp.add_app_template_global(accepted_types_text, "accepted_types_text")


@bp.app_template_global("refused_uploads")
def refused_uploads() -> dict[str, list[str]]:
    """Return this request's refused uploads by item id: the page shows each beside its item."""
    # Kept with the request itself: `g` may outlive it (an app context pushed around requests).
    found: dict[str, list[str]] = request.environ.setdefault("rcapp.refused_uploads", {})
    return found


def _store(
    assessment: Assessment, chosen: list[tuple[str, FileStorage]], *, shown_beside: bool
) -> None:
    """Store each chosen (item id, file), committing each; a refused one is named and skipped.

    `shown_beside`: the page is shown again in reply, with each refusal beside its item, so
    the top of the page only counts them (QA32 S9: the same sentence twice). After a
    redirect (the stand-alone upload) the refusal itself is the message at the top.

    Files past the number one upload may carry are refused by name too, so the page's
    stated limit holds however the request was made.
    """
    if not chosen:
        return
    rubric = queries.rubric_of(assessment)
    room = storage.max_files_per_upload()
    refused_count = 0
    for number, (item_id, upload) in enumerate(chosen):
        try:
            if number >= room:
                name = storage.safe_filename(upload.filename or "")
                raise storage.UploadRefused("per_upload", name=name, limit=room)
            attachment = add_attachment(
                assessment, rubric, item_id, upload.filename or "", upload.stream, current_user
            )
        except storage.UploadRefused as refused:
            db.session().rollback()
            text = upload_refused_text(refused)
            if refused.code in ("duplicate", "same_content"):
                # The same file is there already: nothing went wrong, so it is news, not a
                # failure (qa56 P9). Said at the top, the page kept as after a good upload.
                flash(text, "info")
                continue
            refused_uploads().setdefault(item_id, []).append(text)
            if not shown_beside:
                flash(text, "error")
            refused_count += 1
            continue
        db.session().commit()
        flash(uploaded_text(assessment, attachment), "success")
    if refused_count and shown_beside:
        flash(
            ngettext(
                "%(num)d 个文件未上传，原因写在其评价项下方。",
                "%(num)d 个文件未上传，原因写在各自的评价项下方。",
                refused_count,
            ),
            "error",
        )


def uploaded_text(assessment: Assessment, attachment: Attachment) -> str:
    """Say the file is uploaded, and when another item holds the same content, which file."""
    same = [a for a in same_content(assessment, attachment.sha256) if a.id != attachment.id]
    if not same:
        return _("已上传“%(name)s”。", name=attachment.original_name)
    return _(
        "已上传“%(name)s”：与已上传的《%(existing)s》（%(item)s）内容相同，"
        "已另存一份作为本项的证据，删除其中一份不影响另一项。",
        name=attachment.original_name,
        existing=same[0].original_name,
        item=same[0].item_id,
    )


def page_actions(assessment: Assessment, subjects: Collection[str]) -> str | None:
    """Upload the files chosen on a page and delete the file asked for; return the anchor.

    Called after the page's answers were saved. Files come from inputs named
    ``evidence-<item id>``; a deletion from the button named ``delete_evidence``.
    """
    if not can(current_user, Action.EVIDENCE_UPLOAD, assessment):
        return None
    anchor = None
    chosen: list[tuple[str, FileStorage]] = []
    for subject in subjects:
        uploads = [f for f in request.files.getlist(f"evidence-{subject}") if f.filename]
        chosen += [(subject, upload) for upload in uploads]
        if uploads:
            anchor = f"item-{subject}"
    _store(assessment, chosen, shown_beside=True)
    wanted, _sep, seen = request.form.get("delete_evidence", "").partition(":")
    if wanted.isdigit():
        attachment = db.session().get(Attachment, int(wanted))
        if (
            attachment is None
            or attachment.assessment_id != assessment.id
            or (seen and attachment.original_name != seen)
        ):
            # Deleted meanwhile (qa41 D1, D9): never another file, and the page's input is saved.
            flash(deleted_evidence_text(assessment, int(wanted), seen), "error")
        elif attachment.item_id in subjects:
            anchor = f"item-{attachment.item_id}"
            delete_attachment(assessment, attachment, current_user)
            db.session().commit()
            flash(_("证据文件“%(name)s”已删除。", name=attachment.original_name), "success")
    return anchor


def lock_outcome() -> str:
    """How a page refused for its lock words it: a delete button's click deleted nothing."""
    return NOT_DELETED if request.form.get("delete_evidence") else KEPT


def deleted_evidence_text(assessment: Assessment, attachment_id: int, seen: str) -> str:
    """Say that the file a stale page showed (`seen`: its name there) is gone, and who deleted it.

    The delete button carries the file's id and the name the page showed: a file of that id
    but another name is not the one the user meant.
    """
    for entry in recent_changes("assessment", assessment.id, None, ("evidence.delete",), 200):
        before = before_of(entry)
        if isinstance(before, dict) and before.get("attachment") == attachment_id:
            return _deleted_by(entry, str(before.get("name", "")))
    if seen:
        return _("证据文件“%(name)s”已被他人删除。", name=seen)
    return _("此证据文件已被他人删除。")


def _deleted_by(entry: AuditEntry, name: str) -> str:
    return whose_text(
        hand_of(entry, current_user.id),
        mine=_("您已在另一窗口、标签页或设备中删除证据文件“%(name)s”。", name=name),
        named=lambda who: _("证据文件“%(name)s”已被 %(who)s 删除。", name=name, who=who),
        unknown="",  # never: the entry names its hand
    )


def _attachment_of(assessment: Assessment, attachment_id: int) -> Attachment:
    attachment = get_or_404(Attachment, attachment_id)
    if attachment.assessment_id != assessment.id:
        abort(404)
    return attachment


@bp.post("/<int:assessment_id>/items/<item_id>/evidence")
@login_required
def upload_evidence(assessment_id: int, item_id: str) -> Response:
    assessment = load(assessment_id, Action.EVIDENCE_UPLOAD)
    form = forms.EvidenceForm()
    uploads = [f for f in form.file.data or [] if f and f.filename]
    if not form.validate_on_submit() or not uploads:
        flash(_("请选择要上传的文件。"), "error")
        return _back_to_item(assessment, item_id)
    _store(assessment, [(item_id, upload) for upload in uploads], shown_beside=False)
    return _back_to_item(assessment, item_id)


def _viewable_attachment(assessment_id: int, attachment_id: int) -> Attachment:
    """Return the file once the user may see the assessment's evidence: download or view."""
    assessment = load(assessment_id, Action.EVIDENCE_VIEW)
    return _attachment_of(assessment, attachment_id)


@bp.get("/<int:assessment_id>/evidence/<int:attachment_id>")
@login_required
def download_evidence(assessment_id: int, attachment_id: int) -> Response:
    return storage.send_attachment(_viewable_attachment(assessment_id, attachment_id))


@bp.get("/<int:assessment_id>/evidence/<int:attachment_id>/view")
@bp.get("/<int:assessment_id>/evidence/<int:attachment_id>/view/<path:name>")
@login_required
def view_evidence(assessment_id: int, attachment_id: int, name: str = "") -> Response:
    """Show a PDF or an image in the browser's tab; any other type is 404 (download it).

    The address may end in the file's name (`name`, not read): the tab of an image is
    titled by it rather than by "view".
    """
    attachment = _viewable_attachment(assessment_id, attachment_id)
    return storage.send_attachment(attachment, inline=True)


@bp.post("/<int:assessment_id>/evidence/<int:attachment_id>/delete")
@login_required
def delete_evidence(assessment_id: int, attachment_id: int) -> Response:
    assessment = load(assessment_id, Action.EVIDENCE_VIEW)
    attachment = _attachment_of(assessment, attachment_id)
    item_id = attachment.item_id
    if refused_for_lock(assessment, NOT_DELETED) is not None:
        return _back_to_item(assessment, item_id)
    require(current_user, Action.EVIDENCE_UPLOAD, assessment)
    if forms.ActionForm().validate_on_submit():
        delete_attachment(assessment, attachment, current_user)
        db.session().commit()
        flash(_("证据文件已删除。"), "success")
    return _back_to_item(assessment, item_id)
