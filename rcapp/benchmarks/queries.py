"""Set-based reads for benchmarks: a cycle's members, their groups and KPI inputs in few queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Connection,
    CursorResult,
    Integer,
    Select,
    any_,
    bindparam,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.orm import InstrumentedAttribute, aliased
from sqlalchemy.types import TypeEngine

from rcapp import db
from rcapp.assessments.cycle_queries import decimal_column, plain_rows
from rcapp.assessments.models import (
    Assessment,
    AssessmentStatus,
    KpiValue,
    ScorecardSnapshot,
    SnapshotKind,
    SnapshotSectionScore,
)
from rcapp.assessments.year_members import group_year_members
from rcapp.benchmarks.member_figures import decode
from rcapp.benchmarks.models import MemberValues, PeerGroupStat
from rcapp.benchmarks.peer_groups import members_kind
from rcapp.benchmarks.stats import ALL_PARKS_KEY, GroupKind
from rcapp.cycles.closed_groups import members_of, signatory_in
from rcapp.cycles.closed_parks import cycle_of, in_park, in_park_by_cycle
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import Organisation, OrganisationKind, WorkingGroupMember

_SUBMITTED = (Assessment.status == AssessmentStatus.SUBMITTED,)


@dataclass(frozen=True)
class SubmittedRow:
    """What the benchmarks need of a submitted company assessment, without loading it."""

    assessment_id: int
    organisation_id: int
    rubric_id: str
    rubric_version: int
    rubric_sha256: str


def submitted_members(cycle_id: int) -> list[SubmittedRow]:
    """Return the cycle's submitted assessments of companies and parks, one query.

    Both kinds are benchmarked, each only in groups of its own kind (peer_groups).
    """
    rows = db.session().execute(
        select(
            Assessment.id,
            Assessment.organisation_id,
            Assessment.rubric_id,
            Assessment.rubric_version,
            Assessment.rubric_sha256,
        )
        .join(Organisation, Organisation.id == Assessment.organisation_id)
        .where(
            Assessment.cycle_id == cycle_id,
            *_SUBMITTED,
        )
        .order_by(Assessment.id)
    )
    return [SubmittedRow(*row) for row in rows]


def self_section_scores(cycle_id: int) -> dict[int, dict[str, Decimal | None]]:
    """Section scores of the submitted assessments' self snapshots: assessment id → section → score.

    One query over the scores copied out when each snapshot was written. An assessment whose
    snapshot predates the copy (or that has none) is missing here; the caller scores those.
    """
    conn = db.session().connection()
    result: CursorResult[Any] = conn.execute(
        select(
            ScorecardSnapshot.assessment_id,
            SnapshotSectionScore.section_id,
            SnapshotSectionScore.score,
        )
        .join(ScorecardSnapshot, ScorecardSnapshot.id == SnapshotSectionScore.snapshot_id)
        .join(Assessment, Assessment.id == ScorecardSnapshot.assessment_id)
        .where(
            Assessment.cycle_id == cycle_id,
            *_SUBMITTED,
            ScorecardSnapshot.kind == SnapshotKind.SELF,
        )
    )
    # The driver's tuples, each score converted by the column type's own processor (the
    # very Decimal a Row would hold), as the KPI inputs below.
    convert = _result_processor(conn, result, SnapshotSectionScore.__table__.c.score.type, 2)
    found: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    if convert is None:
        for assessment_id, section_id, score in plain_rows(result):
            found[assessment_id][section_id] = score
        return dict(found)
    # SQLite: floats of one decimal, a thousand distinct; each converted once (zero aside),
    # so equal scores are one Decimal.
    seen: dict[Any, Decimal | None] = {}
    for assessment_id, section_id, score in plain_rows(result):
        number = seen.get(score)
        if number is None:
            number = convert(score)
            if score:
                seen[score] = number
        found[assessment_id][section_id] = number
    return dict(found)


def _result_processor(
    conn: Connection, result: CursorResult[Any], type_: TypeEngine[Any], position: int
) -> Callable[[Any], Any] | None:
    described = result.cursor.description[position][1]
    return type_.dialect_impl(conn.dialect).result_processor(conn.dialect, described)


def kpi_inputs(cycle_id: int) -> dict[int, dict[str, Decimal]]:
    """Return the submitted assessments' raw KPI inputs: organisation id → input → value."""
    conn = db.session().connection()
    result: CursorResult[Any] = conn.execute(
        select(Assessment.organisation_id, KpiValue.input_id, KpiValue.value)
        .join(Assessment, KpiValue.assessment_id == Assessment.id)
        .where(Assessment.cycle_id == cycle_id, Assessment.status == AssessmentStatus.SUBMITTED)
    )
    # A million rows at 26,000 members: the driver's tuples, each value converted by the
    # column type's own processor (the very Decimal a Row would hold), cost far less.
    convert = decimal_column(conn, result, 2)
    rows = plain_rows(result)
    found: dict[int, dict[str, Decimal]] = {}
    if convert is None:  # PostgreSQL: the driver's Decimals
        for organisation_id, input_id, value in rows:
            own = found.get(organisation_id)
            if own is None:
                own = found[organisation_id] = {}
            own[input_id] = value
        return found
    # SQLite: floats, a quarter of them distinct; each converted once (zero aside:
    # -0.0 == 0.0 but they convert apart). Inlined: a call per row was a third of the loop.
    seen: dict[Any, Decimal] = {}
    for organisation_id, input_id, value in rows:
        own = found.get(organisation_id)
        if own is None:
            own = found[organisation_id] = {}
        number = seen.get(value)
        if number is None:
            number = convert(value)
            if value:
                seen[value] = number
        own[input_id] = number
    return found


