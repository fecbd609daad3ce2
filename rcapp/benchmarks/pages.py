"""What the benchmark pages show: an organisation's position, a group side by side, its years."""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import gettext as _

from rcapp import db
from rcapp.assessments.computed_kpis import computed_kpis
from rcapp.assessments.counted_words import counted_ratings
from rcapp.assessments.kpi_table import basis_unit
from rcapp.assessments.models import AssessmentStatus, SnapshotKind
from rcapp.assessments.queries import (
    FINAL_KINDS,
    find_assessment,
    pinned_rubric,
    rubric_of,
    shown_vetoes,
    unrated_snapshots,
    vetoes_of,
)
from rcapp.assessments.rating_words import VetoedResults
from rcapp.assessments.resident_ratings import (
    THREE_STARS,
    RatingOfRecord,
    carried_years,
)
from rcapp.assessments.snapshots import shown_scorecard
from rcapp.benchmarks import queries
from rcapp.benchmarks.computed import computed_summary
from rcapp.benchmarks.disclosure import Disclosure, disclosure, is_absolute
from rcapp.benchmarks.late_members import LateMember, late_members
from rcapp.benchmarks.models import PeerGroupStat
from rcapp.benchmarks.peer_groups import (
    compared_with,
    kind_and_members,
    members_text,
    no_statistics_text,
)
from rcapp.benchmarks.ranks import GroupRanks, member_rank
from rcapp.benchmarks.stats import (
    KPI_PREFIX,
    MIN_GROUP_SIZE,
    OVERALL_METRIC,
    SECTION_PREFIX,
    GroupKind,
    MetricStats,
    score_statistics,
)
from rcapp.cycles.closed_groups import groups_of
from rcapp.cycles.closed_parks import park_in
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import (
    Organisation,
    OrganisationKind,
    WorkingGroup,
)
from rcapp.organisations.provinces import province_name
from rcapp.organisations.sectors import sector_name
from rcapp.rubrics.model import Basis, Direction, Kpi, KpiVsGroupMedian, Rubric
from rcapp.scoring.kpi_text import kpi_places
from rcapp.scoring.scorecard import VetoHit


@dataclass(frozen=True)
class Metric:
    key: str  # section:<id> or kpi:<id>
    label: str
    better: Direction
    unit: str = ""  # what every figure of the metric is in: a rate's first basis, else the unit
    basis: Basis | None = None  # a rate KPI's first basis: its values and pooled figure
    absolute: bool = False  # a quantity or count summed in the group (disclosure.is_absolute)
    places: int | None = None  # a KPI's decimals (scoring.kpi_text); None: a section score

    @property
    def shows_200k(self) -> bool:
        """Whether the pooled figure per 200,000 h is a second basis worth a line of its own."""
        return self.basis is not None and self.basis is not Basis.PER_200K_HOURS


def metric_of_kpi(rubric: Rubric, kpi: Kpi, lang: str) -> Metric:
    basis = kpi.bases[0] if kpi.bases else None
    # the unit every output writes (起/百万工时, "per 10,000"), not 每百万工时 (qa71; QA37 S3)
    unit = basis_unit(kpi.unit.get(lang), basis, lang)
    return Metric(
        KPI_PREFIX + kpi.id,
        f"{kpi.id} {kpi.name.get(lang)}",
        kpi.better,
        unit,
        basis,
        is_absolute(kpi),
        kpi_places(rubric, kpi),  # read once per page, written on every figure of the KPI
    )


def metrics_of(rubric: Rubric, lang: str, core_only: bool = True) -> list[Metric]:
    points = _("分（满分 100）")
    found = [
        Metric(SECTION_PREFIX + s.id, s.title.get(lang), Direction.HIGHER, points)
        for s in rubric.sections
    ]
    found += [metric_of_kpi(rubric, k, lang) for k in rubric.kpis if k.core or not core_only]
    return found


