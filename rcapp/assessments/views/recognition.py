"""The secretariat's page to record a verification and a good-practice case, and the panel.

Only the secretariat records or withdraws (CYCLE_MANAGE, 403 for anyone else); whoever may
see the result sees what stands, read-only, in the result page's panel. A refused change
re-shows the page with what was typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.assessments import storage
from rcapp.assessments.messages import upload_refused_text
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.assessments.recognition_forms import (
    PUBLISHED_IN_LABELS,
    VERIFIER_LABELS,
    CaseForm,
    VerificationForm,
    WithdrawRecognitionForm,
    shown_id_of,
)
from rcapp.assessments.recognition_models import (
    PublishedIn,
    Recognition,
    RecognitionFile,
    RecognitionKind,
    Verifier,
)
from rcapp.assessments.recognition_services import (
    RecognitionRefused,
    record_case,
    record_verification,
    withdraw_recognition,
)
from rcapp.assessments.recognitions import standing_recognitions, withdrawn_recognitions
from rcapp.assessments.views.blueprint import bp, load, may
from rcapp.assessments.views.top_band_words import top_band
from rcapp.audit.queries import Hand, hand_of, recent_changes
from rcapp.audit.whose import whose_text
from rcapp.permissions import Action
from rcapp.web import get_or_404, login_required, user_object


@dataclass(frozen=True)
class RecognitionPanel:
    """What the result page shows of the assessment's verification and case."""

    verification: Recognition | None
    case: Recognition | None
    may_record: bool  # the secretariat: the page links her recording page


def recognition_panel(assessment: Assessment) -> RecognitionPanel:
    recorded = assessment.is_verified or assessment.has_good_practice_case
    standing = standing_recognitions(assessment.id) if recorded else {}  # most have none
    return RecognitionPanel(
        verification=standing.get(RecognitionKind.VERIFICATION),
        case=standing.get(RecognitionKind.GOOD_PRACTICE_CASE),
        may_record=may(Action.CYCLE_MANAGE, assessment)
        and assessment.status is AssessmentStatus.SUBMITTED,
    )


@bp.get("/<int:assessment_id>/recognition")
@login_required
def recognition(assessment_id: int) -> str:
    assessment = load(assessment_id, Action.CYCLE_MANAGE)
    return _page(assessment)


@bp.post("/<int:assessment_id>/recognition/verification")
@login_required
def record_verification_view(assessment_id: int) -> Response | tuple[str, int]:
    assessment = load(assessment_id, Action.CYCLE_MANAGE)
    form = VerificationForm()
    if not form.validate_on_submit():
        return _page(assessment, verification_form=form), 400
    upload = form.evidence.data
    chosen = (upload.filename, upload.stream) if upload and upload.filename else None
    try:
        record_verification(
            assessment,
            form.verification(),
            user_object(),
            shown_id=shown_id_of(form.shown_id),
            upload=chosen,
        )
    except storage.UploadRefused as refused:
        db.session().rollback()
        form.evidence.errors = [upload_refused_text(refused)]
        return _page(assessment, verification_form=form), 400
    except RecognitionRefused as refused:
        return _refused(assessment, RecognitionKind.VERIFICATION, refused, verification_form=form)
    db.session().commit()
    flash(_("已记录核实。"), "success")
    return _back(assessment)


@bp.post("/<int:assessment_id>/recognition/case")
@login_required
def record_case_view(assessment_id: int) -> Response | tuple[str, int]:
    assessment = load(assessment_id, Action.CYCLE_MANAGE)
    form = CaseForm()
    if not form.validate_on_submit():
        return _page(assessment, case_form=form), 400
    try:
        record_case(assessment, form.case(), user_object(), shown_id=shown_id_of(form.shown_id))
    except RecognitionRefused as refused:
        return _refused(assessment, RecognitionKind.GOOD_PRACTICE_CASE, refused, case_form=form)
    db.session().commit()
    flash(_("已记录良好实践案例。"), "success")
    return _back(assessment)


@bp.post("/recognitions/<int:recognition_id>/withdraw")
@login_required
def withdraw_recognition_view(recognition_id: int) -> Response | tuple[str, int]:
    found = get_or_404(Recognition, recognition_id)
    assessment = load(found.assessment_id, Action.CYCLE_MANAGE)
    form = WithdrawRecognitionForm()
    if not form.validate_on_submit():
        return _page(assessment, withdraw_forms={found.id: form}), 400
    try:
        withdraw_recognition(
            found, form.reason.data or "", user_object(), shown_version=form.shown_version()
        )
    except RecognitionRefused as refused:
        return _refused(assessment, found.kind, refused, withdraw_forms={found.id: form})
    db.session().commit()
    flash(_("已撤销，撤销原因已记入审计日志。"), "success")
    return _back(assessment)


