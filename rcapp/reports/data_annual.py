"""The bridge from a cycle's rows to AnnualData: every organisation's scorecard and KPIs.

Kept scorecards (snapshots) are read in a few queries for the whole cycle; only assessments
still being filled in are scored live. Pooled group figures sum the raw KPI inputs of the
organisations whose pinned rubric has the KPI and evaluate each formula once (annual_pool).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace
from decimal import Decimal

from flask_babel import force_locale, gettext
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from rcapp import db
from rcapp.assessments.computed_kpis import inputs_of
from rcapp.assessments.group_stats_hook import MissingStats, missing_stats_of
from rcapp.assessments.kpi_table import basis_unit, known_organisation_unit, primary_unit
from rcapp.assessments.models import Assessment, AssessmentStatus, SnapshotKind
from rcapp.assessments.queries import rated_stars, registry
from rcapp.assessments.rating_words import star_order, star_row_label
from rcapp.assessments.review_filters import ReviewState, progress_column
from rcapp.assessments.review_hook import review_underway
from rcapp.assessments.snapshots import ShownScorecard
from rcapp.assessments.views.result_page import gate_words_of
from rcapp.benchmarks.stats import MIN_GROUP_SIZE, MIN_INDUSTRY_SIZE, shows_group
from rcapp.cycles.closed_groups import groups_by_organisation, signatory_in
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.former_names import NamesThen, names_at_close
from rcapp.organisations.models import Organisation, OrganisationKind, WorkingGroup
from rcapp.organisations.provinces import province_name
from rcapp.reports.annual_complement import complement_hidden
from rcapp.reports.annual_inputs import InputPlaces, input_columns
from rcapp.reports.annual_model import (
    AnnualData,
    BandOutcome,
    Count,
    GroupProgress,
    KpiColumn,
    KpiFigure,
    OrgResult,
    PooledFigure,
    SectionColumn,
)
from rcapp.reports.annual_pool import KpiPools, PinnedInputs, pooled_figures
from rcapp.reports.annual_years import base_year, inputs_by_year, trend_years
from rcapp.reports.count_source import count_source
from rcapp.reports.data import basis_label, kind_label, status_label
from rcapp.reports.source import kept_scorecards, scorecard_for
from rcapp.reports.star_words import not_rated_text, stars_of_record, vetoed, vetoed_ids
from rcapp.reviews.group_figures import ReviewProgress, year_group_figures
from rcapp.reviews.models import Review
from rcapp.reviews.queries import reviews_of_cycle
from rcapp.reviews.rereview import upheld_appeal
from rcapp.reviews.states import review_states
from rcapp.rubrics.model import BASIS_MULTIPLIERS, Aggregation, Basis, Kpi, Rubric
from rcapp.scoring import GroupKpi, PartState, Scorecard, group_kpi
from rcapp.scoring.kpi_text import figures_places, kpi_places
from rcapp.scoring.section_raw import unrounded_section

Progress = Callable[[int, int], None]


def _(msgid: str, /, **params: object) -> str:
    return str(gettext(msgid, **params))


def build_annual_data(
    cycle: ReportingCycle, lang: str, progress: Progress | None = None
) -> AnnualData:
    """Score every assessment of `cycle` and gather the figures, worded in `lang`."""
    with force_locale("en" if lang == "en" else "zh_CN"):
        return _annual(cycle, lang, progress or (lambda _done, _total: None))


def kpi_names(cycle: ReportingCycle, lang: str) -> dict[str, str]:
    """Name each KPI of the year; where a company KPI and a park KPI share a name, say whose.

    rc-company's RS-02 and rc-park's PK-RS-01 are both 万元产值综合能耗: the report's SDG
    table and data-quality annex listed two rows that could not be told apart.
    """
    names: dict[str, str] = {}
    kinds: dict[str, set[OrganisationKind]] = {}
    for kind in OrganisationKind:
        for kpi in registry().get(*cycle.rubric_for(kind.value)).rubric.kpis:
            names.setdefault(kpi.id, kpi.name.get(lang))
            kinds.setdefault(kpi.id, set()).add(kind)
    uses = Counter(names.values())
    for kpi_id, name in names.items():
        if uses[name] > 1 and len(kinds[kpi_id]) == 1:
            (kind,) = kinds[kpi_id]
            names[kpi_id] = _("%(name)s（%(kind)s）", name=name, kind=kind_label(kind))
    return names


def cycle_rubrics(cycle: ReportingCycle) -> list[Rubric]:
    keys = dict.fromkeys([cycle.rubric_for("company"), cycle.rubric_for("park")])
    return [registry().get(rubric_id, version).rubric for rubric_id, version in keys]


def _annual(cycle: ReportingCycle, lang: str, progress: Progress) -> AnnualData:
    rubrics = cycle_rubrics(cycle)
    sections = _section_columns(rubrics, lang)
    kpis = _kpi_columns(rubrics, kpi_names(cycle, lang), lang)
    assessments = {a.organisation_id: a for a in _assessments(cycle)}
    kept = kept_scorecards([a for a in assessments.values() if is_year_result(a)])
    # the year's rubrics' inputs, then any a result pinned to another version has
    places = InputPlaces(input_columns([*rubrics, *_pinned_rubrics(assessments.values())], lang))
    reviews = {r.assessment_id: r for r in reviews_of_cycle(cycle.id)}
    states = review_states(cycle.id)
    organisations = _organisations(cycle, assessments)
    # The year's groups and signatories: a closed year's as kept at its close (closed_groups)
    year_groups = groups_by_organisation(cycle)
    names = names_at_close(cycle)  # a closed year's renamed say their name then
    results: list[OrgResult] = []
    inputs: dict[int, PinnedInputs] = {}
    for done, org in enumerate(organisations, start=1):
        assessment = assessments.get(org.id)
        shown = None if assessment is None else kept.get(assessment.id)
        groups_of = year_groups.get(org.id, [])
        result = _org_result(org, groups_of, assessment, shown, sections, kpis, names, lang)
        review = None if assessment is None else reviews.get(assessment.id)
        state = None if assessment is None else states.get(assessment.id)
        if assessment is not None and result.submitted:  # only results' figures are pooled
            inputs[org.id] = _pinned_inputs(assessment, org.id)
            notes = {v.input_id: v.note for v in assessment.kpi_values if v.note}
            result = places.with_inputs(result, assessment.rubric_id, inputs[org.id].inputs, notes)
        results.append(_with_review(result, review, state))
        progress(done, len(organisations))
    groups, groups_total = _group_progress(cycle, lang)
    return AnnualData(
        year=cycle.year,
        lang=lang,
        sections=tuple(sections),
        kpis=tuple(kpis),
        organisations=tuple(results),
        pooled=(
            pooled := tuple(_pooled(rubrics, organisations, year_groups, inputs, lang, cycle.year))
        ),
        places=pooled_places(KpiPools(rubrics), cycle.year, pooled),
        star_distribution=tuple(_star_distribution(results, cycle)),
        participation=tuple(_participation(_count_signatories(cycle), results, cycle.is_closed)),
        groups=tuple(groups),
        groups_total=groups_total,
        basis_labels=tuple(basis_label(b) for b in BASIS_MULTIPLIERS),
        max_stars=max(len(r.rating.bands) for r in rubrics),
        notes=_notes(cycle),
        provisional=not cycle.is_closed,
        min_group=MIN_GROUP_SIZE,
        min_industry=MIN_INDUSTRY_SIZE,
        inputs=places.columns,
    )


def _notes(cycle: ReportingCycle) -> tuple[str, ...]:
    """Say above the organisations' header what it is, on one line (the header stays on row 2)."""
    title = _("%(year)s 年度责任关怀评价", year=cycle.year)
    if cycle.is_closed:
        return (title,)
    return (f"{title} · {_('暂定稿：本年度尚未关闭，数字可能变化')}",)