# The KPI categories of each code of practice (HG/T 4184): a working group that owns a
# code (WorkingGroup.section_id) sees its own field's KPIs by default, not only safety rates.
FIELD_KPI_CATEGORIES: dict[str, tuple[str, ...]] = {
    "C1": ("community",),
    "C2": ("distribution",),
    "C3": ("environment", "waste", "transfer"),
    "C4": ("process_safety",),
    "C5": ("safety",),
    "C6": ("product",),
}
FIELD_KPIS_SHOWN = 3  # the field's first core KPIs shown by default


def field_kpis(rubric: Rubric, section_id: str | None) -> list[str]:
    """List the first core KPIs of the field of the code of practice `section_id`.

    A field with no core KPI (v2's storage and transport) lists its KPIs that compare
    across companies instead (rates, not absolute counts), so its group still opens on its
    own KPIs, not on the rating's (qa72 p11).
    """
    field = FIELD_KPI_CATEGORIES.get(section_id or "", ())
    own = [k for k in rubric.kpis if k.category in field]
    chosen = [k for k in own if k.core] or [k for k in own if not k.absolute]
    return [k.id for k in chosen][:FIELD_KPIS_SHOWN]


def default_kpis(rubric: Rubric, section_id: str | None = None) -> list[str]:
    """List the group's field's core KPIs, then those the rating compares with the median.

    Without KPIs compared with the group median in the rating, the first three core KPIs
    follow the field's. `section_id` is the code of practice the group owns, if any.
    """
    named = [
        kpi_id
        for band in rubric.rating.bands
        for condition in band.conditions
        if isinstance(condition, KpiVsGroupMedian)
        for kpi_id in condition.kpis
    ]
    rest = named or [k.id for k in rubric.kpis if k.core][:3]
    return list(dict.fromkeys(field_kpis(rubric, section_id) + rest))


def chosen_metrics(metrics: list[Metric], kpi_ids: Sequence[str]) -> list[Metric]:
    """Every section, then the KPIs asked for, in the order asked.

    The defaults put the group's own field first (default_kpis); read in the rubric's
    order, a pollution-prevention group opened on OHS-03, OHS-04 and PS-02 instead.
    """
    by_key = {m.key: m for m in metrics}
    sections = [m for m in metrics if m.key.startswith(SECTION_PREFIX)]
    wanted = dict.fromkeys(KPI_PREFIX + kpi_id for kpi_id in kpi_ids)
    return sections + [by_key[key] for key in wanted if key in by_key]


@dataclass(frozen=True)
class PositionRow:
    metric: Metric
    own: Decimal | None
    rank: Decimal | None
    stats: PeerGroupStat | None


@dataclass
class GroupPosition:
    kind: GroupKind
    key: str
    label: str
    members: int
    rows: list[PositionRow] = field(default_factory=list)
    # What the viewer sees of the group's statistics (the member rule unless told).
    shown_to: Disclosure | None = None
    withheld: int = 0  # metrics left out for the viewer: absolute quantities and counts
    total: int | None = None  # the group's own member list, where it has one (group_size)

    @property
    def quartiles(self) -> bool:
        """Whether the quartile and pooled columns are shown."""
        return self.shown_to is None or self.shown_to.quartiles

    @property
    def kind_and_size(self) -> str:
        """E.g. "（工作组，6 家成员，其中 3 家有对标数据）" after the group's name."""
        return kind_and_members(self.kind, self.members, self.total)

    @property
    def shown(self) -> bool:
        return any(row.stats is not None for row in self.rows)

    @property
    def no_statistics(self) -> str:
        """Say why the group shows no statistics, as the group comparison page says it.

        The group is listed because its statistics were computed: too few have data.
        """
        return no_statistics_text(True, self.members, self.total, MIN_GROUP_SIZE)


