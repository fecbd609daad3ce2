"""Compute and freeze a cycle's peer-group benchmarks; hand the KPI ladder its statistics.

`compute_benchmarks` replaces the cycle's stored member values and group statistics in
one pass: inputs are read set-based (one query for all KPI inputs, one for all group
memberships), statistics are computed per group in memory and written in bulk (bulk.insert_rows).
Section scores are the self snapshots' scores copied out at submit
(`snapshot_section_scores`), read in one query; only an assessment whose snapshot
predates that copy is scored on its own. See docs/performance.md for the figures.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal

from sqlalchemy import Table, delete

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments.group_stats_hook import NO_STATS, KnownGroupStats
from rcapp.assessments.models import Assessment, SnapshotKind
from rcapp.assessments.queries import registry
from rcapp.assessments.results import compute_scorecard
from rcapp.assessments.snapshots import find_snapshot, snapshot_scorecard
from rcapp.audit.services import record
from rcapp.benchmarks import queries
from rcapp.benchmarks.bulk import insert_rows
from rcapp.benchmarks.member_figures import column_rounding, encoder
from rcapp.benchmarks.models import MemberValues, PeerGroupStat
from rcapp.benchmarks.stats import (
    ALL_PARKS_KEY,
    MIN_GROUP_SIZE,
    GroupKind,
    Member,
    MetricStats,
    group_statistics,
    kpi_group_stats,
    member_values,
)
from rcapp.cycles.models import ReportingCycle
from rcapp.db import Base, utcnow
from rcapp.organisations.models import Organisation, OrganisationKind
from rcapp.rubrics.model import Kpi
from rcapp.scoring import GroupStats
from rcapp.scoring.kpi_figures import KpiFigure, figures_of_many

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
    rows = queries.submitted_members(cycle.id)
    inputs = queries.kpi_inputs(cycle.id)
    stored = queries.self_section_scores(cycle.id)
    kpis_by_rubric: dict[tuple[str, int, str], Sequence[Kpi]] = {}
    members: dict[int, tuple[Member, Sequence[Kpi]]] = {}
    for row in rows:
        key = (row.rubric_id, row.rubric_version, row.rubric_sha256)
        if key not in kpis_by_rubric:
            kpis_by_rubric[key] = registry().get(*key).rubric.kpis
        sections = stored.get(row.assessment_id)
        if sections is None:  # snapshot written before section scores were copied out
            sections = section_scores(db.session().get_one(Assessment, row.assessment_id))
        member = Member(row.organisation_id, sections, inputs.get(row.organisation_id, {}))
        members[row.organisation_id] = (member, kpis_by_rubric[key])
    session = db.session()
    session.execute(delete(MemberValues).where(MemberValues.cycle_id == cycle.id))
    session.execute(delete(PeerGroupStat).where(PeerGroupStat.cycle_id == cycle.id))
    # Each member is valued once, KPI by KPI for all members of a rubric; its groups reuse
    # the values.
    figures = _figures(members)
    values = {
        org_id: member_values(member, kpis, figures[org_id])
        for org_id, (member, kpis) in members.items()
    }
    _insert_values(cycle.id, values)
    stat_rows = _stat_rows(cycle, members, values, figures, min_size)
    insert_rows(session.connection(), _table(PeerGroupStat), stat_rows)
    groups = {(row["group_kind"], row["group_key"]) for row in stat_rows}
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


def _figures(
    members: Mapping[int, tuple[Member, Sequence[Kpi]]],
) -> dict[int, dict[str, KpiFigure]]:
    """Every member's KPI figures: organisation id → KPI id → figure."""
    by_kpis: dict[int, list[int]] = defaultdict(list)  # one list per rubric's KPI tuple
    for org_id, (_, kpis) in members.items():
        by_kpis[id(kpis)].append(org_id)
    found: dict[int, dict[str, KpiFigure]] = {}
    for org_ids in by_kpis.values():
        kpis = members[org_ids[0]][1]
        found.update(figures_of_many(kpis, {o: members[o][0].kpi_inputs for o in org_ids}))
    return found


