"""The annual figures of a reporting cycle as plain data (no ORM): workbook and PDF share it.

AnnualData feeds both the workbook and the report; AnnualReport adds what only the PDF shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from markupsafe import Markup

from rcapp.figures import shared_places


@dataclass(frozen=True)
class SectionColumn:
    section_id: str
    title: str


@dataclass(frozen=True)
class KpiColumn:
    """A KPI of the cycle's rubrics; `bases` are the per-hours bases it is shown in."""

    kpi_id: str
    name: str
    unit: str
    category: str
    core: bool
    sdg: tuple[str, ...]
    bases: tuple[str, ...]  # basis labels; empty for KPIs that are not rates per hours
    # an index KPI's (base year = 100) organisations' own values are the formula's, not an
    # index: the unit they are in (qa46 D3); None for every other KPI
    own_unit: str | None = None
    places: int = 0  # the KPI's own decimals (scoring.kpi_text.kpi_places)


@dataclass(frozen=True)
class InputColumn:
    """A raw KPI input of a rubric (hours worked, output value, cases...), as reported.

    Keyed by rubric and input: a company's hours_employees (员工工时) and a park's
    (入园企业员工工时合计) share an id, not a meaning. `code` is the one users know
    (rubrics.input_codes: OHS-03-2), `unit` written as every page writes it.
    """

    rubric_id: str
    input_id: str
    code: str
    label: str
    unit: str
    computed: bool = False  # rcapp counts it where it can (a park's three-star residents)


@dataclass(frozen=True)
class KpiFigure:
    """One organisation's KPI: the value and, for rates, one value per basis of its column."""

    value: Decimal | None
    by_basis: tuple[Decimal | None, ...] = ()


@dataclass(frozen=True)
class BandOutcome:
    stars: int
    passed: bool
    failed: tuple[str, ...]  # the failed gates in words


@dataclass(frozen=True)
class OrgResult:
    name: str
    credit_code: str
    kind: str
    province: str
    groups: tuple[str, ...]
    status: str  # the assessment's status in words, or "not started"
    started: bool
    submitted: bool
    overall: Decimal | None = None
    stars: int | None = None  # None: not rated (or not scored)
    not_rated: str | None = None  # a scored result without stars: 未评定 and why (star_words)
    vetoed: bool = False  # not rated because a veto (一票否决) took every star
    final: bool = False  # the rating is a finished peer review's
    published: bool = False  # a closed year's kept self-assessed result
    in_review: bool = False  # reviewers are assigned, the review is not final yet
    # A closed year's review that was not final at the close: frozen, never to finish (not
    # "in peer review"; QA31 D2). Always False in an open year.
    review_frozen: bool = False
    # Reopened by an upheld appeal, not re-rated yet: its earlier final rating is of record
    # (shown as such, with 重新评审中, or in a closed year 申诉成立，重新评审未完成).
    reopened: bool = False
    late: bool = False  # submitted after its deadline (under an allowance), as the list marks
    sections: tuple[Decimal | None, ...] = ()  # aligned with AnnualData.sections
    # the same unrounded, what a mean over organisations is computed from (qa40 D3)
    section_raws: tuple[Decimal | None, ...] = ()
    rubric_id: str | None = None  # the rubric its assessment answers (company or park)
    bands: tuple[BandOutcome, ...] = ()
    # aligned with AnnualData.kpis; None where the organisation's rubric has no such KPI
    kpis: tuple[KpiFigure | None, ...] = ()
    signed_on: dt.date | None = None  # the commitment's signing date (traces chapter 1's new)
    # a park's three-star count: rcapp's or typed by the park, in words (count_source)
    count_source: str | None = None
    # aligned with AnnualData.inputs: the raw inputs the KPIs are computed from (None: not
    # reported), and the note the organisation typed beside each (None: none)
    inputs: tuple[Decimal | None, ...] = ()
    input_notes: tuple[str | None, ...] = ()