def group_label(kind: GroupKind, key: str, lang: str) -> str:
    if kind is GroupKind.WORKING_GROUP:
        group = db.session().get(WorkingGroup, int(key))
        return key if group is None else group.display_name(lang)
    if kind is GroupKind.PARK:
        park = db.session().get(Organisation, int(key))
        return key if park is None else park.display_name(lang)
    if kind is GroupKind.ALL_PARKS:
        return str(_("全国化工园区"))
    if kind in (GroupKind.PROVINCE, GroupKind.PARK_PROVINCE):
        return province_name(key, lang)
    return sector_name(key, lang)  # a wording not in the sector list is shown as stored


def _groups_in(organisation: Organisation, cycle: ReportingCycle) -> list[tuple[GroupKind, str]]:
    """Return the organisation's peer groups; a closed year's park and groups at its close.

    The year's statistics were computed over the members then (closed_parks, closed_groups).
    """
    found = queries.group_keys([organisation.id]).get(organisation.id, [])
    if organisation.kind is not OrganisationKind.COMPANY or not cycle.is_closed:
        return found
    park = park_in(organisation, cycle)
    shown: list[tuple[GroupKind, str]] = []
    for kind, key in found:  # sector, park, province, working groups (queries.group_keys)
        if kind is GroupKind.PROVINCE and park is not None:
            shown.append((GroupKind.PARK, str(park)))
        if kind not in (GroupKind.PARK, GroupKind.WORKING_GROUP):
            shown.append((kind, key))
    shown += [(GroupKind.WORKING_GROUP, str(g.id)) for g in groups_of(organisation, cycle)]
    return shown


def position(
    organisation: Organisation,
    cycle: ReportingCycle,
    lang: str,
    sees_names: Callable[[GroupKind, str], bool] | None = None,
) -> list[GroupPosition]:
    """Place the organisation in each of its peer groups (anonymised: no peer names).

    Only groups of organisations answering the same kind of rubric (peer_groups): a park
    is placed among parks, a company among companies. `sees_names` says of a group
    whether the viewer sees its members' names, and so every figure (disclosure); without
    it every group follows the member rule (as the PDF scorecard does).
    """
    assessment = find_assessment(organisation.id, cycle.id)
    allowed = compared_with(organisation.kind)
    if assessment is None or not allowed:
        return []
    own = queries.values_of(cycle.id, [organisation.id]).get(organisation.id, {})
    if not own:
        # Not among the cycle's computed benchmarks (none computed yet, or submitted after):
        # its groups would show as empty ("0 members"); the page says why instead.
        return []
    metrics = metrics_of(rubric_of(assessment), lang)
    found = []
    for kind, key in _groups_in(organisation, cycle):
        if kind not in allowed:
            continue
        member_ids = queries.group_member_ids(cycle.id, kind, key)
        stats = queries.stats_of(cycle.id, kind, key)
        values = queries.values_of(cycle.id, member_ids)
        full = sees_names is not None and sees_names(kind, key)
        shown_to = disclosure(full, len(member_ids))
        group = GroupPosition(
            kind,
            key,
            group_label(kind, key, lang),
            len(member_ids),
            shown_to=shown_to,
            total=queries.group_size(kind, key, cycle),
        )
        for metric in metrics:
            if not shown_to.shows(metric.absolute):
                group.withheld += metric.key in stats
                continue
            value = own.get(metric.key)
            peers = [v[metric.key] for v in values.values() if metric.key in v]
            shown = stats.get(metric.key)
            rank = member_rank(value, peers, metric.better, shown is not None)
            group.rows.append(PositionRow(metric, value, rank, shown))
        found.append(group)
    return found


@dataclass(frozen=True)
class MemberRow(VetoedResults):
    organisation: queries.MemberName
    assessment: queries.MemberAssessment | None
    values: dict[str, Decimal]
    final_stars: int | None
    review_status: str | None
    # False when that result is not rated at all (a prerequisite unmet): kept as 0 stars.
    self_rated: bool = True
    final_rated: bool = True
    # The vetoes that left that result without any star: 未评定（一票否决）, not 0 stars,
    # and why (rating_words.veto_reason).
    self_vetoes: tuple[VetoHit, ...] = ()
    final_vetoes: tuple[VetoHit, ...] = ()


