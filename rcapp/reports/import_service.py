"""Imports held between the preview and the decision: the uploaded file waits on disk.

Nothing is written to the database until the user applies; cancelling deletes the file.
The file is named by the assessment and a random token, so a token cannot reach another
assessment's upload or any other path.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import rubric_of
from rcapp.reports.importer import ImportPlan, plan_import
from rcapp.reports.jobs import jobs_dir
from rcapp.reports.template_read import read_template

TOKEN = re.compile(r"^[0-9a-f]{32}$")


def _path(assessment: Assessment, token: str) -> Path | None:
    if not TOKEN.match(token):
        return None
    directory = jobs_dir() / "imports"
    directory.mkdir(exist_ok=True)
    return directory / f"{assessment.id}-{token}.xlsx"


def plan_upload(assessment: Assessment, data: bytes) -> ImportPlan:
    return plan_import(assessment, rubric_of(assessment), read_template(data))


def hold_upload(assessment: Assessment, data: bytes) -> str:
    token = secrets.token_hex(16)
    path = _path(assessment, token)
    if path is None:  # cannot happen: a fresh token always matches the pattern
        raise ValueError(token)
    path.write_bytes(data)
    return token


def held_upload(assessment: Assessment, token: str) -> bytes | None:
    path = _path(assessment, token)
    return path.read_bytes() if path is not None and path.is_file() else None


def drop_upload(assessment: Assessment, token: str) -> None:
    path = _path(assessment, token)
    if path is not None:
        path.unlink(missing_ok=True)