def _assessments(cycle: ReportingCycle) -> list[Assessment]:
    statement = (
        select(Assessment)
        .where(Assessment.cycle_id == cycle.id)
        .options(selectinload(Assessment.kpi_values))  # answers load only for live scoring
    )
    return list(db.session().scalars(statement))


def _pinned_rubrics(assessments: Iterable[Assessment]) -> list[Rubric]:
    """Return the rubric versions the year's results are pinned to, each once, by id and version.

    Sorted: the assessments come in no set order, and the columns must not move between runs.
    """
    pins = sorted({(a.rubric_id, a.rubric_version) for a in assessments if is_year_result(a)})
    return [registry().get(rubric_id, version).rubric for rubric_id, version in pins]


def _organisations(cycle: ReportingCycle, assessments: dict[int, Assessment]) -> list[Organisation]:
    """List the year's signatories and every organisation with an assessment, by Chinese name."""
    statement = (
        select(Organisation)
        .where(signatory_in(cycle) | Organisation.id.in_(list(assessments)))
        .options(selectinload(Organisation.working_groups))
        .order_by(Organisation.name_sort, Organisation.name_zh, Organisation.id)
    )
    return list(db.session().scalars(statement))


def _count_signatories(cycle: ReportingCycle) -> int:
    """Count the year's signatories (a closed year's as kept at its close)."""
    statement = select(func.count()).select_from(Organisation).where(signatory_in(cycle))
    return db.session().scalar(statement) or 0


