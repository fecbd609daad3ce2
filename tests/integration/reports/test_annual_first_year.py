"""QA21 S2, S3: a first report shows only years with data, no change it cannot have, no empty table.

A first-year report carried empty columns 2021-2024 (all "—"), a chapter-7 table with
"基准年 2025" beside "2025" and a "较基准年" column that could only be "—"; chapter 8 without a
star-rated organisation was a header row alone.
"""

from __future__ import annotations

from flask import Flask, render_template
from sqlalchemy.orm import Session

from rcapp.organisations.models import OrganisationKind
from rcapp.reports.annual_model import AnnualReport
from rcapp.reports.data_annual_report import build_annual_report
from tests.factories import make_organisation
from tests.integration.reports.test_annual_pooling import _cycle, _submitted, real_rubrics

__all__ = ["real_rubrics"]

INPUTS = {"lti_employees": 2, "hours_employees": 1_000_000, "drills": 4}


def _page(app: Flask, report: AnnualReport) -> str:
    with app.test_request_context():
        return render_template("reports/annual.html", report=report, print_css="")


def _chapter(page: str, anchor: str) -> str:
    return page.split(f'id="{anchor}"', 1)[1].split("</section>", 1)[0]


def _companies(years: list[int]) -> AnnualReport:
    companies = [make_organisation(kind=OrganisationKind.COMPANY) for _ in range(3)]
    cycle = None
    for year in years:
        cycle = _cycle(year, 2)
        for company in companies:
            _submitted(cycle, company, 2, INPUTS)
    assert cycle is not None
    return build_annual_report(cycle, "zh")


def test_a_first_year_shows_its_year_alone_and_no_change(
    app: Flask, db_session: Session, real_rubrics: None
) -> None:
    report = _companies([2025])
    db_session.flush()
    page = _page(app, report)
    kpis = _chapter(page, "kpis")
    heads = kpis.split("<thead>")[1].split("</thead>")[0]
    assert "2025" in heads
    for year in ("2021", "2022", "2023", "2024"):
        assert year not in heads
    assert "较基准年" not in heads
    assert 'id="first-year"' in kpis
    assert "2025 年是第一个有数据的年份（基准年）" in kpis
    annex = _chapter(page, "sdg").split('id="sdg-annex"')[1].split("</table>")[0]
    assert annex.count("2025") == 1
    assert "较基准年" not in annex


def test_a_second_year_shows_the_base_year_on_and_the_change(
    app: Flask, db_session: Session, real_rubrics: None
) -> None:
    report = _companies([2024, 2025])
    db_session.flush()
    kpis = _chapter(_page(app, report), "kpis")
    heads = kpis.split("<thead>")[1].split("</thead>")[0]
    assert "2024" in heads
    assert "2025" in heads
    assert "2023" not in heads
    assert "较基准年" in heads
    assert 'id="first-year"' not in kpis


def test_no_rated_organisation_is_a_sentence_not_an_empty_table(
    app: Flask, db_session: Session, real_rubrics: None
) -> None:
    report = _companies([2025])  # answers without levels: no stars
    db_session.flush()
    assert report.rated == ()
    rated = _chapter(_page(app, report), "rated")
    assert "本年度没有获得星级的组织。" in rated
    assert "<table" not in rated