@dataclass(frozen=True)
class ComparisonData:
    """What the side-by-side table of a working group is made from, as read.

    Plain rows, converted only for what is shown: 400 ORM objects for the members and
    their assessments were a third of the page. `fingerprint` digests all of it, so a
    table kept under it is the table these rows would give.
    """

    names: list[queries.MemberName]  # the members with stored values, by id
    assessments: dict[int, queries.MemberAssessment]  # by organisation id
    values: queries.StoredValues  # the shown metrics only
    marks: dict[int, tuple[int | None, str]]  # assessment id → (final stars, review status)
    medians: dict[str, Decimal]  # the group's medians, shown in the row under the members
    # (assessment id, kind) of the self and final results that are not rated at all
    unrated: set[tuple[int, SnapshotKind]] = field(default_factory=set)
    # (assessment id, kind) of those a veto left without any star, with the vetoes that did
    vetoed: dict[tuple[int, SnapshotKind], tuple[VetoHit, ...]] = field(default_factory=dict)
    # submitted after the last computation: listed with their section scores (qa20 D3)
    late: list[LateMember] = field(default_factory=list)
    # the group's other statistics by metric: quartiles and pooled figures (qa72 M3)
    stats: dict[str, PeerGroupStat] = field(default_factory=dict)

    def stat_rows(self) -> dict[str, dict[str, Decimal]]:
        """Return the group's P25, P75 and pooled figure of each metric that has one.

        Keyed "first_quartile", "third_quartile", "pooled"; printed under the medians
        (page and workbook), as a member's own benchmark page shows them for its groups.
        The overall self score's quartiles are under OVERALL_METRIC, beside its median.
        """
        overall = self.overall_stats()
        every: dict[str, PeerGroupStat | MetricStats] = dict(self.stats)
        if overall is not None:
            every[OVERALL_METRIC] = overall
        rows: dict[str, dict[str, Decimal]] = {}
        for part in ("first_quartile", "third_quartile", "pooled"):
            figures = {m: getattr(s, part) for m, s in every.items()}
            rows[part] = {m: v for m, v in figures.items() if v is not None}
        return rows

    def computed_at(self) -> dt.datetime | None:
        """When the group's statistics shown were computed (None: it has none)."""
        return max((s.computed_at for s in self.stats.values()), default=None)

    def fingerprint(self) -> str:
        """Digest every row the member rows are made from (names, scores, values, reviews).

        A pickle reads back as the very rows it was made from (ints, strings, the driver's
        numbers, None), so equal digests mean equal rows (`repr` did too, at 5x the
        cost). The medians are printed outside the kept table.
        """
        shown = (
            [tuple(n) for n in self.names],
            [
                (a.id, a.organisation_id, a.overall_score, a.stars)
                for a in self.assessments.values()
            ],
            self.values.rows,
            sorted(self.marks.items()),
            sorted((i, kind.value) for i, kind in self.unrated),
            sorted(
                (i, kind.value, tuple(h.rule_id for h in hits))
                for (i, kind), hits in self.vetoed.items()
            ),
        )
        return hashlib.sha256(pickle.dumps(shown, protocol=5)).hexdigest()

    def row_of(self, name: queries.MemberName, values: dict[str, Decimal]) -> MemberRow:
        assessment = self.assessments.get(name.id)
        stars, status = (None, None)
        if assessment is None:
            return MemberRow(name, assessment, values, stars, status)
        stars, status = self.marks.get(assessment.id, (None, None))
        return MemberRow(
            name,
            assessment,
            values,
            stars,
            status,
            self_rated=(assessment.id, SnapshotKind.SELF) not in self.unrated,
            final_rated=not any((assessment.id, kind) in self.unrated for kind in FINAL_KINDS),
            self_vetoes=self.vetoed.get((assessment.id, SnapshotKind.SELF), ()),
            final_vetoes=shown_vetoes(self.vetoed, assessment.id, FINAL_KINDS),
        )

    def overall_stats(self) -> MetricStats | None:
        """Return the quartiles of the members' overall self scores, where the group has statistics.

        The same members and the same rule as the section statistics (stats.score_statistics):
        shown only once the group's statistics are computed, which needs MIN_GROUP_SIZE
        members. Its median alone was worked out here once, and its P25 and P75 read "—".
        """
        if not self.medians:
            return None
        return score_statistics(OVERALL_METRIC, self._overall_scores())

    def _overall_scores(self) -> list[Decimal]:
        # the members the stored statistics count: not those who submitted after them
        late = {m.name.id for m in self.late}
        listed = {n.id for n in self.names} - late
        return [
            Decimal(a.overall_score)
            for a in self.assessments.values()
            if a.organisation_id in listed and a.overall_score is not None
        ]

    def ranks(self, metrics: Sequence[Metric]) -> GroupRanks:
        """Gather the group's values to rank members by: the overall self score and the KPIs shown.

        By the member page's rule (ranks.member_rank): only a metric with the group's
        statistics ranks; the overall self score where its quartiles are shown.
        """
        by_organisation = self.values.by_organisation()
        peers = {
            m.key: [v[m.key] for v in by_organisation.values() if m.key in v]
            for m in metrics
            if m.key.startswith(KPI_PREFIX) and m.key in self.stats
        }
        if self.overall_stats() is not None:
            peers[OVERALL_METRIC] = self._overall_scores()
        return GroupRanks(peers, {m.key: m.better for m in metrics})

    def overall_median(self) -> Decimal | None:
        """Return the median of the members' overall self scores (overall_stats)."""
        overall = self.overall_stats()
        return None if overall is None else overall.median

    def rows(self) -> list[MemberRow]:
        """Every member's row, by name (members of the same name by id)."""
        values = self.values.by_organisation()
        return [
            self.row_of(name, values.get(name.id, {}))
            for name in sorted(self.names, key=lambda n: (n.name_sort, n.name_zh))
        ]

    def row(self, organisation_id: int) -> MemberRow | None:
        """One member's row (the radar's), converting only its values."""
        name = next((n for n in self.names if n.id == organisation_id), None)
        return None if name is None else self.row_of(name, self.values.of(organisation_id))


