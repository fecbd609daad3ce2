"""A park's PK-RC-02 has one value on every page and in every report (qa17 D2).

The share of resident companies with three stars or more showed 0, 2.33, 13.95 and 66.7 %
for one park-year: the KPI page and the benchmark figures used the typed count its own
note says is not used, the result page a self snapshot kept before the residents were
rated, and the residents' page divided by the residents registered in rcapp. One
definition now: rcapp's count over the resident count the park reports, taken live while
the year is open (rcapp.assessments.computed_kpis).
"""

from __future__ import annotations

import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.assessments.models import Assessment, AssessmentStatus, KpiValue, SnapshotKind
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.results import compute_scorecard
from rcapp.assessments.review_hook import review_context_of
from rcapp.assessments.snapshots import find_snapshot, shown_scorecard, write_snapshot
from rcapp.benchmarks.member_figures import decode
from rcapp.benchmarks.models import MemberValues
from rcapp.benchmarks.services import compute_benchmarks
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import Organisation, OrganisationKind
from rcapp.reports.annual_years import inputs_by_year
from rcapp.reports.source import kept_scorecards, scorecard_for
from rcapp.reviews.pages import kpi_checks
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_organisation, make_user
from tests.parks import REGISTRY, rated_resident, real_cycle
from tests.parks import real_rubrics as real_rubrics  # the fixture
from tests.web.test_conflict_keeps_untouched_fields import _form


def _park_year() -> tuple[Organisation, ReportingCycle, Assessment]:
    """A park that typed 6 of 10 residents; its self snapshot was kept before any rating."""
    cycle = real_cycle()
    park = make_organisation(kind=OrganisationKind.PARK)
    own = make_assessment(
        park,
        cycle,
        status=AssessmentStatus.SUBMITTED,
        rubric_id="rc-park",
        rubric_version=2,
        rubric_sha256=REGISTRY.get("rc-park", 2).sha256,
    )
    for input_id, value in (("companies_resident", "10"), ("companies_3star", "6")):
        own.kpi_values.append(KpiValue(input_id=input_id, value=Decimal(value)))
    db.session().flush()
    # Kept at submit, when no resident had a rating in rcapp: the typed 6 stood (60 %).
    write_snapshot(own, SnapshotKind.SELF, compute_scorecard(own), review_context_of(own))
    # Since then one resident has been rated three stars: rcapp's count is 1, i.e. 10 %.
    rated_resident(park, cycle, 3)
    db.session().flush()
    return park, cycle, own


SHARE = Decimal(10)  # 1 resident with three stars of the 10 the park reports


def test_the_result_page_and_reports_take_the_count_live_while_the_year_is_open(
    db_session: Session, real_rubrics: None
) -> None:
    _park, _cycle, own = _park_year()
    kept = find_snapshot(own, SnapshotKind.SELF)
    assert kept is not None  # the snapshot itself still says 60
    rubric = rubric_of(own)
    assert shown_scorecard(own, rubric).card.kpi("PK-RC-02").value == SHARE
    assert scorecard_for(own, rubric).card.kpi("PK-RC-02").value == SHARE
    assert own.id not in kept_scorecards([own])  # scored live by the caller


def test_the_benchmark_figures_and_the_annual_report_use_the_same_count(
    db_session: Session, real_rubrics: None
) -> None:
    park, cycle, _own = _park_year()
    compute_benchmarks(cycle, None)
    stored = db_session.scalar(
        select(MemberValues.figures).where(
            MemberValues.cycle_id == cycle.id, MemberValues.organisation_id == park.id
        )
    )
    assert stored is not None
    assert decode(stored)["kpi:PK-RC-02"] == SHARE
    # The report's trends and SDG chapter pool these inputs (the workbook's sheets too:
    # tests/integration/reports/test_annual_park_kpi.py).
    pinned = inputs_by_year((cycle.year,))[cycle.year]  # the park's and the resident's
    (counted,) = [p.inputs["companies_3star"] for p in pinned if "companies_3star" in p.inputs]
    assert counted == 1


