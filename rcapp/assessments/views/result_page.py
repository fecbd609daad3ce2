"""The result page's data: a scorecard put into words and rows in the chosen language.

The engine's reasons are English sentences for logs; every gate also carries its kind,
subject and numbers, so the page words it here (Chinese msgids, English catalogue).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import pgettext
from markupsafe import Markup

from rcapp.assessments.event_register import EventPlaces
from rcapp.assessments.grade_words import GradeWords, grade_words_of
from rcapp.assessments.group_stats_hook import MissingStats
from rcapp.assessments.kpi_table import value_unit
from rcapp.assessments.messages import N_, _, number_text
from rcapp.assessments.models import SnapshotKind
from rcapp.assessments.rating_words import vetoed
from rcapp.assessments.results import DataQuality, data_quality
from rcapp.assessments.review_hook import ReviewUnderway
from rcapp.assessments.snapshots import ShownScorecard
from rcapp.assessments.views import data_problems as problems
from rcapp.assessments.views.gate_words import GateView, GateWords, lowered_text, result_word
from rcapp.assessments.views.kpi_ladder_words import KpiLadderRow, ladder_rows, score_text
from rcapp.assessments.views.reach_words import ReachView, reach_view
from rcapp.assessments.views.system_count_words import system_count_note
from rcapp.assessments.views.veto_once import band_gate_views
from rcapp.charts.radar import ChartTable, RadarChart, RadarSeries, radar_svg, radar_table
from rcapp.object_cache import PerObject
from rcapp.rubrics.model import Basis, ItemKind, Rubric, Text
from rcapp.scoring import (
    FlagKind,
    Gate,
    GateKind,
    ItemScore,
    KpiStatus,
    KpiValue,
    PathStep,
    Scorecard,
)
from rcapp.scoring.kpi_text import figures_places, kpi_places, kpi_text
from rcapp.scoring.rounding import weight_text

BASIS_ORDER = (Basis.PER_1M_HOURS, Basis.PER_200K_HOURS)


@dataclass(frozen=True)
class BandView:
    stars: int
    label: str
    passed: bool
    gates: tuple[GateView, ...]

    @property
    def awaiting(self) -> bool:
        """Not met only for conditions still to be judged: the band is 待判定, not 未满足."""
        failed = [g for g in self.gates if not g.passed]
        return not self.passed and bool(failed) and all(g.awaiting for g in failed)

    @property
    def result(self) -> str:
        """满足, 待判定 or 未满足, as the page marks the band."""
        return result_word(self.passed, self.awaiting)


@dataclass(frozen=True)
class ComponentView:
    label: str
    weight: str
    score: Decimal | None


@dataclass(frozen=True)
class StepView:
    item_id: str
    section_id: str
    prompt: str
    from_level: str  # a level's number, or 是/否 for a yes/no item
    to_level: str
    with_evidence: bool
    number: str | None
    hint: str | None
    counted: str | None = None  # why the current level is lower than the one answered

    @property
    def note(self) -> str:
        """The step's 说明: why it counts lower, then what the target level asks.

        One sentence each (the English read "…for missing evidence; Value reaches 100
        Evidence required: …" when the template strung the pieces together).
        """
        need = self._need()
        if self.counted and need:
            return _("%(first)s。%(then)s", first=self.counted, then=need)
        return self.counted or need

    def _need(self) -> str:
        if self.number is not None:
            if not self.with_evidence:
                return _("数值须达到 %(n)s", n=self.number)
            if self.hint:
                return _("数值须达到 %(n)s，并须有证据：%(hint)s", n=self.number, hint=self.hint)
            return _("数值须达到 %(n)s，并须有证据", n=self.number)
        if self.with_evidence:
            return _("须有证据：%(hint)s", hint=self.hint) if self.hint else _("须有证据")
        return ""


@dataclass(frozen=True)
class KpiRow:
    kpi_id: str
    name: str
    unit: str
    core: bool
    reported: bool
    value: str
    by_basis: dict[Basis, str]


@dataclass(frozen=True)
class CappedItem:
    item_id: str
    section_id: str
    prompt: str


@dataclass(frozen=True)
class ResultPage:
    card: Scorecard
    shown: ShownScorecard
    self_assessed: bool
    quality: DataQuality
    radar_svg: Markup
    radar_table: ChartTable
    bands: tuple[BandView, ...]
    components: tuple[ComponentView, ...]
    why_not: tuple[str, ...]
    steps: tuple[StepView, ...]
    path_reachable: bool
    blockers: tuple[str, ...]
    kpis: tuple[KpiRow, ...]
    bases: tuple[Basis, ...]
    data_problems: tuple[str, ...] = ()
    targets: tuple[problems.TargetView, ...] = ()
    self_cap: str | None = None  # a self-assessment's stars held back for want of peer review
    # How the KPI performance score was reached: each core KPI's rung, why, what raises it.
    kpi_ladder: tuple[KpiLadderRow, ...] = ()
    kpi_score_text: str | None = None
    # Items counting lower for want of an uploaded file, in rubric order.
    capped: tuple[CappedItem, ...] = ()
    # Conditions not failed but not judged yet: the group's statistics are not computed.
    awaiting: tuple[str, ...] = ()
    # A self-assessment's highest rating within reach this year, and why not more.
    reach: ReachView | None = None
    # The radar's key on a phone, where its axes show codes: (code, section, score, the
    # group's median if drawn) per axis.
    radar_legend: tuple[tuple[str, ...], ...] = ()
    # What a KPI counted from rcapp's own ratings counts (system_count_words; qa38 S5).
    system_count_note: str | None = None
    # A final rating lowered by data resubmitted since, in words (gate_words.lowered_text).
    lowered: str = ""
    # The earlier years whose KPI data are self-declared backfill (backfill_words; qa63).
    backfill_note: str | None = None
    # A park's safety-risk grade from its score, and what it allows (grade_words).
    grades: tuple[GradeWords, ...] = ()
    # The peer group's median per section, (section id, median), drawn on the radar too.
    group_medians: tuple[tuple[str, Decimal], ...] = ()

    def median_of(self, section_id: str) -> Decimal | None:
        return dict(self.group_medians).get(section_id)

    @property
    def published(self) -> bool:
        """A closed year's frozen self-assessed result: published as it is, not provisional."""
        return self.self_assessed and self.shown.kind is SnapshotKind.FROZEN

    @property
    def frozen(self) -> bool:
        """A closed year's frozen result: nothing in it can change, so no path is offered."""
        return self.shown.kind is SnapshotKind.FROZEN

    @property
    def vetoed(self) -> bool:
        """A veto took every star: not rated, as the documents say (rating_words)."""
        return vetoed(self.card.rating)


# Result pages of kept snapshots: the decode cache hands out one scorecard object per stored
# snapshot, so that object (with the language and how it is shown) names the page's content.
_pages: PerObject[Scorecard, ResultPage] = PerObject(size=256)


def shown_key(rubric: Rubric, shown: ShownScorecard, lang: str) -> Hashable:
    """Name what a kept snapshot's page depends on besides the scorecard object itself."""
    return (rubric.key, lang, shown.kind, shown.computed_at, shown.review)


def result_page(
    rubric: Rubric,
    shown: ShownScorecard,
    lang: str,
    year: int | None = None,
    awaiting_review: bool = False,
    submitted: bool = False,
    frozen_review: ReviewUnderway | None = None,
    missing: MissingStats | None = None,
    group_medians: tuple[tuple[str, Decimal], ...] = (),
    vetoed_at: EventPlaces = (),
) -> ResultPage:
    """Return the page's data: built once per kept snapshot and language, afresh if live.

    `missing`: why the peer group has no statistics (its reason only: `MissingStats.words`).
    `group_medians`: the peer group's median per section (group_stats_hook.section_medians_of).
    """
    args = (year, awaiting_review, submitted, frozen_review, missing, group_medians, vetoed_at)
    if shown.kind is None:  # scored from the current answers: a new scorecard every time
        return build_result_page(rubric, shown, lang, *args)
    return _pages.get(
        shown.card,
        (shown_key(rubric, shown, lang), *args),
        lambda: build_result_page(rubric, shown, lang, *args),
    )


def gate_words_of(
    rubric: Rubric,
    shown: ShownScorecard,
    lang: str,
    year: int | None = None,
    awaiting_review: bool = False,
    frozen_review: ReviewUnderway | None = None,
    missing: MissingStats | None = None,
    vetoed_at: EventPlaces = (),
) -> GateWords:
    """Word a shown result's star conditions: the result page, the PDF and the workbook.

    A closed year's frozen result in the closed year's words (nothing waits any more, qa55
    #3); a review the close left unfinished named as the banner names it (qa55 #2).
    """
    return GateWords(
        rubric,
        shown.card,
        lang,
        year,
        closed=shown.kind is SnapshotKind.FROZEN,
        awaiting_review=awaiting_review and shown.review.peer_reviewers == 0,
        unreviewed=shown.review.peer_reviewers == 0,
        frozen_review=frozen_review,
        missing=missing,
        places=vetoed_at,
    )


def build_result_page(
    rubric: Rubric,
    shown: ShownScorecard,
    lang: str,
    year: int | None = None,
    awaiting_review: bool = False,
    submitted: bool = False,
    frozen_review: ReviewUnderway | None = None,
    missing: MissingStats | None = None,
    group_medians: tuple[tuple[str, Decimal], ...] = (),
    vetoed_at: EventPlaces = (),
) -> ResultPage:
    """`year`: the assessment's, named where a condition waits for its statistics.

    `awaiting_review`: a first peer review of the submitted result is in progress
    (review_state): its peer-review conditions wait for the review's end, and there is no
    "within reach" advice, since nothing the organisation does moves the score meanwhile.
    Until a peer review has rated it, the conditions only others decide after the
    submission are 待判定, as the "within reach" box says (QA36 S1); `submitted` words
    that box for a result already submitted. `missing`: why the peer group has no
    statistics, worded in the KPI ladder and the conditions as the benchmark pages word it.
    `group_medians`: the peer group's median per section, a dashed series on the radar.
    `vetoed_at`: where a park's events that name a resident happened, said on the lines of
    the vetoes they set off (event_register.event_places).
    """
    card = shown.card
    words = gate_words_of(
        rubric, shown, lang, year, awaiting_review, frozen_review, missing, vetoed_at
    )
    labels = _rubric_labels(rubric)
    self_assessed = shown.review.peer_reviewers == 0
    chart = _sections_chart(card, lang, self_assessed, dict(group_medians))
    table = radar_table(chart, _("板块"))
    path = card.path
    capped = _capped_items(rubric, card, lang)
    primaries = {k.id: k.bases[0] for k in rubric.kpis if k.bases}  # rates: their first basis
    # An organisation's own value is in its own unit, not an index's (qa46 D3)
    units = {k.id: value_unit(rubric, k, lang) for k in rubric.kpis}
    places = {k.id: kpi_places(rubric, k) for k in rubric.kpis}  # one way everywhere (qa71)
    return ResultPage(
        card=card,
        shown=shown,
        self_assessed=self_assessed,
        quality=data_quality(card),
        radar_svg=Markup(radar_svg(chart, id_prefix="sections-radar")),  # noqa: S704 - built by ElementTree, escaped
        radar_table=table,
        radar_legend=tuple((code, *row) for code, row in zip(chart.codes, table.rows, strict=True)),
        group_medians=group_medians,
        # Labels and names come from the rubric, whose errata may have reworded them since
        # the scorecard was stored; the scores are the card's.
        bands=tuple(
            BandView(b.stars, labels.get(("band", str(b.stars)), b.label).get(lang), b.passed, g)
            for b, g in zip(
                card.rating.bands, band_gate_views(words, card.rating.bands), strict=True
            )
        ),
        components=tuple(
            ComponentView(
                labels.get(("component", c.component_id), c.label).get(lang),
                weight_text(c.weight),
                c.score,
            )
            for c in card.components
        ),
        # A condition not judged yet is listed once, under "still to be judged" (QA46 S6).
        why_not=tuple(words.gate(g).text for g in card.rating.binding if not words.awaits(g)),
        steps=()
        if path is None
        else _evidence_first(_step(rubric, card, s, lang) for s in path.steps),
        path_reachable=path is not None and path.reachable,
        blockers=()
        if path is None
        else tuple(words.gate(g).text for g in path.blockers if not words.awaits(g)),
        awaiting=_awaiting(words, card.rating.binding, () if path is None else path.blockers),
        kpis=tuple(
            _kpi_row(
                k,
                labels.get(("kpi", k.kpi_id), k.name),
                units.get(k.kpi_id, k.unit.get(lang)),
                lang,
                primaries.get(k.kpi_id),
                places.get(k.kpi_id, 0),
            )
            for k in card.kpis
        ),
        bases=tuple(b for b in BASIS_ORDER if any(k.bases and b in k.bases for k in rubric.kpis)),
        data_problems=problems.problem_texts(rubric, card, lang),
        targets=problems.target_views(rubric, card, lang),
        self_cap=_self_cap(card, words.awaiting_review) if self_assessed else None,
        kpi_ladder=ladder_rows(rubric, card, lang, missing),
        kpi_score_text=score_text(card),
        system_count_note=system_count_note(rubric, lang),
        lowered=lowered_text(rubric, card, lang),
        capped=capped,
        grades=grade_words_of(rubric, card, lang),
        reach=reach_view(words, card, len(capped), submitted)
        if self_assessed and not words.awaiting_review
        else None,
    )


def _awaiting(words: GateWords, *gate_lists: Sequence[Gate]) -> tuple[str, ...]:
    """Word the next star's conditions not judged yet, each once (binding ones first)."""
    texts = [words.gate(g).text for gates in gate_lists for g in gates if words.awaits(g)]
    return tuple(dict.fromkeys(texts))


def _sections_chart(
    card: Scorecard, lang: str, self_assessed: bool, medians: dict[str, Decimal]
) -> RadarChart:
    """Chart the section scores, with the group's median dashed where it has one."""
    series = [
        RadarSeries(
            pgettext("chart series", "自评") if self_assessed else _("最终"),
            tuple(s.score for s in card.sections),
        )
    ]
    if any(s.section_id in medians for s in card.sections):
        series.append(
            RadarSeries(
                _("同组中位数"),
                tuple(medians.get(s.section_id) for s in card.sections),
                dashed=True,
            )
        )
    return RadarChart(
        title=_("各板块得分雷达图"),
        description=_("各板块得分（满分 100）。"),
        axes=tuple(s.title.get(lang) for s in card.sections),
        series=tuple(series),
        missing_text=_("不适用"),
        codes=tuple(s.section_id for s in card.sections),
    )


def _capped_items(rubric: Rubric, card: Scorecard, lang: str) -> tuple[CappedItem, ...]:
    """Return the items counted lower for want of evidence (none of them has a file)."""
    flagged = {
        i.item_id
        for s in card.sections
        for e in s.elements
        for i in e.items
        if any(f.kind in _CAPPED for f in i.flags)
    }
    return tuple(
        CappedItem(item.id, section.id, item.prompt.get(lang))
        for section, _e, item in rubric.iter_items()
        if item.id in flagged
    )


def _rubric_labels(rubric: Rubric) -> dict[tuple[str, str], Text]:
    """Return the rubric's current band and component labels and KPI names, by kind and id."""
    scheme = rubric.rating
    labels = {("band", str(b.stars)): b.label for b in scheme.bands}
    labels.update({("component", c.id): c.label for c in scheme.components})
    labels.update({("kpi", k.id): k.name for k in rubric.kpis})
    return labels


def _self_cap(card: Scorecard, awaiting_review: bool = False) -> str | None:
    """Say so when the next star needs a peer review, which a self-assessment cannot have."""
    rating = card.rating
    held = any(g.kind is GateKind.PEER_REVIEWED for g in rating.binding)
    if not rating.rated or rating.next_stars is None or not held:
        return None
    if awaiting_review:
        return _("%(next)s 星及以上须经同行评审：待同行评审完成后评定。", next=rating.next_stars)
    return _(
        "自评星级上限为 %(stars)s 星：%(next)s 星及以上须经同行评审。",
        stars=rating.next_stars - 1,
        next=rating.next_stars,
    )


def _step(rubric: Rubric, card: Scorecard, step: PathStep, lang: str) -> StepView:
    section_of = {item.id: section.id for section, _e, item in rubric.iter_items()}
    item = rubric.item_index()[step.item_id]
    scored = card.item(step.item_id)
    yes_no = item.kind is ItemKind.YES_NO
    return StepView(
        item_id=step.item_id,
        section_id=section_of[step.item_id],
        prompt=item.prompt.get(lang),
        from_level=_level_text(step.from_level, yes_no),
        to_level=_level_text(step.to_level, yes_no),
        with_evidence=step.with_evidence,
        number=None if step.number is None else number_text(step.number),
        hint=None if step.hint is None else step.hint.get(lang),
        counted=_counted_text(scored, yes_no),
    )


def _evidence_first(steps: Iterable[StepView]) -> tuple[StepView, ...]:
    """Put first the steps that only want evidence: answered higher, counted lower (QA63 p2).

    A first-year company read 66 items to raise from 2 to 4 while its 7 items lacking
    evidence, the cheapest step, were somewhere in the list. Otherwise the path's order.
    """
    return tuple(sorted(steps, key=lambda step: step.counted is None))


def _level_text(level: int, yes_no: bool) -> str:
    """Word a level; a yes/no item is answered yes (1) or no (0), not at a level."""
    if yes_no:
        return _("是") if level else _("否")
    return str(level)


# Why an item counts below the level answered (scoring.items' evidence rule).
_CAPPED = {
    FlagKind.EVIDENCE_CAP: N_("自评 %(claimed)s 级，因无证据按 %(counted)s 级计"),
    FlagKind.FILE_CAP: N_("自评 %(claimed)s 级，因未上传证据文件按 %(counted)s 级计"),
}
_CAPPED_YES_NO = {
    FlagKind.EVIDENCE_CAP: N_("自评为“是”，因无证据按“否”计"),
    FlagKind.FILE_CAP: N_("自评为“是”，因未上传证据文件按“否”计"),
}


def _counted_text(scored: ItemScore, yes_no: bool = False) -> str | None:
    cap = next((f.kind for f in scored.flags if f.kind in _CAPPED), None)
    if cap is None or scored.claimed_level is None or scored.effective_level is None:
        return None
    if yes_no:
        return _(_CAPPED_YES_NO[cap])
    return _(_CAPPED[cap], claimed=scored.claimed_level, counted=scored.effective_level)


def _kpi_row(
    kpi: KpiValue, name: Text, unit: str, lang: str, primary: Basis | None, places: int
) -> KpiRow:
    """Every KPI's value in the value column, in its unit; a rate's in its first basis.

    A rate per hours worked shows its value per its first basis under that unit (起/百万工时,
    as the benchmarks and earlier years show it), and each basis again in its own column.
    The value column was empty for rates beside a unit of "cases" (qa14 S10).
    """
    if kpi.status is KpiStatus.NOT_COMPUTABLE:
        shown = _("无法计算（分母为 0）")
    elif kpi.status is KpiStatus.NOT_REPORTED or kpi.value is None:
        shown = _("未报送")
    else:
        figures = {b.basis: b.value for b in kpi.by_basis}
        value = figures.get(primary, kpi.value) if primary else kpi.value
        # a total drops a decimal it does not need: 154,560 tce, not 154,560.0
        shown = kpi_text(value, figures_places(places, (value,)))
    return KpiRow(
        kpi_id=kpi.kpi_id,
        name=name.get(lang),
        unit=unit,
        core=kpi.core,
        reported=kpi.status is KpiStatus.REPORTED,
        value=shown,
        by_basis={b.basis: kpi_text(b.value, places) for b in kpi.by_basis},
    )