@dataclass(frozen=True)
class GroupYear:
    """The year a working group's comparison opens on, and what the page says about it."""

    cycle: ReportingCycle | None
    passed_over: ReportingCycle | None = None  # the newest year, when it opens on an older one
    never: bool = False  # no year has the group's statistics: the newest with results shown


def made_of(group: WorkingGroup) -> OrganisationKind:
    """Return the kind of organisation the working group compares: parks in the parks group."""
    return group.member_kind


def group_year(
    cycles: Sequence[ReportingCycle], asked: int | None, group: WorkingGroup
) -> GroupYear:
    """Return the year asked for; else the newest with THIS group's statistics.

    Another group's statistics in a year say nothing about this one: the page opened on a
    year "with statistics" and then said the group had none there.
    """
    found = next((c for c in cycles if c.id == asked), None)
    if found is not None or not cycles:
        return GroupYear(found)
    newest, kind = cycles[0], made_of(group)
    if newest.is_open and (
        queries.working_group_members(newest.id, group.id, kind)[1]
        or late_members(newest.id, group.id, kind)
    ):
        # The open year with members' rows opens as it is, statistics or not: in the review
        # season the lead compares this year's members, not last year's (qa20 S3).
        return GroupYear(newest)
    having = queries.cycles_with_group_statistics(GroupKind.WORKING_GROUP, str(group.id))
    latest = next((c for c in cycles if c.id in having), None)
    if latest is None:
        # No statistics anywhere: the newest year with members' results, not a year just
        # opened, whose empty table would say nothing.
        kind = made_of(group)
        with_results = (c for c in cycles if queries.working_group_members(c.id, group.id, kind)[1])
        return GroupYear(next(with_results, cycles[0]), never=True)
    return GroupYear(latest, None if latest is cycles[0] else cycles[0])


