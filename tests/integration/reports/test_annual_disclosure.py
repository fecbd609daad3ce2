"""QA46: the annual report and workbook as a publication — what they disclose, and alike.

D1: a working group's means or sums beside all companies' let a reader subtract out the one
company outside the group (6 x 77.7 - 5 x 79.3); such a group figure is now withheld
(complementary suppression, annual_complement) in chapter 4 and the workbook's 汇总指标.
S2/S14/S3: a like-for-like 0 → 0 beside deaths this year is 持平, grey, not improving, and
every change prints the like-for-like figures it compares. S8/S9/S16: the notes' words and
chapter 7's year columns.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from flask import Flask, render_template
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.benchmarks.stats import MIN_GROUP_SIZE
from rcapp.organisations.models import OrganisationKind
from rcapp.reports.annual_model import AnnualReport
from rcapp.reports.annual_sheets import annual_sheets
from rcapp.reports.data_annual_report import build_annual_report
from tests.factories import make_organisation, make_working_group
from tests.integration.reports.test_annual_pooling import _cycle, _submitted, real_rubrics

__all__ = ["real_rubrics"]

GROUP = "工艺安全工作组"


def _chapter(page: str, anchor: str) -> str:
    return page.split(f'id="{anchor}"', 1)[1].split("</section>", 1)[0]


def _page(app: Flask, report: AnnualReport) -> str:
    with app.test_request_context(), force_locale("en" if report.lang == "en" else "zh_CN"):
        return render_template("reports/annual.html", report=report, print_css="")


def _group_of(db_session: Session, companies: int, in_group: int, lang: str) -> AnnualReport:
    """`companies` companies submitted, the first `in_group` of them in one working group."""
    group = make_working_group(name_zh=GROUP, name_en="Process safety working group")
    cycle = _cycle(2025, 2)
    for n in range(companies):
        company = make_organisation(kind=OrganisationKind.COMPANY)
        if n < in_group:
            company.working_groups.append(group)
        inputs = {"energy_tce": 1000 * (n + 1), "lti_employees": n, "hours_employees": 1_000_000}
        _submitted(cycle, company, 2, inputs)
    db_session.flush()
    return build_annual_report(cycle, lang)


@pytest.fixture
def six(db_session: Session, real_rubrics: None) -> AnnualReport:
    return _group_of(db_session, 6, 5, "zh")


def test_a_group_of_all_but_one_shows_no_section_means(app: Flask, six: AnnualReport) -> None:
    (table,) = six.heat
    rows = {row.group: row for row in table.rows}
    assert (rows[GROUP].members, rows[GROUP].withheld, rows[GROUP].complement) == (5, True, True)
    assert set(rows[GROUP].cells) == {None}
    assert not rows["全部企业"].withheld  # the total stays
    chapter = _chapter(_page(app, six), "sections")
    row = next(r for r in chapter.split("<tr>") if GROUP in r)
    assert "— 与合计相减会披露少于 5 家组织的得分，不显示" in row
    assert 'id="complement-groups"' in chapter
    assert "若只剩 1 至 4 家组织，就能推算出这些组织的得分" in chapter
    assert 'id="withheld-groups"' not in chapter  # no group is too small itself


def test_a_group_of_all_but_one_shows_no_pooled_kpis(six: AnnualReport) -> None:
    pooled = {(p.group, p.kpi_id): p for p in six.data.pooled}
    energy = pooled[(GROUP, "RS-01")]
    assert (energy.value, energy.withheld, energy.complement) == (None, True, True)
    assert energy.counted == 5
    assert pooled[("全部组织", "RS-01")].value == 21000  # the total stays
    sheet = next(s for s in annual_sheets(six.data) if s.title == "汇总指标")
    row = next(r for r in sheet.rows if (r[0], r[1]) == (GROUP, "RS-01"))
    assert row[4] == "—"
    assert row[-1] == "与合计相减会披露少于 5 家组织的数据，不显示"
    assert any("若只剩 1 至 4 家组织" in note for note in sheet.notes)


def test_no_published_pair_recovers_an_organisation(six: AnnualReport) -> None:
    # every KPI: a group figure shown beside everyone's leaves out none or MIN_GROUP_SIZE+
    everyone = {p.kpi_id: p for p in six.data.pooled if p.group == "全部组织"}
    for figure in six.data.pooled:
        if figure.group == "全部组织" or figure.value is None:
            continue
        total = everyone[figure.kpi_id]
        if total.value is not None:
            assert total.counted - figure.counted not in range(1, MIN_GROUP_SIZE), figure
    (table,) = six.heat
    shown = [r for r in table.rows if not r.withheld]
    for larger in shown:
        for smaller in shown:
            assert larger.members - smaller.members not in range(1, MIN_GROUP_SIZE)


def test_a_group_with_enough_organisations_outside_it_is_shown(
    db_session: Session, real_rubrics: None
) -> None:
    report = _group_of(db_session, 10, 5, "zh")
    (table,) = report.heat
    assert not next(r for r in table.rows if r.group == GROUP).withheld
    pooled = {(p.group, p.kpi_id): p for p in report.data.pooled}
    assert pooled[(GROUP, "RS-01")].value == 15000


def test_the_english_edition_says_why(app: Flask, db_session: Session, real_rubrics: None) -> None:
    report = _group_of(db_session, 6, 5, "en")
    chapter = _chapter(_page(app, report), "sections")
    row = next(r for r in chapter.split("<tr>") if "Process safety working group" in r)
    assert "— not shown: subtracted from the total it would disclose fewer than 5" in row
    assert "would leave 1 to 4 organisations" in chapter
    with app.test_request_context(), force_locale("en"):
        sheet = next(s for s in annual_sheets(report.data) if s.title == "Pooled KPIs")
    line = next(r for r in sheet.rows if r[1] == "RS-01" and r[0] != "All organisations")
    assert str(line[-1]).startswith("not shown: subtracted from the total")


# --- S2/S14/S3, S8, S9 -------------------------------------------------------------------


def _three_years(db_session: Session, lang: str) -> AnnualReport:
    """Three companies report 0 deaths every year; a fourth joins in 2025 with 1 death."""
    companies = [make_organisation(kind=OrganisationKind.COMPANY) for _ in range(3)]
    cycles = [_cycle(2023, 2), _cycle(2024, 2), _cycle(2025, 2)]
    for year_index, cycle in enumerate(cycles):
        for n, company in enumerate(companies):
            energy = 100 * (n + 1) + (10 if (year_index == 2 and n == 0) else 0)
            inputs = {"fatalities_employees": 0, "energy_tce": energy, "drills": 5}
            _submitted(cycle, company, 2, inputs)
    newcomer = make_organisation(kind=OrganisationKind.COMPANY)
    _submitted(cycles[2], newcomer, 2, {"fatalities_employees": 1, "energy_tce": 1000, "drills": 9})
    db_session.flush()
    return build_annual_report(cycles[2], lang)


def _row_of(chapter: str, name: str) -> str:
    # the table's row, not the chart's note that names it too (QA52 m5)
    return next(r for r in chapter.split("<tr>") if r.startswith(f"<td>{name}</td>"))


def test_a_like_for_like_0_to_0_beside_deaths_is_unchanged_grey_and_not_improving(
    app: Flask, db_session: Session, real_rubrics: None
) -> None:
    report = _three_years(db_session, "zh")
    rows = {row.kpi_id: row for g in report.trends for row in g.rows}
    deaths = rows["OHS-01"]
    assert deaths.values[-1] == 1  # everyone this year
    assert (deaths.same_base, deaths.same_now, deaths.unchanged) == (Decimal(0), Decimal(0), True)
    assert deaths.improved is None  # 持平: not counted as improving
    energy = rows["RS-01"]
    same = (energy.same_base, energy.same_now, energy.change_pct)
    assert same == (Decimal(600), Decimal(610), Decimal("1.7"))
    page = _page(app, report)
    chapter = _chapter(page, "kpis")
    cell = re.search(r'<td class="num change ([a-z]+)">([^<]*)', _row_of(chapter, deaths.name))
    assert cell is not None
    assert cell.groups() == ("flat", "持平（同口径 0 → 0）")
    energy_row = _row_of(chapter, energy.name)
    # a total of tonnes of coal equivalent: one decimal in every year's report (QA61 m8)
    assert '<small class="same-values">同口径 600 → 610</small>' in energy_row
    # chapter 6 counts the deaths row among the compared, not among the improving
    group = next(g for g in report.trends if "OHS-01" in {r.kpi_id for r in g.rows})
    improved = sum(1 for r in group.rows if r.improved)
    compared = sum(1 for r in group.rows if r.compared)
    assert "OHS-01" not in {r.kpi_id for r in group.rows if r.improved}
    assert f"{group.title}：{improved}/{compared}" in _chapter(page, "targets")
    assert "本年全部报送组织的数值也在最佳水平时计为向好" in _chapter(page, "targets")


def test_the_notes_and_chapter_7_use_the_three_year_columns(
    app: Flask, db_session: Session, real_rubrics: None
) -> None:
    report = _three_years(db_session, "zh")
    page = _page(app, report)
    assert "两年数据" not in page
    assert "本表中基准年和本年都有数据的各项指标" in _chapter(page, "kpis")
    annex = _chapter(page, "sdg").split('id="sdg-annex"', 1)[1].split("</thead>", 1)[0]
    kpis_head = _chapter(page, "kpis").split("<thead>", 1)[1].split("</thead>", 1)[0]
    years = re.findall(r'<th class="num">(20\d\d)</th>', kpis_head)
    assert years == ["2023", "2024", "2025"]
    assert re.findall(r'<th class="num">(20\d\d)</th>', annex) == years
    drills = next(r for r in report.sdg_annex if r.kpi_id == "CA-01")
    assert f"同口径 {drills.same_base} → {drills.same_now}" in page


def test_the_english_edition_says_unchanged_like_for_like(
    app: Flask, db_session: Session, real_rubrics: None
) -> None:
    report = _three_years(db_session, "en")
    chapter = _chapter(_page(app, report), "kpis")
    deaths = next(r for g in report.trends for r in g.rows if r.kpi_id == "OHS-01")
    assert "unchanged (like for like 0 → 0)" in _row_of(chapter, deaths.name)
    assert "like for like 600 → 610" in chapter