def group_keys(organisation_ids: Sequence[int]) -> dict[int, list[tuple[GroupKind, str]]]:
    """Return every peer group of each organisation.

    A company: its working groups, sector, park and province; a park: all parks and the
    parks of its province (peer_groups: no group mixes companies and parks).
    """
    found: dict[int, list[tuple[GroupKind, str]]] = defaultdict(list)
    conn = db.session().connection()  # plain rows: no ORM result handling
    rows = conn.execute(
        select(
            Organisation.id,
            Organisation.kind,
            Organisation.sector,
            Organisation.park_id,
            Organisation.province,
        ).where(_among(Organisation.id, organisation_ids))
    ).all()
    # One tuple per group, shared by its members: 26,000 members are in 100,000 groups
    # but only a few hundred distinct ones, and each tuple kept is one more object for
    # Python's collector to walk through while the benchmarks are computed.
    group = _shared_keys()
    companies = []
    for organisation_id, kind, sector, park_id, province in rows:
        if kind == OrganisationKind.PARK:
            found[organisation_id].append(group(GroupKind.ALL_PARKS, ALL_PARKS_KEY))
            found[organisation_id].append(group(GroupKind.PARK_PROVINCE, province))
            continue
        companies.append(organisation_id)
        if sector:
            found[organisation_id].append(group(GroupKind.SECTOR, sector))
        if park_id is not None:
            found[organisation_id].append(group(GroupKind.PARK, str(park_id)))
        found[organisation_id].append(group(GroupKind.PROVINCE, province))
    members = conn.execute(
        select(WorkingGroupMember.organisation_id, WorkingGroupMember.working_group_id).where(
            _among(WorkingGroupMember.organisation_id, companies)
        )
    ).all()
    for organisation_id, group_id in members:
        found[organisation_id].append(group(GroupKind.WORKING_GROUP, str(group_id)))
    return dict(found)


def _shared_keys() -> Callable[[GroupKind, str], tuple[GroupKind, str]]:
    """Return a maker of (kind, key) tuples that hands out one tuple per distinct pair."""
    made: dict[tuple[GroupKind, str], tuple[GroupKind, str]] = {}

    def group(kind: GroupKind, key: str) -> tuple[GroupKind, str]:
        pair = (kind, key)
        return made.setdefault(pair, pair)

    return group


