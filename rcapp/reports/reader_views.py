"""The members' annual reports page and its downloads (rcapp.reports.reader_editions)."""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp.downloads import send_download
from rcapp.i18n import current_lang
from rcapp.permissions import Action, require
from rcapp.reports import jobs, reader_editions
from rcapp.reports.blueprint import PDF, bp
from rcapp.web import login_required


@bp.get("/annual-reports")
@login_required
def annual_reports() -> str:
    require(current_user, Action.ANNUAL_REPORT_READ)
    return render_template(
        "reports/annual_reports.html", years=reader_editions.annual_reports(current_lang())
    )


@bp.get("/annual-reports/<int:job_id>/download")
@login_required
def annual_report_download(job_id: int) -> Response:
    """Send a published edition; any other job id, or one withdrawn, is not found (404)."""
    require(current_user, Action.ANNUAL_REPORT_READ)
    found = reader_editions.readable_edition(job_id)
    path = jobs.result_path(found) if found is not None else None
    if found is None or path is None:
        abort(404)
    return send_download(path, found.result_name or path.name, found.result_mime or PDF)
