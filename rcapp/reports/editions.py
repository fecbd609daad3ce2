"""A closed year's published editions: its annual report, workbook and scorecards, kept for good.

A finished job of one of those kinds, made after the year's close finished, may be published
as the year's edition N (numbered per kind and language). Its file then never expires. A job
made while the year was open (or closing) is provisional; one made before a reopen is out of
date (queries.reopened_after): neither can be published. Services flush, never commit.

An edition published before its year's latest close is out of date by the same rule: the year
was reopened after it was made (out_of_date). It stays listed, marked, until a newer edition
replaces it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Select, select

from rcapp import db
from rcapp.accounts.models import User
from rcapp.cycles.models import ReportingCycle
from rcapp.db import utcnow
from rcapp.errors import RcappError
from rcapp.reports import jobs, queries, scorecard_scope
from rcapp.reports.edition_choices import NOT_NOTIFIED_KEY, note_refusal, typed_note
from rcapp.reports.edition_withdrawals import Withdrawal, is_withdrawn, withdrawal_of
from rcapp.reports.models import JobKind, JobStatus, ReportJob
from rcapp.reports.stamp_states import Stamp, StampState, stamp_of, waiting_minutes
from rcapp.row_locks import lock_row, serialised

PUBLISHABLE = (JobKind.ANNUAL_REPORT, JobKind.ANNUAL_WORKBOOK, JobKind.SCORECARDS)


class PublishRefused(RcappError):
    """The job cannot be published; `reason` says why (one of REASONS)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# Why a job cannot be published, checked in this order.
REASONS = ("kind", "published", "partial", "not_done", "year_open", "before_close", "file_gone")
# Why what the publisher typed was refused (edition_choices.note_refusal).
NOTE_REASONS = ("no_correction", "correction_too_long")


def made_after_close(job: ReportJob, cycle: ReportingCycle) -> bool:
    """Tell whether the job was asked for after the year's close finished (its figures final)."""
    return cycle.is_closed and cycle.closed_at is not None and job.created_at >= cycle.closed_at


def refusal(job: ReportJob, cycle: ReportingCycle | None) -> str | None:
    """Return why the job cannot be published now (see REASONS), or None when it can."""
    if job.kind not in PUBLISHABLE or cycle is None:
        return "kind"
    if job.edition is not None:
        return "published"
    if job.kind is JobKind.SCORECARDS and scorecard_scope.scope_of(job).is_partial:
        return "partial"  # the year's edition holds every submitted result
    if job.status is not JobStatus.DONE:
        return "not_done"
    if not cycle.is_closed:
        return "year_open"
    if not made_after_close(job, cycle):
        return "before_close"
    if jobs.result_path(job) is None:
        return "file_gone"
    return None


def publish(
    job: ReportJob, actor: User, *, correction: str | None = None, notify: bool = True
) -> int:
    """Publish the job as its year's next edition of its kind and language; return the number.

    Raises PublishRefused. Numbering is serialised per year, so two publishers at once get
    edition N and N+1 (and the unique index stops a duplicate whatever happens). Edition N > 1
    needs `correction`, what it corrected (edition_choices; None: not asked for); `notify`
    False: members are not mailed about it (an annual report's edition_mail).
    """
    cycle = db.session().get(ReportingCycle, job.cycle_id) if job.cycle_id else None
    if cycle is not None:
        serialised(f"report_editions:{cycle.id}")
        lock_row(cycle)
        lock_row(job)
    reason = refusal(job, cycle)
    if reason is not None or cycle is None:
        raise PublishRefused(reason or "kind")
    number = next_edition_number(job)  # read under the lock: the note's need is this number's
    said = note_refusal(correction, number)
    if said is not None:
        raise PublishRefused(said)
    job.edition = number
    job.correction_note = typed_note(correction) if number > 1 and correction else None
    if job.result_name:
        job.result_name = edition_file_name(job.result_name, job.edition)
    job.published_at, job.published_by_id = utcnow(), actor.id
    job.expires_at = None  # kept for good: purge_expired and result_path leave it
    told: dict[str, object] = {}
    if job.kind is JobKind.ANNUAL_REPORT:  # the one kind that mails members
        told["notify_members"] = notify
        if not notify:
            job.params = json.dumps(
                jobs.params_of(job) | {NOT_NOTIFIED_KEY: True}, ensure_ascii=False
            )
    if job.correction_note:
        told["correction"] = job.correction_note
    db.session().flush()
    jobs.record_job(actor, job, "report_job.publish", edition=job.edition, **told)
    return job.edition


