"""QA46 D3: the carbon-intensity index reads alike in the workbook and the report.

rc-company@1 pooled RS-04 as an index (base year = 100): the 2024 report printed 2023 = 100,
2024 = 74.52, while the workbook's 汇总指标 left it empty with no 说明, and its 关键绩效指标
sheet gave the organisations' own values (1.55, 1.94: t CO2e per t of product) under the
heading "指数（基准年＝100）". The workbook now pools the index against the report's base
year and says so, and the organisations' column names the unit their values are in. (Their
values compare with @2's, the same formula over the same inputs: rubrics.kpi_compare.)
"""

from __future__ import annotations

from decimal import Decimal

from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.organisations.models import OrganisationKind
from rcapp.reports.annual_model import AnnualReport
from rcapp.reports.annual_sheets import annual_sheets
from rcapp.reports.data_annual_report import build_annual_report
from rcapp.reports.excel import Figure, RubricText
from tests.factories import make_organisation
from tests.integration.reports.test_annual_pooling import _cycle, _submitted, real_rubrics

__all__ = ["real_rubrics"]


def _v1_years(db_session: Session, lang: str) -> AnnualReport:
    companies = [make_organisation(kind=OrganisationKind.COMPANY) for _ in range(3)]
    for year, ghg in ((2023, 200), (2024, 150)):
        cycle = _cycle(year, 1)
        for n, company in enumerate(companies):
            inputs = {"ghg_scope1_t": ghg * (n + 1), "ghg_scope2_t": 0, "production_t": 100}
            _submitted(cycle, company, 1, inputs)
    db_session.flush()
    return build_annual_report(cycle, lang)


def test_the_workbook_pools_the_index_as_the_report_does(
    db_session: Session, real_rubrics: None
) -> None:
    report = _v1_years(db_session, "zh")
    row = next(r for g in report.trends for r in g.rows if r.kpi_id == "RS-04")
    assert row.values[-2:] == (Decimal(100), Decimal(75))  # 2023 = 100, 2024
    pooled = next(p for p in report.data.pooled if (p.group, p.kpi_id) == ("全部组织", "RS-04"))
    assert (pooled.value, pooled.base_year) == (Decimal(75), 2023)
    sheets = {s.title: s for s in annual_sheets(report.data)}
    line = next(r for r in sheets["汇总指标"].rows if (r[0], r[1]) == ("全部组织", "RS-04"))
    # written with the KPI's places (QA46 S1): an index's two, whatever the year (QA61 m8)
    assert line[4] == Figure(Decimal(75), 2)
    assert line[-1] == (
        "指数：2023 年（基准年）＝100，与年度报告第 5 章相同；各组织的数值见“关键绩效指标”表"
    )
    # the organisations' own values: t CO2e per t of product, not an index
    kpis = sheets["关键绩效指标"]
    head = next(
        h for h in kpis.header if str(getattr(h, "text", h)).startswith("RS-04 单位产品碳排放")
    )
    assert head == RubricText("RS-04 单位产品碳排放强度指数 (吨二氧化碳当量/吨产品)")  # QA52 m1
    values = [r[kpis.header.index(head)] for r in kpis.rows]
    figures = [v for v in values if isinstance(v, Figure)]
    assert len(figures) == len(values)
    assert {f.value for f in figures} == {Decimal("1.5"), Decimal("3"), Decimal("4.5")}
    assert len({f.places for f in figures}) == 1  # one number format for the column (QA46 S1)
    assert any("指数（基准年＝100）只用于汇总值" in note for note in kpis.notes)


def test_the_english_workbook_says_the_same(db_session: Session, real_rubrics: None) -> None:
    report = _v1_years(db_session, "en")
    with force_locale("en"):
        sheets = {s.title: s for s in annual_sheets(report.data)}
    line = next(
        r for r in sheets["Pooled KPIs"].rows if (r[0], r[1]) == ("All organisations", "RS-04")
    )
    assert str(line[-1]).startswith("Index: 2023 (base year) = 100, as in chapter 5")
    # rich text, for its subscripts (QA52 m1)
    assert RubricText("RS-04 GHG intensity index (t CO2e/t product)") in sheets["KPIs"].header
