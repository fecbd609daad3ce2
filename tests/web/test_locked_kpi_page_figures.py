"""qa14 D5 and S13: the KPI page of a submitted assessment.

Its computed KPIs of this year read "—" (the page's script recomputed them from input
boxes a read-only page does not have) under a heading "updated as you type"; its raw
data showed last year without thousands separators beside this year with them.
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
from tests.web.helpers import member_with_assessment

WORDS = {
    "zh": ("计算所得指标（按报送数据计算）", "随填写即时更新", "报送的原始数据"),
    "en": ("Computed KPIs (from the figures reported)", "as you type", "The raw data reported"),
}

NOTE = {
    "zh": "“变化”按未取整的数值计算，百分比与“结果与提升路径”页 KPI 阶梯的较上年变化一致",
    "en": "“Change” is computed from the unrounded values",
}


def _cells(row: str) -> list[str]:
    # without each cell's name for narrow screens (上年, 本年…: hidden on a wide one)
    row = re.sub(r'<span class="cell-label"[^>]*>[^<]*</span>', "", row)
    return [re.sub(r"<[^>]+>", "", "<td" + cell).strip() for cell in row.split("<td")[1:]]


def _row(page: str, row_id: str) -> list[str]:
    """An input's row: unit, last year, this year, change, note."""
    return _cells(page.split(f'id="{row_id}"')[1].split("</tr>")[0])


def _rate_row(page: str, kpi_id: str) -> list[str]:
    """The first computed-KPI row of `kpi_id`: unit, last year, this year, change."""
    marker = f'<span class="item-id nowrap">{kpi_id}</span></th>'
    return _cells(page.split(marker)[1].split("</tr>")[0])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_submitted_assessment_shows_its_computed_kpis_and_changes_in_grouped_figures(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_world()
    before = services.get_or_start_assessment(world.org_a, make_cycle(year=2024), world.user_a)
    last_year = {"hours_employees": KpiEntry("1500000"), "lti_employees": KpiEntry("3")}
    assert services.save_kpi_inputs(before, rubric_of(before), last_year, world.user_a).ok
    mark_reported(before)  # last year counts only as a reported year
    before.cycle.status = CycleStatus.CLOSED
    assessment = start(world)
    fill_complete(assessment, world.user_a)  # 2,000,000 hours, 2 lost-time injuries
    services.submit_assessment(assessment, world.user_a)
    db_session.commit()
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}")

    page = client.get(f"/assessments/{assessment.id}/kpis").get_data(as_text=True)

    heading, live, lead = WORDS[lang]
    assert heading in page
    assert live not in page
    assert lead in page
    assert "data-formula" not in page  # nothing for the script to recompute
    hours = _row(page, "kpi-hours_employees")
    assert hours[1:4] == ["1,500,000", "2,000,000", "+500,000 (+33.33 %)"]  # as a KPI figure
    # LTIF per million hours: 3 / 1.5 M = 2 last year, 2 / 2 M = 1 this year, with a rate's
    # two decimals as the result page writes them (scoring.kpi_text)
    assert _rate_row(page, "OHS-03")[1:4] == ["2.00", "1.00", "-1.00 (-50 %)"]  # change as the KPI
    # qa40 S5: once, under the first table of computed KPIs, that changes are unrounded
    assert page.count('id="kpi-change-note"') == 1
    assert NOTE[lang] in page


def test_the_page_being_filled_in_keeps_its_live_table(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = member_with_assessment(db_session, auth, filled=True)

    page = client.get(f"/assessments/{assessment.id}/kpis").get_data(as_text=True)

    assert "计算所得指标（随填写即时更新）" in page
    assert "data-formula" in page
    assert 'value="2000000"' in page  # typed figures stay as typed in the boxes