def next_edition_number(job: ReportJob) -> int:
    current = current_edition(job)
    return (current.edition or 0) + 1 if current is not None else 1


def current_edition(job: ReportJob) -> ReportJob | None:
    """Return the year's newest edition of the job's kind and language (None: none yet).

    Withdrawn editions count: publishing the job takes the number after this one's.
    """
    return db.session().scalars(_editions_newest_first(job).limit(1)).first()


def replaced_by(found: Sequence[ReportJob]) -> dict[int, int]:
    """Map each published job among `found` to the number of the edition that replaced it.

    A withdrawn edition replaces nothing; one withdrawn itself says so instead.
    """
    published = [job for job in found if job.edition is not None]
    if not published:
        return {}
    rows = db.session().scalars(
        select(ReportJob).where(
            ReportJob.cycle_id.in_({job.cycle_id for job in published}),
            ReportJob.edition.is_not(None),
        )
    )
    chains = in_force_chains(rows)
    return {
        job.id: later.edition or 0
        for job in published
        if (later := chains.get(job.id, (None, None))[1]) is not None
    }


def in_force_chains(
    published: Iterable[ReportJob],
) -> dict[int, tuple[ReportJob | None, ReportJob | None]]:
    """Map each edition in force to (the one it replaced, the one that replaced it).

    Per year, kind and language, in number order, leaving withdrawn editions out: once
    edition 3 is withdrawn, edition 2 is in force again until edition 4 replaces it.
    """
    chains: dict[tuple[object, ...], list[ReportJob]] = {}
    for job in sorted(published, key=lambda row: row.edition or 0):
        if not is_withdrawn(job):
            chains.setdefault((job.cycle_id, job.kind, job.lang), []).append(job)
    linked: dict[int, tuple[ReportJob | None, ReportJob | None]] = {}
    for chain in chains.values():
        for at, job in enumerate(chain):
            before = chain[at - 1] if at else None
            linked[job.id] = (before, chain[at + 1] if at + 1 < len(chain) else None)
    return linked


Chains = Mapping[int, tuple[ReportJob | None, ReportJob | None]]


def out_of_date(reopened: Mapping[int, dt.datetime], chains: Chains) -> dict[int, dt.datetime]:
    """Keep of `reopened` the editions in force: made before their year was last reopened.

    `reopened` follows the jobs list's rule (queries.reopened_after): by job id, the reopening
    after which its figures are an earlier close's. `chains` (in_force_chains of the year's
    editions) leaves out an edition replaced since, which says so instead, and a withdrawn one.
    """
    return {
        job_id: at
        for job_id, at in reopened.items()
        if job_id in chains and chains[job_id][1] is None
    }


def edition_in_force(job: ReportJob) -> ReportJob | None:
    """Return the newest edition not withdrawn of the job's year, kind and language.

    Publishing the job would replace it: the job page and its confirm dialog name it.
    """
    found = db.session().scalars(_editions_newest_first(job))
    return next((row for row in found if not is_withdrawn(row)), None)


def earlier_edition(job: ReportJob) -> ReportJob | None:
    """Return the edition numbered just before the job's (withdrawn or not; None: the first)."""
    earlier = _editions_newest_first(job).where(ReportJob.edition < (job.edition or 0))
    return db.session().scalars(earlier.limit(1)).first()


def _editions_newest_first(job: ReportJob) -> Select[ReportJob]:
    """Select the published editions of the job's year, kind and language, newest first."""
    return (
        select(ReportJob)
        .where(
            ReportJob.cycle_id == job.cycle_id,
            ReportJob.kind == job.kind,
            ReportJob.lang == job.lang,
            ReportJob.edition.is_not(None),
        )
        .order_by(ReportJob.edition.desc())
    )


