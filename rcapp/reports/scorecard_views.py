"""The PDF scorecard on the web: a POST queues its job (or reuses one), a page waits for it.

The page says it is being prepared and starts the download when the file is ready (js/job.js;
without script the page reloads itself and offers a refresh link, then the download). The
old download address answers with a page whose button starts the job: a GET starts nothing.
"""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.assessments.models import Assessment
from rcapp.db import utcnow
from rcapp.permissions import Action, require
from rcapp.reports import job_words, jobs, scorecard_job, tasks
from rcapp.reports.blueprint import bp, report_lang
from rcapp.reports.models import ReportJob
from rcapp.web import get_or_404, login_required


@bp.post("/assessments/<int:assessment_id>/scorecard")
@login_required
def start_scorecard_job(assessment_id: int) -> Response:
    """Queue the scorecard (unless a job of the same content serves) and show its page."""
    assessment = get_or_404(Assessment, assessment_id)
    require(current_user, Action.RESULT_VIEW, assessment)
    job, new = scorecard_job.request_scorecard(assessment, current_user, report_lang())
    if new:
        jobs.purge_expired()
        db.session().commit()
        tasks.enqueue(job)
    return redirect(url_for(".job", job_id=job.id, start=1))


@bp.get("/assessments/<int:assessment_id>/scorecard.pdf")
@login_required
def scorecard(assessment_id: int) -> str:
    """Answer the old download address (bookmarks) with a page whose button starts the job."""
    assessment = get_or_404(Assessment, assessment_id)
    require(current_user, Action.RESULT_VIEW, assessment)
    lang = request.args.get("lang", "")
    return render_template(
        "reports/scorecard_offer.html",
        assessment=assessment,
        lang=lang if lang in ("zh", "en") else None,
    )


def job_page(found: ReportJob, poll_seconds: int) -> str:
    """Render a scorecard job's page; `?start=1` (from the button) starts the download."""
    return render_template(
        "reports/scorecard_job.html",
        job=found,
        assessment=jobs.assessment_of(found),
        downloadable=jobs.result_path(found) is not None,
        poll_seconds=poll_seconds,
        start=request.args.get("start") == "1",
        failure=job_words.failure_words(
            found.error, job_words.error_number(found.id, found.updated_at)
        ),
        **job_words.stall_notice(found, utcnow(), jobs.worker_last_seen()),  # QA35 D3
        lost_in=jobs.minutes_until_lost(found, utcnow()),
    )