def _section_columns(rubrics: Iterable[Rubric], lang: str) -> list[SectionColumn]:
    seen: dict[str, SectionColumn] = {}
    for rubric in rubrics:
        for section in rubric.sections:
            seen.setdefault(section.id, SectionColumn(section.id, section.title.get(lang)))
    return list(seen.values())


def _kpi_columns(rubrics: Iterable[Rubric], names: dict[str, str], lang: str) -> list[KpiColumn]:
    seen: dict[str, KpiColumn] = {}
    for rubric in rubrics:
        for kpi in rubric.kpis:
            bases = tuple(basis_label(b) for b in BASIS_MULTIPLIERS if b in (kpi.bases or ()))
            seen.setdefault(
                kpi.id,
                KpiColumn(
                    kpi.id,
                    names.get(kpi.id, kpi.name.get(lang)),
                    primary_unit(kpi, lang),  # 起/百万工时, not the rubric's 起/工时基数
                    kpi.category,
                    kpi.core,
                    tuple(kpi.sdg),
                    bases,
                    _own_unit(rubric, kpi, lang) if kpi.aggregation is Aggregation.INDEX else None,
                    kpi_places(rubric, kpi),
                ),
            )
    return list(seen.values())


def _own_unit(rubric: Rubric, kpi: Kpi, lang: str) -> str:
    """Name the unit of an index KPI's organisations' own values (qa46 D3, kpi_compare)."""
    unit = known_organisation_unit(rubric, kpi)
    if unit is None:
        return _("各组织按公式计算的数值")
    return basis_unit(unit.get(lang), kpi.bases[0] if kpi.bases else None, lang)


def _org_result(
    org: Organisation,
    groups: list[WorkingGroup],
    assessment: Assessment | None,
    kept: ShownScorecard | None,
    sections: list[SectionColumn],
    kpis: list[KpiColumn],
    names: NamesThen,
    lang: str,
) -> OrgResult:
    base = OrgResult(
        name=names.name(org, lang),
        credit_code=org.credit_code,
        kind=kind_label(org.kind),
        province=province_name(org.province, lang),
        signed_on=org.commitment_signed_on,
        groups=tuple(g.display_name(lang) for g in groups),
        status=_("未开始"),
        started=False,
        submitted=False,
    )
    if assessment is None:
        return base
    if not is_year_result(assessment):  # a draft's live score or a returned one's is no result
        return replace(base, status=status_label(assessment.status), started=True)
    rubric = (
        registry()
        .get(assessment.rubric_id, assessment.rubric_version, assessment.rubric_sha256)
        .rubric
    )
    shown = kept if kept is not None else scorecard_for(assessment, rubric)
    card = shown.card
    # Worded as the result page words it: a closed year's frozen result as frozen (qa55 #3),
    # a review the close left unfinished with its reviewers (qa55 #2).
    unfinished = shown.kind is SnapshotKind.FROZEN and shown.review.peer_reviewers == 0
    frozen_review = review_underway(assessment) if unfinished else None
    # a condition without group statistics says why as the result page does (not "none yet")
    words = gate_words_of(
        rubric,
        shown,
        lang,
        assessment.cycle.year,
        frozen_review=frozen_review,
        missing=_missing_stats(assessment, card),
    )
    scores = {s.section_id: s.score for s in card.sections}
    raws = {s.section_id: unrounded_section(s) for s in card.sections}
    # An earlier final rating reopened by an upheld appeal is of record (its stars), but its
    # review is not finished: in peer review again (_with_review), not counted as final.
    final = shown.review.peer_reviewers > 0 and shown.kind is not SnapshotKind.APPEALED
    stars = stars_of_record(card.rating)
    return replace(
        base,
        status=status_label(assessment.status),
        started=True,
        submitted=True,
        late=assessment.submitted_late,
        overall=card.overall,
        stars=stars,
        not_rated=None if stars is not None else not_rated_text(veto=vetoed(card.rating)),
        vetoed=stars is None and vetoed(card.rating),
        final=final,
        published=not final and shown.kind is SnapshotKind.FROZEN,
        sections=tuple(scores.get(c.section_id) for c in sections),
        section_raws=tuple(raws.get(c.section_id) for c in sections),
        rubric_id=assessment.rubric_id,
        bands=tuple(
            BandOutcome(b.stars, b.passed, tuple(words.gate(g).text for g in b.failed))
            for b in card.rating.bands
        ),
        kpis=tuple(_figure(card, column) for column in kpis),
        count_source=count_source(assessment, rubric),
    )


