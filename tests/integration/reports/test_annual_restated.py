"""QA17 S10: a year pooled in this year's definition says so, not silently another figure.

The 2024 report printed RS-04 as an index (rc-company@1: base year = 100); the 2025 report
prints 2024 as the intensity 1.58 t CO2e/t (rc-company@2), the same formula over the same
inputs and so comparable (rubrics.kpi_compare), but a reader holding both reports saw two
values for one year. The restated year is marked, and a note names the unit that year used.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask import Flask, render_template
from sqlalchemy.orm import Session

from rcapp.organisations.models import OrganisationKind
from rcapp.reports.data_annual_report import build_annual_report
from tests.factories import make_organisation
from tests.integration.reports.industry_minimum import industry_of_one
from tests.integration.reports.test_annual_pooling import _cycle, _submitted, real_rubrics

# pooling arithmetic over one or two organisations (industry_minimum)
pytestmark = pytest.mark.usefixtures("industry_of_one")

__all__ = ["real_rubrics", "industry_of_one"]

GHG = {"ghg_scope1_t": 100, "ghg_scope2_t": 58, "production_t": 100}


def test_a_year_restated_in_this_years_unit_is_marked(
    app: Flask, db_session: Session, real_rubrics: None
) -> None:
    company = make_organisation(kind=OrganisationKind.COMPANY)
    _submitted(_cycle(2024, 1), company, 1, GHG)
    cycle = _cycle(2025, 2)
    _submitted(cycle, company, 2, {**GHG, "ghg_scope2_t": 55})
    db_session.flush()
    report = build_annual_report(cycle, "zh")
    ghg = next(r for g in report.trends for r in g.rows if r.kpi_id == "RS-04")
    assert ghg.values[-2:] == (Decimal("1.58"), Decimal("1.55"))
    assert ghg.not_comparable[-2:] == (False, False)  # the same formula: compared (kpi_compare)
    assert ghg.restated[-2:] == ("指数（基准年＝100）", None)
    assert ghg.change_pct is not None
    ltif = next(r for g in report.trends for r in g.rows if r.kpi_id == "OHS-03")
    assert not any(ltif.restated)  # the same unit in both versions

    with app.test_request_context():
        page = render_template("reports/annual.html", report=report, print_css="")
    chapter = page.split('id="kpis"', 1)[1].split("</section>", 1)[0]
    row = next(r for r in chapter.split("<tr>") if r.startswith(f"<td>{ghg.name}</td>"))
    assert ">1.58*</td>" in row
    assert ">1.55</td>" in row
    assert f"* {ghg.name}：按本年评价细则的定义（吨二氧化碳当量/吨产品）重新计算" in chapter
    assert "以“指数（基准年＝100）”计" in chapter
