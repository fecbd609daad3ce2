"""The rubric format: pydantic models that describe and validate a rubric YAML file.

A rubric is content authored by the secretariat. These models are the single
description of its format; `rubrics/schema.json` is generated from them and
`docs/rubric-format.md` explains them for authors. Models are frozen: a loaded
rubric is never changed in memory.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from rcapp.rubrics.titles import versioned, year_neutral

Identifier = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z][A-Za-z0-9_.\-]*$",
        max_length=64,
        description="Stable identifier: a letter, then letters, digits, '.', '_' or '-'.",
    ),
]
Weight = Annotated[Decimal, Field(ge=0, description="Relative weight; 0 keeps the part unscored.")]
MATURITY_LEVELS = (0, 1, 2, 3, 4)


class FieldError(ValueError):
    """A validator's complaint about one field, so a loader can point at that field's line."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Text(Frozen):
    """A text in both languages: Chinese first, English beside it."""

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.en if lang.startswith("en") else self.zh


class RubricKind(enum.StrEnum):
    COMPANY = "company"
    PARK = "park"


class SectionKind(enum.StrEnum):
    MANAGEMENT = "management"  # 管理体系
    CODE = "code"  # one of the six codes of practice
    PARK = "park"  # a chemical-park section


class ItemKind(enum.StrEnum):
    MATURITY = "maturity"  # level 0-4 with a descriptor per level
    YES_NO = "yes_no"
    NUMBER = "number"


