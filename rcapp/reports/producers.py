"""What each kind of report job produces: bytes, a file name and a media type."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from rcapp import db
from rcapp.cycles.models import ReportingCycle
from rcapp.reports import (
    audit_export,
    documents,
    import_jobs,
    queries,
    scorecard_job,
    scorecard_scope,
    zip_entries,
)
from rcapp.reports.blueprint import PDF, XLSX
from rcapp.reports.models import JobKind, ReportJob

Progress = Callable[[int, int], None]
Product = tuple[bytes, str, str]
ZIP = "application/zip"


def produce(job: ReportJob, progress: Progress) -> Product:
    producer = PRODUCERS.get(job.kind)
    if producer is None:
        raise ValueError(f"report jobs of kind {job.kind} are not produced here")
    return producer(job, progress)


def _cycle(job: ReportJob) -> ReportingCycle:
    cycle = db.session().get(ReportingCycle, job.cycle_id) if job.cycle_id else None
    if cycle is None:
        raise LookupError(f"reporting cycle {job.cycle_id} no longer exists")
    return cycle


def annual_workbook(job: ReportJob, progress: Progress) -> Product:
    cycle = _cycle(job)
    data = documents.annual_workbook(cycle, job.lang, progress)
    return data, documents.annual_workbook_filename(cycle, job.lang), XLSX


def annual_report(job: ReportJob, progress: Progress) -> Product:
    cycle = _cycle(job)
    data = documents.annual_report_pdf(cycle, job.lang, progress)
    return data, documents.annual_report_filename(cycle, job.lang), PDF


def scorecards(job: ReportJob, progress: Progress) -> Product:
    """Zip the PDF scorecard of every submitted assessment of the cycle.

    Member names are UTF-8 (zipfile sets the UTF-8 flag for a Chinese name by itself).
    """
    cycle = _cycle(job)
    scope = scorecard_scope.scope_of(job)  # all submitted, or a group's, or the rated only
    assessments = scorecard_scope.chosen(scope, queries.results_of_cycle(cycle))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, assessment in enumerate(assessments, start=1):
            name = documents.scorecard_filename(assessment, job.lang)
            zip_entries.add_member(archive, name, documents.scorecard_pdf(assessment, job.lang))
            progress(done, len(assessments))
    suffix = scope.file_suffix() + ("-en" if job.lang == "en" else "")
    return buffer.getvalue(), f"scorecards-{cycle.year}{suffix}.zip", ZIP


PRODUCERS: dict[JobKind, Callable[[ReportJob, Progress], Product]] = {
    JobKind.ANNUAL_WORKBOOK: annual_workbook,
    JobKind.ANNUAL_REPORT: annual_report,
    JobKind.SCORECARDS: scorecards,
    JobKind.IMPORT: import_jobs.check_held_upload,
    JobKind.AUDIT_LOG: audit_export.audit_workbook,
    JobKind.SCORECARD: scorecard_job.scorecard_product,
}
