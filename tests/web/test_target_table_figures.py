"""The KPI page's targets (qa71 m9): the KPI list by code, core first under headings; the
saved-target table with the base value, the value a change in % comes to, and progress as
the result page computes it. Chinese and English."""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import KpiTarget, KpiValue
from tests.conftest import AuthActions
from tests.kpi_target_web import target_author
from tests.web.test_v2_pages import real_rubrics  # noqa: F401


def _select(page: str) -> str:
    return page.split('<select id="kpi_id"', 1)[1].split("</select>", 1)[0]


@pytest.mark.parametrize(
    ("lang", "core", "other", "label"),
    [
        ("zh", "核心指标", "其他指标", "（核心）"),
        (
            "en",
            "Core KPI",
            "Other KPIs",
            " (core)",
        ),
    ],
)
def test_kpi_list_names_codes_and_puts_core_kpis_first(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811
    lang: str,
    core: str,
    other: str,
    label: str,
) -> None:
    assessment = target_author(db_session, auth)
    client.get(f"/lang/{lang}")
    select = html.unescape(
        _select(client.get(f"/assessments/{assessment.id}/kpis").get_data(as_text=True))
    )
    groups = re.findall(r'<optgroup label="([^"]+)">', select)
    assert groups == [core, other]
    core_part, other_part = select.split(f'<optgroup label="{other}">')
    assert re.search(f'value="OHS-03">OHS-03 [^<]+{re.escape(label)}</option>', core_part)
    assert 'value="OHS-01">OHS-01 ' in other_part  # an absolute figure: not core in v2
    assert "（核心）" not in other_part
    assert "(core)" not in other_part


@pytest.mark.parametrize(
    ("lang", "state", "progress"),
    [
        ("zh", "按进度", "基准年 {year}：2；目标 1（{deadline} 年）"),
        ("en", "on track", "Base year {year}: 2; target 1 (by {deadline})"),
    ],
)
def test_saved_target_shows_base_value_goal_and_progress(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811
    lang: str,
    state: str,
    progress: str,
) -> None:
    assessment = target_author(db_session, auth)
    year = assessment.cycle.year
    db_session.add(
        KpiValue(assessment=assessment, input_id="fatalities_employees", value=Decimal(2))
    )
    target = KpiTarget(
        assessment=assessment,
        kpi_id="OHS-01",
        base_year=year,
        deadline=year + 2,
        change_pct=Decimal(-50),
    )
    db_session.add(target)
    db_session.commit()
    client.get(f"/lang/{lang}")
    page = client.get(f"/assessments/{assessment.id}/kpis").get_data(as_text=True)
    row = html.unescape(page.split(f'id="target-row-{target.id}"', 1)[1].split("</tr>", 1)[0])
    cells = [
        re.sub(r"<[^>]+>", " ", c).split() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]
    assert cells[0][0] == "OHS-01"
    assert cells[1:5] == [[str(year)], ["2"], [str(year + 2)], ["1"]]  # base value; 2 less 50 %
    text = " ".join(cells[6])
    assert text.startswith(state)
    assert progress.format(year=year, deadline=year + 2) in text
