"""The audit log's Excel export as a report job: the filters it was asked with, its workbook.

The job keeps the audit page's filters as they were typed and the newest entry's id at the
time of asking, so the file lists the log as it stood then, whenever the worker gets to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import force_locale
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from rcapp import db
from rcapp.accounts.models import User
from rcapp.accounts.views.audit import AuditFilterForm, search
from rcapp.audit.models import AuditEntry
from rcapp.clock import to_beijing
from rcapp.reports import data_lists, jobs
from rcapp.reports.blueprint import XLSX
from rcapp.reports.documents import locale_of
from rcapp.reports.excel import workbook_bytes
from rcapp.reports.models import JobKind, ReportJob

FILTER_FIELDS = (
    "organisation",
    "year",
    "entity",
    "entity_id",
    "actor",
    "action",
    "date_from",
    "date_to",
)


def filters_of(values: Mapping[str, Any]) -> dict[str, str]:
    """Keep the audit page's filters from a query string or a form: known names, not empty."""
    return {name: str(values[name]) for name in FILTER_FIELDS if values.get(name)}


def filter_form(filters: Mapping[str, str]) -> AuditFilterForm:
    """Read kept filters as the audit page reads its query string (errors mark bad ones)."""
    form = AuditFilterForm(MultiDict(filters))
    form.validate()
    return form


def filter_notes(form: AuditFilterForm) -> tuple[str, ...]:
    """Word the line above the header naming the filters applied (not those in error)."""
    chosen = [f for f in form if f.data and not f.errors]
    return data_lists.filter_notes([(str(f.label.text), data_lists.shown_value(f)) for f in chosen])


def request_export(actor: User, filters: Mapping[str, Any], lang: str) -> ReportJob:
    """Record an audit-log job for the worker; the caller commits, then enqueues it."""
    newest = db.session().scalar(select(func.max(AuditEntry.id))) or 0
    params = {"filters": filters_of(filters), "until_id": newest}
    return jobs.request_job(JobKind.AUDIT_LOG, actor, lang=lang, params=params)


def kept_filters(job: ReportJob) -> dict[str, str]:
    found = jobs.params_of(job).get("filters")
    return filters_of(found) if isinstance(found, dict) else {}


def job_notes(job: ReportJob) -> tuple[str, ...]:
    """Name a job's filters in the current language (for its page)."""
    return filter_notes(filter_form(kept_filters(job)))


def audit_workbook(job: ReportJob, progress: data_lists.Progress) -> tuple[bytes, str, str]:
    """Write the entries the job's filters select, up to the newest one when it was asked."""
    until_id = jobs.params_of(job).get("until_id")
    with force_locale(locale_of(job.lang)):
        form = filter_form(kept_filters(job))
        statement = search(form)
        if isinstance(until_id, int):
            statement = statement.where(AuditEntry.id <= until_id)
        sheet = data_lists.audit_sheet(statement, filter_notes(form), progress)
        data = workbook_bytes([sheet])  # rows are worded as they are written: in the locale
    return data, filename(job), XLSX


def filename(job: ReportJob) -> str:
    """Name the file by the day it was asked for (Beijing), as the list downloads are named."""
    stamp = to_beijing(job.created_at).strftime("%Y%m%d")
    suffix = "-en" if job.lang == "en" else ""
    return f"audit-{stamp}{suffix}.xlsx"
