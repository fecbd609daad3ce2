"""Large template imports checked on the task queue, the preview shown when the check is done.

A template with more rows than `IMPORT_JOB_ROWS` (default 1,000: answers and KPI inputs of
the assessment's rubric) is held on disk and checked by a report job of kind
`import`; the job keeps the preview (problems and changes, already in words) as a small
JSON file. Applying stays in the request, which checks the file once more (the web may
have moved on) and writes through the assessment services, as for a small import.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from flask import current_app
from flask_babel import force_locale

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import rubric_of
from rcapp.reports import import_service, jobs
from rcapp.reports.import_cleared import NO_CLEARS, Clears, previewed_clears
from rcapp.reports.import_messages import located_text, worded_warnings
from rcapp.reports.importer import Change, ImportPlan
from rcapp.reports.models import JobKind, ReportJob
from rcapp.reports.template_read import read_template

DEFAULT_JOB_ROWS = 1000
JSON = "application/json"
Progress = Callable[[int, int], None]


def template_rows(assessment: Assessment) -> int:
    """How many rows the assessment's template has (one per item and KPI input)."""
    rubric = rubric_of(assessment)
    return len(rubric.item_index()) + len(rubric.kpi_inputs)


def runs_as_job(assessment: Assessment) -> bool:
    limit = int(current_app.config.get("IMPORT_JOB_ROWS", DEFAULT_JOB_ROWS))
    return template_rows(assessment) > limit


def start_import_job(assessment: Assessment, data: bytes, actor: User, lang: str) -> ReportJob:
    """Hold the upload and record the job that checks it (the caller commits, then enqueues)."""
    token = import_service.hold_upload(assessment, data)
    params = {"assessment_id": assessment.id, "token": token}
    return jobs.request_job(JobKind.IMPORT, actor, cycle=assessment.cycle, lang=lang, params=params)


@dataclass
class StoredPreview:
    """What the preview page needs of an ImportPlan, read back from the job's file."""

    assessment_id: int
    token: str
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    first_warnings: list[str] = field(default_factory=list)  # import_messages.SHOWN_FIRST
    changes: list[Change] = field(default_factory=list)
    clears: Clears = NO_CLEARS

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def conflicts(self) -> list[Change]:
        return [c for c in self.changes if c.conflict]


def check_held_upload(job: ReportJob, progress: Progress) -> tuple[bytes, str, str]:
    """Read and check the held file (the job's work); keep the preview as JSON."""
    params = jobs.params_of(job)
    assessment = db.session().get(Assessment, int(params.get("assessment_id", 0)))
    token = str(params.get("token", ""))
    if assessment is None:
        raise LookupError(f"assessment {params.get('assessment_id')} no longer exists")
    data = import_service.held_upload(assessment, token)
    if data is None:
        raise LookupError("the uploaded file is gone (cancelled or expired)")
    progress(1, 10)
    parsed = read_template(data)
    progress(5, 10)
    plan = import_service.plan_parsed(assessment, parsed)
    progress(9, 10)
    if not plan.ok or not plan.changes:
        import_service.drop_upload(assessment, token)  # nothing to decide on
    body = _preview_json(assessment, plan, token, job.lang)
    return body, f"import-{assessment.id}.json", JSON


def _preview_json(assessment: Assessment, plan: ImportPlan, token: str, lang: str) -> bytes:
    with force_locale("en" if lang == "en" else "zh_CN"):
        clears = (
            previewed_clears(assessment, rubric_of(assessment), plan, lang)
            if plan.ok
            else NO_CLEARS
        )
        first_warnings, warnings = worded_warnings(plan.warnings)
        document = {
            "assessment_id": plan.assessment_id,
            "token": token if plan.ok and plan.changes else "",
            "problems": [located_text(p) for p in plan.problems],
            "warnings": warnings,
            "first_warnings": first_warnings,
            "changes": [asdict(c) for c in plan.changes],
            "cleared_rows": sorted(clears.rows),
            "cleared_notes": list(clears.notes),
        }
    return json.dumps(document, ensure_ascii=False).encode()


def read_preview(raw: bytes) -> StoredPreview:
    document: dict[str, Any] = json.loads(raw)
    changes = [
        Change(
            key=c["key"],
            sheet=c["sheet"],
            row=c["row"],
            subject=c["subject"],
            fields=tuple(tuple(f) for f in c["fields"]),
            conflict=bool(c["conflict"]),
            label=(str(c["label"][0]), str(c["label"][1])) if c.get("label") else None,
            clashes=tuple(str(name) for name in c.get("clashes", ())),
            words=tuple((str(n), str(zh), str(en)) for n, zh, en in c.get("words", ())),
            reason=str(c.get("reason", "web")),
            changed_by=str(c.get("changed_by", "")),
            changed_at=str(c.get("changed_at", "")),
        )
        for c in document.get("changes", [])
    ]
    return StoredPreview(
        assessment_id=int(document["assessment_id"]),
        token=str(document.get("token", "")),
        problems=list(document.get("problems", [])),
        warnings=list(document.get("warnings", [])),
        first_warnings=list(document.get("first_warnings", [])),
        changes=changes,
        clears=Clears(
            frozenset((str(sheet), int(row)) for sheet, row in document.get("cleared_rows", ())),
            tuple(str(note) for note in document.get("cleared_notes", ())),
        ),
    )