@dataclass(frozen=True)
class PooledFigure:
    """A KPI pooled over a group (all organisations, or one working group)."""

    group: str
    kpi_id: str
    value: Decimal | None
    by_basis: tuple[Decimal | None, ...]
    counted: int
    total: int
    # a figure from fewer members than the minimum size (`least`): not shown
    withheld: bool = False
    least: int = 5  # the minimum size that applied: a working group's, or the industry's
    # withheld because a larger figure shown holds it and 1..least-1 more organisations: the
    # difference would be theirs (annual_complement, qa46 D1)
    complement: bool = False
    # an index KPI (base year = 100): the base year it is pooled against, as in the report
    base_year: int | None = None


@dataclass(frozen=True)
class Count:
    label: str
    count: int
    previous: int | None = None  # last year's count, where it means something


@dataclass(frozen=True)
class GroupProgress:
    """One working group's way from self-assessment to finished peer review."""

    group: str
    members: int
    started: int
    submitted: int
    in_review: int
    final: int
    frozen: int = 0  # a closed year's reviews frozen unfinished by the close (OrgResult)
    not_reviewed: int = 0  # submitted, and no peer review set up


@dataclass(frozen=True)
class AnnualData:
    year: int
    lang: str
    sections: tuple[SectionColumn, ...]
    kpis: tuple[KpiColumn, ...]
    organisations: tuple[OrgResult, ...]
    pooled: tuple[PooledFigure, ...]
    star_distribution: tuple[Count, ...]
    participation: tuple[Count, ...]
    basis_labels: tuple[str, ...] = ()  # the per-hours bases, in PooledFigure.by_basis order
    max_stars: int = 5
    notes: tuple[str, ...] = field(default_factory=tuple)
    groups: tuple[GroupProgress, ...] = ()  # working groups' progress through peer review
    groups_total: GroupProgress | None = None  # the same counting each organisation once
    provisional: bool = False  # the year is not closed: the figures may still change
    min_group: int = 5  # a working group's figures need this many members (benchmarks' rule)
    min_industry: int = 3  # the whole industry's figures need this many (stats.MIN_INDUSTRY_SIZE)
    # each KPI's decimals, over every year the report shows and every group (pooled_places):
    # the report's trend row and the workbook's pooled figures print it alike
    places: Mapping[str, int] = field(default_factory=dict)
    inputs: tuple[InputColumn, ...] = ()  # the raw KPI inputs of the year's rubrics

    @property
    def vetoed(self) -> int:
        """How many of the star distribution's 未评定 a veto (一票否决) left without stars."""
        return sum(1 for org in self.organisations if org.submitted and org.vetoed)


# --- what only the annual report (PDF) adds ---------------------------------------------


@dataclass(frozen=True)
class SignatoryRow:
    label: str
    new: int
    cumulative: int


