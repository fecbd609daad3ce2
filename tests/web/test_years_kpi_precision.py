"""The years page writes a KPI row as the scorecard and the annual report do.

QA14 S7 had a row padded to one precision ("1.00" beside "0.50"); qa17 S5 found that this
wrote the same figure otherwise than the result page and the scorecard, so the page wrote
each year alone. Since QA52 M1 the annual report and the scorecard decide a row's decimals
over all the years they show (figures.row_texts): the years page does as they do, with the
fewest places that write every year in full (1.0 beside 0.5, never "1.00").
"""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import User
from rcapp.assessments import services
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput, KpiEntry
from rcapp.organisations.models import Organisation
from tests.conftest import AuthActions
from tests.factories import FULL_KPIS, make_cycle, make_organisation, make_user
from tests.factories_reviews import TOP_ANSWERS


def _submitted(company: Organisation, member: User, year: int, injuries: str) -> None:
    assessment = services.get_or_start_assessment(company, make_cycle(year=year), member)
    rubric = rubric_of(assessment)
    for section_id, answers in TOP_ANSWERS.items():
        assert services.save_section(assessment, rubric, section_id, answers, member).ok
    services.save_prerequisites(assessment, rubric, {"P1": ItemInput(level="1")}, member)
    kpis = {**FULL_KPIS, "lti_employees": KpiEntry(injuries)}  # in 2,000,000 hours
    assert services.save_kpi_inputs(assessment, rubric, kpis, member).ok
    services.submit_assessment(assessment, member)


def test_a_kpi_figure_reads_as_on_the_result_page(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    company = make_organisation()
    member = make_user(company)
    _submitted(company, member, 2024, "2")  # LTIF 1 per million hours
    _submitted(company, member, 2025, "1")  # LTIF 0.5
    db_session.commit()
    auth.login(member.email)
    page = client.get(f"/benchmarks/organisations/{company.id}/years").get_data(as_text=True)
    start = page.index('<th scope="row">OHS-03 ')
    row = page[start : page.index("</tr>", start)]
    # One precision for the row, as the scorecard prints it (QA52 M1): not "1.00" and "0.50".
    assert re.findall(r'<td class="num">([^<]*)</td>', row) == ["1.0", "0.5"]
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
    # qa17 S5: "2.50" beside 0 was padded past what any year needs; QA52 M1: one row, one
    # precision, as the scorecard prints 2.5 | 0.0.
    company = make_organisation()
    member = make_user(company)
    _submitted(company, member, 2024, "5")  # LTIF 2.5 per million hours
    _submitted(company, member, 2025, "0")  # LTIF 0
    db_session.commit()
    auth.login(member.email)
    page = client.get(f"/benchmarks/organisations/{company.id}/years").get_data(as_text=True)
    start = page.index('<th scope="row">OHS-03 ')
    row = page[start : page.index("</tr>", start)]
    assert re.findall(r'<td class="num">([^<]*)</td>', row) == ["2.5", "0.0"]