def _missing_stats(assessment: Assessment, card: Scorecard) -> MissingStats | None:
    """Why the peer group lacks statistics: asked only where a failed condition lacks them."""
    lacking = any(
        part.state is PartState.NO_STATISTICS
        for band in card.rating.bands
        for gate in band.failed
        for part in gate.parts
    )
    return missing_stats_of(assessment).words if lacking else None


def is_year_result(assessment: Assessment) -> bool:
    """Tell whether the assessment is a result of the year: submitted (every sheet's rule).

    A draft or an assessment returned for revision is listed with its status, without a
    score, stars or figures (the close page says so: drafts are not counted).
    """
    return assessment.status is AssessmentStatus.SUBMITTED


def _with_review(result: OrgResult, review: Review | None, state: ReviewState | None) -> OrgResult:
    """Mark where the result stands in peer review, counted as the year page counts it.

    The column (in peer review, frozen at the close, finished) is review_filters.
    progress_column of the review's state, the one rule of the year page's figures (QA37 D1:
    a review reopened by an upheld appeal was counted both finished and frozen). A result
    that is no result (a draft, answers returned for revision) is in no column.
    """
    if not result.submitted:
        return result
    column = progress_column(state)
    final = column == "final"
    reopened = review is not None and upheld_appeal(review) is not None
    return replace(
        result,
        final=final,
        published=result.published and not final and not reopened,
        in_review=column == "in_review",
        review_frozen=column == "frozen",
        reopened=reopened,
    )


def _figure(card: Scorecard, column: KpiColumn) -> KpiFigure | None:
    found = next((k for k in card.kpis if k.kpi_id == column.kpi_id), None)
    if found is None:
        return None
    by_basis = {b.basis: b.value for b in found.by_basis}
    return KpiFigure(found.value, tuple(by_basis.get(b) for b in _bases_of(column)))


def _bases_of(column: KpiColumn) -> list[Basis]:
    labels = {basis_label(b): b for b in BASIS_MULTIPLIERS}
    return [labels[label] for label in column.bases]


def _pinned_inputs(assessment: Assessment, organisation_id: int) -> PinnedInputs:
    """Return the raw inputs pooled: typed ones, but an input rcapp computes is its count.

    (A park's resident companies with three stars or more: the figure its scorecard, the KPI
    sheet and its KPI page show, never the typed number the KPI page says is not used.)
    """
    rubric = registry().get(assessment.rubric_id, assessment.rubric_version).rubric
    return PinnedInputs(rubric, inputs_of(assessment, rubric), organisation_id)


def _pooled(
    rubrics: list[Rubric],
    organisations: list[Organisation],
    year_groups: dict[int, list[WorkingGroup]],
    inputs: dict[int, PinnedInputs],
    lang: str,
    year: int,
) -> list[PooledFigure]:
    everyone = _("全部组织")
    groups: dict[str, list[PinnedInputs]] = {everyone: list(inputs.values())}
    for org in organisations:
        for group in year_groups.get(org.id, []):
            if org.id in inputs:
                groups.setdefault(group.display_name(lang), []).append(inputs[org.id])
    pools = KpiPools(rubrics)
    bases, first = _index_bases(pools, groups, everyone, year)
    figures = [
        withheld_if_small(figure, MIN_INDUSTRY_SIZE if figure.group == everyone else MIN_GROUP_SIZE)
        for figure in pooled_figures(pools, groups, everyone, bases)
    ]
    if first is not None:
        figures = [_with_base_year(f, pools, first) for f in figures]
    return _complement(figures, pools, groups)


