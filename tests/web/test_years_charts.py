"""The years page draws only what compares, says what it left out, and charts the core KPIs
year by year, a small chart each (qa71 M2)."""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.models import AssessmentStatus
from rcapp.assessments.queries import rubric_of
from tests.conftest import AuthActions
from tests.factories import FULL_KPIS
from tests.web.test_rubric_changes_since_last_year import real_rubrics, second_year

__all__ = ["real_rubrics"]  # the fixture, used by name

WORDS = {
    "zh_CN": ("2024 年：总分、管理体系", "与最新年度不可比", "越低越好", "社区认知和应急响应"),
    "en": (
        "2024: Overall score, Management system",
        "do not compare",
        "Lower is better",
        "Community awareness",
    ),
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_chart_leaves_out_what_does_not_compare_and_says_so(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None, lang: str
) -> None:
    user, last, current = second_year(db_session)
    last.status = AssessmentStatus.DRAFT  # its KPI data entered while it was being filled
    for year in (last, current):
        services.save_kpi_inputs(year, rubric_of(year), FULL_KPIS, user)
    last.status = AssessmentStatus.SUBMITTED
    db_session.commit()
    auth.login(user.email)
    client.get(f"/lang/{lang}?next=/")
    page = html.unescape(
        client.get(f"/benchmarks/organisations/{current.organisation_id}/years").get_data(
            as_text=True
        )
    )
    left_out, why, lower, section = WORDS[lang]
    chart = page[page.index('id="score-chart"') :]
    chart = chart[: chart.index("</figure>")]
    note = chart[chart.index("chart-left-out") :]
    assert left_out in note
    assert why in note
    assert section not in note  # C1 compares: drawn as a line, not left out
    # The core KPIs defined alike in both versions each have a small chart of their own,
    # its points labelled with the table's values, the direction said.
    trend = page[page.index('id="kpi-trend-OHS-03"') :]
    trend = trend[: trend.index("</figure>")]
    assert trend.count('class="point-value"') == 2
    assert lower in trend
    # and the figures drawn are in a table too, for a reader who cannot see the charts
    data = page[page.index('class="chart-data"') :]
    assert "OHS-03" in data[: data.index("</details>")]
