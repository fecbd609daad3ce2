"""The audit log's Excel export on the web: start its report job; the old address offers to.

A long log takes too long for a request, so the file is built by the worker.
"""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.permissions import Action, require
from rcapp.reports import audit_export, jobs, tasks
from rcapp.reports.blueprint import bp, report_lang
from rcapp.reports.models import JobKind, JobStatus, ReportJob
from rcapp.web import login_required


@bp.post("/audit/jobs")
@login_required
def start_audit_job() -> Response:
    """Queue the export with the filters the form carries, and show the job's page."""
    require(current_user, Action.AUDIT_VIEW)
    job = audit_export.request_export(current_user, request.form, report_lang())
    jobs.purge_expired()
    db.session().commit()
    tasks.enqueue(job)
    return redirect(url_for(".job", job_id=job.id))


@bp.get("/audit.xlsx")
@login_required
def audit() -> str:
    """Answer the old download address (bookmarks) with a page whose button starts the job.

    A GET starts nothing: a reload, a prefetch or a crawler would each queue a workbook.
    The page offers the newest workbook of the same filters this user produced, while it is
    kept (QA47 S7: the address gave no workbook at all).
    """
    require(current_user, Action.AUDIT_VIEW)
    filters = audit_export.filters_of(request.args)
    notes = audit_export.filter_notes(audit_export.filter_form(filters))
    latest = _latest_export(filters)  # a bookmark still gets its workbook, when one is kept
    return render_template("reports/audit_export.html", filters=filters, notes=notes, latest=latest)


def _latest_export(filters: dict[str, str]) -> ReportJob | None:
    """Return the newest finished export of the same filters by this user, while kept."""
    statement = (
        select(ReportJob)
        .where(
            ReportJob.kind == JobKind.AUDIT_LOG,
            ReportJob.status == JobStatus.DONE,
            ReportJob.requested_by_id == current_user.id,
        )
        .order_by(ReportJob.id.desc())
        .limit(20)
    )
    for job in db.session().scalars(statement):
        if audit_export.kept_filters(job) == filters and jobs.result_path(job) is not None:
            return job
    return None