def test_the_kpi_page_and_the_residents_page_show_the_same_figure(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    park, cycle, own = _park_year()
    staff = make_user(park)
    db_session.commit()
    auth.login(staff.email)
    page = client.get(f"/assessments/{own.id}/kpis").get_data(as_text=True)
    assert "目前为 1；填写的数值不计入" in page
    start = page.index('<span class="item-id nowrap">PK-RC-02</span>')  # computed indicators
    row = page[start : page.index("</tr>", start)]
    cells = re.findall(
        r'<td class="num">(?:<span class="cell-label"[^>]*>[^<]*</span>)?([^<]*)</td>', row
    )
    assert cells[:2] == ["—", "10.00"]  # as the residents page below writes it, row
    residents = client.get(f"/benchmarks/parks/{park.id}?cycle={cycle.id}").get_data(as_text=True)
    assert '<dd id="park-share-registered"><strong>100.0%</strong>' in residents
    # with the KPI's decimals, as the result page writes the share (scoring.kpi_text; qa71)
    assert '<dd id="park-kpi-PK-RC-02"><strong>10.00%</strong></dd>' in residents, residents
    # Each share named by its denominator in words, not two bare percentages (qa57 e).
    shares = residents[residents.index('id="park-shares"') : residents.index("</dl>")]
    assert "<dt>三星及以上企业占本系统登记的区内企业</dt>" in shares
    assert "（PK-RC-02）：以园区填报的入园企业总数为分母</dt>" in shares
    client.get("/lang/en")
    english = client.get(f"/benchmarks/parks/{park.id}?cycle={cycle.id}").get_data(as_text=True)
    assert '<dd id="park-kpi-PK-RC-02"><strong>10.00%</strong></dd>' in english
    shares = english[english.index('id="park-shares"') : english.index("</dl>")]
    assert "as a share of the resident companies registered on this system</dt>" in shares
    assert "(PK-RC-02), as a share of the resident companies the park reports</dt>" in shares


def _row_text(page: str, input_id: str) -> str:
    start = page.index(f'<tr id="kpi-{input_id}"')
    row = page[start : page.index("</tr>", start)]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row))


@pytest.mark.parametrize("status", [AssessmentStatus.DRAFT, AssessmentStatus.SUBMITTED])
def test_the_kpi_page_shows_the_system_count_not_the_typed_one(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,
    status: AssessmentStatus,
) -> None:
    """qa19 D1: the count row said 6 (typed) above a share of 10 % from rcapp's count 1."""
    park, _cycle, own = _park_year()
    own.status = status  # a draft: editable page; submitted: read-only
    staff = make_user(park)
    db_session.commit()
    auth.login(staff.email)
    url = f"/assessments/{own.id}/kpis"
    row = _row_text(client.get(url).get_data(as_text=True), "companies_3star")
    assert " 1 按本系统评价结果统计；填写的数值不计入。" in row, row
    assert " 6 " not in row  # the typed figure is not shown as this year's
    client.get("/lang/en")
    row = _row_text(client.get(url).get_data(as_text=True), "companies_3star")
    assert " 1 Counted from the ratings in this system; a typed figure does not count." in row


def test_saving_the_kpi_page_keeps_the_typed_count_as_it_was(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    """The count is no field to type in any more, but nothing typed before is lost."""
    park, _cycle, own = _park_year()
    own.status = AssessmentStatus.DRAFT
    staff = make_user(park)
    db_session.commit()
    auth.login(staff.email)
    url = f"/assessments/{own.id}/kpis"
    page = client.get(url).get_data(as_text=True)
    name = next(n for n in re.findall(r'name="([^"]+)"', page) if "companies_3star" in n)
    response = client.post(url, data=_form(page, name))  # every field, as a browser posts
    assert response.status_code == 302
    db_session.expire_all()
    kept = db_session.scalars(
        select(KpiValue.value).where(
            KpiValue.assessment_id == own.id, KpiValue.input_id == "companies_3star"
        )
    ).all()
    assert kept == [Decimal(6)]


def test_the_reviewers_kpi_check_uses_the_same_count(
    db_session: Session, real_rubrics: None
) -> None:
    # QA19 (parkcount's note): the reviewer's KPI check worked from the typed 6 (60 %).
    _park, _cycle, own = _park_year()
    review = SimpleNamespace(kpis_to_check=["PK-RC-02"])
    [check] = kpi_checks(own, rubric_of(own), review, "zh")  # type: ignore[arg-type]
    assert check.kpi.id == "PK-RC-02"
    assert check.now == SHARE
