"""The secretariat recomputes an open year's stored results: confirm, then watch the job."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.cycles.models import ReportingCycle
from rcapp.errors import InvalidState
from rcapp.permissions import Action, require
from rcapp.reports import tasks
from rcapp.reports.blueprint import bp, report_lang
from rcapp.reports.recompute_job import active_job, start_recompute
from rcapp.web import get_or_404, login_required


@bp.get("/cycles/<int:cycle_id>/recompute")
@login_required
def recompute(cycle_id: int) -> str:
    """Say what the recomputation does and ask to confirm it (a closed year: why not)."""
    cycle = get_or_404(ReportingCycle, cycle_id)
    require(current_user, Action.CYCLE_MANAGE)
    active = active_job(cycle) if cycle.is_open else None
    return render_template("reports/recompute.html", cycle=cycle, active=active)


@bp.post("/cycles/<int:cycle_id>/recompute")
@login_required
def start_recompute_job(cycle_id: int) -> Response:
    cycle = get_or_404(ReportingCycle, cycle_id)
    require(current_user, Action.CYCLE_MANAGE)
    try:
        job, created = start_recompute(cycle, current_user, report_lang())
    except InvalidState:
        db.session().rollback()
        closed = _("%(year)d 年度已关闭：已关闭年度的结果已冻结，不重新计算。", year=cycle.year)
        flash(closed, "error")
        return redirect(url_for("cycles.detail", cycle_id=cycle.id))
    db.session().commit()
    if created:
        tasks.enqueue(job)
    else:
        flash(_("本年度的重新计算已在进行，这是它的进度，未再开始一次。"), "warning")
    return redirect(url_for(".job", job_id=job.id))
