"""Closing a year computes its peer-group statistics before freezing the results (QA17 D6).

Frozen before the statistics, the final results of a closed year said "工作组汇总中位数
尚未发布" although the statistics were there a minute later.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.models import Assessment, AssessmentStatus, SnapshotKind
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.snapshots import find_snapshot, snapshot_scorecard
from rcapp.benchmarks import queries
from rcapp.benchmarks.stats import GroupKind
from rcapp.cycles.models import CycleStatus
from rcapp.cycles.services import close_cycle
from tests.factories import FULL_KPIS, make_cycle
from tests.factories_reviews import make_review_world


def test_the_frozen_results_see_the_statistics_the_close_computed(db_session: Session) -> None:
    world = make_review_world(5)
    older = make_cycle(year=2023)  # a three-year series: the ladder then reads the median
    for company, member in zip(world.companies, world.members, strict=True):
        earlier = services.get_or_start_assessment(company, older, member)
        services.save_kpi_inputs(earlier, rubric_of(earlier), FULL_KPIS, member)
    # Earlier years count only when submitted (the world's 2024 is KPI data only, a draft).
    db_session.execute(
        update(Assessment)
        .where(
            Assessment.organisation_id.in_([c.id for c in world.companies]),
            Assessment.cycle_id != world.cycle.id,
        )
        .values(status=AssessmentStatus.SUBMITTED)
    )
    older.status = CycleStatus.CLOSED
    db_session.flush()
    assert queries.stats_of(world.cycle.id, GroupKind.WORKING_GROUP, str(world.group.id)) == {}

    close_cycle(world.cycle, world.secretariat)

    assert queries.stats_of(world.cycle.id, GroupKind.WORKING_GROUP, str(world.group.id))
    for assessment in world.assessments:
        frozen = find_snapshot(assessment, SnapshotKind.FROZEN)
        assert frozen is not None
        ladder = snapshot_scorecard(frozen).kpi_performance.levels
        ltif = next(level for level in ladder if level.kpi_id == "OHS-03")
        assert ltif.facts is not None
        assert ltif.facts.median is not None, ltif.reason
