"""Closing a year computes its peer-group statistics before freezing the results (QA17 D6).

Frozen before the statistics, the final results of a closed year said "工作组汇总中位数
尚未发布" although the statistics were there a minute later.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from rcapp.assessments.models import SnapshotKind
from rcapp.assessments.snapshots import find_snapshot, snapshot_scorecard
from rcapp.benchmarks import queries
from rcapp.benchmarks.stats import GroupKind
from rcapp.cycles.services import close_cycle
from tests.factories_reviews import make_review_world
from tests.review_years import closed_2023


def test_the_frozen_results_see_the_statistics_the_close_computed(db_session: Session) -> None:
    world = make_review_world(5)
    closed_2023(db_session, world)  # a three-year series: the ladder then reads the median
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
