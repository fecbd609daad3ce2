"""The annual report and workbook print a KPI alike; a chart says which lines it leaves out.

reports4 item 4: 2024's LTIF needed two decimals (1.25), 2025's one (1.2): the report's trend
row printed 1.20, the workbook's pooled figure 1.2. One rule now, over every year shown.
Item 6: the 2025 environment chart drew one line of eleven rates without a word: version 2
redefined EN-01..EN-05 (kg per t of product) and added EN-09..EN-13.
"""

from __future__ import annotations

import io
from decimal import Decimal

from flask import Flask, render_template
from flask_babel import force_locale
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from rcapp.organisations.models import OrganisationKind
from rcapp.reports.annual_model import AnnualReport
from rcapp.reports.annual_sheets import annual_sheets
from rcapp.reports.data_annual_report import build_annual_report
from rcapp.reports.excel import Figure, workbook_bytes
from tests.factories import make_organisation
from tests.integration.reports.test_annual_pooling import _cycle, _submitted, real_rubrics

__all__ = ["real_rubrics"]


def _two_years(db_session: Session, first_version: int, lang: str = "zh") -> AnnualReport:
    companies = [make_organisation(kind=OrganisationKind.COMPANY) for _ in range(3)]
    years = ((2024, first_version, 5, 4_000_000), (2025, 2, 6, 5_000_000))
    for year, version, injuries, hours in years:
        cycle = _cycle(year, version)
        for company in companies:
            inputs = {"lti_employees": injuries, "hours_employees": hours}
            inputs |= {"so2_t": 3, "production_t": 1000}
            _submitted(cycle, company, version, inputs)
    db_session.flush()
    return build_annual_report(cycle, lang)


def test_the_workbook_prints_a_kpi_with_the_report_rows_decimals(
    app: Flask, db_session: Session, real_rubrics: None
) -> None:
    report = _two_years(db_session, 2)
    ltif = next(r for g in report.trends for r in g.rows if r.kpi_id == "OHS-03")
    assert ltif.values[-2:] == (Decimal("1.25"), Decimal("1.2"))
    assert ltif.places == 2
    with app.test_request_context():
        page = render_template("reports/annual.html", report=report, print_css="")
    row = next(r for r in page.split("<tr>") if r.startswith(f"<td>{ltif.name}</td>"))
    assert ">1.25<" in row
    assert ">1.20<" in row
    sheet = next(s for s in annual_sheets(report.data) if s.title == "汇总指标")
    line = next(r for r in sheet.rows if (r[0], r[1]) == ("全部组织", "OHS-03"))
    assert line[4] == Figure(Decimal("1.2"), 2)  # it was Figure(1.2, 1): "1.2"
    book = load_workbook(io.BytesIO(workbook_bytes([sheet])))
    cell = next(c for c in book.active["B"] if c.value == "OHS-03")
    assert book.active.cell(cell.row, 5).number_format == "#,##0.00"


def test_the_environment_chart_says_why_rates_draw_no_line(
    app: Flask, db_session: Session, real_rubrics: None
) -> None:
    report = _two_years(db_session, 1)
    environment = next(g for g in report.trends if g.title == "环境保护")
    said = " ".join(environment.undrawn)
    assert "单位产品二氧化硫排放量" in said  # EN-01: 2024 (version 1) in tonnes
    assert "往年的评价细则对其定义不同，不可比" in said
    assert "单位产品总氮排放量" in said  # EN-09: new in version 2
    assert "不足两年有汇总值" in said
    with app.test_request_context():
        page = render_template("reports/annual.html", report=report, print_css="")
    figure = page.split("<h3>环境保护</h3>", 1)[1].split("</figure>", 1)[0]
    assert '<figcaption class="undrawn">未画线：' in figure  # on the chart's own page


def test_the_english_note_names_the_formulas_with_subscripts(
    app: Flask, db_session: Session, real_rubrics: None
) -> None:
    report = _two_years(db_session, 1, "en")
    with app.test_request_context(), force_locale("en"):
        page = render_template("reports/annual.html", report=report, print_css="")
    figure = page.split("<h3>Environmental protection</h3>", 1)[1].split("</figure>", 1)[0]
    assert "No line drawn: SO<sub>2</sub> released per tonne of product" in figure
    assert "not comparable" in figure
