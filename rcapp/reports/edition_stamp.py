"""A published annual report is made again with its edition on the cover and in every footer.

The number is decided at publish, after the PDF was made: the worker renders the report
again from the closed year's frozen figures, with the edition line and the publication date,
and only once the new file is written does the edition point at it and the old file go.
A year reopened since its close is not rendered again (its figures may have moved): the
edition keeps its file as published. Runs on the task queue, never in the request.
"""

from __future__ import annotations

import json
import logging

from rcapp import db
from rcapp.clock import beijing_day
from rcapp.cycles.models import ReportingCycle
from rcapp.queue import app_task
from rcapp.reports import documents, jobs
from rcapp.reports.editions import made_after_close
from rcapp.reports.models import JobKind, ReportJob
from rcapp.row_locks import lock_row

logger = logging.getLogger(__name__)

STAMPED_KEY = "stamped_edition"


def is_stamped(job: ReportJob) -> bool:
    return job.edition is not None and jobs.params_of(job).get(STAMPED_KEY) == job.edition


def needs_stamp(job: ReportJob) -> bool:
    return job.kind is JobKind.ANNUAL_REPORT and job.edition is not None and not is_stamped(job)


@app_task()
def stamp_edition(job_id: int) -> None:
    """Render the published annual report again with its edition line; swap the files."""
    session = db.session()
    job = session.get(ReportJob, job_id)
    if job is None or not needs_stamp(job) or job.published_at is None:
        return
    cycle = session.get(ReportingCycle, job.cycle_id) if job.cycle_id else None
    if cycle is None or not made_after_close(job, cycle) or job.finished_at is None:
        logger.info("Report job %s: year reopened since, edition not stamped", job_id)
        return
    number, original = job.edition or 0, job.result_file
    mark = documents.EditionMark(
        number=number,
        published_on=beijing_day(job.published_at),
        generated_on=beijing_day(job.finished_at),
    )
    with db.deferred_transactions():  # minutes of layout: no write lock held meanwhile
        data = documents.annual_report_pdf(cycle, job.lang, edition=mark)
    stored = jobs.keep_file(data)
    if not lock_row(job) or job.result_file != original or job.edition != number:
        (jobs.jobs_dir() / stored).unlink(missing_ok=True)  # changed meanwhile: left as it is
        return
    params = jobs.params_of(job)
    params[STAMPED_KEY] = number
    job.params = json.dumps(params, ensure_ascii=False)
    job.result_file = stored
    session.commit()
    if original is not None:
        (jobs.jobs_dir() / original).unlink(missing_ok=True)
    logger.info("Report job %s: edition %s stamped on its PDF", job_id, number)
