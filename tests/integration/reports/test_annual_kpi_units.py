"""The annual report and workbook give a rate per hours its real unit (QA13 S2).

The rubric's unit of a rate per hours worked is a stand-in ("起/工时基数", "cases per
basis hours") that each basis replaces; the report's KPI trends and the workbook's
汇总指标 sheet printed the stand-in although their value is in the primary basis.
"""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.reports.data_annual_report import build_annual_report
from tests.factories import make_cycle
from tests.real_rubrics import real_rubrics as real_rubrics  # the fixture


@pytest.mark.parametrize("version", [1, 2])
def test_rates_per_hours_read_per_million_hours(
    db_session: Session, real_rubrics: None, version: int
) -> None:
    cycle = make_cycle(
        company_rubric_id="rc-company",
        company_rubric_version=version,
        park_rubric_id="rc-park",
        park_rubric_version=2,
    )
    with force_locale("zh_CN"):
        report = build_annual_report(cycle, "zh")
    trend_units = {row.kpi_id: row.unit for group in report.trends for row in group.rows}
    workbook_units = {kpi.kpi_id: kpi.unit for kpi in report.data.kpis}
    for units in (trend_units, workbook_units):
        assert units["OHS-03"] == "起/百万工时"
        assert not any("工时基数" in unit for unit in units.values())
    with force_locale("en"):
        english = build_annual_report(cycle, "en")
    units = {kpi.kpi_id: kpi.unit for kpi in english.data.kpis}
    assert units["OHS-03"] == "cases per million hours worked"  # as its header (QA37 S3)
    assert not any("basis hours" in unit for unit in units.values())