def edition_file_name(name: str, edition: int) -> str:
    """Name a published file after its edition: "annual-report-2024-en-edition-2.pdf".

    Two editions of a year downloaded side by side no longer share one name (qa69 m2); the
    number is spelled in ASCII as the other download names are.
    """
    stem, dot, extension = name.rpartition(".")
    if not dot:
        return f"{name}-edition-{edition}"
    return f"{stem}-edition-{edition}.{extension}"


@dataclass(frozen=True)
class Edition:
    """One published edition as the year page lists it."""

    job: ReportJob
    publisher: str | None  # the publisher's name (None: the account is gone)
    replaces: ReportJob | None  # the edition in force before it, of the same kind and language
    replaced_by: ReportJob | None  # the edition in force after it
    withdrawal: Withdrawal | None = None
    withdrawn_by: str | None = None  # who withdrew it (None: the account is gone)
    stamp: Stamp | None = None  # an annual report's edition line: queued, added, failed
    stamp_waiting: int | None = None  # minutes its stamp waits with no worker (_job_stalled)
    reopened: dt.datetime | None = None  # in force but made before this reopen (out_of_date)


def editions_of(cycle: ReportingCycle) -> list[Edition]:
    """List the year's published editions: by kind and language, the newest edition first."""
    found = list(
        db.session().scalars(
            select(ReportJob)
            .where(ReportJob.cycle_id == cycle.id, ReportJob.edition.is_not(None))
            .order_by(ReportJob.kind, ReportJob.lang, ReportJob.edition.desc())
        )
    )
    withdrawals = {job.id: withdrawal_of(job) for job in found}
    names = _user_names(
        {job.published_by_id for job in found if job.published_by_id}
        | {w.by_id for w in withdrawals.values() if w is not None and w.by_id}
    )
    chains = in_force_chains(found)
    stale = out_of_date(queries.reopened_after(found), chains)
    now = utcnow()
    stamps = {job.id: stamp_of(job, now) for job in found}  # one whose worker died: failed
    pending = [s for s in stamps.values() if s is not None and s.state is StampState.PENDING]
    seen = jobs.worker_last_seen() if pending else None
    rows = []
    for job in found:
        before, after = chains.get(job.id, (None, None))
        withdrawal, stamp = withdrawals[job.id], stamps[job.id]
        rows.append(
            Edition(
                job=job,
                publisher=names.get(job.published_by_id or 0),
                replaces=before,
                replaced_by=after,
                withdrawal=withdrawal,
                withdrawn_by=names.get(withdrawal.by_id or 0) if withdrawal else None,
                stamp=stamp,
                stamp_waiting=waiting_minutes(stamp, now, seen) if stamp else None,
                reopened=stale.get(job.id),
            )
        )
    return rows


def produced_files(cycle: ReportingCycle) -> list[ReportJob]:
    """List the year's finished, not published outputs whose files can still be fetched."""
    found = db.session().scalars(
        select(ReportJob)
        .where(
            ReportJob.cycle_id == cycle.id,
            ReportJob.kind.in_(PUBLISHABLE),
            ReportJob.status == JobStatus.DONE,
            ReportJob.edition.is_(None),
        )
        .order_by(ReportJob.id.desc())
    )
    return [job for job in found if jobs.result_path(job) is not None]


def provisional(found: Sequence[ReportJob], reopened: dict[int, dt.datetime]) -> set[int]:
    """Return the ids of finished year outputs made while their year was open or closing.

    Those made before a reopen are left out: the list already says they are out of date.
    """
    outputs = [
        job
        for job in found
        if job.kind in PUBLISHABLE and job.cycle_id is not None and job.id not in reopened
    ]
    cycle_ids = {job.cycle_id for job in outputs}
    if not cycle_ids:
        return set()
    cycles = {
        cycle.id: cycle
        for cycle in db.session().scalars(
            select(ReportingCycle).where(ReportingCycle.id.in_(cycle_ids))
        )
    }
    return {job.id for job in outputs if not made_after_close(job, cycles[job.cycle_id or 0])}


def _user_names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = db.session().execute(select(User.id, User.name).where(User.id.in_(ids)))
    return {row.id: row.name for row in rows}
