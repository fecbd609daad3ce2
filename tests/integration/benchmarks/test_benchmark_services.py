"""Benchmarks computed from a cycle's submitted assessments, stored, and read by the ladder."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from rcapp.assessments.models import (
    AssessmentStatus,
    ScorecardSnapshot,
    SnapshotKind,
    SnapshotSectionScore,
)
from rcapp.benchmarks import queries
from rcapp.benchmarks.models import MemberValues, PeerGroupStat
from rcapp.benchmarks.services import collector_paused, compute_benchmarks, ladder_stats
from rcapp.benchmarks.stats import GroupKind
from rcapp.cycles.services import close_cycle
from tests.factories_reviews import ReviewWorld, make_review_world

D = Decimal


def _vary_injuries(world: ReviewWorld) -> None:
    for i, assessment in enumerate(world.assessments):
        for value in assessment.kpi_values:
            if value.input_id == "lti_employees":
                value.value = D(i + 1)  # 2,000,000 h each: 0.5, 1.0, 1.5, ... per 1,000,000 h


def test_a_working_group_of_four_gets_no_statistics_and_feeds_no_gate(db_session: Session) -> None:
    world = make_review_world(4)
    compute_benchmarks(world.cycle, None)
    stored = queries.stats_of(world.cycle.id, GroupKind.WORKING_GROUP, str(world.group.id))
    assert stored == {}
    assert ladder_stats(world.companies[0], world.cycle.id) == {}
    # Every member's own figures are kept (for its own page), only the group view is hidden.
    assert db_session.scalar(select(MemberValues.id).limit(1)) is not None


def test_a_working_group_of_five_gets_quartiles_and_a_pooled_rate(db_session: Session) -> None:
    world = make_review_world(5)
    _vary_injuries(world)
    db_session.flush()
    compute_benchmarks(world.cycle, None)
    stored = queries.stats_of(world.cycle.id, GroupKind.WORKING_GROUP, str(world.group.id))
    ltif = stored["kpi:OHS-03"]
    assert (ltif.members, ltif.first_quartile, ltif.median, ltif.third_quartile) == (
        5,
        D("1.0"),
        D("1.5"),
        D("2.0"),
    )
    # Pooled: 15 injuries in 10,000,000 h = 1.5 per 1,000,000 h = 0.30 per 200,000 h.
    assert (ltif.pooled, ltif.pooled_200k) == (D("1.50"), D("0.30"))
    assert stored["section:MS"].median == D(100)
    stats = ladder_stats(world.companies[0], world.cycle.id)
    assert stats["OHS-03"].median == D("1.5")
    # Recomputing replaces the frozen figures instead of adding to them.
    before = db_session.query(PeerGroupStat).count()
    compute_benchmarks(world.cycle, None)
    assert db_session.query(PeerGroupStat).count() == before


def test_closing_the_cycle_freezes_its_benchmarks(db_session: Session) -> None:
    world = make_review_world(5)
    close_cycle(world.cycle, world.secretariat)
    stored = queries.stats_of(world.cycle.id, GroupKind.WORKING_GROUP, str(world.group.id))
    assert stored["section:MS"].members == 5


def test_section_scores_are_read_from_the_copied_out_rows_in_one_query(
    db_session: Session,
) -> None:
    world = make_review_world(5)
    snapshot_ids = {
        s.assessment_id: s.id
        for s in db_session.scalars(
            select(ScorecardSnapshot).where(ScorecardSnapshot.kind == SnapshotKind.SELF)
        )
    }
    first = world.assessments[0]
    copied = db_session.scalars(
        select(SnapshotSectionScore).where(
            SnapshotSectionScore.snapshot_id == snapshot_ids[first.id]
        )
    ).all()
    assert {row.section_id for row in copied} >= {"MS"}  # written with the snapshot
    # The stored copy is what the benchmarks read: change it and the member's value follows.
    ms = next(row for row in copied if row.section_id == "MS")
    ms.score = D("12.5")
    # A snapshot written before the copy existed is scored on its own (fallback).
    second = world.assessments[1]
    for row in db_session.scalars(
        select(SnapshotSectionScore).where(
            SnapshotSectionScore.snapshot_id == snapshot_ids[second.id]
        )
    ):
        db_session.delete(row)
    db_session.flush()
    assert queries.self_section_scores(world.cycle.id)[first.id]["MS"] == D("12.5")
    assert second.id not in queries.self_section_scores(world.cycle.id)
    compute_benchmarks(world.cycle, None)
    values = queries.values_of(world.cycle.id, [first.organisation_id, second.organisation_id])
    assert values[first.organisation_id]["section:MS"] == D("12.5")
    assert values[second.organisation_id]["section:MS"] == D(100)


def test_stored_values_read_back_whole_or_by_metric_and_are_replaced(db_session: Session) -> None:
    world = make_review_world(5)
    _vary_injuries(world)
    db_session.flush()
    compute_benchmarks(world.cycle, None)
    ids = [a.organisation_id for a in world.assessments]
    every = queries.values_of(world.cycle.id, ids)
    assert set(every) == set(ids)
    first = every[ids[0]]
    assert first["kpi:OHS-03"] == D("0.5")
    assert str(first["kpi:OHS-03"]) == "0.500000"  # the places the NUMERIC column gave
    assert queries.values_of(world.cycle.id, ids[:2], ["kpi:OHS-03", "kpi:none"]) == {
        ids[0]: {"kpi:OHS-03": D("0.5")},
        ids[1]: {"kpi:OHS-03": D("1.0")},
    }
    # A member none of whose asked-for metrics has a value is left out, as is an unknown id.
    assert queries.values_of(world.cycle.id, [*ids, 0], ["kpi:none"]) == {}
    members = queries.group_member_ids(world.cycle.id, GroupKind.WORKING_GROUP, str(world.group.id))
    assert members == sorted(ids)
    compute_benchmarks(world.cycle, None)
    assert db_session.scalar(select(func.count()).select_from(MemberValues)) == len(ids)
    assert queries.values_of(world.cycle.id, ids) == every


def _stored_rows(db_session: Session, cycle_id: int) -> dict[int, tuple[int, str]]:
    """Organisation id → (row id, stored text) of the cycle's member values."""
    rows = db_session.execute(
        select(MemberValues.organisation_id, MemberValues.id, MemberValues.figures).where(
            MemberValues.cycle_id == cycle_id
        )
    )
    return {org_id: (row_id, text) for org_id, row_id, text in rows}


