"""Which held template imports a user is offered again: only those recorded as theirs.

A held file waits in REPORTS_DIR/imports named by assessment id and token (import_service).
A folder shared by two instances (the default once was the code's own instance folder) held
another database's uploads under the same assessment ids, and a park was offered a file
another instance's user had uploaded for its own assessment 19 (qa64 M2). So the page offers
a file only when it is recorded: in this session, for this database, user and assessment
(the preview checked at once), or as this user's import job of this assessment in this
database (the preview checked on the queue). Held files without a record are never offered;
import_service drops them once held too long, as it drops every held file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from flask import current_app, session
from sqlalchemy import select

from rcapp import db
from rcapp.assessments.models import Assessment
from rcapp.db import utcnow
from rcapp.reports import import_service
from rcapp.reports.models import JobKind, ReportJob
from rcapp.web import user_object

SESSION_KEY = "held_imports"
KEPT = 8  # the latest held uploads a session remembers; older ones are not offered


def _owner(assessment: Assessment) -> list[str | int]:
    """Return this database, user and assessment: what a session record must match."""
    url = str(current_app.config["DATABASE_URL"]).encode()
    return [hashlib.sha256(url).hexdigest()[:16], user_object().id, assessment.id]


def remember_held(assessment: Assessment, token: str) -> None:
    """Record in the session that this user holds `token`'s upload for the assessment."""
    entry = [*_owner(assessment), token]
    kept = [e for e in session.get(SESSION_KEY, []) if e != entry][-(KEPT - 1) :]
    session[SESSION_KEY] = [*kept, entry]


def offered_held(assessment: Assessment) -> str | None:
    """Return the token of this user's newest upload of the assessment still held, if any."""
    owner = _owner(assessment)
    tokens = {e[-1] for e in session.get(SESSION_KEY, []) if e[:-1] == owner}
    tokens |= _job_tokens(assessment)
    return import_service.newest_held(assessment, tokens)


def _job_tokens(assessment: Assessment) -> set[str]:
    """Return the tokens of this user's recent import jobs of the assessment."""
    since = utcnow() - dt.timedelta(seconds=import_service.HOLD_SECONDS)
    params = db.session().scalars(
        select(ReportJob.params).where(
            ReportJob.kind == JobKind.IMPORT,
            ReportJob.requested_by_id == user_object().id,
            ReportJob.created_at >= since,
        )
    )
    tokens = set()
    for text in params:
        found = json.loads(text or "{}")
        if found.get("assessment_id") == assessment.id and isinstance(found.get("token"), str):
            tokens.add(found["token"])
    return tokens
