"""The annual report and workbook after QA52: names, compared pairs, marks and chart notes.

m1: the workbook's "KPIs" sheet printed SO2 plain in its headers, the "Pooled KPIs" sheet SO₂.
m3: "-0.2 %  like for like 1.25 → 1.25": a change beside two figures that read alike.
m4: "—" meant both "too few organisations reported" and "that year's rubric had no such KPI".
m5: the 2024 environment chart left its six totals out without a word.
"""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from flask import Flask, render_template
from flask_babel import force_locale
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from sqlalchemy.orm import Session

from rcapp.organisations.models import OrganisationKind
from rcapp.reports.annual_model import AnnualReport
from rcapp.reports.annual_sheets import annual_sheets
from rcapp.reports.data_annual_report import build_annual_report
from rcapp.reports.excel import workbook_bytes
from tests.factories import make_organisation
from tests.integration.reports.test_annual_pooling import _cycle, _submitted, real_rubrics

__all__ = ["real_rubrics"]

LANGS = ("zh", "en")
ENVIRONMENT = {"zh": "环境保护", "en": "Environmental protection"}


def _years(
    db_session: Session, versions: tuple[int, int], hours: tuple[int, int], lang: str
) -> AnnualReport:
    """Three companies in 2024 and 2025, each with 5 lost-time injuries in `hours`."""
    companies = [make_organisation(kind=OrganisationKind.COMPANY) for _ in range(3)]
    for year, version, worked in zip((2024, 2025), versions, hours, strict=True):
        cycle = _cycle(year, version)
        for company in companies:
            inputs = {"lti_employees": 5, "hours_employees": worked}
            inputs |= {"so2_t": 3, "production_t": 1000, "cod_t": 2}
            _submitted(cycle, company, version, inputs)
    db_session.flush()
    return build_annual_report(cycle, lang)


def _page(app: Flask, report: AnnualReport, lang: str) -> str:
    with app.test_request_context(), force_locale("en" if lang == "en" else "zh_CN"):
        return render_template("reports/annual.html", report=report, print_css="")


def test_the_kpis_sheet_names_formulas_with_subscripts(
    db_session: Session, real_rubrics: None
) -> None:
    # English only: the Chinese names spell the substances out (二氧化硫), no formulas
    report = _years(db_session, (1, 1), (4_000_000, 4_000_000), "en")
    with force_locale("en"):
        kpis = next(s for s in annual_sheets(report.data) if s.title == "KPIs")
        book = load_workbook(io.BytesIO(workbook_bytes([kpis])), rich_text=True)
    header = next(
        row
        for row in book.active.iter_rows(values_only=True)
        if any("SO2 emissions" in str(v) for v in row)  # after its KPI id
        or any(isinstance(v, CellRichText) for v in row)
    )
    so2 = next(v for v in header if "SO2 emissions" in str(v))
    assert isinstance(so2, CellRichText)  # it was the plain "SO2 emissions (t)"
    runs = [run for text in header if isinstance(text, CellRichText) for run in text]
    subscripts = [run for run in runs if isinstance(run, TextBlock)]
    assert {run.text for run in subscripts} >= {"2", "x"}  # SO₂, NOₓ
    # the header's own bold white, not a black plain "2" on the dark header
    assert all(run.font.vertAlign == "subscript" and run.font.b for run in subscripts)


@pytest.mark.parametrize("lang", LANGS)
def test_a_change_beside_figures_that_round_alike_prints_them_apart(
    app: Flask, db_session: Session, real_rubrics: None, lang: str
) -> None:
    # LTIF 1.25 (5 in 4,000,000 h) and 1.2469 (5 in 4,010,000 h): both shown 1.25, -0.2 %
    report = _years(db_session, (2, 2), (4_000_000, 4_010_000), lang)
    ltif = next(r for g in report.trends for r in g.rows if r.kpi_id == "OHS-03")
    assert ltif.change_pct == Decimal("-0.2")
    assert ltif.values[-2:] == (ltif.values[-2], ltif.values[-2])  # they print alike
    page = _page(app, report, lang)
    cell = page.split(f"<td>{ltif.name}</td>", 1)[1].split("</tr>", 1)[0]
    assert "1.250 → 1.247" in cell


@pytest.mark.parametrize("lang", LANGS)
def test_a_kpi_new_since_a_year_is_marked_apart_from_a_withheld_figure(
    app: Flask, db_session: Session, real_rubrics: None, lang: str
) -> None:
    report = _years(db_session, (1, 2), (4_000_000, 4_000_000), lang)
    new = next(r for g in report.trends for r in g.rows if r.kpi_id == "EN-09")
    assert new.undefined[-2:] == (True, False)
    ltif = next(r for g in report.trends for r in g.rows if r.kpi_id == "OHS-03")
    assert not any(ltif.undefined)
    page = _page(app, report, lang)
    mark = "n/a" if lang == "en" else "未设"
    row = page.split("<td>" + new.name, 1)[1].split("</tr>", 1)[0]
    assert f'<span class="undefined">{mark}</span>' in row
    assert f'<p class="note undefined-kpis">“{mark}”' in page


@pytest.mark.parametrize("lang", LANGS)
def test_the_chart_says_it_draws_no_line_for_the_totals(
    app: Flask, db_session: Session, real_rubrics: None, lang: str
) -> None:
    report = _years(db_session, (1, 1), (4_000_000, 4_000_000), lang)
    environment = next(g for g in report.trends if g.title == ENVIRONMENT[lang])
    said = " ".join(environment.undrawn)
    totals = [r.name for r in environment.rows if r.kpi_id in ("EN-01", "EN-03")]
    assert len(totals) == 2
    assert all(name in said for name in totals)
    assert ("totals" if lang == "en" else "总量") in said
    figure = _page(app, report, lang).split(f"<h3>{ENVIRONMENT[lang]}</h3>", 1)[1]
    assert '<figcaption class="undrawn">' in figure.split("</figure>", 1)[0]