def _among(column: InstrumentedAttribute[int], ids: Sequence[int]) -> ColumnElement[bool]:
    """Return `column IN ids`; on PostgreSQL `column = ANY(array)`, one parameter.

    A cycle's 1,000 organisation ids as 1,000 parameters took the server 6 ms to read
    per query, as one array 1.5 ms (docs/performance.md).
    """
    if db.session().connection().dialect.name == "postgresql":
        return column == any_(bindparam(None, list(ids), type_=ARRAY(Integer)))
    return column.in_(ids)


def stats_of(cycle_id: int, kind: GroupKind, key: str) -> dict[str, PeerGroupStat]:
    rows = db.session().scalars(
        select(PeerGroupStat).where(
            PeerGroupStat.cycle_id == cycle_id,
            PeerGroupStat.group_kind == kind,
            PeerGroupStat.group_key == key,
        )
    )
    return {row.metric: row for row in rows}


@dataclass(frozen=True)
class StoredValues:
    """Stored member values as read: each member's stored text, ordered by organisation.

    Kept raw so a page can take a digest of exactly what it read (pages.ComparisonData)
    and decode only the members it shows.
    """

    rows: list[tuple[int, str]]  # (organisation id, the stored figures: member_figures)
    metrics: frozenset[str] | None  # only these metrics, if given

    def by_organisation(self) -> dict[int, dict[str, Decimal]]:
        """Return organisation id → metric → value.

        A member without a value of the metrics asked for is left out (as when each value
        was a row of its own).
        """
        found = {organisation_id: decode(text, self.metrics) for organisation_id, text in self.rows}
        return {organisation_id: values for organisation_id, values in found.items() if values}

    def of(self, organisation_id: int) -> dict[str, Decimal]:
        """Return one organisation's values: metric → value."""
        for found, text in self.rows:
            if found == organisation_id:
                return decode(text, self.metrics)
        return {}


def stored_values(
    cycle_id: int, organisation_ids: Sequence[int], metrics: Sequence[str] | None = None
) -> StoredValues:
    """Read stored member values (only `metrics` if given), ordered by organisation."""
    rows = (
        db.session()
        .connection()
        .execute(  # plain rows: no ORM result handling
            select(MemberValues.organisation_id, MemberValues.figures)
            .where(
                MemberValues.cycle_id == cycle_id,
                MemberValues.organisation_id.in_(organisation_ids),
            )
            .order_by(MemberValues.organisation_id)
        )
    )
    wanted = None if metrics is None else frozenset(metrics)
    return StoredValues([(row[0], row[1]) for row in rows], wanted)


def values_of(
    cycle_id: int, organisation_ids: Sequence[int], metrics: Sequence[str] | None = None
) -> dict[int, dict[str, Decimal]]:
    """Return stored member values: organisation id → metric → value (only `metrics` if given)."""
    return stored_values(cycle_id, organisation_ids, metrics).by_organisation()


def _members_of(
    cycle_id: int,
    kind: GroupKind,
    key: str,
    *columns: Any,
    organisation_kind: OrganisationKind | None = None,
) -> Select[Any]:
    """Select `columns` of the peer group's members with stored values in the cycle.

    `organisation_kind` overrides the kind the group is made of: the parks working group's
    members are parks, whose values are stored as every park's are.
    """
    # Correlated, so each candidate is one probe of the (cycle, organisation) unique index.
    with_values = (
        select(MemberValues.id)
        .where(
            MemberValues.cycle_id == cycle_id,
            MemberValues.organisation_id == Organisation.id,
        )
        .exists()
    )
    made_of = members_kind(kind) if organisation_kind is None else organisation_kind
    query = select(*columns).where(with_values, Organisation.kind == made_of)
    if kind is GroupKind.WORKING_GROUP:
        # the group's members in that year (a closed year's kept at its close)
        query = query.where(Organisation.id.in_(members_of(int(key), cycle_of(cycle_id))))
    elif kind is GroupKind.SECTOR:
        query = query.where(Organisation.sector == key)
    elif kind is GroupKind.PARK:
        query = query.where(in_park(int(key), cycle_of(cycle_id)))
    elif kind in (GroupKind.PROVINCE, GroupKind.PARK_PROVINCE):
        query = query.where(Organisation.province == key)
    return query.order_by(Organisation.id)