class Direction(enum.StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class EvidenceRule(Frozen):
    """Levels at or above `from_level` count only when the answer carries evidence.

    From `file_from_level` on, a note is not enough: the answer needs an uploaded file.
    """

    from_level: int = Field(ge=1, le=4)
    file_from_level: int | None = Field(
        default=None,
        ge=1,
        le=4,
        description="From this level on the evidence must be an uploaded file, not a note.",
    )
    hint: Text = Field(description="What evidence an assessor looks for.")

    @model_validator(mode="after")
    def _file_not_below_note(self) -> EvidenceRule:
        if self.file_from_level is not None and self.file_from_level < self.from_level:
            raise FieldError("file_from_level", "file_from_level cannot be below from_level")
        return self


class NumberBand(Frozen):
    """A scored number reaches `level` when it is at least (or at most) `value`."""

    value: Decimal
    level: int = Field(ge=0, le=4)


class Item(Frozen):
    id: Identifier
    kind: ItemKind = ItemKind.MATURITY
    prompt: Text
    guidance: Text | None = None
    reference: str | None = Field(
        default=None, description="Regulation or standard the item rests on, e.g. 'GB 30871-2022'."
    )
    weight: Weight = Decimal(1)
    levels: tuple[Text, ...] | None = Field(
        default=None, description="Maturity items: exactly five descriptors, for levels 0 to 4."
    )
    na_allowed: bool = False
    evidence: EvidenceRule | None = None
    # Number items
    unit: Text | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    better: Direction | None = None
    bands: tuple[NumberBand, ...] | None = Field(
        default=None, description="Number items: bands turning the value into a level 0-4."
    )
    sdg: tuple[str, ...] = Field(default=(), description="UN SDG targets, e.g. '12.4'.")
    same_figure_as: Identifier | None = Field(
        default=None,
        description=(
            "Number items: the KPI input that reports the same figure. Where both are filled "
            "they must agree before the assessment is submitted."
        ),
    )

    @model_validator(mode="after")
    def _kind_fields(self) -> Item:
        if self.kind is ItemKind.MATURITY:
            if self.levels is None or len(self.levels) != len(MATURITY_LEVELS):
                raise FieldError(
                    "levels", "a maturity item needs exactly 5 level descriptors (levels 0-4)"
                )
        elif self.levels is not None:
            raise FieldError(
                "levels", f"level descriptors are only for maturity items, not {self.kind}"
            )
        if self.kind is ItemKind.NUMBER:
            if self.unit is None:
                raise FieldError("unit", "a number item needs a unit")
            if self.min is not None and self.max is not None and self.min > self.max:
                raise FieldError("max", "min is greater than max")
            if self.weight > 0 and not self.bands:
                raise FieldError("bands", "a scored number item (weight > 0) needs bands")
            if self.bands and self.better is None:
                raise FieldError("better", "a number item with bands needs 'better: higher|lower'")
        elif self.bands is not None or self.unit is not None or self.same_figure_as is not None:
            field = next(
                name
                for name in ("bands", "unit", "same_figure_as")
                if getattr(self, name) is not None
            )
            raise FieldError(field, "unit, bands and same_figure_as are only for number items")
        return self

    @property
    def max_level(self) -> int:
        return 1 if self.kind is ItemKind.YES_NO else 4

    @property
    def is_informational(self) -> bool:
        """Tell a number item kept for information only: no bands, so no level and no score.

        Answered like any item, left out of the review (the discrepancy map says so); the
        home page's progress says how many of a section's items are such (qa54 6).
        """
        return self.kind is ItemKind.NUMBER and not self.bands

    @property
    def is_percent(self) -> bool:
        """Tell a number item answered in percent (0–100): a level typed there reads as 2 %."""
        return self.kind is ItemKind.NUMBER and self.unit is not None and self.unit.zh == "%"


class Element(Frozen):
    id: Identifier
    title: Text
    guidance: Text | None = None
    weight: Weight = Decimal(1)
    items: tuple[Item, ...] = Field(min_length=1)


class Section(Frozen):
    id: Identifier
    kind: SectionKind
    title: Text
    guidance: Text | None = None
    weight: Weight = Decimal(1)
    na_allowed: bool = Field(
        default=False,
        description="A whole code may be declared not applicable (e.g. no product sales).",
    )
    elements: tuple[Element, ...] = Field(min_length=1)


class PrerequisiteCheck(enum.StrEnum):
    """What rcapp checks itself before a prerequisite declared met counts as met."""

    CORE_KPI_INPUTS = "core_kpi_inputs"  # every raw input the core KPIs need is reported


class Prerequisite(Frozen):
    """A mandatory, unscored condition (LEED style): any one unmet means 'not rated'."""

    id: Identifier
    prompt: Text
    guidance: Text | None = None
    reference: str | None = None
    check: PrerequisiteCheck | None = Field(
        default=None,
        description=(
            "Data rcapp checks itself: a 'yes' counts only when the check passes "
            "(core_kpi_inputs: every raw input of the core KPIs is reported)."
        ),
    )


class ComputedInput(enum.StrEnum):
    """KPI inputs rcapp computes from its own data instead of a typed figure."""

    RESIDENT_COMPANIES_3STAR = "resident_companies_3star"  # current rating of 3 stars or more
    RESIDENT_COMPANIES_SIGNED = "resident_companies_signed"  # signed the RC commitment


class PartnerCount(enum.StrEnum):
    """What a KPI input counts that rcapp's value-chain partner register ("1+3") counts too."""

    YEAR = "year"  # partners who signed in the year: the register's partners joined in it
    TOTAL = "total"  # partners who have signed by the year's end: joined by then, or undated


class KpiInput(Frozen):
    """A raw figure an organisation reports once a year (counts, hours, tonnes, ...)."""

    id: Identifier
    label: Text
    unit: Text
    min: Decimal = Decimal(0)
    max: Decimal | None = None
    integer: bool = False
    guidance: Text | None = None
    plausible_max: Decimal | None = Field(
        default=None, description="Above this the form warns (but accepts) the value."
    )
    computed: ComputedInput | None = Field(
        default=None,
        description="rcapp fills this input from its own data where it has them (read-only).",
    )
    partner_register: PartnerCount | None = Field(
        default=None,
        description=(
            "The typed count is checked against rcapp's value-chain partner register "
            "(a warning where they differ): year, partners who signed in the year; total, "
            "partners who have signed by the year's end."
        ),
    )


class Aggregation(enum.StrEnum):
    POOLED = "pooled"  # evaluate the formula over the group's summed inputs
    SUM = "sum"  # add the members' values
    INDEX = "index"  # pooled value indexed to a base year (base year = 100)
    MEAN = "mean"  # plain mean of members' values: only for scores that are not ratios


class Basis(enum.StrEnum):
    PER_1M_HOURS = "per_1m_hours"
    PER_200K_HOURS = "per_200k_hours"


BASIS_MULTIPLIERS: dict[Basis, Decimal] = {
    Basis.PER_1M_HOURS: Decimal(1_000_000),
    Basis.PER_200K_HOURS: Decimal(200_000),
}


class ScoreGrade(Frozen):
    """One grade of a score scale: reached from `from_value` up to the next grade's value."""

    grade: str = Field(pattern=r"^[A-Z]$", description="The grade's letter, e.g. 'C'.")
    from_value: Decimal = Field(alias="from", description="The lowest score of the grade.")
    name: Text = Field(description="The grade's band name, e.g. 一般安全风险 / ordinary risk.")


class ScoreGrades(Frozen):
    """Grades a score falls into (a park's safety-risk grade A-D from its score).

    Shown beside the score; they score nothing themselves (a star condition compares the
    score, and `rcapp rubrics check` wants its thresholds on grade boundaries).
    """

    label: Text = Field(description="What the grade is called, e.g. {zh: 安全风险等级, ...}.")
    grades: tuple[ScoreGrade, ...] = Field(
        min_length=2, description="Lowest score first; the first grade starts at the scale's floor."
    )


class Kpi(Frozen):
    id: Identifier
    name: Text
    category: str = Field(description="safety, process_safety, distribution, environment, ...")
    formula: str = Field(description="Arithmetic over input ids: + - * / ( ) and numbers.")
    unit: Text
    bases: tuple[Basis, ...] = Field(
        default=(),
        description="Rates per hours worked: the formula's value is multiplied by each basis.",
    )
    better: Direction
    aggregation: Aggregation
    core: bool = Field(default=False, description="Part of the core set scored in KPI performance.")
    sdg: tuple[str, ...] = Field(default=(), description="UN SDG targets, e.g. '3.9'.")
    guidance: Text | None = None
    grades: ScoreGrades | None = Field(
        default=None, description="Grades the KPI's value falls into, shown beside the value."
    )

    @property
    def absolute(self) -> bool:
        """Whether the KPI is an absolute quantity or count: its group figure is a sum.

        Not a rate, intensity, index or score: a peer group's figures of it tell peers'
        size and events, and members never see them (benchmarks.disclosure).
        """
        return self.aggregation is Aggregation.SUM


class GradeScale(enum.StrEnum):
    DECREE_493 = "decree_493"  # production-safety accidents: derived from the figures
    ENV_LEVELS = "env_levels"  # environmental emergencies, levels I-IV: entered


class EventType(Frozen):
    id: Identifier
    label: Text
    graded: bool = Field(default=True, description="Whether events carry a Decree 493 style grade.")
    scale: GradeScale | None = Field(
        default=None,
        description="decree_493: the grade is derived from deaths, serious injuries and direct "
        "loss, and the higher of entered and derived counts.",
    )


class EventGrade(enum.StrEnum):
    """Accident / environmental-incident grades, lowest first (Decree 493; env. levels IV-I)."""

    GENERAL = "general"  # 一般 / IV
    LARGER = "larger"  # 较大 / III
    MAJOR = "major"  # 重大 / II
    ESPECIALLY_MAJOR = "especially_major"  # 特别重大 / I


GRADE_ORDER: dict[EventGrade, int] = {grade: rank for rank, grade in enumerate(EventGrade)}


class VetoEffect(enum.StrEnum):
    NO_STAR = "no_star"
    CAP = "cap"


class VetoScope(enum.StrEnum):
    EACH_EVENT = "each_event"  # one event must meet every minimum
    WINDOW_TOTAL = "window_total"  # the figures summed over the window's events


class VetoRule(Frozen):
    id: Identifier
    title: Text
    event_type: Identifier
    min_grade: EventGrade | None = None
    min_fatalities: int = Field(default=0, ge=0)
    min_serious_injuries: int = Field(default=0, ge=0)
    min_direct_loss: Decimal | None = Field(
        default=None, ge=0, description="Direct economic loss in CNY 10,000 (万元)."
    )
    scope: VetoScope = VetoScope.EACH_EVENT
    window_months: int = Field(ge=1, le=120)
    only_unresolved: bool = Field(default=False, description="Only events not yet rectified.")
    effect: VetoEffect
    max_stars: int | None = Field(default=None, ge=0, le=5)

    @model_validator(mode="after")
    def _cap_needs_max(self) -> VetoRule:
        if self.effect is VetoEffect.CAP and self.max_stars is None:
            raise FieldError("max_stars", "a 'cap' veto needs max_stars")
        if self.effect is VetoEffect.NO_STAR and self.max_stars is not None:
            raise FieldError("max_stars", "a 'no_star' veto takes no max_stars")
        return self


# --- Star-band conditions beyond the score floors -----------------------------------------


class PrerequisitesMet(Frozen):
    type: Literal["prerequisites_met"]


class AllSectionsAssessed(Frozen):
    type: Literal["all_sections_assessed"]


class KpisReported(Frozen):
    """The core KPIs reported for `years` consecutive years, this one included."""

    type: Literal["kpis_reported"]
    years: int = Field(ge=1, le=10)


class PeerReviewed(Frozen):
    type: Literal["peer_reviewed"]
    min_reviewers: int = Field(default=2, ge=1)
    onsite: bool = False


class Verified(Frozen):
    """Secretariat or third-party verification."""

    type: Literal["verified"]


class GoodPracticeCase(Frozen):
    type: Literal["good_practice_case"]


class NoElementAtZero(Frozen):
    type: Literal["no_element_at_zero"]


class KpiVsGroupMedian(Frozen):
    """Each named KPI at least as good as the peer group's pooled median."""

    type: Literal["kpi_vs_group_median"]
    kpis: tuple[Identifier, ...] = Field(min_length=1)


class KpisTopQuartile(Frozen):
    type: Literal["kpis_top_quartile"]
    count: int = Field(ge=1)


class KpiThreshold(Frozen):
    """A KPI value compared with a fixed value, e.g. a park's safety-risk score >= 70."""

    type: Literal["kpi_threshold"]
    kpi: Identifier
    op: Literal[">=", "<=", ">", "<"]
    value: Decimal
    label: Text


class DataConsistent(Frozen):
    """No data problem: KPI data agree with the events register, grades with figures."""

    type: Literal["data_consistent"]


class TargetsOnTrack(Frozen):
    """At least `min_targets` of the organisation's own targets set, and every one on track."""

    type: Literal["targets_on_track"]
    min_targets: int = Field(default=1, ge=1)


Condition = Annotated[
    PrerequisitesMet
    | AllSectionsAssessed
    | KpisReported
    | PeerReviewed
    | Verified
    | GoodPracticeCase
    | NoElementAtZero
    | KpiVsGroupMedian
    | KpisTopQuartile
    | KpiThreshold
    | DataConsistent
    | TargetsOnTrack,
    Field(discriminator="type"),
]


class StarBand(Frozen):
    stars: int = Field(ge=1, le=5)
    label: Text
    min_overall: Decimal = Field(ge=0, le=100)
    min_section: Decimal | None = Field(
        default=None, ge=0, le=100, description="Floor for every applicable scored section."
    )
    section_floor_kinds: tuple[SectionKind, ...] = Field(
        default=(SectionKind.CODE, SectionKind.PARK),
        description="Which kinds of section the floor applies to.",
    )
    min_element: Decimal | None = Field(default=None, ge=0, le=100)
    conditions: tuple[Condition, ...] = ()


class ComponentSource(enum.StrEnum):
    SECTIONS = "sections"  # weighted mean of the listed sections' scores
    KPI_PERFORMANCE = "kpi_performance"


class OverallComponent(Frozen):
    id: Identifier
    label: Text
    weight: Decimal = Field(gt=0, le=1)
    source: ComponentSource
    sections: tuple[Identifier, ...] = ()


class KpiPerformance(Frozen):
    """How the core KPIs turn into a 0-100 score (domain.md 8.1 ladder)."""

    series_years: int = Field(default=3, ge=2)
    improvement_pct: Decimal = Field(default=Decimal(5), gt=0)
    intensities_only: bool = Field(
        default=False,
        description="Every core KPI must be an intensity (its formula divides), so that "
        "organisations of different sizes compare fairly.",
    )


class ConsistencyFigure(enum.StrEnum):
    FATALITIES = "fatalities"
    SERIOUS_INJURIES = "serious_injuries"
    EVENTS = "events"  # the number of events


class ConsistencyCompare(enum.StrEnum):
    EQUAL = "equal"
    KPI_AT_LEAST = "kpi_at_least"  # the register may hold fewer (not every case is an event)


class ConsistencyRule(Frozen):
    """KPI data of the year against the events register of the same year."""

    id: Identifier
    label: Text
    kpi_inputs: tuple[Identifier, ...] = Field(min_length=1)
    event_types: tuple[Identifier, ...] = Field(min_length=1)
    figure: ConsistencyFigure
    compare: ConsistencyCompare = ConsistencyCompare.EQUAL
    counts_for_vetoes: bool = Field(
        default=False,
        description="Deaths in the KPI data but not on the register count for the vetoes as one "
        "unregistered accident of the first event type.",
    )

    @model_validator(mode="after")
    def _veto_needs_deaths(self) -> ConsistencyRule:
        if self.counts_for_vetoes and self.figure is not ConsistencyFigure.FATALITIES:
            raise FieldError(
                "counts_for_vetoes", "only deaths (figure: fatalities) count for vetoes"
            )
        return self


class RatingScheme(Frozen):
    provisional: bool = Field(description="True while the official CPCIF rules are not published.")
    notes: Text
    components: tuple[OverallComponent, ...] = Field(min_length=1)
    kpi_performance: KpiPerformance = KpiPerformance()
    bands: tuple[StarBand, ...] = Field(min_length=1)
    vetoes: tuple[VetoRule, ...] = ()
    validity_years: int = Field(default=3, ge=1, le=10)
    consistency: tuple[ConsistencyRule, ...] = ()
    na_forbidden_sections: tuple[Identifier, ...] = Field(
        default=(),
        description="Sections every organisation of the kind has: never declared N/A.",
    )


class Rubric(Frozen):
    id: Identifier
    version: int = Field(ge=1)
    kind: RubricKind
    effective_year: int = Field(ge=2000, le=2100)
    title: Text
    notes: Text | None = None
    level_labels: tuple[Text, ...] = Field(
        description="Short names of maturity levels 0-4, shown beside each item's descriptor.",
        min_length=5,
        max_length=5,
    )
    sections: tuple[Section, ...] = Field(min_length=1)
    prerequisites: tuple[Prerequisite, ...] = ()
    kpi_inputs: tuple[KpiInput, ...] = ()
    kpis: tuple[Kpi, ...] = ()
    event_types: tuple[EventType, ...] = ()
    rating: RatingScheme

    @property
    def key(self) -> str:
        return f"{self.id}@{self.version}"

    def shown_title(self, lang: str) -> str:
        """Return the title to print, without a year: one version serves several years."""
        return year_neutral(self.title.get(lang))

    def shown_label(self, lang: str) -> str:
        """Return the shown title with the version, named once."""
        return versioned(self.shown_title(lang), self.version, lang)

    def iter_items(self) -> list[tuple[Section, Element, Item]]:
        return [(s, e, i) for s in self.sections for e in s.elements for i in e.items]

    def item_index(self) -> dict[str, Item]:
        return {item.id: item for _, _, item in self.iter_items()}
