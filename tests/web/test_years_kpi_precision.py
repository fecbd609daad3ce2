"""The years page writes a KPI value as the result page, the scorecard and the workbooks do.

QA14 S7, qa17 S5 and QA52 M1 each chose a row's decimals from the figures shown beside it,
so one value read "0" on the result page and "0.000" on the years page (qa71). Since qa71
a KPI's decimals come from its definition (scoring.kpi_text): a rate always has two.
"""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import User
from rcapp.assessments import services
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput, KpiEntry
from rcapp.organisations.models import Organisation
from tests.conftest import AuthActions
from tests.factories import FULL_KPIS, file_prerequisite, make_cycle, make_organisation, make_user
from tests.factories_reviews import TOP_ANSWERS


def submitted(company: Organisation, member: User, year: int, injuries: str) -> Assessment:
    assessment = services.get_or_start_assessment(company, make_cycle(year=year), member)
    rubric = rubric_of(assessment)
    for section_id, answers in TOP_ANSWERS.items():
        assert services.save_section(assessment, rubric, section_id, answers, member).ok
    services.save_prerequisites(assessment, rubric, {"P1": ItemInput(level="1")}, member)
    file_prerequisite(assessment, rubric, "P1", member)
    kpis = {**FULL_KPIS, "lti_employees": KpiEntry(injuries)}  # in 2,000,000 hours
    assert services.save_kpi_inputs(assessment, rubric, kpis, member).ok
    services.submit_assessment(assessment, member)
    return assessment


def test_a_kpi_figure_reads_as_on_the_result_page(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    company = make_organisation()
    member = make_user(company)
    submitted(company, member, 2024, "2")  # LTIF 1 per million hours
    submitted(company, member, 2025, "1")  # LTIF 0.5
    db_session.commit()
    auth.login(member.email)
    page = client.get(f"/benchmarks/organisations/{company.id}/years").get_data(as_text=True)
    start = page.index('<th scope="row">OHS-03 ')
    row = page[start : page.index("</tr>", start)]
    # A rate's two decimals, as every output writes it (qa71)
    assert re.findall(r'<td class="num">([^<]*)</td>', row) == ["1.00", "0.50"]
    assert '<span class="muted kpi-unit">起/百万工时</span>' in row  # the unit of the values
    client.get("/lang/en")
    page = client.get(f"/benchmarks/organisations/{company.id}/years").get_data(as_text=True)
    start = page.index('<th scope="row">OHS-03 ')
    row = page[start : page.index("</tr>", start)]
    assert '<span class="muted kpi-unit">' in row
    assert "per million hours" in row


def test_the_years_page_and_the_scorecard_write_one_row_alike(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # qa71: the years page printed 0.0 where the result page printed 0; all print 0.00 now.
    company = make_organisation()
    member = make_user(company)
    submitted(company, member, 2024, "5")  # LTIF 2.5 per million hours
    submitted(company, member, 2025, "0")  # LTIF 0
    db_session.commit()
    auth.login(member.email)
    page = client.get(f"/benchmarks/organisations/{company.id}/years").get_data(as_text=True)
    start = page.index('<th scope="row">OHS-03 ')
    row = page[start : page.index("</tr>", start)]
    assert re.findall(r'<td class="num">([^<]*)</td>', row) == ["2.50", "0.00"]