def comparison(
    group: WorkingGroup,
    cycle: ReportingCycle,
    reviews: Callable[[Sequence[int]], dict[int, tuple[int | None, str]]],
    shown: Callable[[Rubric], Sequence[Metric]] | None = None,
) -> ComparisonData:
    """Read every member of the working group with a submitted assessment, and its medians.

    `reviews` maps the members' assessment ids to (final stars, review status) from the
    reviews package (asked for the group's assessments only, not the whole cycle's).
    `shown` picks the metrics the page shows from the members' rubric: only those values
    are read (a 200-member group has some 10,000 stored values).
    """
    names, assessments = queries.working_group_members(cycle.id, group.id, made_of(group))
    late = late_members(cycle.id, group.id, made_of(group))
    names = sorted([*names, *(m.name for m in late)], key=lambda n: n.id)
    assessments |= {m.name.id: m.assessment for m in late}
    member_ids = [n.id for n in names]
    keys = None
    if shown is not None and assessments:
        first = assessments[min(assessments)]
        rubric = pinned_rubric(first.rubric_id, first.rubric_version, first.rubric_sha256)
        keys = [m.key for m in shown(rubric)]
    assessment_ids = [a.id for a in assessments.values()]
    values = queries.stored_values(cycle.id, member_ids, keys)
    stats = queries.stats_of(cycle.id, GroupKind.WORKING_GROUP, str(group.id))
    if late:
        rows = [*values.rows, *((m.name.id, m.figures) for m in late)]
        values = queries.StoredValues(sorted(rows), values.metrics)
    return ComparisonData(
        names=names,
        assessments=assessments,
        values=values,
        marks=reviews(assessment_ids),
        medians={m: s.median for m, s in stats.items()},
        stats=stats,
        # One query for the whole group: the snapshots' rated flags, not one per row.
        unrated=unrated_snapshots(assessment_ids),
        vetoed=vetoes_of(assessment_ids),
        late=late,
    )


_NOT_RATED = Decimal(-1)  # below 0 stars when sorting by stars


def sort_rows(rows: Sequence[MemberRow], key: str, descending: bool) -> list[MemberRow]:
    """Sort by a metric, the self score or the name; members without a value go last.

    By stars, a result that is not rated ranks below 0 stars (it is kept as 0 stars).
    Equal values are in name order in both directions, and members without a value ("—")
    stay last in both: a click on 星级 reorders the rated, it never floats the unrated up
    (qa72 m10: equal stars kept the input order, so both directions looked the same).
    """

    def value_of(row: MemberRow) -> Decimal | None:
        if key == "overall":
            return None if row.assessment is None else row.assessment.overall_score
        if key == "stars":
            if row.assessment is None:
                return None
            return Decimal(row.assessment.stars or 0) if row.self_rated else _NOT_RATED
        if key == "final":
            if row.final_stars is None:
                return None
            return Decimal(row.final_stars) if row.final_rated else _NOT_RATED
        return row.values.get(key)

    by_name = sorted(rows, key=lambda r: (r.organisation.name_sort, r.organisation.name_zh))
    if key == "name":
        return by_name[::-1] if descending else by_name
    known = [r for r in by_name if value_of(r) is not None]
    unknown = [r for r in by_name if value_of(r) is None]
    # a stable sort, reversed or not, keeps equal values in the name order above
    known.sort(key=lambda r: value_of(r) or Decimal(0), reverse=descending)
    return known + unknown


