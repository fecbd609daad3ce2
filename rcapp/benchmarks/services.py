"""Compute and freeze a cycle's peer-group benchmarks; hand the KPI ladder its statistics.

`compute_benchmarks` replaces the cycle's stored member values and group statistics in
one pass: inputs are read set-based (one query for all KPI inputs, one for all group
memberships), each member is valued once and its values held column by column
(benchmarks.columns), statistics are computed per group in memory and written in bulk
(bulk.insert_rows). A member value row is written only when its text changed.
Section scores are the self snapshots' scores copied out at submit
(`snapshot_section_scores`), read in one query; only an assessment whose snapshot
predates that copy is scored on its own. See docs/performance.md for the figures.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from functools import partial
from typing import Any

from sqlalchemy import CursorResult, Table, delete, select

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments.computed_kpis import with_computed
from rcapp.assessments.cycle_queries import plain_rows
from rcapp.assessments.group_stats_hook import NO_STATS, KnownGroupStats
from rcapp.assessments.models import Assessment, SnapshotKind
from rcapp.assessments.queries import registry
from rcapp.assessments.results import compute_scorecard
from rcapp.assessments.snapshots import find_snapshot, snapshot_scorecard
from rcapp.audit.services import record
from rcapp.benchmarks import queries
from rcapp.benchmarks.bulk import insert_rows
from rcapp.benchmarks.cell_sums import CellSums
from rcapp.benchmarks.columns import CycleValues, cycle_values, encoded, group_statistics
from rcapp.benchmarks.member_figures import FigureTexts, column_rounding
from rcapp.benchmarks.models import MemberValues, PeerGroupStat
from rcapp.benchmarks.stats import (
    ALL_PARKS_KEY,
    MIN_GROUP_SIZE,
    SECTION_PREFIX,
    GroupKind,
    Member,
    MetricStats,
    kpi_group_stats,
    shows_group,
)
from rcapp.cycles.closed_groups import groups_of
from rcapp.cycles.closed_parks import cycle_of
from rcapp.cycles.models import ReportingCycle
from rcapp.db import Base, utcnow
from rcapp.organisations.models import Organisation, OrganisationKind
from rcapp.rubrics.model import Kpi, Rubric
from rcapp.scoring import GroupStats

logger = logging.getLogger(__name__)


def section_scores(assessment: Assessment) -> dict[str, Decimal | None]:
    """Read the section scores of the self snapshot written at submit (scored if missing)."""
    snapshot = find_snapshot(assessment, SnapshotKind.SELF)
    card = compute_scorecard(assessment) if snapshot is None else snapshot_scorecard(snapshot)
    return {section.section_id: section.score for section in card.sections}


def compute_benchmarks(
    cycle: ReportingCycle, actor: User | None, min_size: int = MIN_GROUP_SIZE
) -> int:
    """Store every member's figures and every peer group's statistics; return the groups shown.

    Companies and parks alike, each in groups of its own kind (peer_groups).
    """
    lock_cycle(cycle.id)
    rows = queries.submitted_members(cycle.id)
    sections = queries.self_section_scores(cycle.id)
    for row in rows:
        if row.assessment_id not in sections:  # snapshot written before scores were copied
            assessment = db.session().get_one(Assessment, row.assessment_id)
            sections[row.assessment_id] = section_scores(assessment)
    # Scoring an assessment on its own (above) loads ORM objects, which may leave cycles
    # behind; what follows makes plain rows, lists and dicts only.
    with collector_paused():
        return _compute(cycle, actor, min_size, rows, sections)


def lock_cycle(cycle_id: int) -> None:
    """Hold the cycle's row until commit: two computations of one cycle run one after the other.

    Otherwise on PostgreSQL the second's DELETE misses the rows the first inserted (not yet
    committed when it looked) and its INSERT breaks their unique constraints. Under the lock it
    reads what the first committed. On SQLite the writer's BEGIN IMMEDIATE already serialises
    them (FOR UPDATE is not rendered there).
    """
    statement = select(ReportingCycle.id).where(ReportingCycle.id == cycle_id)
    db.session().execute(statement.with_for_update())


_pause_lock = threading.Lock()
_pauses = 0
_resume = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a cycle's benchmarks are computed.

    The computation keeps hundreds of thousands of small containers alive until it ends
    (each member's inputs, section scores and groups; 26,000 members at the large size),
    none of them in a reference cycle: they are freed by reference counting as always.
    With the collector running, each batch of them that outlived a young collection
    brought on a full one, a walk of the whole process heap: 5-15 % of the computation
    (docs/performance.md). Paused, garbage cycles made meanwhile (by any thread) wait for
    the next collection after the pause; the computation's ORM work (scoring an
    assessment whose snapshot has no section scores) is done before it. Pauses may nest
    and overlap between threads: the collector resumes when the last ends, if it was
    running when the first began.
    """
    global _pauses, _resume  # noqa: PLW0603 -- one process-wide pause count
    with _pause_lock:
        if _pauses == 0:
            _resume = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _resume:
                gc.enable()


