"""The annual report's figures: separators, the rubric's units, and no "0/0" counts.

A park KPI in a year without a submitted park printed "0/0" in chapter 5's reporting count
and chapter 9's coverage (with "0%"); a total of hours printed 3000000 where the pages
show 3,000,000; the 20-万-hours unit was spaced unlike the rubric's "起/20万工时".
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from flask import Flask
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.organisations.models import OrganisationKind
from rcapp.reports.annual_sheets import annual_sheets
from rcapp.reports.data_annual import build_annual_data
from rcapp.reports.data_annual_report import build_annual_report
from rcapp.reports.excel import workbook_bytes
from tests.factories import make_organisation
from tests.integration.reports.industry_minimum import industry_of_one
from tests.integration.reports.test_annual_pooling import _cycle, _submitted, real_rubrics
from tests.integration.reports.test_annual_same_sample import _chapter, _page

__all__ = ["industry_of_one", "real_rubrics"]

# how figures are written, over one organisation (industry_minimum; the rule of three is
# tested in test_annual_rule_of_three)
pytestmark = pytest.mark.usefixtures("industry_of_one")


def _row(chapter: str, name: str) -> str:
    return next(r for r in chapter.split("<tr>") if r.startswith(f"<td>{name}</td>"))


@pytest.mark.parametrize(
    ("lang", "locale", "none_text"),
    [("zh", "zh_CN", "无可比数据"), ("en", "en", "no comparable data")],
)
def test_park_kpis_without_a_submitted_park_count_0_of_0(
    app: Flask, db_session: Session, real_rubrics: None, lang: str, locale: str, none_text: str
) -> None:
    cycle = _cycle(2025, 2)
    company = make_organisation(kind=OrganisationKind.COMPANY)
    _submitted(cycle, company, 2, {"hours_employees": 1_000_000, "lti_employees": 1})
    db_session.flush()
    with force_locale(locale):
        report = build_annual_report(cycle, lang)
        page = _page(app, report)
    park_kpi = next(r for g in report.trends for r in g.rows if r.kpi_id.startswith("PK-"))
    assert park_kpi.total == 0
    # the 报送组织 column counts organisations: 0/0, as a year with a park reads 1/1 (QA61 m7)
    kpis = _chapter(page, "kpis")
    assert none_text not in _row(kpis, park_kpi.name)
    assert '<td class="num">0/0</td>' in _row(kpis, park_kpi.name)
    quality = _chapter(page, "quality")
    coverage = next(r for r in report.coverage if r.name == park_kpi.name)
    assert (coverage.reported, coverage.of) == (0, 0)
    row = _row(quality, coverage.name)
    assert '<td class="num">0/0</td><td class="num">—</td>' in row
    # a company KPI keeps its count
    assert '<td class="num">1/1</td><td class="num">100%</td>' in _row(
        quality, next(r.name for r in report.coverage if r.reported == r.of == 1)
    )


@pytest.mark.parametrize(
    ("lang", "locale", "unit"),
    [("zh", "zh_CN", "起/20万工时"), ("en", "en", "events per 200,000 hours worked")],
)
def test_figures_have_separators_and_units_are_the_rubrics(
    app: Flask, db_session: Session, real_rubrics: None, lang: str, locale: str, unit: str
) -> None:
    cycle = _cycle(2025, 2)
    company = make_organisation(kind=OrganisationKind.COMPANY)
    _submitted(cycle, company, 2, {"energy_tce": 1_234_567, "hours_employees": 1_000_000})
    db_session.flush()
    with force_locale(locale):
        report = build_annual_report(cycle, lang)
        page = _page(app, report)
    kpis = _chapter(page, "kpis")
    energy = next(r for g in report.trends for r in g.rows if r.kpi_id == "RS-01")
    # a total prints the decimals its figures need: whole, as the workbook's KPI sheet
    assert '<td class="num">1,234,567</td>' in _row(kpis, energy.name)
    assert "1234567" not in page
    events = next(r for g in report.trends for r in g.rows if r.kpi_id == "PK-PS-01")
    assert f"<td>{events.name}</td><td>{unit}</td>" in kpis
    assert "20 万" not in page


def test_the_annual_workbook_keeps_figures_numbers_with_separators(
    db_session: Session, real_rubrics: None
) -> None:
    cycle = _cycle(2025, 2)
    company = make_organisation(kind=OrganisationKind.COMPANY)
    _submitted(cycle, company, 2, {"energy_tce": 1_234_567, "hours_employees": 1_000_000})
    db_session.flush()
    with force_locale("zh_CN"):
        data = build_annual_data(cycle, "zh", lambda done, total: None)
        book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(annual_sheets(data))))
    cells = [c for row in book["关键绩效指标"].iter_rows() for c in row if c.value == 1234567]
    assert cells, "the energy figure is a number"
    assert all(c.data_type == "n" and c.number_format == "#,##0" for c in cells)


def test_the_english_workbook_writes_the_hours_basis_in_lower_case_mid_header(
    db_session: Session, real_rubrics: None
) -> None:
    # QA31 S11: "... (LTIF) (Per million hours worked)" beside "(persons)", "(events)"
    cycle = _cycle(2025, 2)
    company = make_organisation(kind=OrganisationKind.COMPANY)
    _submitted(cycle, company, 2, {"hours_employees": 1_000_000})
    db_session.flush()
    with force_locale("en"):
        data = build_annual_data(cycle, "en", lambda done, total: None)
        book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(annual_sheets(data))))
    heads = [str(c.value) for row in book["KPIs"].iter_rows(max_row=4) for c in row]
    per_hours = [h for h in heads if "hours worked)" in h]
    assert per_hours
    assert all("(per million hours worked)" in h or "(per 200,000" in h for h in per_hours)
    pooled = [str(c.value) for row in book["Pooled KPIs"].iter_rows(max_row=5) for c in row]
    assert "Per million hours worked" in pooled  # a header of its own starts with a capital