@dataclass(frozen=True)
class GroupStatRow:
    metric: Metric
    stats: PeerGroupStat


@dataclass(frozen=True)
class ResidentRow(VetoedResults):
    """A resident company on its park's page: name, status and stars, never its answers."""

    resident: queries.Resident
    final_stars: int | None
    # The vetoes that left that result without any star: not rated too, said
    # 未评定（一票否决）, and why (rating_words.veto_reason).
    self_vetoes: tuple[VetoHit, ...] = ()
    final_vetoes: tuple[VetoHit, ...] = ()
    final_unrated: bool = False  # a closed year's frozen result not rated at all

    @property
    def status(self) -> str:
        """As the roster names it (cycles/_roster.html): submitted, returned, draft, not_started."""
        found = self.resident.status
        return "not_started" if found is None else found.value

    late = False  # the roster's status badge also reads these; not shown for a park
    late_allowed = False

    @property
    def stars(self) -> int | None:
        """Self-assessed stars, once submitted (a draft's stars are provisional, not shown)."""
        submitted = self.resident.status is AssessmentStatus.SUBMITTED
        return self.resident.stars if submitted else None

    @property
    def not_rated(self) -> bool:
        """Submitted, and not rated at all (a prerequisite unmet): not a 0-star result."""
        return self.stars is not None and (self.resident.rated is False or self.self_vetoed)

    @property
    def final_not_rated(self) -> bool:
        """The same of the final result of a finished peer review."""
        return self.final_stars is not None and (
            self.resident.final_rated is False or self.final_unrated or self.final_vetoed
        )


STAR_LEVELS = (5, 4, 3, 2, 1)


@dataclass(frozen=True)
class ParkOverview:
    """A park's resident companies as a group: statistics, stars, who has submitted.

    The park office sees its residents' status and stars by name (as on its home page)
    and their section scores and KPIs only as the park group's statistics.
    """

    residents: list[ResidentRow]
    members: int  # residents with computed benchmark values (the statistics' group)
    rows: list[GroupStatRow]  # empty below the minimum group size or before computing
    shown_to: Disclosure | None = None  # what the viewer sees of the statistics
    withheld: int = 0  # metrics left out for the viewer: absolute quantities and counts

    @property
    def submitted(self) -> int:
        return sum(1 for r in self.residents if r.status == "submitted")

    @property
    def members_text(self) -> str:
        """E.g. "6 家成员，其中 3 家有对标数据": the residents, those in the statistics."""
        return members_text(self.members, len(self.residents))

    @property
    def no_statistics_why(self) -> str:
        """The one reason the park's group shows no statistics: not computed, or how few have data.

        As the working group's comparison page says it (qa72 M3), not "too few, or not computed".
        """
        return no_statistics_text(self.computed, self.members, len(self.residents), MIN_GROUP_SIZE)

    def count_self(self, stars: int) -> int:
        """Count submitted residents rated with `stars` (0 included; the not rated apart)."""
        return sum(1 for r in self.residents if r.stars == stars and not r.not_rated)

    def count_final(self, stars: int) -> int:
        """Count residents whose final result has `stars` (0 included; the not rated apart)."""
        return sum(1 for r in self.residents if r.final_stars == stars and not r.final_not_rated)

    @property
    def final_not_rated(self) -> int:
        """Count residents whose final result is not rated at all."""
        return sum(1 for r in self.residents if r.final_not_rated)

    @property
    def not_rated(self) -> int:
        """Count submitted residents not rated at all (a prerequisite unmet)."""
        return sum(1 for r in self.residents if r.not_rated)

    # Residents rated three stars or more: the park KPI's count (assessments.resident_ratings).
    three_stars_or_more: int = 0
    # Each resident's rating that count reads (its year, final or provisional), and the
    # earlier years whose valid ratings it includes (qa45 D5, S3).
    counted: dict[int, RatingOfRecord] = field(default_factory=dict)
    carried: tuple[int, ...] = ()
    # The park's own KPIs on that count (PK-RC-02: over the resident count the park
    # reports), as its result shows them: not the share of residents registered in rcapp;
    # each with its decimals (scoring.kpi_text).
    park_kpis: tuple[tuple[Kpi, Decimal, int], ...] = ()
    # whether the year's benchmarks were computed at all (computed.computed_summary)
    computed: bool = False