def _index_bases(
    pools: KpiPools,
    groups: dict[str, list[PinnedInputs]],
    everyone: str,
    year: int,
) -> tuple[dict[str, list[PinnedInputs]], int | None]:
    """Return each group's base-year results, and the base year, where a KPI is an index.

    The report's chapter 5 pools an index (rc-company@1 RS-04: base year = 100) against the
    first year of its trends with results, over everyone who submitted then; the workbook's
    figure is the same (qa46 D3: it was empty, without a word). A working group's base is its
    present members' results of that year. No index KPI: nothing read.
    """
    if not any(kpi.aggregation is Aggregation.INDEX for kpi in pools.kpis.values()):
        return {}, None
    years = trend_years(year)
    by_year = inputs_by_year(years)
    first = base_year(by_year, years)
    results = by_year.get(first, [])
    bases = {everyone: results}
    by_org = {r.organisation_id: r for r in results}
    members = {group: {r.organisation_id for r in found} for group, found in groups.items()}
    for group, ids in members.items():
        if group != everyone:
            bases[group] = [by_org[o] for o in ids if o in by_org]
    return bases, first


def _with_base_year(figure: PooledFigure, pools: KpiPools, year: int) -> PooledFigure:
    if pools.kpis[figure.kpi_id].aggregation is not Aggregation.INDEX:
        return figure
    return replace(figure, base_year=year)


def _complement(
    figures: list[PooledFigure], pools: KpiPools, groups: dict[str, list[PinnedInputs]]
) -> list[PooledFigure]:
    """Withhold each KPI's group figures the others shown would give away (qa46 D1).

    All organisations' SO2 minus a working group's is the SO2 of those outside the group:
    a group figure is withheld where they are 1..MIN_GROUP_SIZE-1 (annual_complement).
    """
    hidden: set[tuple[str, str]] = set()
    for kpi_id in pools.kpis:
        shown = {
            figure.group: pools.reporting(kpi_id, groups[figure.group])
            for figure in figures
            if figure.kpi_id == kpi_id and not figure.withheld and figure.value is not None
        }
        hidden.update((group, kpi_id) for group in complement_hidden(shown, MIN_GROUP_SIZE))
    return [
        replace(
            figure,
            value=None,
            by_basis=(None,) * len(figure.by_basis),
            withheld=True,
            least=MIN_GROUP_SIZE,
            complement=True,
        )
        if (figure.group, figure.kpi_id) in hidden
        else figure
        for figure in figures
    ]


def withheld_if_small(figure: PooledFigure, min_size: int = MIN_GROUP_SIZE) -> PooledFigure:
    """Withhold a figure pooled from fewer members than the minimum size.

    The benchmarks' rule (stats.shows_group): a metric with fewer members' values than the
    minimum has no group figure, or a group of one would show that member's own figures.
    Totals over the whole industry use the lower MIN_INDUSTRY_SIZE.
    """
    if shows_group(figure.counted, min_size):
        return figure
    blank = (None,) * len(figure.by_basis)
    return replace(figure, value=None, by_basis=blank, withheld=True, least=min_size)


def trend_figures(
    pools: KpiPools,
    kpi: Kpi,
    inputs: dict[int, list[PinnedInputs]],
    years: tuple[int, ...],
    first: int,
) -> tuple[list[GroupKpi], list[GroupKpi]]:
    """Pool `kpi` over everyone each of `years`: (pooled, as shown once withheld if too few).

    An index pools against the base year `first`. The report's trend rows and the decimals
    the workbook prints a KPI with (`pooled_places`) read the same figures.
    """
    members = {year: pools.members(kpi.id, results) for year, results in inputs.items()}
    base_members = members.get(first, [])
    pooled = [group_kpi(kpi, members.get(y, []), base_members) for y in years]
    # every pooled figure of the report passes the one rule (stats.shows_group, qa21 D2)
    return pooled, [withheld_group_kpi(f) for f in pooled]


def pooled_places(pools: KpiPools, year: int, pooled: Iterable[PooledFigure]) -> dict[str, int]:
    """Return the decimals of each KPI's figures: over every year shown and every group.

    The one rule for the annual report's trend rows and the workbook's pooled figures: a row
    printed 1.20 in the PDF (2023 needed two decimals) read 1.2 in the workbook (QA46 S1,
    reports4 item 4). Figures withheld (too few organisations) are not shown: not counted.
    """
    years = trend_years(year)
    inputs = inputs_by_year(years)
    first = base_year(inputs, years)
    this_year: dict[str, list[Decimal | None]] = {}
    for figure in pooled:
        if not figure.withheld:
            this_year.setdefault(figure.kpi_id, []).append(figure.value)
    places = {}
    for kpi_id, kpi in pools.kpis.items():
        shown = (
            *(f.value for f in trend_figures(pools, kpi, inputs, years, first)[1]),
            *this_year.get(kpi_id, ()),
        )
        # the KPI's own decimals (scoring.kpi_text), as its figures shown need them
        places[kpi_id] = figures_places(kpi_places(*pools.defined[kpi_id]), shown)
    return places


