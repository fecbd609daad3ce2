"""The reviewer's "decline this review" page: a reason asked, then the lead and deputies told.

Offered on the reviewer's page and list while nothing is saved (decline.can_decline). A form
that comes too late is told why, the text typed quoted: declined already (another tab),
withdrawn by the lead, work saved meanwhile (ask the lead to withdraw), submitted or final.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from rcapp import db
from rcapp.fields import CleanForm, options
from rcapp.i18n import current_lang
from rcapp.mail.tasks import deliver_outbox
from rcapp.reviews import outcome_mail
from rcapp.reviews.blueprint import bp, load
from rcapp.reviews.company_mail import company_view, queue_company_notice
from rcapp.reviews.decline import (
    CAUSES,
    OTHER,
    WorkStarted,
    can_decline,
    decline_assignment,
    declined_entry,
)
from rcapp.reviews.errors import AssignmentSubmitted, ReviewFinalised, ReviewRefused
from rcapp.reviews.gone_assignment import gone_assignment, gone_on_open
from rcapp.reviews.messages import refusal_text
from rcapp.reviews.models import ReviewAssignment
from rcapp.reviews.page_refusal import refused_page
from rcapp.reviews.permissions import ReviewAction
from rcapp.reviews.services import unsubmitted_work
from rcapp.reviews.visit_mail import queue_visit_moved, visit_seen
from rcapp.row_locks import lock_row
from rcapp.web import beijing_time, login_required


class DeclineForm(CleanForm):
    """Why the reviewer cannot take the review: a cause, and a text required for 其他."""

    cause = SelectField(
        _l("原因"),
        choices=options([("", _l("请选择")), *CAUSES.items()]),
        validators=[InputRequired(message=_l("请选择无法承担评审的原因。"))],
    )
    note = TextAreaField(
        _l("说明"),
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
        validators=[Length(max=500, message=_l("说明不能超过 %(max)d 个字符。"))],
        render_kw={"maxlength": 500, "rows": 3},
    )

    def validate_cause(self, field: SelectField) -> None:
        if field.data not in CAUSES:
            raise ValidationError(_("请选择无法承担评审的原因。"))

    def validate_note(self, field: TextAreaField) -> None:
        if self.cause.data == OTHER and not field.data:
            raise ValidationError(_("选择“其他”时请填写说明，组长据此另行安排。"))


@bp.get("/assignments/<int:assignment_id>/decline")
@login_required
def confirm_decline(assignment_id: int) -> str | Response:
    """Ask why, naming the organisation and year; no JavaScript needed."""
    if (told := _declined_already(assignment_id) or gone_on_open(assignment_id)) is not None:
        return told
    assignment = load(ReviewAssignment, assignment_id, ReviewAction.REVIEW)
    if (late := _too_late(assignment, "")) is not None:
        return late
    return _page(assignment, DeclineForm(formdata=None))


@bp.post("/assignments/<int:assignment_id>/decline")
@login_required
def decline(assignment_id: int) -> str | tuple[str, int] | Response:
    form = DeclineForm()
    typed = (form.note.data or "").strip()
    if (
        told := _declined_already(assignment_id) or gone_assignment(assignment_id, typed)
    ) is not None:
        return told
    assignment = load(ReviewAssignment, assignment_id, ReviewAction.REVIEW)
    if not lock_row(assignment):  # withdrawn at this very instant
        db.session().rollback()
        return gone_assignment(assignment_id, typed) or _declined_already(assignment_id) or _gone()
    if not form.validate_on_submit():
        return _page(assignment, form), 400
    review, reviewer = assignment.review, assignment.reviewer
    try:
        before = company_view(review)  # the company is told its reviewers changed
        seen = visit_seen(review)  # and those visiting with them, whom they lose
        decline_assignment(assignment, current_user, form.cause.data or "", typed)
        outcome_mail.queue_declined_notice(review, reviewer, CAUSES[form.cause.data or ""], typed)
        queue_company_notice(review, before, current_user)
        queue_visit_moved(review, seen, current_user, left=[reviewer.name])
    except WorkStarted as started:  # saved in another tab since the page was opened
        db.session().rollback()
        flash(_work_started_text(started.decisions, started.findings), "error")
        return _page(assignment, form), 409
    except (ReviewFinalised, AssignmentSubmitted):
        return _too_late(assignment, typed) or _gone()
    except ReviewRefused as refused:  # the year was closed since the page was opened
        return refused_page(
            refusal_text(refused),
            url_for("reviews.review_page", assignment_id=assignment_id),
            _("返回评审页面"),
        )
    db.session().commit()
    deliver_outbox()  # after the commit that stored the notices
    flash(
        _(
            "您已谢绝对%(organisation)s %(year)d 年度自评的评审，组长已收到通知。",
            organisation=review.assessment.organisation.display_name(current_lang()),
            year=review.assessment.cycle.year,
        ),
        "success",
    )
    return redirect(url_for("reviews.index"))


def _page(assignment: ReviewAssignment, form: DeclineForm) -> str:
    return render_template("reviews/decline.html", assignment=assignment, form=form)


def _too_late(assignment: ReviewAssignment, typed: str) -> Response | None:
    """Say why declining is no longer offered (work saved, submitted, final); None: it is."""
    if can_decline(assignment):
        return None
    db.session().rollback()
    if assignment.review.is_final or assignment.is_submitted:
        message = _("您的评审已提交或已定级，无法再谢绝。")
    else:
        message = _work_started_text(*unsubmitted_work(assignment))
    if typed:
        message = f"{message} {_('您的输入未保存：%(text)s', text=typed)}"
    flash(message, "error")
    return redirect(url_for("reviews.review_page", assignment_id=assignment.id))


def _work_started_text(decisions: int, findings: int) -> str:
    return str(
        _(
            "您已保存 %(decisions)d 项评价项结论和 %(findings)d 条评审发现，不能再谢绝此评审；"
            "如无法继续，请联系组长撤回您的指派。",
            decisions=decisions,
            findings=findings,
        )
    )


def _declined_already(assignment_id: int) -> Response | None:
    """Tell the reviewer they declined this one already (another tab, a second click)."""
    if db.session().get(ReviewAssignment, assignment_id) is not None:
        return None
    entry = declined_entry(assignment_id, current_user.email)
    if entry is None:
        return None
    return refused_page(
        _("您已于 %(time)s谢绝此评审，无须再次操作。", time=beijing_time(entry.at)),
        url_for("reviews.index"),
        _("我的评审任务"),
    )


def _gone() -> Response:
    return refused_page(_("此评审任务已不存在。"), url_for("reviews.index"), _("我的评审任务"))