def park_overview(
    park: Organisation,
    cycle: ReportingCycle,
    lang: str,
    finals: Callable[[Sequence[int]], dict[int, int | None]],
    full: bool = False,
) -> ParkOverview:
    """Read a park's residents in the cycle and the statistics of the park's peer group.

    `finals` maps assessment ids to final stars of record (a finished review's or a closed
    year's frozen result, as the reviews package, which sits above this one, reads them).
    The park office sees the statistics by the member rule (disclosure); `full` (the
    secretariat) sees every figure.
    """
    # A closed year lists its own participants: later registrations do not change it.
    residents = queries.park_residents(cycle.id, park.id, None if cycle.is_open else cycle.year)
    submitted = [r for r in residents if r.status is AssessmentStatus.SUBMITTED]
    final = finals([r.assessment_id for r in submitted if r.assessment_id is not None])
    rows: list[GroupStatRow] = []
    key = str(park.id)
    stats = queries.stats_of(cycle.id, GroupKind.PARK, key) if submitted else {}
    members = len(queries.group_member_ids(cycle.id, GroupKind.PARK, key))
    shown_to = disclosure(full, members)
    withheld = 0
    if stats:
        first = submitted[0]
        rubric = pinned_rubric(
            str(first.rubric_id), int(first.rubric_version or 0), str(first.rubric_sha256)
        )
        metrics = [m for m in metrics_of(rubric, lang) if m.key in stats]
        rows = [GroupStatRow(m, stats[m.key]) for m in metrics if shown_to.shows(m.absolute)]
        withheld = len(metrics) - len(rows)
    ids = [r.assessment_id for r in submitted if r.assessment_id is not None]
    vetoed, unrated = vetoes_of(ids), unrated_snapshots(ids)
    counted = counted_ratings(park.id, cycle)
    return ParkOverview(
        residents=[
            ResidentRow(
                r,
                None if r.assessment_id is None else final.get(r.assessment_id),
                shown_vetoes(vetoed, r.assessment_id, (SnapshotKind.SELF,)),
                shown_vetoes(vetoed, r.assessment_id, FINAL_KINDS),
                (r.assessment_id, SnapshotKind.FROZEN) in unrated,
            )
            for r in residents
        ],
        members=members,
        rows=rows,
        shown_to=shown_to,
        withheld=withheld,
        three_stars_or_more=sum(1 for r in counted.values() if (r.stars or 0) >= THREE_STARS),
        counted=counted,
        carried=carried_years(counted, cycle.year),
        park_kpis=own_computed_figures(park.id, cycle.id),
        computed=computed_summary(cycle.id).computed,
    )


def own_computed_figures(
    organisation_id: int, cycle_id: int
) -> tuple[tuple[Kpi, Decimal, int], ...]:
    """Return the organisation's KPIs that read a computed input, as its result shows them.

    Each with its value and its decimals (scoring.kpi_text).
    (A park's PK-RC-02.) Nothing without an assessment of the cycle; a KPI not reported
    is left out.
    """
    assessment = find_assessment(organisation_id, cycle_id)
    if assessment is None:
        return ()
    rubric = rubric_of(assessment)
    kpis = computed_kpis(rubric)
    if not kpis:
        return ()
    shown = {k.kpi_id: k.value for k in shown_scorecard(assessment, rubric).card.kpis}
    return tuple(
        (k, value, kpi_places(rubric, k)) for k in kpis if (value := shown.get(k.id)) is not None
    )
