"""Read-only look-ups the report commands and pages share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy import Subquery, func, or_, select

from rcapp import db
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.assessments.park_refresh import StalledRefresh, failed_refreshes, stalled_refreshes
from rcapp.audit.models import AuditEntry
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import Organisation
from rcapp.reports.jobs import params_of
from rcapp.reports.models import JobKind, ReportJob

MAX_ID_DIGITS = 9  # ids are 32-bit integers
MIN_YEAR, MAX_YEAR = 1900, 2999


def find_organisations(reference: str) -> list[Organisation]:
    """Return the organisations `reference` names, by id.

    A credit code or numeric id names one; an exact Chinese or English name may name
    several, as names are not unique.
    """
    text = reference.strip()
    by_code = db.session().scalar(
        select(Organisation).where(Organisation.credit_code == text.upper())
    )
    if by_code is not None:
        return [by_code]
    if text.isdigit() and len(text) <= MAX_ID_DIGITS:  # an all-digit credit code is no id
        by_id = db.session().get(Organisation, int(text))
        if by_id is not None:
            return [by_id]
    named = or_(Organisation.name_zh == text, Organisation.name_en == text)
    return list(db.session().scalars(select(Organisation).where(named).order_by(Organisation.id)))


def find_cycle(year: int) -> ReportingCycle | None:
    if not MIN_YEAR <= year <= MAX_YEAR:  # PostgreSQL refuses integers out of range
        return None
    return db.session().scalar(select(ReportingCycle).where(ReportingCycle.year == year))


def find_assessment(organisation: Organisation, cycle: ReportingCycle) -> Assessment | None:
    return db.session().scalar(
        select(Assessment).where(
            Assessment.organisation_id == organisation.id, Assessment.cycle_id == cycle.id
        )
    )


def results_of_cycle(cycle: ReportingCycle) -> list[Assessment]:
    """List the cycle's results to publish: submitted assessments, by Chinese name.

    A draft, or one returned for revision, is no result (the annual report does not count
    it either): its scorecard is not sent out with the year's scorecards.
    """
    statement = (
        select(Assessment)
        .join(Organisation, Assessment.organisation_id == Organisation.id)
        .where(Assessment.cycle_id == cycle.id, Assessment.status == AssessmentStatus.SUBMITTED)
        .order_by(Organisation.name_sort, Organisation.name_zh, Organisation.id)
    )
    return list(db.session().scalars(statement))


def last_reopens() -> Subquery:
    """Select each reopened year's latest reopening: columns cycle_id and at."""
    return (
        select(AuditEntry.entity_id.label("cycle_id"), func.max(AuditEntry.at).label("at"))
        .where(AuditEntry.entity == "cycle", AuditEntry.action == "reopen")
        .group_by(AuditEntry.entity_id)
        .subquery()
    )


def made_before_reopen(job: ReportJob, reopened: dt.datetime | None) -> bool:
    """Tell whether the job was made before its year's latest reopening (`reopened`)."""
    return reopened is not None and job.created_at < reopened


def reopened_after(jobs: Sequence[ReportJob]) -> dict[int, dt.datetime]:
    """Map each year job made before its year was last reopened to that reopening's time.

    Its figures are those of the year as it was then; the year reopened since, answers and
    results may have changed (closing again freezes them anew). By job id; others left out.
    """
    cycle_ids = _cycles_of(jobs)
    if not cycle_ids:
        return {}
    reopens = last_reopens()
    rows = db.session().execute(select(reopens).where(reopens.c.cycle_id.in_(cycle_ids)))
    reopened: dict[int, dt.datetime] = {row.cycle_id: row.at for row in rows}
    return {
        job.id: reopened[job.cycle_id]
        for job in jobs
        if job.cycle_id is not None and made_before_reopen(job, reopened.get(job.cycle_id))
    }


def job_years(jobs: Sequence[ReportJob]) -> dict[int, int]:
    """Map the cycle of each job to its year, so a list says which year (one query)."""
    cycle_ids = _cycles_of(jobs)
    if not cycle_ids:
        return {}
    statement = select(ReportingCycle.id, ReportingCycle.year).where(
        ReportingCycle.id.in_(cycle_ids)
    )
    return {row.id: row.year for row in db.session().execute(statement)}


def scorecard_organisations(jobs: Sequence[ReportJob]) -> dict[int, Organisation]:
    """Map each scorecard job to the organisation whose scorecard it is (one query).

    A list of everyone's jobs (the secretariat's) otherwise cannot tell whose a scorecard is.
    """
    wanted = {
        job.id: params_of(job).get("assessment_id") for job in jobs if job.kind is JobKind.SCORECARD
    }
    assessment_ids = {value for value in wanted.values() if isinstance(value, int)}
    if not assessment_ids:
        return {}
    statement = (
        select(Assessment.id, Organisation)
        .join(Organisation, Assessment.organisation_id == Organisation.id)
        .where(Assessment.id.in_(assessment_ids))
    )
    found: dict[int, Organisation] = {row[0]: row[1] for row in db.session().execute(statement)}
    return {
        job_id: found[assessment_id]
        for job_id, assessment_id in wanted.items()
        if isinstance(assessment_id, int) and assessment_id in found
    }


def _cycles_of(jobs: Sequence[ReportJob]) -> set[int]:
    return {job.cycle_id for job in jobs if job.cycle_id is not None}


class ParkRefresh(NamedTuple):
    """A park refresh the jobs list names: since (queued, or failed), and when retried."""

    park: Organisation
    year: int
    since: dt.datetime
    retried: dt.datetime | None


def stalled_park_refreshes() -> list[ParkRefresh]:
    """List each park whose result refresh waits past the stalled rule: (park, year, since).

    Such a refresh has no job row (rcapp.assessments.park_refresh): the secretariat's jobs
    list names it so that a stopped worker is noticed.
    """
    return _parks_named(stalled_refreshes())


def failed_park_refreshes() -> list[ParkRefresh]:
    """List each park whose last result refresh failed: (park, year, when it failed)."""
    return _parks_named(failed_refreshes())


def _parks_named(found: list[StalledRefresh]) -> list[ParkRefresh]:
    parks = {
        park.id: park
        for park in db.session().scalars(
            select(Organisation).where(Organisation.id.in_({r.park_id for r in found}))
        )
    }
    return [
        ParkRefresh(
            parks[r.park_id],
            r.year,
            dt.datetime.fromtimestamp(r.queued_at, dt.UTC),
            _utc(r.retried_at),
        )
        for r in found
        if r.park_id in parks
    ]


def _utc(seconds: float | None) -> dt.datetime | None:
    return None if seconds is None else dt.datetime.fromtimestamp(seconds, dt.UTC)
