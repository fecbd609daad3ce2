"""Where a published annual report's edition stamp stands: queued, done, failed or skipped.

The worker renders the edition again with its number (edition_stamp); the secretariat's year
page says how that went. No column of its own (no migration): as the withdrawal, the state is
kept in the job's params, for the edition number it was asked for, so a state of an earlier
number never speaks for a later one. `stamped_edition` holds the number once it is stamped.
A failure keeps its kind (job_words) and error number; the raw text goes to the log.
A queued stamp no worker takes says the worker may not be running, by the rule of a queued
job (job_words.unattended_minutes); once a worker has taken it (`taken`) it is being rendered,
by the worker it records (worker_identity). One whose worker died (killed, out of memory, the
machine restarted) would say so for ever: by the rule of a running job (jobs.worker_stopped:
its worker known dead here, or taken longer ago than an annual report may take) it reads as
failed, interrupted, and may be queued again; the periodic clean-up then records it so
(edition_stamp.record_interrupted_stamps), for the audit log: until it runs, the reading
alone says it.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from dataclasses import dataclass

from rcapp.db import utcnow
from rcapp.reports.job_words import INTERRUPTED, unattended_minutes
from rcapp.reports.jobs import params_of, worker_stopped
from rcapp.reports.models import JobKind, ReportJob
from rcapp.worker_identity import this_worker

STAMPED_KEY = "stamped_edition"
STATE_KEY = "edition_stamp"


class StampState(enum.StrEnum):
    PENDING = "pending"  # queued for the worker (or being rendered)
    DONE = "done"
    FAILED = "failed"
    SKIPPED = "skipped"  # the year was reopened since its close: the file stays as published


@dataclass(frozen=True)
class Stamp:
    state: StampState
    at: dt.datetime | None = None  # when it was queued (pending) or failed
    error: str | None = None  # the kind of failure (job_words.stamp_failure_words says it)
    number: str = ""  # the failure's error number, as in the log (job_words.error_number)
    taken: bool = False  # pending: a worker has started rendering it


def waiting_minutes(stamp: Stamp, now: dt.datetime, worker_seen: dt.datetime | None) -> int | None:
    """Return for how many minutes a queued stamp waits with no worker taking it (else None)."""
    if stamp.state is not StampState.PENDING or stamp.taken or stamp.at is None:
        return None
    return unattended_minutes(stamp.at, now, worker_seen)


def is_stamped(job: ReportJob) -> bool:
    return job.edition is not None and params_of(job).get(STAMPED_KEY) == job.edition


def stamp_of(job: ReportJob, now: dt.datetime | None = None) -> Stamp | None:
    """Return the stamp of a published annual report (None: not one, or nothing recorded).

    An edition published before the states were kept has none: whether it waits in a queue
    cannot be told, and it is not said to. A stamp taken by a worker that has stopped (as of
    `now`) is failed, interrupted (module docstring).
    """
    if job.kind is not JobKind.ANNUAL_REPORT or job.edition is None:
        return None
    if is_stamped(job):
        return Stamp(StampState.DONE)
    kept = params_of(job).get(STATE_KEY)
    if not isinstance(kept, dict) or kept.get("edition") != job.edition:
        return None
    try:
        state = StampState(str(kept.get("state")))
        at = dt.datetime.fromisoformat(str(kept.get("at")))
    except ValueError:
        return None
    error = kept.get("error")
    number, taken = str(kept.get("number", "")), kept.get("taken") is True
    if state is StampState.PENDING and taken:
        taken_at = _taken_at(kept) or at
        if _worker_gone(kept, taken_at, now or utcnow()):
            return Stamp(StampState.FAILED, taken_at, INTERRUPTED)  # no error in the log
    return Stamp(state, at, str(error) if error else None, number, taken)


def _worker_gone(kept: dict[str, object], taken_at: dt.datetime, now: dt.datetime) -> bool:
    worker = kept.get("worker")
    recorded = worker if isinstance(worker, dict) else None
    return worker_stopped(recorded, taken_at, JobKind.ANNUAL_REPORT, now)


def read_interrupted(job: ReportJob, now: dt.datetime) -> Stamp | None:
    """Return the stamp read as interrupted (worker gone) but still kept as taken, else None.

    What the clean-up records as failed (edition_stamp.record_interrupted_stamps); once it
    has, the kept state says so and this returns None.
    """
    kept = params_of(job).get(STATE_KEY)
    if not isinstance(kept, dict) or kept.get("state") != StampState.PENDING.value:
        return None
    stamp = stamp_of(job, now)
    if stamp is None or stamp.state is not StampState.FAILED or stamp.error != INTERRUPTED:
        return None
    return stamp


def awaits_stamp(job: ReportJob) -> bool:
    """Tell whether an edition's stamp is still to come (queued, or failed and to be redone).

    Members get an annual report edition only once its file bears its number: the unstamped
    file is not the official one. One whose stamp was skipped (year reopened) or that has no
    state kept (published before states were) is read as published.
    """
    stamp = stamp_of(job)
    return stamp is not None and stamp.state in (StampState.PENDING, StampState.FAILED)


def _taken_at(kept: dict[str, object]) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(kept.get("taken_at")))
    except ValueError:
        return None  # taken before the time was kept: the time it was queued stands for it


def note_taken(job: ReportJob) -> str | None:
    """Mark the job's queued stamp taken by this worker (not flushed): it waits no longer.

    Return when it was taken (None: no stamp queued), which tells this run from a later one.
    """
    params = params_of(job)
    kept = params.get(STATE_KEY)
    if not isinstance(kept, dict) or kept.get("edition") != job.edition:
        return None
    taken_at = utcnow().isoformat()
    params[STATE_KEY] = {**kept, "taken": True, "taken_at": taken_at, "worker": this_worker()}
    job.params = json.dumps(params, ensure_ascii=False)
    return taken_at


def still_taken(job: ReportJob, taken_at: str | None) -> bool:
    """Tell whether the job's stamp is still the one a worker took at `taken_at` (note_taken).

    Not when it was given up as interrupted and queued again since: a late failure of the
    first run must not speak for the second.
    """
    kept = params_of(job).get(STATE_KEY)
    return isinstance(kept, dict) and kept.get("taken_at") == taken_at


def note_stamp(
    job: ReportJob,
    state: StampState,
    at: dt.datetime | None = None,
    *,
    error: str | None = None,
    number: str = "",
) -> None:
    """Keep the stamp's state for the job's edition number in its params (not flushed)."""
    params = params_of(job)
    kept: dict[str, object] = {
        "edition": job.edition,
        "state": state.value,
        "at": (at or utcnow()).isoformat(),
    }
    if error:
        kept.update(error=error, number=number)
    params[STATE_KEY] = kept
    job.params = json.dumps(params, ensure_ascii=False)
