"""The scorecard the engine returns: frozen dataclasses whose scores are rounded once.

Reasons and flag messages are English sentences for logs and the CLI; every one also
carries structured fields (kind, subject, required, actual) so pages can word it in Chinese.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from rcapp.rubrics.model import (
    Basis,
    ComponentSource,
    Direction,
    ItemKind,
    SectionKind,
    Text,
    VetoEffect,
)


class FlagKind(enum.StrEnum):
    EVIDENCE_CAP = "evidence_cap"  # a level counted lower for missing evidence
    UNANSWERED = "unanswered"  # counts 0 and makes the assessment incomplete
    SECTION_NA = "section_na"  # the whole section was declared not applicable
    FILE_CAP = "file_cap"  # a level counted lower because a note is not an uploaded file


@dataclass(frozen=True)
class ItemFlag:
    kind: FlagKind
    message: str
    hint: Text | None = None


@dataclass(frozen=True)
class ItemScore:
    """One item's score.

    `claimed_level` comes from the answer (a number's band level), `effective_level` is
    counted after the evidence rule, `fraction` = effective / max level (None when N/A or
    unscored).
    """

    item_id: str
    kind: ItemKind
    weight: Decimal
    answered: bool
    claimed_level: int | None
    effective_level: int | None
    max_level: int
    fraction: Decimal | None
    number: Decimal | None = None
    na_reason: str | None = None
    evidenced: bool = False
    flags: tuple[ItemFlag, ...] = ()
    # Whether an uploaded file backs the answer; None in scorecards stored before it was kept.
    has_file: bool | None = None

    @property
    def is_na(self) -> bool:
        return self.na_reason is not None


@dataclass(frozen=True)
class ElementScore:
    element_id: str
    title: Text
    weight: Decimal
    score: Decimal | None  # 0-100; None when every item is N/A or unweighted
    items: tuple[ItemScore, ...]


@dataclass(frozen=True)
class SectionScore:
    section_id: str
    kind: SectionKind
    title: Text
    weight: Decimal
    score: Decimal | None  # None when the section is N/A (declared, or nothing scorable)
    na_reason: str | None
    elements: tuple[ElementScore, ...]


@dataclass(frozen=True)
class ComponentScore:
    component_id: str
    label: Text
    source: ComponentSource
    weight: Decimal
    score: Decimal | None


class KpiStatus(enum.StrEnum):
    REPORTED = "reported"
    NOT_REPORTED = "not_reported"  # an input of the formula is missing
    NOT_COMPUTABLE = "not_computable"  # reported, but the formula divides by zero


@dataclass(frozen=True)
class BasisValue:
    basis: Basis
    value: Decimal


@dataclass(frozen=True)
class KpiValue:
    """A KPI for the year; `value` is in the primary basis (the first listed), if any."""

    kpi_id: str
    name: Text
    unit: Text
    better: Direction
    core: bool
    status: KpiStatus
    value: Decimal | None
    by_basis: tuple[BasisValue, ...] = ()
    missing_inputs: tuple[str, ...] = ()


@dataclass(frozen=True)
class KpiLadderFacts:
    """What placed a core KPI on its rung, for pages to word (kpis.kpi_level).

    `missing_years`: earlier years of the series without the KPI; `incomparable_years`:
    earlier years of the series whose rubric version defined the KPI otherwise, so that
    neither the series nor the change on last year counts them; `median`: the group
    median (None: no group statistics); `change_pct`: the improvement on last year in %
    (negative: worse; None: not known); the rest: which upper-rung tests passed.
    """

    missing_years: tuple[int, ...] = ()
    median: Decimal | None = None
    change_pct: Decimal | None = None
    beats_median: bool = False
    improved: bool = False
    held_at_zero: bool = False
    top_quartile: bool = False
    steady: bool = False
    incomparable_years: tuple[int, ...] = ()


@dataclass(frozen=True)
class KpiLevel:
    """One core KPI's rung on the KPI performance ladder (0-4)."""

    kpi_id: str
    level: int
    reason: str
    facts: KpiLadderFacts | None = None  # None in scorecards stored before they were kept


@dataclass(frozen=True)
class KpiPerformanceScore:
    levels: tuple[KpiLevel, ...]
    score: Decimal | None  # mean level / 4 x 100; None without core KPIs


class GateKind(enum.StrEnum):
    OVERALL = "overall"
    SECTION_FLOOR = "section_floor"
    ELEMENT_FLOOR = "element_floor"
    NO_ELEMENT_AT_ZERO = "no_element_at_zero"
    PREREQUISITES_MET = "prerequisites_met"
    ALL_SECTIONS_ASSESSED = "all_sections_assessed"
    KPIS_REPORTED = "kpis_reported"
    PEER_REVIEWED = "peer_reviewed"
    VERIFIED = "verified"
    GOOD_PRACTICE_CASE = "good_practice_case"
    KPI_VS_GROUP_MEDIAN = "kpi_vs_group_median"
    KPIS_TOP_QUARTILE = "kpis_top_quartile"
    KPI_THRESHOLD = "kpi_threshold"
    DATA_CONSISTENT = "data_consistent"
    TARGETS_ON_TRACK = "targets_on_track"
    VETO = "veto"


SCORE_GATES = frozenset(
    {GateKind.OVERALL, GateKind.SECTION_FLOOR, GateKind.ELEMENT_FLOOR, GateKind.NO_ELEMENT_AT_ZERO}
)


class GateReach(enum.StrEnum):
    """What can still make a failed gate pass within the year being assessed."""

    COMPANY = "company"  # the organisation itself: answering, uploading, reporting, correcting
    OTHERS = "others"  # only others, after the submission: peer review, verification, a case
    NOT_THIS_YEAR = "not_this_year"  # nothing done this year: a veto's event, years of history


# The gate kinds whose failing is not the organisation's to mend in its self-assessment.
# KPIS_REPORTED is NOT_THIS_YEAR only when the years it needs exceed the years reporting
# this year would make (the engine then sets the gate's `fixed`); otherwise COMPANY.
GATE_REACH: Mapping[GateKind, GateReach] = {
    GateKind.PEER_REVIEWED: GateReach.OTHERS,
    GateKind.VERIFIED: GateReach.OTHERS,
    GateKind.GOOD_PRACTICE_CASE: GateReach.OTHERS,
    GateKind.VETO: GateReach.NOT_THIS_YEAR,
}


class PartState(enum.StrEnum):
    """How one part of a gate fared, so a page can name the part that fails."""

    MET = "met"
    NOT_MET = "not_met"
    NO_VALUE = "no_value"  # nothing to compare: the KPI has no value
    NO_STATISTICS = "no_statistics"  # the peer group has no statistics for the KPI
    UNANSWERED = "unanswered"  # a prerequisite not answered yet (neither met nor not met)


# The parts of a peer_reviewed gate: enough reviewers, and (when required) on site.
PEER_REVIEWERS = "reviewers"
ON_SITE = "onsite"


@dataclass(frozen=True)
class GatePart:
    """One part of a gate with several: a KPI of a median condition, or on-site review."""

    subject: str
    state: PartState

    @property
    def passed(self) -> bool:
        return self.state is PartState.MET


@dataclass(frozen=True)
class Gate:
    """One requirement of a star band, passed or failed, with the reason in words.

    `parts` (when the gate has several) say which of them fails; they never change
    `passed`, which is all of them (for kpis_top_quartile, a count: `required` of them).
    """

    kind: GateKind
    passed: bool
    reason: str
    subject: str | None = None  # section, KPI or veto id
    required: Decimal | None = None
    actual: Decimal | None = None
    parts: tuple[GatePart, ...] = ()
    # Set by the engine when nothing done this year can pass it (see GATE_REACH).
    fixed: bool = False
    # kpis_reported while this year lacks core inputs (`parts`): the run once they are filled
    if_complete: Decimal | None = None

    @property
    def item_fixable(self) -> bool:
        """Whether raising item levels can make this gate pass."""
        return self.kind in SCORE_GATES

    @property
    def reach(self) -> GateReach | None:
        """What can still make it pass this year; None when it has passed."""
        if self.passed:
            return None
        if self.fixed:
            return GateReach.NOT_THIS_YEAR
        return GATE_REACH.get(self.kind, GateReach.COMPANY)


@dataclass(frozen=True)
class BandResult:
    stars: int
    label: Text
    gates: tuple[Gate, ...]

    @property
    def passed(self) -> bool:
        return all(gate.passed for gate in self.gates)

    @property
    def failed(self) -> tuple[Gate, ...]:
        return tuple(gate for gate in self.gates if not gate.passed)


@dataclass(frozen=True)
class VetoHit:
    rule_id: str
    title: Text
    effect: VetoEffect
    max_stars: int | None
    event_type: str
    event_date: dt.date
    from_kpi_data: bool = False


class DataProblemKind(enum.StrEnum):
    GRADE_BELOW_FIGURES = "grade_below_figures"  # entered grade lower than Decree 493 gives
    KPI_REGISTER_MISMATCH = "kpi_register_mismatch"  # KPI data and events register disagree
    EVENT_AFTER_ASSESSMENT = "event_after_assessment"  # dated after the assessment: not counted


@dataclass(frozen=True)
class DataProblem:
    """A data problem shown to the organisation and the reviewer.

    Grade problems name the event (`event_index` into the inputs' events, `entered` and
    `derived` grades); register problems name the consistency rule (`subject`) and both
    totals. `blocks` says whether the `data_consistent` gate fails on it.
    """

    kind: DataProblemKind
    message: str
    subject: str
    event_index: int | None = None
    event_date: dt.date | None = None
    entered: str | None = None
    derived: str | None = None
    kpi_total: Decimal | None = None
    register_total: Decimal | None = None
    label: Text | None = None

    @property
    def blocks(self) -> bool:
        return self.kind is not DataProblemKind.EVENT_AFTER_ASSESSMENT


@dataclass(frozen=True)
class TargetProgress:
    """Progress on one of the organisation's own targets.

    `achieved_pct` is the share of the way from the base-year value to the target covered
    so far; `expected_pct` the share of the time from base year to deadline gone by. On
    track: the target is met, or achieved ≥ expected.
    """

    kpi_id: str
    base_year: int
    deadline: int
    target: Decimal | None
    base: Decimal | None
    current: Decimal | None
    achieved_pct: Decimal | None
    expected_pct: Decimal
    on_track: bool
    reason: str
    # The base year's rubric version defined the KPI otherwise: no progress is computed.
    base_incomparable: bool = False


@dataclass(frozen=True)
class StarRating:
    """Stars are cumulative: a band counts only when it and every band below it pass.

    `rated` is False ("not rated") when a prerequisite is unmet. `binding` holds the failed
    gates of the next band: why the organisation does not have the next star.
    """

    stars: int
    max_stars: int
    rated: bool
    bands: tuple[BandResult, ...]
    vetoes: tuple[VetoHit, ...]
    next_stars: int | None
    binding: tuple[Gate, ...]
    # Set on a final (peer-reviewed) rating that the organisation's data submitted since
    # lowered (scoring.record): the peer-reviewed stars and the gates that lower them.
    lowered: LoweredRating | None = None


@dataclass(frozen=True)
class LoweredRating:
    """A final rating lowered by a veto or cap in data submitted after the peer review."""

    peer_stars: int  # the stars the peer review gave
    gates: tuple[Gate, ...]  # the failed veto/KPI/consistency gates that cap the stars


@dataclass(frozen=True)
class PathStep:
    """Raise one item from `from_level` to `to_level`; `number` is the value that reaches it."""

    item_id: str
    from_level: int
    to_level: int
    with_evidence: bool
    number: Decimal | None = None
    hint: Text | None = None


@dataclass(frozen=True)
class ImprovementPath:
    """The fewest item raises that pass the score gates of the next star.

    `reachable` is False when raising every item to its top level would not be enough.
    `blockers` are failed gates of that star (and the stars below) that items cannot fix.
    """

    target_stars: int
    steps: tuple[PathStep, ...]
    reachable: bool
    blockers: tuple[Gate, ...]


@dataclass(frozen=True)
class Scorecard:
    rubric_key: str
    year: int
    provisional: bool
    overall: Decimal | None
    components: tuple[ComponentScore, ...]
    sections: tuple[SectionScore, ...]
    missing: tuple[str, ...]  # unanswered item ids
    kpis: tuple[KpiValue, ...]
    kpi_performance: KpiPerformanceScore
    rating: StarRating
    path: ImprovementPath | None  # None at the top star
    data_problems: tuple[DataProblem, ...] = ()
    targets: tuple[TargetProgress, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.missing

    def section(self, section_id: str) -> SectionScore:
        return next(s for s in self.sections if s.section_id == section_id)

    def element(self, element_id: str) -> ElementScore:
        elements = (e for s in self.sections for e in s.elements)
        return next(e for e in elements if e.element_id == element_id)

    def item(self, item_id: str) -> ItemScore:
        items = (i for s in self.sections for e in s.elements for i in e.items)
        return next(i for i in items if i.item_id == item_id)

    def kpi(self, kpi_id: str) -> KpiValue:
        return next(k for k in self.kpis if k.kpi_id == kpi_id)