def _insert_values(cycle_id: int, values: Mapping[int, Mapping[str, Decimal]]) -> None:
    """Insert the member values of the cycle: one row per member with any value.

    A member without any value gets no row (group_member_ids lists those with one).
    """
    conn = db.session().connection()
    encode = encoder(column_rounding(conn.dialect))
    rows = [
        {"cycle_id": cycle_id, "organisation_id": org_id, "figures": encode(found)}
        for org_id, found in values.items()
        if found
    ]
    insert_rows(conn, _table(MemberValues), rows)


def _table(model: type[MemberValues] | type[PeerGroupStat]) -> Table:
    return Base.metadata.tables[model.__tablename__]


def _stat_rows(
    cycle: ReportingCycle,
    members: Mapping[int, tuple[Member, Sequence[Kpi]]],
    values: Mapping[int, Mapping[str, Decimal]],
    figures: Mapping[int, Mapping[str, KpiFigure]],
    min_size: int,
) -> list[dict[str, object]]:
    by_group: dict[tuple[GroupKind, str], list[int]] = defaultdict(list)
    for org_id, keys in queries.group_keys(list(members)).items():
        for group_key in keys:
            by_group[group_key].append(org_id)
    rows: list[dict[str, object]] = []
    computed_at = utcnow()
    for (kind, key), org_ids in sorted(by_group.items()):
        group = [members[org_id][0] for org_id in org_ids]
        # Members of one group share the cycle's rubric for their kind; take the first's KPIs.
        kpis = members[org_ids[0]][1]
        for metric, stats in group_statistics(group, kpis, min_size, values, figures).items():
            rows.append(
                {
                    "cycle_id": cycle.id,
                    "group_kind": kind,
                    "group_key": key,
                    "metric": metric,
                    "members": stats.members,
                    "first_quartile": stats.first_quartile,
                    "median": stats.median,
                    "third_quartile": stats.third_quartile,
                    "pooled": stats.pooled,
                    "pooled_200k": stats.pooled_200k,
                    "computed_at": computed_at,
                }
            )
    return rows


def ladder_stats(organisation: Organisation, cycle_id: int) -> dict[str, GroupStats]:
    """Return the KPI statistics the ladder and gates compare the organisation with.

    A company is compared with its working group; one in several working groups with the
    first (by code) that has statistics. A park is compared with all parks of the cycle.
    A group below the minimum size has none and feeds no gate.
    """
    return dict(known_ladder_stats(organisation, cycle_id).stats)


def known_ladder_stats(organisation: Organisation, cycle_id: int) -> KnownGroupStats:
    """`ladder_stats` with the time they were computed (for snapshots written before)."""
    if organisation.kind == OrganisationKind.PARK:
        candidates = [(GroupKind.ALL_PARKS, ALL_PARKS_KEY)]
    else:
        groups = sorted(organisation.working_groups, key=lambda g: g.code)
        candidates = [(GroupKind.WORKING_GROUP, str(group.id)) for group in groups]
    for kind, key in candidates:
        stored = queries.stats_of(cycle_id, kind, key)
        found = kpi_group_stats({m: _as_stats(row) for m, row in stored.items()})
        if found:
            return KnownGroupStats(found, max(row.computed_at for row in stored.values()))
    return NO_STATS


def assessment_ladder_stats(assessment: Assessment) -> KnownGroupStats:
    """Read the stats for an assessment: the reader `benchmarks.register` hands assessments."""
    return known_ladder_stats(assessment.organisation, assessment.cycle_id)


def _as_stats(row: PeerGroupStat) -> MetricStats:
    return MetricStats(
        row.metric, row.members, row.first_quartile, row.median, row.third_quartile, row.pooled
    )
