"""The organisation import's work on the task queue: check the upload, then write it.

Both steps read the whole file and check every row against the register (about 10 s per
1,000 rows), so neither runs in the request (import_job explains the states). A job whose
upload is gone (cancelled, replaced by a newer upload, swept) stops without a word.
Neither holds SQLite's write lock while it checks: the write after the confirmation's check
is a transaction of its own, of a second or so for 3,000 rows (import_confirm).
The CLI (`rcapp orgs import`) checks and writes by the same path (import_confirm), at once.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from flask_babel import force_locale

from rcapp import db
from rcapp.organisations import import_hold, import_job
from rcapp.organisations.import_check import plan_file
from rcapp.organisations.import_confirm import check_and_write
from rcapp.organisations.import_job import (
    APPLIED,
    APPLYING,
    CHECKED,
    CHECKING,
    FAILED,
    Job,
    Preview,
)
from rcapp.queue import app_task
from rcapp.worker_identity import this_worker

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Confirmer:
    """Who confirmed the import, as the request saw them (a rcapp.permissions.Principal)."""

    id: int
    is_active: bool = True
    is_secretariat: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "is_active": self.is_active, "is_secretariat": self.is_secretariat}


def _locale(job: Job) -> str:
    return "en" if job.lang == "en" else "zh_CN"


def _still_there(user_id: int, token: str, state: str) -> tuple[Job, bytes] | None:
    job = import_job.load(user_id, token)
    if job is None or job.state != state:
        return None  # cancelled, replaced, or already done by another worker
    data = import_hold.held(user_id, token)
    return None if data is None else (job, data)


@app_task()
def check_import(user_id: int, token: str) -> None:
    """Check the held upload and keep its preview (the page polling the job then shows it)."""
    found = _still_there(user_id, token, CHECKING)
    if found is None:
        return
    job, data = found
    _started(user_id, job)
    # It only reads, for up to half a minute: on SQLite, without holding the write lock.
    with force_locale(_locale(job)), db.deferred_transactions():
        plan = plan_file(data)
        job.preview = import_job.preview_of(plan)
    job.preview = _in_other_language(job, job.preview, data)
    _show(user_id, job)
    logger.info("Organisation import %s of user %s checked", token, user_id)


def _in_other_language(job: Job, preview: Preview, data: bytes) -> Preview:
    """Word a preview's problems in the other language too: the page follows a switch.

    The problems come from the form's validators, the register and the file's reader, each
    worded as it is found; checking the file again in the other language words them all.
    """
    if preview.ok:
        return preview
    other = "zh" if job.lang == "en" else "en"
    with force_locale("en" if other == "en" else "zh_CN"), db.deferred_transactions():
        return import_job.with_problems_in(preview, other, plan_file(data))


def _started(user_id: int, job: Job) -> None:
    """Record that a worker took the step: from now on the job may be found lost."""
    now = import_job.load(user_id, job.token)
    if now is None or now.state != job.state:
        return  # replaced by a newer upload meanwhile: _show leaves it so
    job.started_at, job.worker = time.time(), this_worker()
    import_job.save(user_id, job)
    logger.info("Organisation import %s of user %s: %s started", job.token, user_id, job.state)


def _show(user_id: int, job: Job, changed: bool = False) -> None:
    now = import_job.load(user_id, job.token)
    if now is None or now.state != job.state:
        return  # cancelled or replaced by a newer upload while it was being checked
    if job.preview is None or not (job.preview.ok and job.preview.has_work):
        import_hold.drop_file(user_id, job.token)  # nothing to confirm: the file goes now
    job.state, job.changed, job.started_at = CHECKED, changed, None
    import_job.save(user_id, job)


# The step a write takes just before its commit, and the page giving up a lost write takes
# instead: whichever takes it first decides, so "nothing was written" stays true (import_job).
COMMIT = "commit"


class GivenUp(Exception):
    """The page gave the write up (lost) before it reached its commit: it must not commit."""


def _given_up(user_id: int, token: str) -> bool:
    now = import_job.load(user_id, token)
    return now is None or now.state != APPLYING


def give_up(user_id: int, job: Job) -> bool:
    """End a lost job (its files go); True when a write surely commits nothing, now or later."""
    stopped = job.state == APPLYING and job.wrote_nothing()
    stopped = stopped and import_hold.claim(user_id, job.token, COMMIT)
    import_hold.drop(user_id, job.token)
    return stopped


@app_task()
def apply_import(user_id: int, token: str) -> None:
    """Check the upload once more and write all its rows, or none (import_job, import_confirm)."""
    found = _still_there(user_id, token, APPLYING)
    if found is None or found[0].actor is None or found[0].preview is None:
        return
    shown = found[0].preview.fingerprint  # what the user saw and confirmed
    if not import_hold.claim(user_id, token, "apply"):
        return  # queued twice (two clicks at the same moment): the first one writes
    job, data = found
    job.committing = False
    _started(user_id, job)
    actor = Confirmer(**(job.actor or {}))

    def committing() -> None:  # from now on the rows may be written, if the worker dies
        if not job.committing:  # a second attempt (changed meanwhile) holds the step already
            if not import_hold.claim(user_id, token, COMMIT):
                raise GivenUp(token)  # the page gave it up, saying nothing was written
            if _given_up(user_id, token):
                import_hold.unclaim(user_id, token, COMMIT)
                raise GivenUp(token)
        job.committing = True
        import_job.save(user_id, job)

    with force_locale(_locale(job)):
        try:
            outcome = check_and_write(data, shown, actor, job.filename, committing)
        except GivenUp:
            db.session().rollback()
            logger.warning("Import %s of user %s given up: not written", token, user_id)
            return
        if outcome.plan is not None:
            job.preview = import_job.preview_of(outcome.plan)
    if outcome.plan is not None and job.preview is not None:
        # The register changed since the preview: show the new one (its problems in both).
        plan = outcome.plan
        job.preview = _in_other_language(job, job.preview, data)
        job.committing = False  # not written: the new preview's write claims it again
        _show(user_id, job, changed=plan.ok and plan.has_work)
        import_hold.unclaim(user_id, token, COMMIT)
        import_hold.unclaim(user_id, token, "apply")  # the new preview may be confirmed
        return
    if outcome.written is None:  # a colleague registered one of these meanwhile: nothing kept
        import_hold.drop_file(user_id, token)
        job.state = FAILED
        import_job.save(user_id, job)
        return
    written = outcome.written
    import_hold.drop_file(user_id, token)
    job.state, job.preview = APPLIED, None
    job.created, job.updated = written.created, written.updated
    import_job.save(user_id, job)
    logger.info("Organisation import %s of user %s applied", token, user_id)
