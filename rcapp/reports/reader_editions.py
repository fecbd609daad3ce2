"""The published annual reports every member reads: each closed year's editions, newest first.

Only the annual report: it is written for the industry. The annual workbook and the
scorecards ZIP name every organisation's figures and stay with the secretariat. A file made
but not published, a withdrawn edition and one whose stamp is still to come (the unstamped
file is not the official one: stamp_states.awaits_stamp) are never offered here, and
`readable_edition` is the one check the download makes. A withdrawn edition is still named on
the members' page (which, when, the secretariat's reason, and the edition now in force in its
language): it simply vanished from the list before, and members who had downloaded it were
not told.

A year reopened since its edition came out keeps it listed, marked out of date
(editions.out_of_date), until a newer edition replaces it: members were told nothing had
ever been published while the year was open again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import groupby

from sqlalchemy import ColumnElement, select

from rcapp import db
from rcapp.cycles.models import ReportingCycle
from rcapp.reports import jobs, queries
from rcapp.reports.edition_withdrawals import Withdrawal, is_withdrawn, withdrawal_of
from rcapp.reports.editions import in_force_chains, out_of_date
from rcapp.reports.models import JobKind, ReportJob
from rcapp.reports.stamp_states import awaits_stamp


@dataclass(frozen=True)
class ReaderEdition:
    job: ReportJob
    replaced_by: int | None  # the number of the edition that replaced it (None: current)
    reopened: dt.datetime | None = None  # current, but its year was reopened after it was made


@dataclass(frozen=True)
class WithdrawnEdition:
    job: ReportJob
    year: int
    withdrawal: Withdrawal
    in_force: int | None  # the edition members download in its language now (None: none)


@dataclass(frozen=True)
class YearReports:
    year: int
    editions: tuple[ReaderEdition, ...]  # both languages, the newest edition first
    withdrawn: tuple[WithdrawnEdition, ...] = ()  # the newest first

    @property
    def languages(self) -> list[str]:
        """The languages members can download this year's report in, zh first."""
        return sorted({row.job.lang for row in self.editions}, reverse=True)


def _viewer_first(rows: list[ReaderEdition], lang: str) -> tuple[ReaderEdition, ...]:
    """Order a year's editions newest first, each edition in the viewer's language first.

    An English reader saw "Chinese · Edition 1" above "English · Edition 1" (enwords 1).
    """
    return tuple(sorted(rows, key=lambda row: (-(row.job.edition or 0), row.job.lang != lang)))


Row = tuple[ReportJob, int, dt.datetime | None]


def _readable(*only: ColumnElement[bool]) -> list[Row]:
    """Return (edition, year, reopened) of every annual report edition a member may read now.

    `only`: further conditions on the edition or its year (one query in all).
    """
    return [row for row in _published(*only) if _is_readable(row[0])]


def _is_readable(job: ReportJob) -> bool:
    return not is_withdrawn(job) and not awaits_stamp(job) and jobs.result_path(job) is not None


def _published(*only: ColumnElement[bool]) -> list[Row]:
    """Return (edition, year, reopened) of every annual report edition ever published.

    `reopened`: its year's latest reopening when the edition was made before it, else None.
    """
    reopens = queries.last_reopens()
    rows = db.session().execute(
        select(ReportJob, ReportingCycle.year, reopens.c.at)
        .join(ReportingCycle, ReportingCycle.id == ReportJob.cycle_id)
        .outerjoin(reopens, reopens.c.cycle_id == ReportingCycle.id)
        .where(
            ReportJob.kind == JobKind.ANNUAL_REPORT,
            ReportJob.edition.is_not(None),
            *only,
        )
        .order_by(ReportingCycle.year.desc(), ReportJob.edition.desc(), ReportJob.lang.desc())
    )
    return [
        (job, year, reopened if queries.made_before_reopen(job, reopened) else None)
        for job, year, reopened in rows
    ]


def _marked(readable: list[Row]) -> list[tuple[ReaderEdition, int]]:
    """Return (edition, year) of each readable edition, the newest year first.

    Each says the edition that replaced it, or the reopening it predates (out_of_date).
    """
    chains = in_force_chains(job for job, _year, _reopened in readable)
    stale = out_of_date({job.id: at for job, _year, at in readable if at is not None}, chains)
    return [
        (ReaderEdition(job, _number(chains.get(job.id, (None, None))[1]), stale.get(job.id)), year)
        for job, year, _reopened in readable
    ]


def _withdrawn(published: list[Row], readable: list[Row]) -> dict[int, list[WithdrawnEdition]]:
    """Map each year to its withdrawn editions, each with the edition in force in its language."""
    newest = {(year, job.lang): job.edition for job, year, _at in reversed(readable)}
    found: dict[int, list[WithdrawnEdition]] = {}
    for job, year, _at in published:
        withdrawal = withdrawal_of(job)
        if withdrawal is not None:
            note = WithdrawnEdition(job, year, withdrawal, newest.get((year, job.lang)))
            found.setdefault(year, []).append(note)
    return found


def annual_reports(lang: str) -> list[YearReports]:
    """List the years' readable and withdrawn annual report editions, the newest year first.

    `lang`: the viewer's language, whose edition each year lists first.
    """
    published = _published()
    readable = [row for row in published if _is_readable(row[0])]
    marked = groupby(_marked(readable), key=lambda row: row[1])
    shown = {year: [row for row, _same in rows] for year, rows in marked}
    withdrawn = _withdrawn(published, readable)
    return [
        YearReports(year, _viewer_first(shown.get(year, []), lang), tuple(withdrawn.get(year, ())))
        for year in sorted(shown.keys() | withdrawn.keys(), reverse=True)
    ]


def latest_year_editions(lang: str) -> YearReports | None:
    """Return the newest readable edition in each language of the latest year that has one.

    A year's report comes out months after its close: until it does, the year before's stays
    the news (a later closed year without a report yet does not hide it).
    """
    readable = _marked(_readable())  # the newest year first
    if not readable:
        return None
    year = readable[0][1]
    newest = {row.job.lang: row for row, of_year in reversed(readable) if of_year == year}
    return YearReports(year, _viewer_first(list(newest.values()), lang))


def readable_edition(job_id: int) -> ReportJob | None:
    """Return the edition when a member may download it (None: not one, or not any more)."""
    return next((job for job, _year, _reopened in _readable() if job.id == job_id), None)


def published_languages(cycle_id: int) -> set[str]:
    """Return the languages ("zh", "en") the year has a published edition in, not withdrawn."""
    rows = _published(ReportJob.cycle_id == cycle_id)
    return {job.lang for job, _year, _reopened in rows if not is_withdrawn(job)}


def _number(job: ReportJob | None) -> int | None:
    return None if job is None else job.edition


def withdrawn_edition(job: ReportJob) -> WithdrawnEdition | None:
    """Return the members' note of the withdrawn edition `job`, as their page shows it."""
    published = _published()
    readable = [row for row in published if _is_readable(row[0])]
    notes = _withdrawn(published, readable)
    return next((note for year in notes.values() for note in year if note.job.id == job.id), None)