def _compute(
    cycle: ReportingCycle,
    actor: User | None,
    min_size: int,
    rows: Sequence[queries.SubmittedRow],
    sections: Mapping[int, Mapping[str, Decimal | None]],
) -> int:
    inputs = queries.kpi_inputs(cycle.id)
    kpis_by_rubric: dict[tuple[str, int, str], Sequence[Kpi]] = {}
    rubrics: dict[tuple[str, int, str], Rubric] = {}
    members: dict[int, tuple[Member, Sequence[Kpi]]] = {}
    for row in rows:
        key = (row.rubric_id, row.rubric_version, row.rubric_sha256)
        if key not in rubrics:
            rubrics[key] = registry().get(*key).rubric
            kpis_by_rubric[key] = rubrics[key].kpis
        rubric = rubrics[key]
        own = sections[row.assessment_id]
        # rcapp's own figures over the typed ones (a park's three-star residents: qa17 D2).
        typed = inputs.get(row.organisation_id, {})
        member = Member(
            row.organisation_id, own, with_computed(row.organisation_id, cycle.year, rubric, typed)
        )
        members[row.organisation_id] = (member, kpis_by_rubric[key])
    values = cycle_values(list(members.values()))  # each member valued once
    session = db.session()
    _write_values(cycle.id, values)
    session.execute(delete(PeerGroupStat).where(PeerGroupStat.cycle_id == cycle.id))
    stat_rows = _stat_rows(cycle, list(members), values, min_size)
    insert_rows(session.connection(), _table(PeerGroupStat), _STAT_COLUMNS, stat_rows)
    groups = {(row[1], row[2]) for row in stat_rows}
    record(
        actor,
        "cycle",
        cycle.id,
        "benchmarks",
        after={"members": len(members), "groups": len(groups)},
    )
    logger.info(
        "Benchmarks of cycle %s: %d members, %d groups", cycle.id, len(members), len(groups)
    )
    return len(groups)


def _write_values(cycle_id: int, values: CycleValues) -> None:
    """Store the member values of the cycle: one row per member with any value.

    A member without any value gets no row (group_member_ids lists those with one). Only
    the rows whose text changed are written: the stored texts are read first (one
    query), a row whose text is the one computed is left as it is, and a row of a member
    no longer benchmarked is deleted. Recomputing an unchanged cycle writes no value.
    """
    session = db.session()
    conn = session.connection()
    texts = encoded(values, FigureTexts(column_rounding(conn.dialect)))
    result: CursorResult[Any] = conn.execute(
        select(MemberValues.organisation_id, MemberValues.figures).where(
            MemberValues.cycle_id == cycle_id
        )
    )
    stored: dict[int, str] = dict(plain_rows(result))  # no result types: the driver's tuples
    stale = [org_id for org_id, text in stored.items() if texts.get(org_id) != text]
    if len(stale) == len(stored):  # everything changes: one statement for the cycle
        if stored:
            session.execute(delete(MemberValues).where(MemberValues.cycle_id == cycle_id))
    else:
        for start in range(0, len(stale), _DELETE_CHUNK):
            chunk = stale[start : start + _DELETE_CHUNK]
            session.execute(
                delete(MemberValues).where(
                    MemberValues.cycle_id == cycle_id, MemberValues.organisation_id.in_(chunk)
                )
            )
    rows = [
        (cycle_id, org_id, text) for org_id, text in texts.items() if stored.get(org_id) != text
    ]
    insert_rows(conn, _table(MemberValues), _VALUE_COLUMNS, rows)


