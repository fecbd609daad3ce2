"""Imports held between the preview and the decision: the uploaded file waits on disk.

Nothing is written to the database until the user applies; cancelling deletes the file.
The file is named by the assessment and a random token, so a token cannot reach another
assessment's upload or any other path; the page offers a held file again only where it is
recorded as this user's (held_imports). An import that left rows unticked keeps its file, so
the user can come back to its preview and import those rows; a file is held for
`HOLD_SECONDS` after its upload, then it is gone (removed when next asked for or when
another file is held).
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Collection
from pathlib import Path

from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import rubric_of
from rcapp.reports.import_register import warn_register
from rcapp.reports.importer import ImportPlan, name_columns, plan_import
from rcapp.reports.jobs import jobs_dir
from rcapp.reports.template_read import FileProblem, ParsedTemplate, read_template

TOKEN = re.compile(r"^[0-9a-f]{32}$")
HOLD_SECONDS = 24 * 60 * 60  # a working day to come back to the rows left out


def _path(assessment: Assessment, token: str) -> Path | None:
    if not TOKEN.match(token):
        return None
    directory = jobs_dir() / "imports"
    directory.mkdir(exist_ok=True)
    return directory / f"{assessment.id}-{token}.xlsx"


def plan_upload(assessment: Assessment, data: bytes) -> ImportPlan:
    return plan_parsed(assessment, read_template(data))


def plan_parsed(assessment: Assessment, parsed: ParsedTemplate) -> ImportPlan:
    """Check the file and list its changes; warn where KPI data and events would disagree."""
    rubric = rubric_of(assessment)
    plan = plan_import(assessment, rubric, parsed)
    warn_register(assessment, rubric, parsed, plan)
    name_columns(plan, parsed)  # the register's warnings too
    return plan


def without_registered_events(plan: ImportPlan) -> ImportPlan:
    """Drop the "already in the events register" notes of a preview opened again.

    The first preview said it once for each event registered before; once the import wrote
    the file's own events, each was said again on every reopened preview (jobsfix3 item 7).
    """
    plan.warnings = [
        w
        for w in plan.warnings
        if not (isinstance(w.problem, FileProblem) and w.problem.code == "event_registered")
    ]
    return plan


def hold_upload(assessment: Assessment, data: bytes) -> str:
    token = secrets.token_hex(16)
    path = _path(assessment, token)
    if path is None:  # cannot happen: a fresh token always matches the pattern
        raise ValueError(token)
    _drop_expired(path.parent)
    path.write_bytes(data)
    return token


def held_upload(assessment: Assessment, token: str) -> bytes | None:
    """Return the held file, or None once it was applied in full, cancelled or held too long."""
    path = _path(assessment, token)
    if path is None or not path.is_file():
        return None
    if _expired(path):
        path.unlink(missing_ok=True)
        return None
    return path.read_bytes()


def _expired(path: Path) -> bool:
    try:
        return time.time() - path.stat().st_mtime > HOLD_SECONDS
    except FileNotFoundError:
        return True


def _drop_expired(directory: Path) -> None:
    for held in directory.glob("*.xlsx"):
        if _expired(held):
            held.unlink(missing_ok=True)


def drop_upload(assessment: Assessment, token: str) -> None:
    path = _path(assessment, token)
    if path is not None:
        path.unlink(missing_ok=True)


def newest_held(assessment: Assessment, tokens: Collection[str]) -> str | None:
    """Return the token among `tokens` whose file for the assessment is held and newest.

    Only recorded tokens are asked for (held_imports): a file in the folder is not offered
    because it is there.
    """
    held = []
    for token in tokens:
        path = _path(assessment, token)
        if path is not None and path.is_file() and not _expired(path):
            held.append((path.stat().st_mtime, token))
    return max(held)[1] if held else None