@dataclass(frozen=True)
class TrendRow:
    kpi_id: str
    name: str
    unit: str
    values: tuple[Decimal | None, ...]  # one per AnnualReport.years
    change_pct: Decimal | None  # this year against the base year
    improved: bool | None
    counted: int
    total: int
    # per year: no result pooled because that year's rubric version defines the KPI otherwise
    not_comparable: tuple[bool, ...] = ()
    compared: bool = False  # both the base year's and this year's figures are known
    # the change is over the organisations that reported the KPI in both the base year and
    # this year, this many (a total their sum, a rate their pooled figure; qa40 D1); None:
    # no base year before this one
    same_sample: int | None = None
    # per year: pooled in this year's definition, where that year's rubric gave the unit or
    # the group figure otherwise (e.g. an index): the unit that year's report used, or None
    restated: tuple[str | None, ...] = ()
    # per year: pooled from fewer organisations than `least` (stats.shows_group), so the
    # value is None and printed "—" like every withheld figure of the report and workbook
    withheld: tuple[bool, ...] = ()
    least: int = 3  # the whole industry's minimum (stats.MIN_INDUSTRY_SIZE)
    # the compared figures the change is worked out from (like for like, as shown), printed
    # beside the change so a reader can check it (qa46 S3); None where not compared
    same_base: Decimal | None = None
    same_now: Decimal | None = None
    decimals: int | None = None  # AnnualData.places: the workbook's for the same KPI
    # per year: that year's rubric version has no such KPI (new since), printed 未设, not
    # the "—" of a figure withheld (QA52 m4)
    undefined: tuple[bool, ...] = ()
    # per year: the unrounded figure of `values` (None where the value is), printed with
    # the row's decimals where the like-for-like pair needs more than the KPI's (QA61 D2)
    raws: tuple[Decimal | None, ...] = ()
    # the like-for-like pair did not move (data_annual_report.is_steady): the one rule of
    # the change's colour, its 持平 and the counts of chapters 6 and 7 (QA61 D1)
    steady: bool = False
    # where fewer is better and everyone's figure rose from this base-year figure (from 0,
    # or a count of harm such as fatalities), said on the row (QA61 m9); else None
    rose_from: Decimal | None = None

    @property
    def unchanged(self) -> bool:
        """Compared and not moved: 持平 (base → now), 0 → 0 or not.

        One wording for no change: a non-zero figure unchanged read "0.0 %" beside the
        持平 of 0 → 0 (reports4 item 5).
        """
        return self.compared and self.same_base is not None and self.steady

    def shown(self, index: int) -> Decimal | None:
        """Return a year's figure rounded to the row's decimals from its unrounded figure."""
        value = self.values[index]
        raw = self.raws[index] if index < len(self.raws) else None
        if value is None or raw is None:
            return value
        return raw.quantize(Decimal(1).scaleb(-self.places), ROUND_HALF_UP)

    @property
    def any_withheld(self) -> bool:
        return any(self.withheld)

    @property
    def any_undefined(self) -> bool:
        return any(self.undefined)

    @property
    def places(self) -> int:
        """The decimals every figure of the row is printed with: one per indicator (QA46 S1).

        The workbook's for the KPI (`decimals`), decided over every year shown; a like-for-like
        figure that needs more is written in full (figure_text only pads).
        """
        kpi = self.decimals if self.decimals is not None else shared_places(self.values)
        # a pair told apart (0.174 → 0.170) takes the year columns with it: one precision
        return max(kpi, shared_places((self.same_base, self.same_now)))


@dataclass(frozen=True)
class Chapter:
    anchor: str
    title: str


@dataclass(frozen=True)
class TrendGroup:
    title: str
    rows: tuple[TrendRow, ...]
    chart: Markup
    undrawn: tuple[str, ...] = ()  # why rates of the table draw no line, said under the chart


@dataclass(frozen=True)
class HeatRow:
    group: str
    members: int
    cells: tuple[Decimal | None, ...]  # one per column of its table
    withheld: bool = False  # fewer members than the minimum size (`least`): no means shown
    least: int = 5  # the minimum size that applied: a working group's, or the industry's
    complement: bool = False  # withheld: a larger row minus this one is 1..least-1 members


@dataclass(frozen=True)
class HeatTable:
    """Mean section scores per working group of the organisations answering one rubric."""

    title: str  # who answers the rubric: companies, chemical parks
    columns: tuple[str, ...]  # the rubric's section titles
    rows: tuple[HeatRow, ...]


@dataclass(frozen=True)
class RatedOrg:
    name: str
    province: str
    stars: int
    overall: Decimal | None
    final: bool
    result_type: str  # 结果性质 in words (star_words.result_type)
    kind: str = ""  # 企业 / 化工园区 in words: chapter 8 lists both kinds in one table
    late: bool = False  # submitted late: marked as the year's list marks it (QA68 #9)
    contested: bool = False  # an earlier final rating an upheld appeal reopened (the legend)


@dataclass(frozen=True)
class CoverageRow:
    name: str
    reported: int
    of: int
    pct: int