@bp.get("/recognition-files/<int:file_id>")
@login_required
def recognition_file(file_id: int) -> Response:
    file = get_or_404(RecognitionFile, file_id)
    assessment = load(file.recognition.assessment_id, Action.RESULT_VIEW)
    if not file.recognition.standing and not may(Action.CYCLE_MANAGE, assessment):
        abort(404)  # a withdrawn verification's file: the secretariat's record only
    return storage.send_stored(
        file.stored_name, file.content_type, file.original_name, ref=f"verification-{file.id}"
    )


def _refused(
    assessment: Assessment, kind: RecognitionKind, refused: RecognitionRefused, **forms: Any
) -> tuple[str, int]:
    db.session().rollback()
    if refused.code == "year_closed":
        text = _(
            "%(year)d 年度已关闭，结果已冻结并已发布，不能再记录或撤销；"
            "如需更改，请先重新开放该年度。本次操作未执行，填写的内容仍保留。",
            year=refused.year or assessment.cycle.year,
        )
    elif refused.code == "not_submitted":
        text = _("该自评尚未提交，只能为已提交的自评记录核实或良好实践案例。本次操作未执行。")
    else:
        text = whose_text(
            _last_hand(assessment, kind),
            mine=_(
                "您已在另一窗口、标签页或设备中记录或撤销了此项；本次操作未执行。"
                "请核对下面现在的记录，填写的内容仍保留。"
            ),
            named=lambda name: _(
                "您打开本页后，%(name)s 已记录或撤销了此项；本次操作未执行。"
                "请核对下面现在的记录，填写的内容仍保留。",
                name=name,
            ),
            unknown=_(
                "您打开本页后，其他人已记录或撤销了此项；本次操作未执行。"
                "请核对下面现在的记录，填写的内容仍保留。"
            ),
        )
    flash(text, "error")
    return _page(db.session().get_one(Assessment, assessment.id), **forms), 409


def _last_hand(assessment: Assessment, kind: RecognitionKind) -> Hand | None:
    """Tell whose hand last recorded or withdrew the assessment's recognition of `kind`."""
    actions = (f"recognition.{kind}", "recognition.withdraw")
    for entry in recent_changes("assessment", assessment.id, None, actions):
        if entry.action != "recognition.withdraw" or entry.field == str(kind):
            return hand_of(entry, current_user.id)
    return None


def _back(assessment: Assessment) -> Response:
    return redirect(url_for("assessments.recognition", assessment_id=assessment.id))


def _page(
    assessment: Assessment,
    verification_form: VerificationForm | None = None,
    case_form: CaseForm | None = None,
    withdraw_forms: dict[int, WithdrawRecognitionForm] | None = None,
) -> str:
    standing = standing_recognitions(assessment.id)
    verification = standing.get(RecognitionKind.VERIFICATION)
    case = standing.get(RecognitionKind.GOOD_PRACTICE_CASE)
    verification_form = verification_form or VerificationForm(formdata=None)
    case_form = case_form or CaseForm(formdata=None)
    for form, shown in ((verification_form, verification), (case_form, case)):
        form.shown_id.data = str(shown.id) if shown is not None else ""
    withdraw = dict(withdraw_forms or {})
    for row in (verification, case):
        if row is not None:
            withdraw.setdefault(row.id, WithdrawRecognitionForm(formdata=None))
            withdraw[row.id].version.data = str(row.version)
    return render_template(
        "assessments/recognition.html",
        assessment=assessment,
        verification=verification,
        case=case,
        history=withdrawn_recognitions(assessment.id),
        verification_form=verification_form,
        case_form=case_form,
        withdraw_forms=withdraw,
        upload_mb=storage.upload_limits()["mb"],
        top=top_band(assessment.cycle),
    )


@bp.app_template_global("verifier_label")
def verifier_label(verifier: Verifier) -> str:
    return str(VERIFIER_LABELS[verifier])


@bp.app_template_global("published_in_label")
def published_in_label(published_in: PublishedIn) -> str:
    return str(PUBLISHED_IN_LABELS[published_in])
