"""QA21 D2: no chapter of the annual report or workbook publishes the figures of one or two.

With one company submitted, chapter 5 ("汇总关键绩效指标") and chapter 7's table printed that
company's own figures ("报送组织 1/1") while chapter 4 and the workbook hid them; with two, every
chapter printed the pooled figures, so each could subtract its own and read the other's. Every
aggregate now passes the one rule (stats.shows_group) with the whole industry's minimum of three.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask, render_template
from sqlalchemy.orm import Session

from rcapp.benchmarks.stats import MIN_INDUSTRY_SIZE, shows_group
from rcapp.organisations.models import OrganisationKind
from rcapp.reports.annual_model import AnnualReport
from rcapp.reports.annual_sheets import annual_sheets
from rcapp.reports.data_annual_report import build_annual_report
from tests.factories import make_organisation
from tests.integration.reports.test_annual_pooling import _cycle, _submitted, real_rubrics

__all__ = ["real_rubrics"]

# distinctive inputs: 7 lost-time injuries in 1,000,000 h (LTIF 7.00), 43 drills (CA-01)
INPUTS = {"lti_employees": 7, "hours_employees": 1_000_000, "drills": 43, "energy_tce": 91357}


def _report(n: int) -> AnnualReport:
    cycle = _cycle(2025, 2)
    for _ in range(n):
        _submitted(cycle, make_organisation(kind=OrganisationKind.COMPANY), 2, INPUTS)
    return build_annual_report(cycle, "zh")


def _chapter(page: str, anchor: str) -> str:
    return page.split(f'id="{anchor}"', 1)[1].split("</section>", 1)[0]


def test_the_industry_minimum_is_three() -> None:
    assert MIN_INDUSTRY_SIZE == 3
    assert not shows_group(2, MIN_INDUSTRY_SIZE)
    assert shows_group(3, MIN_INDUSTRY_SIZE)


@pytest.mark.parametrize("n", [1, 2])
def test_one_or_two_organisations_publish_nothing(
    app: Flask, db_session: Session, real_rubrics: None, n: int
) -> None:
    report = _report(n)
    db_session.flush()
    # chapter 4: the row of all companies
    (table,) = report.heat
    everyone = next(r for r in table.rows if r.group == "全部企业")
    assert everyone.withheld
    assert set(everyone.cells) == {None}
    # chapters 5 and 7 (and the charts drawn from them): no value, each year marked withheld
    rows = [row for group in report.trends for row in group.rows] + list(report.sdg_annex)
    assert rows
    assert all(set(row.values) == {None} for row in rows)
    ltif = next(row for row in rows if row.kpi_id == "OHS-03")
    assert ltif.withheld[-1]
    assert (ltif.counted, ltif.total) == (n, n)
    assert next(row for row in report.sdg_annex if row.kpi_id == "CA-01").withheld[-1]
    assert not any(group.chart for group in report.trends)
    # the workbook's pooled figures
    for figure in report.data.pooled:
        assert figure.value is None
        assert figure.withheld or figure.counted == 0

    with app.test_request_context():
        page = render_template("reports/annual.html", report=report, print_css="")
    for anchor in ("sections", "kpis", "sdg"):
        chapter = _chapter(page, anchor)
        # the figures as written plain and as figure_text writes them (separators)
        for shown in ("7.00", "7.0", str(43 * n), f"{91357 * n}", f"{91357 * n:,}"):
            assert not re.search(rf">\s*{re.escape(shown)}\s*<", chapter), (anchor, shown)
    assert "少于 3 家的年份不显示汇总值" in _chapter(page, "kpis")
    assert "少于 3 家的年份不显示汇总值" in _chapter(page, "sdg")
    assert "— 少于 3 家，不显示" in _chapter(page, "sections")
    sheet = next(s for s in annual_sheets(report.data) if s.title == "汇总指标")
    assert all(row[-1] == "少于 3 家，不显示" for row in sheet.rows if row[1] == "OHS-03")


def test_three_organisations_are_shown_everywhere(
    app: Flask, db_session: Session, real_rubrics: None
) -> None:
    report = _report(3)
    db_session.flush()
    (table,) = report.heat
    assert not next(r for r in table.rows if r.group == "全部企业").withheld
    rows = {row.kpi_id: row for group in report.trends for row in group.rows}
    assert rows["OHS-03"].values[-1] is not None
    assert not rows["OHS-03"].any_withheld
    assert rows["RS-01"].values[-1] == 3 * 91357
    annex = {row.kpi_id: row for row in report.sdg_annex}
    assert annex["CA-01"].values[-1] == 3 * 43
    pooled = {(p.group, p.kpi_id): p for p in report.data.pooled}
    assert not pooled[("全部组织", "OHS-03")].withheld

    with app.test_request_context():
        page = render_template("reports/annual.html", report=report, print_css="")
    assert "少于 3 家的年份不显示汇总值" not in page
    assert re.search(r">\s*129\s*<", _chapter(page, "sdg"))
    assert re.search(rf">\s*{3 * 91357:,}\s*<", _chapter(page, "kpis"))  # a whole total