def group_member_ids(cycle_id: int, kind: GroupKind, key: str) -> list[int]:
    """List the members of a peer group with stored values in the cycle."""
    return list(db.session().scalars(_members_of(cycle_id, kind, key, Organisation.id)))


def group_size(kind: GroupKind, key: str, cycle: ReportingCycle | None = None) -> int | None:
    """Count a group's own member list, as its page shows it.

    A working group's members, a park's resident companies (in a closed `cycle`, those at
    its close: closed_groups, closed_parks); other groups (province, sector, all parks)
    have no list of their own: None.
    """
    if kind is GroupKind.WORKING_GROUP:
        # a year's: its signatories, as the group's year page lists them (assessments.year_members)
        chosen = (
            members_of(int(key), None) if cycle is None else group_year_members(int(key), cycle)
        )
        members = chosen.subquery()
        statement = select(func.count()).select_from(members)
    elif kind is GroupKind.PARK:
        statement = select(func.count()).where(
            in_park(int(key), cycle), Organisation.kind == OrganisationKind.COMPANY
        )
    else:
        return None
    return db.session().scalar(statement) or 0


class MemberName(NamedTuple):
    """An organisation's id and names: what the side-by-side table shows of it."""

    id: int
    name_zh: str
    name_en: str | None
    name_sort: str = ""  # the pinyin key lists sort by (rcapp.organisations.name_order)

    def display_name(self, lang: str) -> str:
        # The same rule as Organisation.display_name, on a plain row.
        return self.name_en if lang == "en" and self.name_en else self.name_zh


class MemberAssessment(NamedTuple):
    """The columns of an assessment the side-by-side table reads, without loading it."""

    id: int
    organisation_id: int
    overall_score: Decimal | None
    stars: int | None
    rubric_id: str
    rubric_version: int
    rubric_sha256: str


def working_group_members(
    cycle_id: int, group_id: int, organisation_kind: OrganisationKind = OrganisationKind.COMPANY
) -> tuple[list[MemberName], dict[int, MemberAssessment]]:
    """Return a working group's members with stored values, by id, and their assessments.

    Its members are companies, or parks in the parks working group (`organisation_kind`).

    One query of the columns shown (names, scores, the rubric pin), no ORM object per
    member: the side-by-side page of a 200-member group read them as 400 objects.
    """
    rows = (
        db.session()
        .connection()
        .execute(  # plain rows: no ORM result handling
            _members_of(
                cycle_id,
                GroupKind.WORKING_GROUP,
                str(group_id),
                Organisation.id,
                Organisation.name_zh,
                Organisation.name_en,
                Organisation.name_sort,
                Assessment.id,
                Assessment.overall_score,
                Assessment.stars,
                Assessment.rubric_id,
                Assessment.rubric_version,
                Assessment.rubric_sha256,
                organisation_kind=organisation_kind,
            ).outerjoin(
                Assessment,
                (Assessment.organisation_id == Organisation.id) & (Assessment.cycle_id == cycle_id),
            )
        )
    )
    names, assessments = [], {}
    for organisation_id, name_zh, name_en, name_sort, assessment_id, *shown in rows:
        names.append(MemberName(organisation_id, name_zh, name_en, name_sort))
        if assessment_id is not None:  # one per organisation and cycle (unique)
            assessments[organisation_id] = MemberAssessment(assessment_id, organisation_id, *shown)
    return names, assessments


