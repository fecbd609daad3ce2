"""Late on the roster: not submitted past the own (extended) deadline, or submitted after
the year's deadline in force then (QA15 D2: a submission under an extension is late too).

The rows, the counts, the "late" filter and the Excel list all read it the same way.
"""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.assessments.models import AssessmentStatus
from rcapp.assessments.roster import counts, listed, roster, status_counts
from rcapp.assessments.roster_filter import RosterFilter
from rcapp.clock import BEIJING
from rcapp.cycles.models import LateAllowance, ReportingCycle
from rcapp.organisations.models import CommitmentStatus, Organisation
from rcapp.reports.data_lists import roster_sheet
from tests.factories import make_assessment, make_cycle, make_organisation

DEADLINE = dt.date(2025, 3, 31)
EXTENDED_TO = dt.date(2025, 4, 20)


def _noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12, 0), tzinfo=BEIJING)


def _org(name: str, cycle: ReportingCycle, extended: bool) -> Organisation:
    organisation = make_organisation(name_zh=name, commitment_status=CommitmentStatus.SIGNED)
    if extended:
        allowance = LateAllowance(
            cycle_id=cycle.id, organisation_id=organisation.id, until=EXTENDED_TO
        )
        db.session().add(allowance)
    return organisation


def _submitted(name: str, cycle: ReportingCycle, on: dt.date, extended: bool) -> None:
    organisation = _org(name, cycle, extended)
    make_assessment(organisation, cycle, status=AssessmentStatus.SUBMITTED, submitted_at=_noon(on))


@pytest.fixture
def cycle(db_session: Session) -> ReportingCycle:
    cycle = make_cycle(year=2025, deadline=DEADLINE)
    _submitted("延期内提交", cycle, dt.date(2025, 4, 10), extended=True)
    _submitted("延期后提交", cycle, dt.date(2025, 4, 25), extended=True)
    _submitted("无延期逾期提交", cycle, dt.date(2025, 4, 10), extended=False)
    _submitted("按时提交", cycle, dt.date(2025, 3, 30), extended=False)
    make_assessment(_org("延期草稿", cycle, extended=True), cycle)
    make_assessment(_org("无延期草稿", cycle, extended=False), cycle)
    db_session.commit()
    return cycle


@pytest.mark.parametrize(
    ("today", "late"),
    [
        # The extension still runs: its draft is not overdue yet.
        (dt.date(2025, 4, 15), {"延期内提交", "延期后提交", "无延期逾期提交", "无延期草稿"}),
        # It has ended: the draft is overdue too.
        (
            dt.date(2025, 4, 21),
            {"延期内提交", "延期后提交", "无延期逾期提交", "无延期草稿", "延期草稿"},
        ),
    ],
)
def test_late_rows_counts_filter_and_list_agree_on_own_deadlines(
    cycle: ReportingCycle, today: dt.date, late: set[str]
) -> None:
    rows = roster(cycle, today)
    assert {r.organisation.name_zh for r in rows if r.late} == late
    assert status_counts(cycle, today) == counts(rows)
    assert status_counts(cycle, today)["late"] == len(late)
    filtered = listed(rows, cycle, RosterFilter(status="late"), "status", False, "zh")
    assert {r.organisation.name_zh for r in filtered} == late


def test_a_submission_within_its_extension_is_listed_as_late_and_extended(
    app: Flask, cycle: ReportingCycle
) -> None:
    rows = roster(cycle, dt.date(2025, 4, 15))
    with app.test_request_context():
        sheet = roster_sheet(rows, "zh")
        by_name = {line[0]: line for line in sheet.rows}
    late_column, extension_column = sheet.header.index("逾期"), sheet.header.index("延期")
    within = by_name["延期内提交"]
    assert within[late_column] == "逾期提交"
    assert within[extension_column] == "已准许逾期提交 · 至 2025-04-20"
    assert by_name["延期后提交"][late_column] == "逾期提交"
    assert by_name["延期后提交"][extension_column] == "已准许逾期提交 · 至 2025-04-20"
    assert by_name["无延期逾期提交"][late_column] == "逾期提交"
    assert by_name["无延期逾期提交"][extension_column] is None
