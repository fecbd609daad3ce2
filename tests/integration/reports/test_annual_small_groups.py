"""QA17 D1: the annual report and workbook show no working group's figures under the minimum size.

"储运安全工作组 组织数 1" printed 西岭化工's own section scores as the group's "average", and the
workbook's 汇总指标 sheet its own KPIs as the group's pooled figures. The benchmarks' rule
(stats.shows_group, MIN_GROUP_SIZE) now decides both; the totals of all organisations stay.
"""

from __future__ import annotations

from decimal import Decimal

from flask import Flask, render_template
from sqlalchemy.orm import Session

from rcapp.benchmarks.stats import MIN_GROUP_SIZE, shows_group
from rcapp.organisations.models import OrganisationKind
from rcapp.reports.annual_model import AnnualReport
from rcapp.reports.annual_sheets import annual_sheets
from rcapp.reports.data_annual_report import build_annual_report
from tests.factories import make_organisation, make_working_group
from tests.integration.reports.test_annual_pooling import _cycle, _submitted, real_rubrics

__all__ = ["real_rubrics"]

SMALL, LARGE = "储运安全工作组", "工艺安全工作组"
LTI = {"lti_employees": 1, "hours_employees": 1_000_000}


def _report(db_session: Session) -> AnnualReport:
    """A group of one company, a group of the minimum size, and a park in no group."""
    small, large = make_working_group(name_zh=SMALL), make_working_group(name_zh=LARGE)
    cycle = _cycle(2025, 2)
    for n in range(MIN_GROUP_SIZE):
        company = make_organisation(kind=OrganisationKind.COMPANY)
        company.working_groups.append(large)
        if n == 0:
            company.working_groups.append(small)
        _submitted(cycle, company, 2, {"lti_employees": n, "hours_employees": 1_000_000})
    _submitted(cycle, make_organisation(kind=OrganisationKind.PARK), 2, LTI)
    db_session.flush()
    return build_annual_report(cycle, "zh")


def test_the_rule_is_the_benchmarks_minimum_group_size() -> None:
    assert MIN_GROUP_SIZE == 5
    assert not shows_group(4)
    assert shows_group(5)


def test_a_group_under_the_minimum_shows_no_section_means(
    app: Flask, db_session: Session, real_rubrics: None
) -> None:
    report = _report(db_session)
    rows = {row.group: row for table in report.heat for row in table.rows}
    assert rows[SMALL].withheld
    assert set(rows[SMALL].cells) == {None}
    assert rows[SMALL].members == 1  # the count stays
    assert not rows[LARGE].withheld
    # The rows of all companies and all parks show from MIN_INDUSTRY_SIZE (3): five
    # companies show, the one park's own section scores do not.
    assert not rows["全部企业"].withheld
    assert rows["全部化工园区"].withheld
    assert (rows["全部化工园区"].members, rows["全部化工园区"].least) == (1, 3)

    with app.test_request_context():
        page = render_template("reports/annual.html", report=report, print_css="")
    chapter = page.split('id="sections"', 1)[1].split("</section>", 1)[0]
    small_row = next(r for r in chapter.split("<tr>") if SMALL in r)
    assert "— 少于 5 家，不显示" in small_row
    assert 'id="withheld-groups"' in chapter
    assert "工作组参评成员少于 5 家" in chapter  # members who submitted (qa46 S16)
    assert "全部企业或全部化工园区少于 3 家时，不显示平均得分" in chapter
    park_row = next(r for r in chapter.split("<tr>") if "全部化工园区" in r)
    assert "— 少于 3 家，不显示" in park_row


def test_the_workbook_withholds_a_small_groups_pooled_figures(
    db_session: Session, real_rubrics: None
) -> None:
    report = _report(db_session)
    pooled = {(p.group, p.kpi_id): p for p in report.data.pooled}
    small = pooled[(SMALL, "OHS-03")]
    assert (small.value, set(small.by_basis), small.withheld) == (None, {None}, True)
    assert (small.counted, small.total) == (1, 1)
    # 5 companies: (0+1+2+3+4) x 1,000,000 / 5,000,000 h = 2.00 per million hours
    assert pooled[(LARGE, "OHS-03")].value == Decimal("2")
    # one park is the whole industry's parks: its own figure, withheld
    park = pooled[("全部组织", "PK-OHS-01")]
    assert (park.value, park.withheld, park.counted) == (None, True, 1)

    sheet = next(s for s in annual_sheets(report.data) if s.title == "汇总指标")
    assert any("在工作组中少于 5 家" in note and "少于 3 家时" in note for note in sheet.notes)
    row = next(r for r in sheet.rows if (r[0], r[1]) == (SMALL, "OHS-03"))
    assert row[4] == "—"
    assert row[-1] == "少于 5 家，不显示"
    assert "—" not in next(r for r in sheet.rows if (r[0], r[1]) == (LARGE, "OHS-03"))


def test_a_kpi_few_members_of_a_large_group_report_is_withheld(
    db_session: Session, real_rubrics: None
) -> None:
    # As in the benchmarks, a metric with fewer values than the minimum has no group figure:
    # one member of five reporting its drills would show that member's own count.
    group = make_working_group(name_zh=LARGE)
    cycle = _cycle(2025, 2)
    for n in range(MIN_GROUP_SIZE):
        company = make_organisation(kind=OrganisationKind.COMPANY)
        company.working_groups.append(group)
        _submitted(cycle, company, 2, {"fatalities_employees": 1} if n == 0 else LTI)
    db_session.flush()
    pooled = {(p.group, p.kpi_id): p for p in build_annual_report(cycle, "zh").data.pooled}
    assert pooled[(LARGE, "OHS-01")].withheld
    assert pooled[(LARGE, "OHS-01")].counted == 1
    # ... and so has the whole industry's, from that one member alone
    assert pooled[("全部组织", "OHS-01")].withheld
    assert not pooled[("全部组织", "OHS-03")].withheld
