"""Publishing a closed year's report job as its edition, on the web (rcapp.reports.editions)."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.cycles.models import ReportingCycle
from rcapp.permissions import Action, require
from rcapp.reports import editions
from rcapp.reports.blueprint import bp
from rcapp.reports.models import ReportJob
from rcapp.web import get_or_404, login_required


def refusal_words(reason: str | None, cycle: ReportingCycle | None) -> str | None:
    """Say why a job cannot be published, in the page's language (None: it can, or no need)."""
    year = cycle.year if cycle is not None else 0
    words = {
        "year_open": _(
            "%(year)d 年度尚未关闭（或仍在关闭中），本文件为暂定版，不能发布为正式版："
            "请在年度关闭后重新生成再发布。",
            year=year,
        ),
        "before_close": _(
            "本文件生成于 %(year)d 年度最近一次关闭完成之前（暂定或已过时），不能发布为正式版："
            "请重新生成后再发布。",
            year=year,
        ),
        "file_gone": _("文件已过期删除，不能发布：请重新生成后再发布。"),
        "published": _("本文件已发布为正式版。"),
    }
    return words.get(reason or "")


@bp.post("/jobs/<int:job_id>/publish")
@login_required
def job_publish(job_id: int) -> Response:
    found = get_or_404(ReportJob, job_id)
    require(current_user, Action.CYCLE_MANAGE)
    cycle = db.session().get(ReportingCycle, found.cycle_id) if found.cycle_id else None
    try:
        edition = editions.publish(found, current_user)
    except editions.PublishRefused as refused:
        db.session().rollback()
        flash(refusal_words(refused.reason, cycle) or _("本任务不能发布。"), "error")
        return redirect(url_for(".job", job_id=job_id))
    db.session().commit()
    year = cycle.year if cycle is not None else 0
    flash(
        _("已发布为 %(year)d 年度正式版第 %(edition)d 版。", year=year, edition=edition), "success"
    )
    return redirect(url_for("cycles.detail", cycle_id=found.cycle_id, _anchor="editions"))
