"""The bridge from stored rows to report documents: plain dataclasses, already in words.

Documents (PDF templates, workbooks) receive only what is built here, never models. Every
scorecard comes through `source.scorecard_for`, so reports read what the result page shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import force_locale
from sqlalchemy import select

from rcapp import db
from rcapp.assessments.basis_words import basis_note
from rcapp.assessments.computed_kpis import counted_against_typed_in, with_computed
from rcapp.assessments.earlier_marks import EarlierMark, earlier_mark_text
from rcapp.assessments.event_register import event_places
from rcapp.assessments.group_stats_hook import missing_stats_of, section_medians_of
from rcapp.assessments.kpi_backfill_rows import backfill_values
from rcapp.assessments.kpi_table import counted_now, value_unit
from rcapp.assessments.kpi_years import earlier_marks
from rcapp.assessments.messages import N_, _
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.assessments.queries import registry
from rcapp.assessments.review_hook import Rereview, ReviewUnderway
from rcapp.assessments.snapshots import ShownScorecard
from rcapp.assessments.views.backfill_words import with_backfill_note
from rcapp.assessments.views.result_page import ResultPage, build_result_page
from rcapp.assessments.views.system_count_words import with_count_note
from rcapp.clock import beijing_day, beijing_today
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import OrganisationKind
from rcapp.organisations.provinces import province_name
from rcapp.reports.data_park import ParkBoard, build_park_board
from rcapp.reports.data_peer import PeerSection, ReviewChanges, build_peer_sections, review_changes
from rcapp.reports.source import assessment_scorecard, scorecard_for
from rcapp.reviews.pending_appeal import pending_appeal_of
from rcapp.rubrics.model import Basis, Rubric
from rcapp.scoring.kpi_text import kpi_number, kpi_places, kpi_text
from rcapp.scoring.kpis import kpi_value
from rcapp.scoring.model import KpiInputs
from rcapp.scoring.scorecard import KpiStatus, KpiValue

EARLIER_YEARS = 3  # KPI columns for the years before the reported one


@dataclass(frozen=True)
class KpiLine:
    kpi_id: str
    name: str
    unit: str
    core: bool
    value: str
    by_basis: tuple[str, ...]  # in the order of ScorecardReport.basis_labels
    earlier: tuple[str, ...]  # in the order of ScorecardReport.earlier_years
    # The same figures as numbers, for workbooks: a cell is a number or empty, and what an
    # empty cell means is said in words (`status`, `earlier_marks`).
    status: str  # 已报送 / 未报送 / 无法计算
    number: Decimal | None  # the primary basis, as earlier years are listed
    primary_unit: str  # `unit` with a per-hours stand-in made the primary basis: 起/百万工时
    basis_numbers: tuple[Decimal | None, ...]
    earlier_numbers: tuple[Decimal | None, ...]
    # earlier years with no comparable value, and why (不可比 or 未设: earlier_marks)
    earlier_marks: tuple[tuple[int, EarlierMark], ...] = ()
    places: int = 0  # the KPI's decimals (scoring.kpi_text): every figure of the row
    basis_places: tuple[int | None, ...] = ()  # `places` for a basis the KPI has, else None
    # An earlier year whose figure was typed where this year's is counted by rcapp (or the
    # reverse): the KPI page's words (basis_words), by year (qa42 D1).
    basis_notes: tuple[tuple[int, str], ...] = ()

    @property
    def earlier_not_comparable(self) -> tuple[int, ...]:
        """Years whose rubric defined the KPI otherwise."""
        return tuple(y for y, m in self.earlier_marks if m is EarlierMark.NOT_COMPARABLE)

    @property
    def earlier_undefined(self) -> tuple[int, ...]:
        """Years whose rubric had no such KPI."""
        return tuple(y for y, m in self.earlier_marks if m is EarlierMark.UNDEFINED)


@dataclass(frozen=True)
class ScorecardReport:
    lang: str
    organisation: str
    credit_code: str
    province: str
    kind_label: str
    year: int
    status_label: str
    final: bool
    # Reviewed again after an upheld appeal: `page` shows the earlier final rating (as the
    # result page does), which stands no longer.
    rereview: Rereview | None
    # A first peer review in progress (review_state): the self result is provisional.
    underway: ReviewUnderway | None
    # A first review the year's close left unfinished: published as self-assessed (qa45 S11).
    review_frozen: ReviewUnderway | None
    source_label: str
    # The Beijing day the kept result was computed (None: scored live from the answers).
    computed_on: dt.date | None
    rubric_label: str
    page: ResultPage
    basis_labels: tuple[str, ...]
    kpis: tuple[KpiLine, ...]
    earlier_years: tuple[int, ...]
    peer_sections: tuple[PeerSection, ...]
    review_changes: ReviewChanges | None  # a final peer review: self against final
    generated_on: dt.date
    # earlier years whose figures are the organisation's self-declared backfill (qa63)
    backfilled_years: frozenset[int] = frozenset()
    # A park's board pack: residents and stars, events, the "1+3" check (None: a company).
    park: ParkBoard | None = None
    # The Beijing day an appeal of the final rating still waiting was filed (申诉处理中).
    appeal_pending: dt.date | None = None


def basis_label(basis: Basis) -> str:
    return _("每百万工时") if basis is Basis.PER_1M_HOURS else _("每20万工时")


def status_label(status: AssessmentStatus) -> str:
    """Word the status as the assessment pages' badge does (草稿, not 填报中)."""
    labels = {
        AssessmentStatus.DRAFT: _("草稿"),
        AssessmentStatus.SUBMITTED: _("已提交"),
        AssessmentStatus.RETURNED: _("已退回修改"),
    }
    return labels[status]


