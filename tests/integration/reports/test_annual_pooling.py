"""Annual pooled KPIs: a KPI pools only the results whose pinned rubric has it, defined alike.

Company and park rubrics share input names (lost-time injuries, hours worked): the workbook's
pooled figures, chapter 5's reporting counts and its trends pooled every submitted result's
inputs into every KPI, so the park LTIF came out of the companies' injuries and hours too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from flask import Flask, render_template
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.assessments.models import AssessmentStatus, KpiValue
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import Organisation, OrganisationKind
from rcapp.reports.annual_model import AnnualReport, PooledFigure, TrendRow
from rcapp.reports.annual_sheets import annual_sheets
from rcapp.reports.data_annual_report import build_annual_report
from tests.factories import make_assessment, make_cycle, make_organisation, make_working_group
from tests.integration.reports.industry_minimum import industry_of_one

# pooling arithmetic over one or two organisations (industry_minimum)
__all__ = ["industry_of_one"]
pytestmark = pytest.mark.usefixtures("industry_of_one")

RUBRICS = Path(__file__).resolve().parents[3] / "rubrics"
EVERYONE = "全部组织"


@pytest.fixture
def real_rubrics(app: Flask) -> Iterator[None]:
    before = app.config["RUBRICS_DIR"]
    app.config["RUBRICS_DIR"] = str(RUBRICS)
    with force_locale("zh_CN"):
        yield
    app.config["RUBRICS_DIR"] = before


def _cycle(year: int, version: int) -> ReportingCycle:
    return make_cycle(
        year=year,
        company_rubric_id="rc-company",
        company_rubric_version=version,
        park_rubric_id="rc-park",
        park_rubric_version=version,
    )


def _submitted(
    cycle: ReportingCycle, org: Organisation, version: int, inputs: dict[str, int]
) -> None:
    rubric_id = "rc-park" if org.kind is OrganisationKind.PARK else "rc-company"
    sha = hashlib.sha256((RUBRICS / rubric_id / f"v{version}.yaml").read_bytes()).hexdigest()
    assessment = make_assessment(
        org,
        cycle,
        rubric_id=rubric_id,
        rubric_version=version,
        rubric_sha256=sha,
        status=AssessmentStatus.SUBMITTED,
        submitted_at=dt.datetime(cycle.year + 1, 1, 10, tzinfo=dt.UTC),
    )
    for input_id, value in inputs.items():
        assessment.kpi_values.append(KpiValue(input_id=input_id, value=Decimal(value)))


@pytest.fixture
def report(db_session: Session, real_rubrics: None) -> AnnualReport:
    """2025 on version 2: two companies and a park; 2024 on version 1: a company and a park."""
    group = make_working_group(name_zh="过程安全工作组")
    company_a = make_organisation(kind=OrganisationKind.COMPANY)
    company_b = make_organisation(kind=OrganisationKind.COMPANY)
    park = make_organisation(kind=OrganisationKind.PARK)
    company_a.working_groups.append(group)
    park.working_groups.append(group)

    earlier = _cycle(2024, 1)
    _submitted(earlier, company_a, 1, {"lti_employees": 3, "hours_employees": 1_000_000,
                                       "so2_t": 10, "production_t": 1000})  # fmt: skip
    _submitted(earlier, park, 1, {"lti_employees": 1, "hours_employees": 1_000_000})

    cycle = _cycle(2025, 2)
    _submitted(cycle, company_a, 2, {"lti_employees": 2, "hours_employees": 1_000_000,
                                     "fatalities_employees": 0, "so2_t": 1,
                                     "production_t": 1000})  # fmt: skip
    _submitted(cycle, company_b, 2, {"lti_employees": 6, "hours_employees": 3_000_000})
    _submitted(cycle, park, 2, {"lti_employees": 1, "hours_employees": 4_000_000,
                                "risk_score": 80})  # fmt: skip
    db_session.flush()
    return build_annual_report(cycle, "zh")


def _pooled(report: AnnualReport) -> dict[tuple[str, str], PooledFigure]:
    return {(p.group, p.kpi_id): p for p in report.data.pooled}


def _trend(report: AnnualReport, kpi_id: str) -> TrendRow:
    return next(row for g in report.trends for row in g.rows if row.kpi_id == kpi_id)


def test_company_and_park_ltif_pool_only_their_own_rubrics_inputs(report: AnnualReport) -> None:
    pooled = _pooled(report)
    # Company LTIF (OHS-03), the two companies only: (2 + 6) injuries x 1,000,000
    # / (1,000,000 + 3,000,000) h = 2.00 per million hours; x 200,000 = 0.40.
    # Pooling the park too gave (2 + 6 + 1) x 1,000,000 / 8,000,000 = 1.125.
    company = pooled[(EVERYONE, "OHS-03")]
    assert company.by_basis[:2] == (Decimal("2"), Decimal("0.4"))
    assert (company.counted, company.total) == (2, 2)
    # Park LTIF (PK-OHS-01), the park only. It came out as the same 1.125 from everyone's
    # injuries and hours; from the one park alone: 1 x 1,000,000 / 4,000,000 h = 0.25 (shown
    # here only as the minimum is lowered: industry_minimum).
    park = pooled[(EVERYONE, "PK-OHS-01")]
    assert (park.counted, park.total, park.value) == (1, 1, Decimal("0.25"))


def test_reporting_counts_are_out_of_the_results_whose_rubric_has_the_kpi(
    report: AnnualReport,
) -> None:
    pooled = _pooled(report)
    # Employee fatalities: company A reported it, company B did not, the park is not asked.
    assert (pooled[(EVERYONE, "OHS-01")].counted, pooled[(EVERYONE, "OHS-01")].total) == (1, 2)
    assert (pooled[(EVERYONE, "PK-SR-01")].counted, pooled[(EVERYONE, "PK-SR-01")].total) == (1, 1)
    assert (_trend(report, "OHS-01").counted, _trend(report, "OHS-01").total) == (1, 2)
    assert (_trend(report, "PK-SR-01").counted, _trend(report, "PK-SR-01").total) == (1, 1)


def test_a_working_group_pools_each_kpi_over_its_members_with_that_kpi(
    report: AnnualReport,
) -> None:
    pooled = _pooled(report)
    # The group has company A and the park: OHS-03 pools company A alone, PK-OHS-01 the park
    # alone (both pooled the two). One member each is under the minimum group size: the
    # figures are withheld (test_annual_small_groups), the counts stay.
    for kpi_id in ("OHS-03", "PK-OHS-01"):
        figure = pooled[("过程安全工作组", kpi_id)]
        assert (figure.counted, figure.total, figure.withheld) == (1, 1, True)


def test_a_group_of_companies_has_no_park_rows_in_the_workbook(
    db_session: Session, real_rubrics: None
) -> None:
    group = make_working_group(name_zh="储运安全工作组")
    company = make_organisation(kind=OrganisationKind.COMPANY)
    company.working_groups.append(group)
    cycle = _cycle(2025, 2)
    _submitted(cycle, company, 2, {"lti_employees": 1, "hours_employees": 1_000_000})
    db_session.flush()

    report = build_annual_report(cycle, "zh")
    sheet = next(s for s in annual_sheets(report.data) if s.title == "汇总指标")
    rows = [(row[0], row[1]) for row in sheet.rows]

    assert ("储运安全工作组", "OHS-03") in rows
    assert not [r for r in rows if r[0] == "储运安全工作组" and str(r[1]).startswith("PK-")]
    # Every KPI of the cycle stays listed for all organisations, a park one at 0 of 0.
    park = _pooled(report)[(EVERYONE, "PK-OHS-01")]
    assert (park.value, park.counted, park.total) == (None, 0, 0)


def test_trends_pool_each_year_the_same_way(report: AnnualReport) -> None:
    # 2024 (version 1, which defines both LTIFs as version 2 does): company 3 x 1,000,000
    # / 1,000,000 h = 3.00, park 1 x 1,000,000 / 1,000,000 h = 1.00 (both were 4 / 2,000,000
    # h = 2.00). 2025 as above: 2.00 and 0.25, so -33.3% and -75.0% against 2024.
    assert report.base_year == 2024
    company, park = _trend(report, "OHS-03"), _trend(report, "PK-OHS-01")
    assert company.values[-2:] == (Decimal("3"), Decimal("2"))
    assert company.change_pct == Decimal("-33.3")
    assert (company.counted, company.total) == (2, 2)
    assert park.values[-2:] == (Decimal("1"), Decimal("0.25"))
    assert park.change_pct == Decimal("-75.0")
    assert (park.counted, park.total) == (1, 1)


def test_a_kpi_another_version_defines_otherwise_is_not_comparable_that_year(
    report: AnnualReport,
) -> None:
    # EN-01 was tonnes of SO2 in version 1 and is kg per tonne of product in version 2:
    # 2024's inputs are not pooled into it (the version-2 formula gave 10 x 1000 / 1000 = 10).
    so2 = _trend(report, "EN-01")
    assert so2.values[-2:] == (None, Decimal("1"))  # 2025: 1 t x 1000 / 1000 t = 1 kg/t
    assert so2.not_comparable[-2:] == (True, False)
    assert _trend(report, "OHS-03").not_comparable[-2:] == (False, False)
    # One year is no trend line: the environment chart leaves EN-01 out.
    environment = next(g for g in report.trends if any(r.kpi_id == "EN-01" for r in g.rows))
    assert so2.name not in str(environment.chart)


def test_a_zero_change_reads_unchanged_and_is_neither_better_nor_worse(
    app: Flask, db_session: Session, real_rubrics: None
) -> None:
    # Company LTIF 2 x 1,000,000 / 1,000,000 h = 2.00 both years: no change. It printed
    # "+0.0%" in red, as worse (0 < 0 is false for a lower-is-better KPI).
    company = make_organisation(kind=OrganisationKind.COMPANY)
    inputs = {"lti_employees": 2, "hours_employees": 1_000_000}
    _submitted(_cycle(2024, 1), company, 1, inputs)
    cycle = _cycle(2025, 2)
    _submitted(cycle, company, 2, inputs)
    db_session.flush()
    report = build_annual_report(cycle, "zh")
    ltif = _trend(report, "OHS-03")
    assert (ltif.change_pct, ltif.improved) == (Decimal("0.0"), None)

    with app.test_request_context():
        page = render_template("reports/annual.html", report=report, print_css="")
    chapter = page.split('id="kpis"', 1)[1].split("</section>", 1)[0]
    row = next(r for r in chapter.split("<tr>") if ltif.name in r and "</td>" in r)
    cell = row.split("</td>")[-3]  # the change against the base year
    # one wording for no change, 0 → 0 or not: 持平 with the like-for-like figures (reports4)
    assert "持平（同口径 2.00 → 2.00）" in cell, cell  # a rate's two decimals (QA61 m8)
    assert "0.0%" not in cell
    assert 'class="num change flat"' in cell  # neither "pass" nor "fail": grey (qa46 S14)


def test_trend_charts_start_at_the_base_year_and_name_their_axis(report: AnnualReport) -> None:
    # The charts drew 2021-2023 with no data at all, on an unlabelled axis ticked 28/55/83/111.
    svg = "{http://www.w3.org/2000/svg}"
    safety = next(g for g in report.trends if any(r.kpi_id == "OHS-03" for r in g.rows))
    root = ET.fromstring(str(safety.chart))  # noqa: S314 - our own markup
    texts = [t.text for t in root.iter(f"{svg}text")]
    assert "指数（2024 年 = 100）" in texts
    # The lines are each year's all-reporter figure while the change column compares like
    # for like: the chart says so itself (pagesfix3), in the page and the PDF alike.
    note = "".join(t.text or "" for t in root.iter(f"{svg}text") if t.get("class") == "chart-note")
    assert note == (
        "图中各年为当年全部报送组织的汇总值（与表中各年列相同），不是同口径比较；"
        "同口径的变化见表中“较基准年”列。"
    )
    assert "2023" not in texts
    assert "2021" not in texts
    assert {"2024", "2025"} <= set(texts)
    ticks = [t for t in texts if t is not None and t.isdigit() and t not in ("2024", "2025")]
    assert ticks
    assert all(int(t) % 5 == 0 for t in ticks)
    assert "100" in ticks


def test_the_trend_chart_says_in_english_what_its_lines_are(
    db_session: Session, report: AnnualReport
) -> None:
    cycle = db_session.query(ReportingCycle).filter_by(year=2025).one()
    with force_locale("en"):
        english = build_annual_report(cycle, "en")
    safety = next(g for g in english.trends if any(r.kpi_id == "OHS-03" for r in g.rows))
    root = ET.fromstring(str(safety.chart))  # noqa: S314 - our own markup
    svg = "{http://www.w3.org/2000/svg}"
    lines = [t.text or "" for t in root.iter(f"{svg}text") if t.get("class") == "chart-note"]
    assert " ".join(lines) == (
        "Each year's figure pools every organisation reporting that year (as the table's "
        "year columns), not like for like; the like-for-like change is in the table's "
        '"vs base year" column.'
    )


def test_section_averages_are_one_table_per_rubric(report: AnnualReport) -> None:
    # One table of both rubrics' 16 sections was mostly dashes on a landscape page of its own:
    # companies have no park section scores and parks no company ones.
    company, park = report.heat
    assert (company.title, park.title) == ("参评企业", "参评化工园区")
    assert len(company.columns) == 7
    assert "管理体系" in company.columns
    assert "园区责任关怀组织" in park.columns
    assert "管理体系" not in park.columns
    assert [(r.group, r.members) for r in company.rows] == [("过程安全工作组", 1), ("全部企业", 2)]
    assert [(r.group, r.members) for r in park.rows] == [("过程安全工作组", 1), ("全部化工园区", 1)]
    assert all(len(r.cells) == len(t.columns) for t in report.heat for r in t.rows)


def test_unchanged_indicators_count_by_one_rule_in_chapters_6_and_7(
    app: Flask, db_session: Session, real_rubrics: None
) -> None:
    # QA8 S9: 0 → 0 fatalities was left out of "向好 n / m" (no percentage from a base of 0)
    # while 100 → 100 % compliance was counted as not improved, and the SDG table counted
    # rows with no comparison at all. Now: the denominator is every row with both figures;
    # an unchanged row is better only at the best possible level (0, or 100 %).
    company = make_organisation(kind=OrganisationKind.COMPANY)
    inputs = {"fatalities_employees": 0, "lti_employees": 2, "hours_employees": 1_000_000,
              "exposure_points_compliant": 40, "exposure_points_monitored": 40}  # fmt: skip
    _submitted(_cycle(2024, 1), company, 1, inputs)
    cycle = _cycle(2025, 2)
    _submitted(cycle, company, 2, inputs)
    db_session.flush()
    report = build_annual_report(cycle, "zh")
    fatalities, ltif, exposure = (_trend(report, k) for k in ("OHS-01", "OHS-03", "OHS-07"))
    assert (fatalities.compared, fatalities.change_pct, fatalities.improved) == (True, None, True)
    assert (exposure.compared, exposure.values[-1], exposure.improved) == (True, Decimal(100), True)
    assert (ltif.compared, ltif.improved) == (True, None)  # unchanged, not at the best level
    group = next(g for g in report.trends if any(r.kpi_id == "OHS-01" for r in g.rows))
    compared = [r for r in group.rows if r.compared]
    better = [r for r in compared if r.improved]
    assert {r.kpi_id for r in better} >= {"OHS-01", "OHS-07"}
    assert "OHS-03" not in {r.kpi_id for r in better}

    with app.test_request_context():
        page = render_template("reports/annual.html", report=report, print_css="")
    chapter = page.split('id="targets"', 1)[1].split("</section>", 1)[0]
    assert f"{group.title}：{len(better)}/{len(compared)}" in chapter
    assert (
        "保持在最佳水平（如事故 0 起、合规率 100%）、且本年全部报送组织的数值也在最佳水平时"
        in chapter
    )
    for row in report.sdg:  # chapter 7 counts the same way: comparable rows only
        rows = [r for g in report.trends for r in g.rows if r.name in row.kpis.split("、")]
        assert row.total == sum(1 for r in rows if r.compared), row