@dataclass(frozen=True)
class SdgRow:
    target: str
    kpis: str
    improved: int
    total: int


@dataclass(frozen=True)
class PartnerCheck:
    """The typed "1+3" partner counts against rcapp's partner register (qa40 D2).

    Over the organisations whose result reports either count: how many differ from their
    register, and the typed and registered sums (None: the count was reported by none).
    """

    checked: int
    differing: int
    typed_year: Decimal | None
    registered_year: int
    typed_total: Decimal | None
    registered_total: int


@dataclass(frozen=True)
class PeerReviewFrom:
    """The fewest stars a kind of organisation is given only after a peer review."""

    kind: str  # 企业 / 化工园区, in the report's language
    stars: int


@dataclass(frozen=True)
class AnnualReport:
    lang: str
    data: AnnualData
    chapters: tuple[Chapter, ...]
    years: tuple[int, ...]
    base_year: int
    by_kind: tuple[SignatoryRow, ...]
    by_province: tuple[SignatoryRow, ...]
    star_chart: Markup
    trends: tuple[TrendGroup, ...]
    heat: tuple[HeatTable, ...]
    rated: tuple[RatedOrg, ...]
    sdg: tuple[SdgRow, ...]
    coverage: tuple[CoverageRow, ...]
    generated_on: dt.date
    # KPIs chapter 7 counts that chapter 5's tables do not show (its appendix table)
    sdg_annex: tuple[TrendRow, ...] = ()
    partners: PartnerCheck | None = None  # None: no result of the year reports a partner count
    # The stars from which a rating needs peer review, per kind of organisation rated (企业,
    # 化工园区: each kind's rubric of the year sets its own): chapter 8 says which of its
    # ratings rest on a self-assessment alone (QA61 m13). The fewest of them was said for all
    # kinds, wrong for the kind whose rubric asks for more (qa62 4).
    peer_review_from: tuple[PeerReviewFrom, ...] = ()
    # Stars that compare KPIs with the peer group, in a year with no group statistics.
    out_of_reach: tuple[PeerReviewFrom, ...] = ()
    method: Method | None = None  # how organisations are scored and rated (before chapter 1)
    summary: str = ""  # the year's key figures in one paragraph, on the cover

    @property
    def reviewed_from(self) -> int | None:
        """The stars from which every kind's rating needs peer review; None if kinds differ."""
        stars = {threshold.stars for threshold in self.peer_review_from}
        return stars.pop() if len(stars) == 1 and self.peer_review_from else None

    @property
    def peer_confirmed(self) -> int:
        """How many of chapter 8's ratings a finished peer review confirmed (结果性质 最终)."""
        return sum(1 for org in self.rated if org.final)


# --- the report's method chapter and cover (annual_method) ------------------------------


@dataclass(frozen=True)
class KindMethod:
    """How one kind of organisation (企业, 化工园区) is scored, from its rubric of the year."""

    kind: str  # 企业 / 化工园区, in the report's language
    formula: str  # the overall score's parts and weights: 管理体系 × 15% + …
    prerequisites: int  # the rubric's prerequisites: any unmet, no star
    vetoes: int  # the rubric's veto rules (一票否决)
    # the rubric's note on its star rules while they are provisional, as the result pages
    # print it after 星级规则为暂行规则：; None once the official rules are in
    rule_note: str | None = None


@dataclass(frozen=True)
class StarLevel:
    stars: int
    name: str  # the rubric's name of the level: 起步, 规范, 良好, 优秀, 标杆
    min_overall: tuple[Decimal | None, ...]  # the overall score it needs, per Method.kinds


@dataclass(frozen=True)
class Method:
    kinds: tuple[KindMethod, ...]
    levels: tuple[StarLevel, ...]
    result_types: tuple[tuple[str, str], ...]  # 结果性质 in words, and what it means
    prerequisites: str = ""  # how many each kind's rubric lists, in words: 企业 12 项、…
    vetoes: str = ""  # the same of the veto rules