class Resident(NamedTuple):
    """A company of a park and its assessment of the cycle, as the park's page shows it."""

    id: int
    name_zh: str
    name_en: str | None
    assessment_id: int | None
    status: AssessmentStatus | None
    stars: int | None
    rubric_id: str | None
    rubric_version: int | None
    rubric_sha256: str | None
    rated: bool | None  # its self snapshot's: False when a prerequisite is unmet
    final_rated: bool | None  # the same of its final snapshot (a finished peer review's)
    credit_code: str = ""  # the unified social credit code (the residents workbook names it)
    submitted_at: dt.datetime | None = None  # the assessment's submission (UTC, as stored)

    def display_name(self, lang: str) -> str:
        return MemberName(self.id, self.name_zh, self.name_en).display_name(lang)


def park_residents(cycle_id: int, park_id: int, closed_year: int | None = None) -> list[Resident]:
    """Return the companies resident in the park, by Chinese name, with their assessment.

    For a closed year (`closed_year`: its year) only the year's participants, as the year's
    own organisation list reads them (cycles.participants: signed by the year's end, or
    started it): a company registered after the close does not join a closed year. A
    closed year's residents are those in the park at its close (cycles.closed_parks).
    """
    final = aliased(ScorecardSnapshot)
    in_the_park = in_park(park_id, None if closed_year is None else cycle_of(cycle_id))
    year = None if closed_year is None else cycle_of(cycle_id)
    taking_part = (  # a closed year's signatories as kept at its close (closed_groups)
        true() if year is None else or_(signatory_in(year), Assessment.id.is_not(None))
    )
    rows = (
        db.session()
        .connection()
        .execute(  # plain rows: no ORM result handling
            select(
                Organisation.id,
                Organisation.name_zh,
                Organisation.name_en,
                Assessment.id,
                Assessment.status,
                Assessment.stars,
                Assessment.rubric_id,
                Assessment.rubric_version,
                Assessment.rubric_sha256,
                ScorecardSnapshot.rated,
                final.rated,
                Organisation.credit_code,
                Assessment.submitted_at,
            )
            .outerjoin(
                Assessment,
                (Assessment.organisation_id == Organisation.id) & (Assessment.cycle_id == cycle_id),
            )
            .outerjoin(
                ScorecardSnapshot,
                (ScorecardSnapshot.assessment_id == Assessment.id)
                & (ScorecardSnapshot.kind == SnapshotKind.SELF),
            )
            .outerjoin(
                final,
                (final.assessment_id == Assessment.id) & (final.kind == SnapshotKind.FINAL),
            )
            .where(
                in_the_park,
                Organisation.kind == OrganisationKind.COMPANY,
                taking_part,
            )
            .order_by(Organisation.name_sort, Organisation.name_zh, Organisation.id)
        )
    )
    return [Resident._make(row) for row in rows]


def cycles_with_resident_results(park_id: int) -> set[int]:
    """Which cycles have at least one submitted assessment of a company resident in the park."""
    statement = (
        select(Assessment.cycle_id)
        .join(Organisation, Assessment.organisation_id == Organisation.id)
        .join(ReportingCycle, Assessment.cycle_id == ReportingCycle.id)
        .where(
            in_park_by_cycle(park_id, Assessment.cycle_id),
            Organisation.kind == OrganisationKind.COMPANY,
            Assessment.status == AssessmentStatus.SUBMITTED,
        )
    )
    return set(db.session().scalars(statement.distinct()))


def cycles_with_statistics(cycle_ids: Sequence[int]) -> set[int]:
    """Which of the cycles have peer-group statistics computed."""
    if not cycle_ids:
        return set()
    statement = select(PeerGroupStat.cycle_id).where(PeerGroupStat.cycle_id.in_(cycle_ids))
    return set(db.session().scalars(statement.distinct()))


def cycles_with_group_statistics(kind: GroupKind, key: str) -> set[int]:
    """Return the cycles in which one peer group has statistics (it reached the minimum size)."""
    statement = select(PeerGroupStat.cycle_id).where(
        PeerGroupStat.group_kind == kind, PeerGroupStat.group_key == key
    )
    return set(db.session().scalars(statement.distinct()))