def withheld_group_kpi(figure: GroupKpi, min_size: int | None = None) -> GroupKpi:
    """Withhold a pooled figure of the report's chapters as `withheld_if_small` does the workbook's.

    The same rule (stats.shows_group) for the same reason: the figure of one organisation is
    its own, of two each can read the other's. The counts stay (报送组织 1/1).
    """
    least = MIN_INDUSTRY_SIZE if min_size is None else min_size
    if figure.members_counted == 0 or shows_group(figure.members_counted, least):
        return figure
    return replace(figure, value=None, by_basis=(), raw=None)


def star_counts(results: Iterable[OrgResult]) -> Counter[int | None]:
    """Count the submitted results by stars, as the lists show them (drafts have none)."""
    return Counter(r.stars for r in results if r.submitted)


def _star_distribution(results: list[OrgResult], cycle: ReportingCycle) -> list[Count]:
    now = star_counts(results)
    before = _previous_stars(cycle)
    top = max([0, *[s for s in now if s is not None], *[s for s in before if s is not None]])
    rows = [  # one order on every page and document: 5★ .. 0★, then 未评定 (rating_words)
        Count(star_row_label(n), now.get(n, 0), before.get(n, 0) if before else None)
        for n in star_order(top)
    ]
    rows.append(Count(_("未评定"), now.get(None, 0), before.get(None, 0) if before else None))
    return rows


def _previous_stars(cycle: ReportingCycle) -> Counter[int | None]:
    """Last year's submitted results by the stars the lists show, without rescoring.

    The kept stars (that year's frozen result, or a final peer review's) where there are
    some, else the self-assessed stars stored at submit; a kept result that is not rated
    (unmet prerequisites) counts as not rated, as it does for this year.
    """
    previous = db.session().scalar(
        select(ReportingCycle).where(ReportingCycle.year == cycle.year - 1)
    )
    if previous is None:
        return Counter()
    statement = select(Assessment.id, Assessment.stars).where(
        Assessment.cycle_id == previous.id, Assessment.status == AssessmentStatus.SUBMITTED
    )
    kept = rated_stars(cycle_id=previous.id)
    shown: dict[int, int | None] = {}
    for assessment_id, stars in db.session().execute(statement):
        found = kept.get(assessment_id)
        shown[assessment_id] = stars if found is None else found.stars if found.rated else None
    zero = [i for i, stars in shown.items() if stars == 0]
    if zero:  # a veto's "no star" is not rated, as for this year
        zeros = db.session().scalars(select(Assessment).where(Assessment.id.in_(zero)))
        for assessment_id in vetoed_ids(list(zeros)):
            shown[assessment_id] = None
    return Counter(shown.values())


def _participation(signed: int, results: list[OrgResult], closed: bool = False) -> list[Count]:
    started = sum(1 for r in results if r.started)
    submitted = sum(1 for r in results if r.submitted)
    in_review = sum(1 for r in results if r.in_review)
    final = sum(1 for r in results if r.final)
    counts = [
        Count(_("签署承诺书的组织"), signed),
        Count(_("已开始自评"), started),
        Count(_("已提交自评"), submitted),
        Count(_("同行评审中"), in_review),
        Count(_("完成同行评审"), final),
    ]
    if closed:  # a closed year's unfinished reviews stopped with it (QA31 D2)
        frozen = sum(1 for r in results if r.review_frozen)
        counts.insert(4, Count(_("同行评审未完成（年度关闭时冻结）"), frozen))
    return counts


def _group_progress(
    cycle: ReportingCycle, lang: str
) -> tuple[list[GroupProgress], GroupProgress | None]:
    """Per working group: members, started, submitted, its peer reviews' steps (by Chinese name).

    The year page's table counts the same (reviews.group_figures.year_group_figures, one
    function): an organisation counts in each of its groups of the year, its peer review too;
    the total (None without groups) counts each organisation once.
    """
    figures = year_group_figures(cycle)
    rows = [
        _progress(row.group.display_name(lang), row)
        for row in sorted(figures.groups, key=lambda row: (row.group.name_zh, row.group.id))
    ]
    total = figures.total
    return rows, None if total is None else _progress(_("合计（每个组织只计一次）"), total)


def _progress(name: str, counted: ReviewProgress) -> GroupProgress:
    return GroupProgress(
        name,
        counted.members,
        counted.started,
        counted.submitted,
        counted.in_review,
        counted.final,
        counted.frozen,
        counted.not_reviewed,
    )
