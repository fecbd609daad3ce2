"""The organisation imports the jobs page lists beside the report jobs (secretariat only).

An import's job is a JSON state beside its upload (rcapp.organisations.import_job), not a
ReportJob row: the organisations package sits below this one and knows nothing of it, so
the jobs page, above both, reads the imports' states here. Each row links to its import's
page for its uploader; that page is the uploader's alone (a colleague sees the row only).

Every upload before confirming replaces the uploader's earlier one: a secretary correcting a
file five times left five "replaced" rows above the one that counts. The page folds them
(split_replaced): one line says how many, and opens to list them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from rcapp import db
from rcapp.accounts.models import User
from rcapp.organisations import import_job
from rcapp.organisations.import_job import REPLACED
from rcapp.organisations.import_words import moment, state_words
from rcapp.permissions import Action, Principal, can


@dataclass(frozen=True)
class ImportRow:
    token: str
    filename: str
    uploader: str
    uploaded_at: dt.datetime
    state: str
    words: str
    own: bool  # the viewer uploaded it: the row links to its page
    # Queued or started and not moving for too long (import_job's rule): its worker may be down.
    waiting: int | None = None
    quiet: int | None = None

    @property
    def stall(self) -> bool:
        return self.waiting is not None or self.quiet is not None


def import_rows(viewer: Principal) -> list[ImportRow]:
    """List everyone's organisation imports still on disk, the latest first, if `viewer` may."""
    if not can(viewer, Action.ORG_CREATE):
        return []
    found = import_job.everyone()
    ids = {user_id for user_id, _job in found}
    names = dict(db.session().execute(select(User.id, User.name).where(User.id.in_(ids))).all())
    return [
        ImportRow(
            job.token,
            job.filename,
            str(names.get(user_id, "—")),
            moment(job.uploaded_at),
            job.state,
            state_words(job),
            user_id == viewer.id,
            job.queued_minutes(),
            job.quiet_minutes(),
        )
        for user_id, job in found
    ]


def split_replaced(rows: list[ImportRow]) -> tuple[list[ImportRow], list[ImportRow]]:
    """Return the rows to list, then the replaced uploads to fold away, each the latest first."""
    return (
        [row for row in rows if row.state != REPLACED],
        [row for row in rows if row.state == REPLACED],
    )
