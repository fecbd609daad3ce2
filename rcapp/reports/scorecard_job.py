"""One assessment's PDF scorecard as a report job: ask for it, reuse one of the same content.

WeasyPrint takes seconds, so the worker makes the PDF (QA13 S21). A finished job is served
again only when it holds exactly what the scorecard shows now: its `content` key is the
hash of the page the worker turned into the PDF (with the print stylesheet and WeasyPrint's
version), and a request compares it with the hash of the page as it would be rendered now
(the data and page take some 0.1-0.3 s, as the result page does; the PDF 2-5 s). Whatever
changed (answers, a snapshot, a review, the organisation's name, the day printed on it, a
translation), the page differs and a new job is queued. Services flush and never commit.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from pathlib import Path

import weasyprint
from flask import current_app
from sqlalchemy import select

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments.models import Assessment
from rcapp.db import utcnow
from rcapp.reports import documents, jobs
from rcapp.reports.blueprint import PDF
from rcapp.reports.models import JobKind, JobStatus, ReportJob
from rcapp.reports.pdf import PRINT_CSS

logger = logging.getLogger(__name__)

# A job still running after this long is taken for one whose worker died: not waited on.
RUNNING_AT_MOST = jobs.SCORECARD_LOST_AFTER


def content_key(html: str) -> str:
    """Hash everything the PDF is made of: the page, the print stylesheet, WeasyPrint."""
    static = Path(current_app.static_folder or "static")
    digest = hashlib.sha256(weasyprint.__version__.encode())
    digest.update((static / PRINT_CSS.removeprefix("/static/")).read_bytes())
    digest.update(html.encode())
    return digest.hexdigest()


def request_scorecard(assessment: Assessment, actor: User, lang: str) -> tuple[ReportJob, bool]:
    """Return a job for the scorecard as it stands now, and whether it is new.

    A new job is recorded queued; the caller commits, then enqueues it (tasks.enqueue).
    """
    lang = "en" if lang == "en" else "zh"
    key = content_key(documents.scorecard_html(assessment, lang))
    _one_request_at_a_time(assessment)
    jobs.fail_lost_jobs()  # the one a killed worker left "running" now says so
    found = reusable_job(assessment, lang, key)
    if found is not None:
        logger.info("Scorecard job %s reused for %s", found.id, actor.id)
        return found, False
    params = {"assessment_id": assessment.id, "asked": key}
    job = jobs.request_job(
        JobKind.SCORECARD, actor, cycle=assessment.cycle, lang=lang, params=params
    )
    return job, True


def _one_request_at_a_time(assessment: Assessment) -> None:
    """Hold the assessment's row lock to the commit, so two requests at once make one job.

    Two clicks at the same instant both looked for a job, found none and queued one each.
    On PostgreSQL the second request waits here (FOR NO KEY UPDATE: inserts that refer to
    the assessment, such as answers, do not wait) and then, reading committed rows, finds
    the first one's job. SQLite has no row locks, but a request that may write already
    holds the database write lock from its first statement (rcapp.db, BEGIN IMMEDIATE).
    Taken after the page is rendered, so the lock lasts only the look-up and the insert.
    """
    db.session().execute(
        select(Assessment.id).where(Assessment.id == assessment.id).with_for_update(key_share=True)
    )


def reusable_job(assessment: Assessment, lang: str, key: str) -> ReportJob | None:
    """Find a job of the assessment and language whose file will be what `key` names.

    A queued job reads the data when it runs, so never older than now. A running or
    finished one counts only when the page it rendered has `key` (and a finished one only
    while its file is kept). Until the worker's progress write records that page, a running
    job stands for the page asked for at enqueue (written with the job row, under the
    assessment's lock): a skipped progress write does not make a second request queue again.
    """
    statement = (
        select(ReportJob)
        .where(
            ReportJob.kind == JobKind.SCORECARD,
            ReportJob.cycle_id == assessment.cycle_id,
            ReportJob.lang == lang,
            ReportJob.status.in_([JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.DONE]),
        )
        .order_by(ReportJob.id.desc())
    )
    now = utcnow()
    for job in db.session().scalars(statement):
        params = jobs.params_of(job)
        if params.get("assessment_id") != assessment.id:
            continue
        if job.status is JobStatus.QUEUED:
            return job
        if params.get("content", params.get("asked")) != key:
            continue
        if job.status is JobStatus.RUNNING and now - job.updated_at < RUNNING_AT_MOST:
            return job
        if job.status is JobStatus.DONE and jobs.result_path(job) is not None:
            return job
    return None


def scorecard_product(
    job: ReportJob, progress: Callable[[int, int], None]
) -> tuple[bytes, str, str]:
    """Render the page, keep its key on the job (visible at once), then make the PDF."""
    assessment = jobs.assessment_of(job)
    if assessment is None:
        raise LookupError(f"assessment {jobs.params_of(job).get('assessment_id')} is gone")
    html = documents.scorecard_html(assessment, job.lang)
    job.params = json.dumps({**jobs.params_of(job), "content": content_key(html)})
    progress(1, 10)  # commits: a request for the same content now waits for this job
    data = documents.pdf_of(html)
    return data, documents.scorecard_filename(assessment, job.lang), PDF
