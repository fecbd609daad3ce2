"""Publishing a closed year's report job as its edition, on the web (rcapp.reports.editions)."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.cycles.models import ReportingCycle
from rcapp.permissions import Action, require
from rcapp.reports import (
    edition_choices,
    edition_stamp,
    edition_withdrawals,
    editions,
    job_views,
    job_words,
    withdrawal_mail,
)
from rcapp.reports.blueprint import bp
from rcapp.reports.edition_refusals import refusal_words
from rcapp.reports.models import ReportJob
from rcapp.web import get_or_404, login_required


@bp.post("/jobs/<int:job_id>/publish")
@login_required
def job_publish(job_id: int) -> Response:
    found = get_or_404(ReportJob, job_id)
    require(current_user, Action.CYCLE_MANAGE)
    cycle = db.session().get(ReportingCycle, found.cycle_id) if found.cycle_id else None
    # unchecked, the box sends nothing: offered and absent means "do not notify members"
    notify = "notify_offered" not in request.form or request.form.get("notify") == "1"
    try:
        edition = editions.publish(
            found, current_user, correction=request.form.get("correction", ""), notify=notify
        )
    except editions.PublishRefused as refused:
        db.session().rollback()
        said = refusal_words(refused.reason, cycle) or _("本任务不能发布。")
        if refused.reason in editions.NOTE_REASONS:
            # the page again, the note as typed in its field and the message beside it
            typed = edition_choices.PublishForm(request.form.get("correction", ""), notify, said)
            return Response(job_views.job_page(found, typed), status=422, mimetype="text/html")
        flash(said, "error")
        return redirect(url_for(".job", job_id=job_id))
    stamp = edition_stamp.queue_stamp(found)  # the annual report says its edition (worker)
    db.session().commit()
    if stamp:
        edition_stamp.stamp_edition(found.id)
    flash(published_words(found, cycle.year if cycle is not None else 0, edition), "success")
    if edition_choices.members_not_notified(found):
        flash(_("未通知会员：本版不发送通知邮件。"), "info")
    return redirect(url_for("cycles.detail", cycle_id=found.cycle_id, _anchor="editions"))


def published_words(job: ReportJob, year: int, edition: int) -> str:
    """Say which edition the job was just published as: its year, kind, language and number."""
    return str(_("已发布 %(edition)s。", edition=job_words.edition_name(job, year, edition)))


@bp.post("/jobs/<int:job_id>/withdraw")
@login_required
def job_withdraw(job_id: int) -> Response:
    found = get_or_404(ReportJob, job_id)
    require(current_user, Action.CYCLE_MANAGE)
    try:
        edition_withdrawals.withdraw(found, current_user, request.form.get("reason", ""))
    except edition_withdrawals.WithdrawRefused as refused:
        db.session().rollback()
        flash(str(WITHDRAW_REFUSALS.get(refused.reason, _("本版不能撤回。"))), "error")
        return redirect(url_for(".job", job_id=job_id, _anchor="job-withdraw"))
    db.session().commit()
    withdrawal_mail.enqueue_withdrawal_notices(found, current_user)
    flash(_("已撤回正式版第 %(edition)d 版。", edition=found.edition or 0), "success")
    return redirect(url_for("cycles.detail", cycle_id=found.cycle_id, _anchor="editions"))


@bp.post("/jobs/<int:job_id>/restamp")
@login_required
def job_restamp(job_id: int) -> Response:
    """Queue again the worker's render of an edition whose stamp failed (secretariat)."""
    found = get_or_404(ReportJob, job_id)
    require(current_user, Action.CYCLE_MANAGE)
    try:
        edition_stamp.restamp(found, current_user)
    except edition_stamp.RestampRefused as refused:
        db.session().rollback()
        if refused.reason == "live":  # a colleague's retry, a double click: already under way
            flash(_("本版正在加盖版次，无需重新加盖。"), "info")
        else:
            flash(_("只有加盖版次失败的正式版可以重新加盖。"), "error")
    else:
        db.session().commit()
        edition_stamp.stamp_edition(found.id)
        flash(_("已重新排队加盖版次。"), "success")
    return redirect(url_for("cycles.detail", cycle_id=found.cycle_id, _anchor=f"edition-{job_id}"))


# Why a withdrawal was refused, by WithdrawRefused.reason (words of the page's language).
WITHDRAW_REFUSALS = {
    "no_reason": _l("请填写撤回原因：它记入审计日志，并列在年度页面上。"),
    "too_long": _l("撤回原因太长，请缩短到 500 字以内。"),
    "withdrawn": _l("本版已撤回。"),
    "not_published": _l("本文件尚未发布，无需撤回。"),
}
