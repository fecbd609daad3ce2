"""QA40 D1: a rate's "较基准年" compares the organisations that reported it in both years.

Totals already did (qa17 D4); a pooled rate compared everyone of this year with everyone of
the base year, so a company with a high energy intensity joining in 2025 turned an industry
whose every company improved into one that worsened (+6.1 % instead of -9.4 %), and chapters
6 and 7 counted it so.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from rcapp.organisations.models import OrganisationKind
from rcapp.reports.annual_model import AnnualReport
from rcapp.reports.data_annual_report import build_annual_report
from tests.factories import make_organisation
from tests.integration.reports.industry_minimum import industry_of_one
from tests.integration.reports.test_annual_pooling import _cycle, _submitted, real_rubrics
from tests.integration.reports.test_annual_same_sample import _chapter, _page, _trend

pytestmark = pytest.mark.usefixtures("industry_of_one")

__all__ = ["real_rubrics", "industry_of_one"]


@pytest.fixture
def report(db_session: Session, real_rubrics: None) -> AnnualReport:
    """Three companies at 0.5 tce/万元 in 2024 and 0.45 in 2025; a fourth joins at 0.7."""
    a, b, c, d = (make_organisation(kind=OrganisationKind.COMPANY) for _ in range(4))
    earlier = _cycle(2024, 2)
    for org in (a, b, c):
        _submitted(earlier, org, 2, {"energy_tce": 100, "output_value": 200})
    cycle = _cycle(2025, 2)
    for org in (a, b, c):
        _submitted(cycle, org, 2, {"energy_tce": 90, "output_value": 200})
    _submitted(cycle, d, 2, {"energy_tce": 700, "output_value": 1000})
    db_session.flush()
    return build_annual_report(cycle, "zh")


def test_a_rate_compares_the_organisations_reporting_both_years(report: AnnualReport) -> None:
    energy = _trend(report, "RS-02")
    # each year's column is still everyone's pooled figure: 300/600 = 0.5 and
    # (270 + 700)/(600 + 1000) = 0.60625 (+21.3 % if compared with 0.5) ...
    assert energy.values[-2] == Decimal("0.5")
    assert energy.values[-1] == Decimal("0.61")
    # ... but the change pools the three of both years: 300/600 = 0.5 → 270/600 = 0.45, -10.0 %
    assert energy.same_sample == 3
    assert energy.change_pct == Decimal("-10.0")
    assert (energy.compared, energy.improved) == (True, True)


def test_the_report_says_a_rate_is_compared_like_for_like(app: Flask, report: AnnualReport) -> None:
    energy = _trend(report, "RS-02")
    chapter = _chapter(_page(app, report), "kpis")
    row = next(r for r in chapter.split("<tr>") if r.startswith(f"<td>{energy.name}</td>"))
    assert "-10.0%" in row
    assert "只比较在基准年和本年都报送的 3 家组织" in chapter
    assert "比率和强度比较这些组织的汇总值" in chapter


def test_chapters_6_and_7_count_the_like_for_like_change(app: Flask, report: AnnualReport) -> None:
    resources = next(g for g in report.trends if _trend(report, "RS-02") in g.rows)
    compared = [r for r in resources.rows if r.compared]
    # energy (RS-01, a total: 300 → 270) and its intensity (RS-02), both better; RS-02 over
    # everyone counted as worse (1/2)
    assert [(r.kpi_id, r.improved) for r in compared] == [("RS-01", True), ("RS-02", True)]
    assert f"{resources.title}：2/2" in _chapter(_page(app, report), "targets")
    sdg = {row.target: row for row in report.sdg}
    assert "万元产值综合能耗" in sdg["7.3"].kpis
    assert sdg["7.3"].improved == sdg["7.3"].total > 0