@contextmanager
def _value_writes(db_session: Session) -> Iterator[list[str]]:
    """Collect the statements that write member values while the block runs."""
    written: list[str] = []

    def seen(conn: object, cursor: object, statement: str, *rest: object) -> None:
        lowered = statement.lower()
        if "benchmark_member_values" in lowered and not lowered.lstrip().startswith("select"):
            written.append(statement)

    engine = db_session.get_bind()
    event.listen(engine, "before_cursor_execute", seen)
    try:
        yield written
    finally:
        event.remove(engine, "before_cursor_execute", seen)


def test_a_recomputation_rewrites_only_the_members_whose_values_changed(
    db_session: Session,
) -> None:
    world = make_review_world(6)
    _vary_injuries(world)
    db_session.flush()
    compute_benchmarks(world.cycle, None)
    first = _stored_rows(db_session, world.cycle.id)
    assert len(first) == 6
    # Nothing changed: no value is deleted or written, the rows stay as they were (the same
    # row ids: a rewrite would give new ones; PostgreSQL's COPY is not seen as a statement).
    with _value_writes(db_session) as writes:
        compute_benchmarks(world.cycle, None)
    assert writes == []
    assert _stored_rows(db_session, world.cycle.id) == first
    # One member's injuries change, another member's submission is returned.
    changed, withdrawn = world.assessments[1], world.assessments[2]
    for value in changed.kpi_values:
        if value.input_id == "lti_employees":
            value.value = D(40)
    withdrawn.status = AssessmentStatus.RETURNED
    db_session.flush()
    with _value_writes(db_session) as writes:
        compute_benchmarks(world.cycle, None)
    assert writes[0].split()[0].upper() == "DELETE"  # the two rows, not the cycle's
    assert "organisation_id" in writes[0].lower()
    after = _stored_rows(db_session, world.cycle.id)
    assert set(after) == set(first) - {withdrawn.organisation_id}
    for org_id, (row_id, text) in after.items():
        if org_id == changed.organisation_id:
            assert text != first[org_id][1]
            assert queries.values_of(world.cycle.id, [org_id])[org_id]["kpi:OHS-03"] == D(20)
        else:  # the very rows of before
            assert (row_id, text) == first[org_id]
    # The statistics follow the members as they now are.
    stored = queries.stats_of(world.cycle.id, GroupKind.WORKING_GROUP, str(world.group.id))
    assert stored["kpi:OHS-03"].members == 5
    # Every member changes: the cycle's rows go in one statement and are all written anew.
    for assessment in world.assessments:
        for value in assessment.kpi_values:
            if value.input_id == "hours_employees":
                value.value = value.value * 2
    db_session.flush()
    with _value_writes(db_session) as writes:
        compute_benchmarks(world.cycle, None)
    assert writes[0].split()[0].upper() == "DELETE"
    assert "organisation_id" not in writes[0].lower()
    rewritten = _stored_rows(db_session, world.cycle.id)
    assert set(rewritten) == set(after)
    assert all(rewritten[o][1] != after[o][1] for o in after)
    ohs = queries.values_of(world.cycle.id, [changed.organisation_id], ["kpi:OHS-03"])
    assert ohs[changed.organisation_id]["kpi:OHS-03"] == D(10)


def test_the_collector_is_paused_while_computing_and_left_as_it_was(db_session: Session) -> None:
    world = make_review_world(5)
    seen: list[bool] = []
    with collector_paused():
        seen.append(gc.isenabled())
        with collector_paused():  # nested (or another thread's): the outer pause decides
            seen.append(gc.isenabled())
        seen.append(gc.isenabled())
    assert seen == [False, False, False]
    assert gc.isenabled()
    compute_benchmarks(world.cycle, None)
    assert gc.isenabled()
    gc.disable()  # paused by someone else before: still paused after
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