_DELETE_CHUNK = 500  # organisation ids per DELETE ... IN (SQLite's bound parameters)
_VALUE_COLUMNS = ("cycle_id", "organisation_id", "figures")
_STAT_COLUMNS = (
    "cycle_id",
    "group_kind",
    "group_key",
    "metric",
    "members",
    "first_quartile",
    "median",
    "third_quartile",
    "pooled",
    "pooled_200k",
    "computed_at",
)


def _table(model: type[MemberValues] | type[PeerGroupStat]) -> Table:
    return Base.metadata.tables[model.__tablename__]


def _stat_rows(
    cycle: ReportingCycle, org_ids: Sequence[int], values: CycleValues, min_size: int
) -> list[tuple[object, ...]]:
    position = {org_id: p for p, org_id in enumerate(org_ids)}
    by_group: dict[tuple[GroupKind, str], list[int]] = defaultdict(list)
    for org_id, keys in queries.group_keys(org_ids).items():
        for group_key in keys:
            by_group[group_key].append(position[org_id])
    rows: list[tuple[object, ...]] = []
    computed_at = utcnow()
    groups = sorted(by_group.items())
    inputs = [member.kpi_inputs for member in values.members]
    sums = CellSums(inputs, [positions for _, positions in groups])
    for index, ((kind, key), positions) in enumerate(groups):
        whole = partial(sums.total, index) if sums.useful else None
        for metric, stats in group_statistics(values, positions, min_size, whole).items():
            rows.append(
                (
                    cycle.id,
                    kind,
                    key,
                    metric,
                    stats.members,
                    stats.first_quartile,
                    stats.median,
                    stats.third_quartile,
                    stats.pooled,
                    stats.pooled_200k,
                    computed_at,
                )
            )
    return rows


def ladder_stats(organisation: Organisation, cycle_id: int) -> dict[str, GroupStats]:
    """Return the KPI statistics the ladder and gates compare the organisation with.

    A company is compared with its working group; one in several working groups with the
    first (by code) that has statistics. A park is compared with all parks of the cycle.
    A group below the minimum size has none and feeds no gate.
    """
    return dict(known_ladder_stats(organisation, cycle_id).stats)


def ladder_groups(organisation: Organisation, cycle_id: int) -> list[tuple[GroupKind, str]]:
    """List the groups whose statistics the ladder may read, in the order it tries them."""
    if organisation.kind == OrganisationKind.PARK:
        return [(GroupKind.ALL_PARKS, ALL_PARKS_KEY)]
    groups = groups_of(organisation, cycle_of(cycle_id))  # the year's (closed_groups)
    return [(GroupKind.WORKING_GROUP, str(group.id)) for group in groups]


def known_ladder_stats(organisation: Organisation, cycle_id: int) -> KnownGroupStats:
    """`ladder_stats` with the time they were computed (for snapshots written before)."""
    for kind, key in ladder_groups(organisation, cycle_id):
        stored = queries.stats_of(cycle_id, kind, key)
        found = kpi_group_stats({m: _as_stats(row) for m, row in stored.items()})
        if found:
            return KnownGroupStats(found, max(row.computed_at for row in stored.values()))
    return NO_STATS


def assessment_ladder_stats(assessment: Assessment) -> KnownGroupStats:
    """Read the stats for an assessment: the reader `benchmarks.register` hands assessments."""
    return known_ladder_stats(assessment.organisation, assessment.cycle_id)


def section_medians(assessment: Assessment) -> dict[str, Decimal]:
    """Return the median section scores of the group the ladder compares with, by id.

    The first of the ladder's groups with any; a section only where enough members have
    a score for the group to show it (shows_group, the one minimum group size rule).
    """
    for kind, key in ladder_groups(assessment.organisation, assessment.cycle_id):
        stored = queries.stats_of(assessment.cycle_id, kind, key)
        found = {
            metric.removeprefix(SECTION_PREFIX): row.median
            for metric, row in stored.items()
            if metric.startswith(SECTION_PREFIX) and shows_group(row.members)
        }
        if found:
            return found
    return {}


def _as_stats(row: PeerGroupStat) -> MetricStats:
    return MetricStats(
        row.metric, row.members, row.first_quartile, row.median, row.third_quartile, row.pooled
    )