def kind_label(kind: OrganisationKind) -> str:
    return _("化工园区") if kind is OrganisationKind.PARK else _("企业")


def source_label(shown: ShownScorecard) -> str:
    """Say which kept result a document shows (or that it is computed from current answers)."""
    if shown.kind is None:
        return _("按当前填报数据计算")
    labels = {
        "self": _("提交时的自评结果"),
        "final": _("同行评审确认的最终结果"),
        "frozen": _("年度关闭时冻结的结果"),
        "appealed": _("此前经同行评审确定的最终结果"),
    }
    label = labels.get(shown.kind.value, shown.kind.value)
    if shown.computed_at is None:
        return label
    computed_on = beijing_day(shown.computed_at).isoformat()
    return _("%(label)s（%(date)s 计算）", label=label, date=computed_on)


def _appeal_pending(assessment: Assessment) -> dt.date | None:
    appeal = pending_appeal_of(assessment)
    return None if appeal is None else beijing_day(appeal.filed_at)


def build_scorecard_report(assessment: Assessment, lang: str) -> ScorecardReport:
    """Put one assessment's scorecard into words in `lang` ('zh' or 'en')."""
    with force_locale("en" if lang == "en" else "zh_CN"):
        return _scorecard_report(assessment, lang)


def _scorecard_report(assessment: Assessment, lang: str) -> ScorecardReport:
    pinned = registry().get(
        assessment.rubric_id, assessment.rubric_version, assessment.rubric_sha256
    )
    rubric = pinned.rubric
    shown, state = assessment_scorecard(assessment, rubric)
    page = build_result_page(
        rubric,
        shown,
        lang,
        assessment.cycle.year,
        state.awaiting_review,
        submitted=assessment.status is AssessmentStatus.SUBMITTED,  # the box's words, as the page
        frozen_review=state.frozen,
        missing=missing_stats_of(assessment),  # the reason the result page gives, unlinked
        group_medians=section_medians_of(assessment),  # the radar's dashed series, as the page
        vetoed_at=event_places(assessment, lang),  # where a park's vetoing event was, as the page
    )
    page = with_count_note(page, assessment, rubric, lang)  # what the pages say (qa42 S2)
    backfills = backfill_values(assessment.organisation_id, assessment.cycle.year)
    page = with_backfill_note(page, assessment, rubric, backfills)
    earlier = _earlier_kpis(assessment, rubric, backfills)
    years = tuple(sorted(earlier, reverse=True))
    counted = _counted_against_typed(assessment, rubric, years)
    organisation = assessment.organisation
    return ScorecardReport(
        lang=lang,
        organisation=organisation.display_name(lang),
        credit_code=organisation.credit_code,
        province=province_name(organisation.province, lang),
        kind_label=kind_label(organisation.kind),
        year=assessment.cycle.year,
        status_label=status_label(assessment.status),
        final=not page.self_assessed,
        rereview=state.rereview,
        appeal_pending=_appeal_pending(assessment),
        underway=state.underway,
        review_frozen=state.frozen,
        source_label=source_label(shown),
        computed_on=None if shown.computed_at is None else beijing_day(shown.computed_at),
        rubric_label=rubric.shown_label(lang),
        page=page,
        basis_labels=tuple(basis_label(b) for b in page.bases),
        kpis=tuple(
            _kpi_line(
                rubric, page, kpi, History(assessment.cycle.year, earlier, years, counted), lang
            )
            for kpi in page.card.kpis
        ),
        earlier_years=years,
        peer_sections=peer_sections(assessment, lang),
        review_changes=review_changes(assessment, lang),
        generated_on=beijing_today(),
        backfilled_years=frozenset(backfills) & frozenset(years),
        park=build_park_board(assessment, rubric, lang),
    )


KPI_STATUS_WORDS = {
    KpiStatus.REPORTED: N_("已报送"),
    KpiStatus.NOT_REPORTED: N_("未报送"),
    KpiStatus.NOT_COMPUTABLE: N_("无法计算（分母为 0）"),
}


