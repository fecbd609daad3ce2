"""Every page writes a figure to read one way: 1,234,567, with separators (rcapp.figures).

The draft KPI page showed 1120000 where the submitted one showed 305,000, and the result
page, the scorecard and the annual report printed none. Fields to edit keep the plain
number typed, so that editing works.
"""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import KpiEntry
from rcapp.cycles.models import CycleStatus
from tests.conftest import AuthActions
from tests.factories import fill_complete, make_cycle, make_world, mark_reported, start
from tests.pdf_tools import pdf_text
from tests.scorecard_download import fetch_scorecard
from tests.web.helpers import result_page
from tests.web.test_locked_kpi_page_figures import _rate_row, _row
from tests.web.test_result_kpi_units import _kpi_row

LIVE = {"zh": "计算所得指标（随填写即时更新）", "en": "Computed KPIs (updated as you type)"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_draft_kpi_page_groups_what_it_shows_and_not_what_is_typed(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_world()
    before = services.get_or_start_assessment(world.org_a, make_cycle(year=2024), world.user_a)
    last_year = {"hours_employees": KpiEntry("1120000"), "lti_employees": KpiEntry("3")}
    assert services.save_kpi_inputs(before, rubric_of(before), last_year, world.user_a).ok
    mark_reported(before)
    before.cycle.status = CycleStatus.CLOSED
    assessment = start(world)
    fill_complete(assessment, world.user_a)  # 2,000,000 hours, 2 lost-time injuries
    db_session.commit()
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}")

    page = client.get(f"/assessments/{assessment.id}/kpis").get_data(as_text=True)

    assert LIVE[lang] in page  # the page being filled in
    hours = _row(page, "kpi-hours_employees")
    assert hours[1] == "1,120,000"  # last year: a figure to read
    # the change as shown; the refused-value note after it is there, hidden (kpi-table.js)
    assert hours[3].startswith("+880,000 (+78.57 %)")  # as a computed row writes it
    field = page.split('id="kpi-hours_employees"')[1].split("</tr>")[0]
    assert re.search(r'<input[^>]* value="2000000"', field)  # the box: as typed
    assert 'data-last="1120000"' in field  # what the script reads: plain
    assert _rate_row(page, "OHS-03")[1:4] == ["2.68", "1.00", "-1.68 (-62.67 %)"]


@pytest.mark.parametrize(("lang", "unit"), [("zh", "次/年"), ("en", "per year")])
def test_the_result_page_and_the_scorecard_group_a_large_kpi(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, unit: str
) -> None:
    world = make_world()
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    entries = {"drills": KpiEntry("12345")}
    assert services.save_kpi_inputs(assessment, rubric_of(assessment), entries, world.user_a).ok
    services.submit_assessment(assessment, world.user_a)
    db_session.commit()
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}")

    drills = _kpi_row(result_page(client, assessment.id), "CA-01")
    assert f"<td>{unit}</td>" in drills
    assert '<td class="num">12,345</td>' in drills
    text = " ".join(pdf_text(fetch_scorecard(client, assessment.id).data).split())
    assert "12,345" in text
    assert "12345" not in text
