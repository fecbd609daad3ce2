"""Annual figures: every organisation scored, pooled KPIs from summed inputs, counts."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.kpi_inputs import save_kpi_inputs
from rcapp.assessments.messages import kpi_category_text
from rcapp.assessments.validation import KpiEntry
from rcapp.organisations.models import CommitmentStatus
from rcapp.reports.data_annual import build_annual_data
from rcapp.reports.data_annual_report import build_annual_report
from tests.factories import fill_complete, make_organisation, make_world, start
from tests.integration.reports.industry_minimum import industry_of_one

# pooling arithmetic over one or two organisations (industry_minimum)
__all__ = ["industry_of_one"]
pytestmark = pytest.mark.usefixtures("industry_of_one")


@pytest.fixture(autouse=True)
def _chinese(db_session: Session) -> Iterator[None]:
    with force_locale("zh_CN"):
        yield


def test_annual_data_pools_rates_and_counts_participation(db_session: Session) -> None:
    world = make_world()
    first, second = start(world), start(world, world.org_b)
    rubric = fill_complete(first, world.user_a)
    fill_complete(second, world.user_b)
    # 2 lost-time injuries in 2,000,000 h and 6 in 1,000,000 h pool to 8 / 3,000,000 h.
    save_kpi_inputs(second, rubric, {"hours_employees": KpiEntry("1000000"),
                                     "lti_employees": KpiEntry("6")}, world.user_b)  # fmt: skip
    services.submit_assessment(first, world.user_a)
    services.submit_assessment(second, world.user_b)
    world.org_a.commitment_status = CommitmentStatus.SIGNED
    signed_only = make_organisation(commitment_status=CommitmentStatus.SIGNED)
    progress: list[tuple[int, int]] = []
    data = build_annual_data(world.cycle, "zh", lambda done, total: progress.append((done, total)))

    names = [org.name for org in data.organisations]
    assert set(names) == {world.org_a.name_zh, world.org_b.name_zh, signed_only.name_zh}
    assert progress[-1] == (3, 3)
    pooled = {(p.group, p.kpi_id): p for p in data.pooled}
    ltif = pooled[("全部组织", "OHS-03")]
    assert (ltif.counted, ltif.total) == (2, 2)
    assert ltif.by_basis[0] == Decimal("2.67")  # 8 x 1,000,000 / 3,000,000, rounded as KPIs are
    participation = {c.label: c.count for c in data.participation}
    assert participation == {
        "签署承诺书的组织": 2, "已开始自评": 2, "已提交自评": 2, "同行评审中": 0, "完成同行评审": 0,
    }  # fmt: skip
    not_started = next(o for o in data.organisations if o.name == signed_only.name_zh)
    assert (not_started.started, not_started.status) == (False, "未开始")
    assert sum(c.count for c in data.star_distribution) == 2


def test_annual_report_has_every_chapter_and_coverage(db_session: Session) -> None:
    world = make_world()
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    services.submit_assessment(assessment, world.user_a)
    report = build_annual_report(world.cycle, "zh")
    assert [c.anchor for c in report.chapters] == [
        "signatories", "participation", "stars", "sections", "kpis", "targets", "sdg",
        "rated", "quality",
    ]  # fmt: skip
    assert report.years == (2021, 2022, 2023, 2024, 2025)
    coverage = {row.name: (row.reported, row.of) for row in report.coverage}
    assert coverage["员工损失工时伤害率"] == (1, 1)
    assert report.heat[-1].rows[-1].group == "全部组织"  # one rubric for both kinds here
    assert "<svg" in str(report.star_chart)


def test_the_years_figures_count_submitted_results_only(db_session: Session) -> None:
    # A draft's live score and a returned assessment's figures are not results: the lists show
    # no stars for them, "submitted" counts 1, yet the star distribution counted 3, the
    # workbook pooled all three's KPI data and the report listed the returned one as rated.
    world = make_world()
    done, draft = start(world), start(world, world.org_b)
    rubric = fill_complete(done, world.user_a)
    fill_complete(draft, world.user_b)
    returned_org = make_organisation()
    returned = services.get_or_start_assessment(returned_org, world.cycle, world.user_a)
    fill_complete(returned, world.user_a)
    save_kpi_inputs(draft, rubric, {"hours_employees": KpiEntry("1000000"),
                                    "lti_employees": KpiEntry("6")}, world.user_b)  # fmt: skip
    services.submit_assessment(done, world.user_a)
    services.submit_assessment(returned, world.user_a)
    services.return_assessment(returned, "请补充证据", world.user_a)

    data = build_annual_data(world.cycle, "zh")
    assert sum(c.count for c in data.star_distribution) == 1
    ltif = {(p.group, p.kpi_id): p for p in data.pooled}[("全部组织", "OHS-03")]
    assert (ltif.counted, ltif.total) == (1, 1)
    report = build_annual_report(world.cycle, "zh")
    assert [r.name for r in report.rated] == [
        o.name for o in data.organisations if o.submitted and o.stars
    ]
    assert [t.rows[-1].members for t in report.heat] == [1]
    assert {row.of for row in report.coverage} == {1}
    trend = next(r for g in report.trends for r in g.rows if r.kpi_id == "OHS-03")
    assert (trend.counted, trend.total) == (1, 1)


@pytest.mark.parametrize(
    ("locale", "title"), [("zh_CN", "职业健康安全"), ("en", "Occupational health and safety")]
)
def test_the_reports_kpi_groups_are_titled_as_the_kpi_page_does(
    db_session: Session, locale: str, title: str
) -> None:
    """The report titled its own categories (安全, 过程安全…), not the rubric's headings."""
    world = make_world()
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    services.submit_assessment(assessment, world.user_a)
    with force_locale(locale):
        report = build_annual_report(world.cycle, locale[:2])
        assert kpi_category_text("safety") == title  # the KPI page's heading
    assert [g.title for g in report.trends] == [title]
