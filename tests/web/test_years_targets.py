"""The years page shows the organisation's own targets: KPI, base and target, the KPI year by
year and whether each was met, missed or is on track, in Chinese and English."""

from __future__ import annotations

import re
from decimal import Decimal

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import Assessment, KpiTarget
from rcapp.organisations.models import Organisation
from tests.conftest import AuthActions
from tests.factories import make_cycle, make_organisation, make_user
from tests.factories_reviews import submitted


def _set(assessment: Assessment, input_id: str, value: int) -> None:
    row = next(v for v in assessment.kpi_values if v.input_id == input_id)
    row.value = Decimal(value)


def _three_years() -> tuple[Organisation, str, dict[int, Assessment]]:
    company = make_organisation()
    member = make_user(company)
    found = {}
    for year, drills in ((2023, 2), (2024, 3), (2025, 4)):
        assessment = submitted(company, make_cycle(year=year), member, {})
        _set(assessment, "drills", drills)
        found[year] = assessment
    _set(found[2025], "lti_employees", 1)  # LTIF 1.0 in 2024, 0.5 in 2025
    return company, member.email, found


def _row(page: str, anchor: str) -> str:
    start = page.index(f'id="{anchor}"')
    return page[start : page.index("</tr>", start)]


def test_targets_of_every_year_are_judged_on_the_years_page(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    company, email, years = _three_years()
    db_session.add_all(
        [
            # Set in 2023, due 2024: 3 drills in 2024 fall short of 5.
            KpiTarget(
                assessment=years[2023],
                kpi_id="CA-01",
                base_year=2023,
                deadline=2024,
                value=Decimal(5),
                note="公开承诺：每年演练 5 次",
            ),
            # 2 → 4 of the way to 10 by 2027: 25 % done, 50 % of the time gone.
            KpiTarget(
                assessment=years[2025],
                kpi_id="CA-01",
                base_year=2023,
                deadline=2027,
                value=Decimal(10),
            ),
            # LTIF 10 % lower than 2024 by 2026: already 0.5, met early.
            KpiTarget(
                assessment=years[2025],
                kpi_id="OHS-03",
                base_year=2024,
                deadline=2026,
                change_pct=Decimal(-10),
            ),
        ]
    )
    db_session.commit()
    auth.login(email)
    page = client.get(f"/benchmarks/organisations/{company.id}/years").get_data(as_text=True)
    assert "自身目标与承诺" in page
    assert "<dt>责任关怀承诺</dt><dd>未签署</dd>" in page
    missed = _row(page, "target-CA-01-2024")
    assert "未达成" in missed
    assert "公开承诺：每年演练 5 次" in missed
    assert "最新年度已不再列出此目标" in missed  # the 2025 assessment no longer lists it
    assert all(f'<td class="num">{n}</td>' in missed for n in ("2023", "2", "3", "4", "5"))
    behind = _row(page, "target-CA-01-2027")
    assert "进度落后" in behind
    assert "完成进度 25.0%，时间进度 50.0%" in behind
    ahead = _row(page, "target-OHS-03-2026")
    assert "按计划推进" in ahead
    assert "已提前达到目标值" in ahead
    assert "较基准年 -10%" in ahead
    assert "0.9" in ahead  # the goal: 10 % below 2024's 1.0
    # base, goal and the years with LTIF's two decimals, as the result page (scoring.kpi_text)
    figures = re.findall(r'<td class="num">([^<]*)(?:</td>|<br>)', ahead)
    assert figures == ["2024", "1.00", "2026", "0.90", "1.00", "1.00", "0.50"]
    client.get("/lang/en")
    english = client.get(f"/benchmarks/organisations/{company.id}/years").get_data(as_text=True)
    assert "Own targets and commitments" in english
    assert "Missed" in _row(english, "target-CA-01-2024")
    assert "Behind schedule" in _row(english, "target-CA-01-2027")
    assert "On track" in _row(english, "target-OHS-03-2026")
    shown = _row(english, "target-OHS-03-2026")
    assert re.findall(r'<td class="num">([^<]*)(?:</td>|<br>)', shown) == figures


def test_without_targets_the_page_says_where_to_set_them(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    company, email, _years = _three_years()
    db_session.commit()
    auth.login(email)
    page = client.get(f"/benchmarks/organisations/{company.id}/years").get_data(as_text=True)
    assert "尚未设定自身的绩效指标目标" in page
    assert '<table class="targets">' not in page
