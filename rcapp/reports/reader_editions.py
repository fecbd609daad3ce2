"""The published annual reports every member reads: each closed year's editions, newest first.

Only the annual report: it is written for the industry. The annual workbook and the
scorecards ZIP name every organisation's figures and stay with the secretariat. A file made
but not published, a withdrawn edition and the editions of a year open again (reopened) are never
offered here, and `readable_edition` is the one check the download makes.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from sqlalchemy import ColumnElement, select

from rcapp import db
from rcapp.cycles.models import CycleStatus, ReportingCycle
from rcapp.reports import jobs
from rcapp.reports.edition_withdrawals import is_withdrawn
from rcapp.reports.editions import in_force_chains
from rcapp.reports.models import JobKind, ReportJob


@dataclass(frozen=True)
class ReaderEdition:
    job: ReportJob
    replaced_by: int | None  # the number of the edition that replaced it (None: current)


@dataclass(frozen=True)
class YearReports:
    year: int
    editions: tuple[ReaderEdition, ...]  # both languages, the newest edition first


def _readable(*only: ColumnElement[bool]) -> list[tuple[ReportJob, int]]:
    """Return (edition, year) of every annual report edition a member may read now.

    `only`: further conditions on the edition or its year (one query in all).
    """
    rows = db.session().execute(
        select(ReportJob, ReportingCycle.year)
        .join(ReportingCycle, ReportingCycle.id == ReportJob.cycle_id)
        .where(
            ReportJob.kind == JobKind.ANNUAL_REPORT,
            ReportJob.edition.is_not(None),
            ReportingCycle.status == CycleStatus.CLOSED,
            *only,
        )
        .order_by(ReportingCycle.year.desc(), ReportJob.edition.desc(), ReportJob.lang.desc())
    )
    return [
        (job, year)
        for job, year in rows
        if not is_withdrawn(job) and jobs.result_path(job) is not None
    ]


def annual_reports() -> list[YearReports]:
    """List the closed years' readable annual report editions, the newest year first."""
    readable = _readable()
    chains = in_force_chains(job for job, _year in readable)
    return [
        YearReports(
            year=year,
            editions=tuple(
                ReaderEdition(job, _number(chains.get(job.id, (None, None))[1]))
                for job, _same in rows
            ),
        )
        for year, rows in groupby(readable, key=lambda row: row[1])
    ]


def latest_year_editions() -> YearReports | None:
    """Return the newest readable edition in each language of the latest year that has one.

    A year's report comes out months after its close: until it does, the year before's stays
    the news (a later closed year without a report yet does not hide it).
    """
    readable = _readable()  # the newest year first
    if not readable:
        return None
    year = readable[0][1]
    newest = {job.lang: job for job, of_year in reversed(readable) if of_year == year}
    found = sorted(newest.values(), key=lambda job: job.lang, reverse=True)  # zh, then en
    return YearReports(year, tuple(ReaderEdition(job, None) for job in found))


def readable_edition(job_id: int) -> ReportJob | None:
    """Return the edition when a member may download it (None: not one, or not any more)."""
    return next((job for job, _year in _readable() if job.id == job_id), None)


def _number(job: ReportJob | None) -> int | None:
    return None if job is None else job.edition
