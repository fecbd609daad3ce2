"""The annual report names a company KPI and a park KPI of one name apart (SDG, annex).

rc-company's RS-02 and rc-park's PK-RS-01 are both 万元产值综合能耗: SDG 7.3 and the
data-quality annex listed it twice, and the two rows could not be told apart.
"""

from __future__ import annotations

from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.reports.data_annual_report import build_annual_report
from tests.factories import make_cycle
from tests.real_rubrics import real_rubrics as real_rubrics  # the fixture


def test_a_company_and_a_park_kpi_of_one_name_say_whose(
    db_session: Session, real_rubrics: None
) -> None:
    cycle = make_cycle(
        company_rubric_id="rc-company",
        company_rubric_version=2,
        park_rubric_id="rc-park",
        park_rubric_version=2,
    )
    with force_locale("zh_CN"):
        report = build_annual_report(cycle, "zh")
    names = [row.name for row in report.coverage]
    assert "万元产值综合能耗（企业）" in names
    assert "万元产值综合能耗（化工园区）" in names
    assert "万元产值综合能耗" not in names
    assert len(names) == len(set(names))
    kpis = " ".join(row.kpis for row in report.sdg)
    assert "万元产值综合能耗（企业）" in kpis
    assert "万元产值综合能耗（化工园区）" in kpis
    english = [row.name for row in build_annual_report(cycle, "en").coverage]
    assert "Energy intensity (Chemical park)" in english
    assert len(english) == len(set(english))
