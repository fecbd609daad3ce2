"""Who belongs to a reporting year: signatories by the year's last day, one rule everywhere.

Before, every organisation signed now was put on every year's roster (one that signed in
June 2026 showed as "not started, overdue" for 2025), and the annual report counted 14
signatories in its first chapter but 15 under participation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.assessments import roster
from rcapp.assessments.queries import status_counts
from rcapp.cycles.participants import count_signatories
from rcapp.cycles.services import close_cycle, reopen_cycle
from rcapp.organisations.models import CommitmentStatus, Organisation
from rcapp.reports.data_annual_report import build_annual_report
from tests.factories import make_organisation, make_world, start

SIGNED = CommitmentStatus.SIGNED


@pytest.fixture(autouse=True)
def _chinese(db_session: Session) -> Iterator[None]:
    with force_locale("zh_CN"):
        yield


def _signed(on: dt.date | None) -> Organisation:
    return make_organisation(commitment_status=SIGNED, commitment_signed_on=on)


def test_a_year_takes_the_organisations_signed_by_its_last_day(db_session: Session) -> None:
    world = make_world(2025)  # org_a and org_b have not signed
    last_day = _signed(dt.date(2025, 12, 31))
    undated = _signed(None)  # registered before dates were kept: an old signatory
    after = _signed(dt.date(2026, 6, 1))
    make_organisation(commitment_status=CommitmentStatus.WITHDRAWN)
    start(world)  # org_a started anyway: on the roster, not a signatory
    db_session.flush()

    names = {o.name_zh for o in roster.organisations_in(world.cycle)}
    assert names == {last_day.name_zh, undated.name_zh, world.org_a.name_zh}
    assert after.name_zh not in names
    today = dt.date(2026, 12, 3)
    assert roster.status_counts(world.cycle, today)["all"] == 3
    assert len(roster.roster(world.cycle, today)) == 3
    assert status_counts(world.cycle.id)[world.cycle.id]["not_started"] == 2
    assert count_signatories(2025) == 2
    assert count_signatories(2026) == 3


def test_the_annual_reports_two_signatory_totals_agree(db_session: Session) -> None:
    world = make_world(2025)
    _signed(dt.date(2019, 5, 1))
    _signed(dt.date(2025, 3, 14))
    _signed(None)
    _signed(dt.date(2026, 6, 1))  # signed after the year: in neither total
    start(world)
    db_session.flush()

    report = build_annual_report(world.cycle, "zh")

    by_kind = report.by_kind[-1]
    assert (by_kind.label, by_kind.new, by_kind.cumulative) == ("合计", 1, 3)
    assert report.by_province[-1].cumulative == 3
    participation = {c.label: c.count for c in report.data.participation}
    assert participation["签署承诺书的组织"] == 3


def test_a_closed_years_roster_keeps_the_signatories_of_its_close(db_session: Session) -> None:
    """A signatory that withdraws after the year's close stays on that year's roster and
    counts (closedyears2: the close keeps the signatories; the roster read today's)."""
    world = make_world(2025)
    leaving = _signed(dt.date(2024, 5, 1))
    staying = _signed(dt.date(2024, 6, 1))
    db_session.flush()
    close_cycle(world.cycle, None)
    leaving.commitment_status = CommitmentStatus.WITHDRAWN
    db_session.flush()

    names = {o.name_zh for o in roster.organisations_in(world.cycle)}
    assert names == {leaving.name_zh, staying.name_zh}
    today = dt.date(2026, 12, 3)
    assert roster.status_counts(world.cycle, today)["all"] == 2
    reopen_cycle(world.cycle, "补交", None)  # open again: today's signatories
    db_session.flush()
    assert {o.name_zh for o in roster.organisations_in(world.cycle)} == {staying.name_zh}