def _kpi_line(
    rubric: Rubric,
    page: ResultPage,
    kpi: KpiValue,
    history: History,
    lang: str,
) -> KpiLine:
    earlier, years = history.earlier, history.years
    row = next(r for r in page.kpis if r.kpi_id == kpi.kpi_id)
    defined = next(k for k in rubric.kpis if k.id == kpi.kpi_id)
    by_basis = {b.basis: b.value for b in kpi.by_basis}
    reported = kpi.status is KpiStatus.REPORTED
    before = [earlier[y].get(kpi.kpi_id, _ABSENT) for y in years]
    number = kpi_number(kpi.value) if reported else None
    earlier_numbers = tuple(kpi_number(v) if isinstance(v, Decimal) else None for v in before)
    # the KPI's decimals, whatever the year and the page: as the result page (qa71)
    places = kpi_places(rubric, defined)
    basis_places = tuple(places if b in row.by_basis else None for b in page.bases)
    return KpiLine(
        kpi_id=kpi.kpi_id,
        name=row.name,
        unit=row.unit,
        core=row.core,
        value=row.value,
        by_basis=tuple(row.by_basis.get(b, "—") for b in page.bases),
        earlier=tuple(_earlier_text(v, places) for v in before),
        status=_(KPI_STATUS_WORDS[kpi.status]),
        number=number,
        places=places,
        basis_places=basis_places,
        primary_unit=value_unit(rubric, defined, lang),
        basis_numbers=tuple(kpi_number(by_basis.get(b)) if reported else None for b in page.bases),
        earlier_numbers=earlier_numbers,
        earlier_marks=tuple(
            (y, v) for y, v in zip(years, before, strict=True) if isinstance(v, EarlierMark)
        ),
        basis_notes=tuple(
            (y, basis_note(now, y, history.year))
            for y, v in zip(years, before, strict=True)
            if isinstance(v, Decimal)
            and (now := counted_now(defined, history.counted.get(y, {}))) is not None
        ),
    )


# By earlier year: the inputs rcapp counted in one of it and this year, typed in the other.
Counted = dict[int, dict[str, bool]]


@dataclass(frozen=True)
class History:
    """What the KPI lines list of the earlier years, and this year's."""

    year: int
    earlier: Earlier
    years: tuple[int, ...]
    counted: Counted


def _counted_against_typed(
    assessment: Assessment, rubric: Rubric, years: tuple[int, ...]
) -> Counted:
    """Return, for each earlier year listed, what the KPI page marks 口径不同 (one rule)."""
    if not years:
        return {}
    organisation_id, year = assessment.organisation_id, assessment.cycle.year
    now = with_computed(organisation_id, year, rubric, {})
    return counted_against_typed_in(organisation_id, rubric, now, years)


# An earlier year's KPI: a number, a mark when there is no comparable one (不可比, 未设:
# the KPI page's words, rcapp.assessments.earlier_marks), _ABSENT when not reported.
_ABSENT = "absent"
Earlier = dict[int, dict[str, Decimal | EarlierMark]]


def _earlier_text(value: Decimal | str, places: int) -> str:
    if isinstance(value, EarlierMark):
        return earlier_mark_text(value)
    return kpi_text(value, places) if isinstance(value, Decimal) else "—"


def _earlier_kpis(
    assessment: Assessment, rubric: Rubric, backfills: Mapping[int, KpiInputs]
) -> Earlier:
    """KPI values (primary basis) of the organisation's earlier assessments, by year.

    The years of `backfills` (no assessment; core inputs self-declared, kpi_backfill_rows)
    have their core KPIs' values worked out from those inputs.

    A KPI an earlier rubric version defined otherwise (another formula or unit: tonnes of
    SO2 where `rubric` asks kg per tonne of product) or did not have is marked so, not a
    number; a KPI not reported that year is left out.
    """
    statement = (
        select(Assessment)
        .join(ReportingCycle, Assessment.cycle_id == ReportingCycle.id)
        .where(
            Assessment.organisation_id == assessment.organisation_id,
            ReportingCycle.year < assessment.cycle.year,
            # Results only: a draft (a year opened later for an earlier year, or one never
            # submitted) has no figures of the year and must not take a history column.
            Assessment.status == AssessmentStatus.SUBMITTED,
        )
        .order_by(ReportingCycle.year.desc())
        .limit(EARLIER_YEARS)
    )
    found: Earlier = {}
    # the years and KPIs the KPI page marks 不可比 or 未设 (one rule; qa42 D1, qa55 #4)
    marks = earlier_marks(assessment, rubric)
    for earlier in db.session().scalars(statement):
        pinned = registry().get(earlier.rubric_id, earlier.rubric_version, earlier.rubric_sha256)
        card = scorecard_for(earlier, pinned.rubric).card
        year = earlier.cycle.year
        values: dict[str, Decimal | EarlierMark] = dict(marks.get(year, {}))
        values.update(
            (k.kpi_id, k.value) for k in card.kpis if k.value is not None and k.kpi_id not in values
        )
        found[year] = values
    for year, inputs in backfills.items():
        worked_out = ((kpi.id, kpi_value(kpi, inputs).value) for kpi in rubric.kpis if kpi.core)
        found[year] = {kpi_id: value for kpi_id, value in worked_out if value is not None}
    return dict(sorted(found.items(), reverse=True)[:EARLIER_YEARS])


def peer_sections(assessment: Assessment, lang: str) -> tuple[PeerSection, ...]:
    """List the review status, peer benchmark, findings and corrective actions (if any)."""
    return build_peer_sections(assessment, lang)
