"""QA17 D4, S3, S4, S14: chapters 5-7 compare like with like and say what they count.

The 2025 report summed energy over 6 companies in 2024 and 4 in 2025 and called the drop
"-13.6%" an improvement. An absolute total now compares over the organisations that
reported it in both years, and so does a rate (qa40 D1, test_annual_rate_same_sample).
"0/0" reads "无可比数据", the SDG chapter lists the indicators it counts that chapter 5 does
not show, and the star chart's caption names only the years it draws.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask import Flask, render_template
from sqlalchemy.orm import Session

from rcapp.organisations.models import Organisation, OrganisationKind
from rcapp.reports.annual_model import AnnualReport, TrendRow
from rcapp.reports.data_annual_report import build_annual_report
from tests.factories import make_organisation
from tests.integration.reports.industry_minimum import industry_of_one
from tests.integration.reports.test_annual_pooling import _cycle, _submitted, real_rubrics

# pooling arithmetic over one or two organisations (industry_minimum)
pytestmark = pytest.mark.usefixtures("industry_of_one")

__all__ = ["real_rubrics", "industry_of_one"]


def _trend(report: AnnualReport, kpi_id: str) -> TrendRow:
    rows = [*(r for g in report.trends for r in g.rows), *report.sdg_annex]
    return next(row for row in rows if row.kpi_id == kpi_id)


def _page(app: Flask, report: AnnualReport) -> str:
    with app.test_request_context():
        return render_template("reports/annual.html", report=report, print_css="")


def _chapter(page: str, anchor: str) -> str:
    return page.split(f'id="{anchor}"', 1)[1].split("</section>", 1)[0]


@pytest.fixture
def report(db_session: Session, real_rubrics: None) -> AnnualReport:
    """Three companies report energy and drills in 2024; two of them again in 2025."""
    a, b, c = (make_organisation(kind=OrganisationKind.COMPANY) for _ in range(3))
    earlier = _cycle(2024, 1)
    for org, energy in ((a, 100), (b, 200), (c, 700)):
        _submitted(earlier, org, 1, _inputs(org, energy))
    cycle = _cycle(2025, 2)
    _submitted(cycle, a, 2, _inputs(a, 110))
    _submitted(cycle, b, 2, _inputs(b, 220))
    db_session.flush()
    return build_annual_report(cycle, "zh")


def _inputs(_org: Organisation, energy: int) -> dict[str, int]:
    return {"energy_tce": energy, "drills": 4, "lti_employees": 1, "hours_employees": 1_000_000}


def test_an_absolute_total_compares_the_organisations_reporting_both_years(
    report: AnnualReport,
) -> None:
    energy = _trend(report, "RS-01")
    # Each year's column is still that year's total: 1000 (three) and 330 (two) ...
    assert energy.values[-2:] == (Decimal("1000"), Decimal("330"))
    # ... but the change compares the two that reported both years: 300 → 330 = +10.0 %,
    # worse (it read -67.0 %, better).
    assert energy.same_sample == 2
    assert energy.change_pct == Decimal("10.0")
    assert (energy.compared, energy.improved) == (True, False)


def test_a_pooled_rate_is_compared_over_the_same_organisations(report: AnnualReport) -> None:
    ltif = _trend(report, "OHS-03")
    # 3 / 3,000,000 h and 2 / 2,000,000 h: 1.00 both years, the same rate (qa40 D1: the
    # change pools the two of both years, 2 / 2,000,000 h each year)
    assert ltif.same_sample == 2
    assert ltif.values[-2:] == (Decimal("1"), Decimal("1"))
    assert ltif.change_pct == Decimal("0.0")


def test_the_report_says_which_organisations_a_total_is_compared_over(
    app: Flask, report: AnnualReport
) -> None:
    chapter = _chapter(_page(app, report), "kpis")
    energy = _trend(report, "RS-01")
    assert f"{energy.name}" in chapter
    assert "“较基准年”只比较在基准年和本年都报送的 2 家组织" in chapter
    row = next(r for r in chapter.split("<tr>") if r.startswith(f"<td>{energy.name}</td>"))
    assert "+10.0%" in row
    # the index chart draws rates only: an absolute total's line compared other organisations
    resources = next(g for g in report.trends if energy in g.rows)
    assert energy.name not in str(resources.chart)


def test_chapter_6_counts_the_same_sample_change(app: Flask, report: AnnualReport) -> None:
    resources = next(g for g in report.trends if _trend(report, "RS-01") in g.rows)
    improved = sum(1 for r in resources.rows if r.improved)
    compared = sum(1 for r in resources.rows if r.compared)
    assert _trend(report, "RS-01").improved is False  # counted as not better
    chapter = _chapter(_page(app, report), "targets")
    assert f"{resources.title}：{improved}/{compared}" in chapter
    assert " / " not in chapter


def test_the_sdg_chapter_lists_the_indicators_chapter_5_does_not_show(
    app: Flask, report: AnnualReport
) -> None:
    drills = _trend(report, "CA-01")  # community: counted under SDG 11.5, not in chapter 5
    assert drills in report.sdg_annex
    assert all(drills not in g.rows for g in report.trends)
    assert drills.same_sample == 2  # a sum of drills: 8 → 8, over the same two companies
    chapter = _chapter(_page(app, report), "sdg")
    assert 'id="sdg-annex"' in chapter
    annex = chapter.split('id="sdg-annex"', 1)[1]
    assert drills.name in annex
    assert "第 5 章表中没有的指标" in chapter
    shown = {r.name for g in report.trends for r in g.rows} | {r.name for r in report.sdg_annex}
    for row in report.sdg:  # every indicator counted is in a table of the report
        assert set(row.kpis.split("、")) <= shown, row


def test_nothing_to_compare_reads_no_comparable_data(
    app: Flask, db_session: Session, real_rubrics: None
) -> None:
    # A first year: chapters 6 and 7 printed "0 / 0" everywhere, and the star chart's
    # caption said "本年与上年" over this year's bars only.
    cycle = _cycle(2025, 2)
    company = make_organisation(kind=OrganisationKind.COMPANY)
    _submitted(cycle, company, 2, _inputs(company, 100))
    db_session.flush()
    report = build_annual_report(cycle, "zh")
    page = _page(app, report)
    targets = _chapter(page, "targets")
    sdg = _chapter(page, "sdg").split('id="sdg-annex"', 1)[0]  # the annex counts who reported
    for chapter in (targets, sdg):
        assert "无可比数据" in chapter
        assert "0/0" not in chapter
        assert "0 / 0" not in chapter
    stars = _chapter(page, "stars")
    assert "各星级组织数量（本年）" in stars
    assert "本年与上年" not in stars


def test_the_star_caption_names_last_year_when_it_is_drawn(
    app: Flask, report: AnnualReport
) -> None:
    assert "各星级组织数量，本年与上年" in _chapter(_page(app, report), "stars")


def test_the_sdg_table_may_break_so_chapter_six_ends_on_a_full_page(
    app: Flask, report: AnnualReport
) -> None:
    # QA31 S12: the SDG table was kept whole: too tall for what remained below chapter 6,
    # it moved to the next page with its chapter and left a page with one sentence.
    sdg = _chapter(_page(app, report), report.chapters[6].anchor)
    table = sdg.split("<table", 1)[1].split(">", 1)[0]
    assert 'id="sdg-targets"' in table
    assert "keep" not in table
