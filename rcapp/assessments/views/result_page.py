"""The result page's data: a scorecard put into words and rows in the chosen language.

The engine's reasons are English sentences for logs; every gate also carries its kind,
subject and numbers, so the page words it here (Chinese msgids, English catalogue).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from rcapp.assessments.messages import _, number_text
from rcapp.assessments.models import SnapshotKind
from rcapp.assessments.results import DataQuality, data_quality
from rcapp.assessments.snapshots import ShownScorecard
from rcapp.assessments.views import data_problems as problems
from rcapp.charts.radar import ChartTable, RadarChart, RadarSeries, radar_svg, radar_table
from rcapp.object_cache import PerObject
from rcapp.rubrics.model import Basis, KpiThreshold, Rubric
from rcapp.scoring import Gate, KpiStatus, KpiValue, PathStep, Scorecard

BASIS_ORDER = (Basis.PER_1M_HOURS, Basis.PER_200K_HOURS)


@dataclass(frozen=True)
class GateView:
    passed: bool
    text: str


@dataclass(frozen=True)
class BandView:
    stars: int
    label: str
    passed: bool
    gates: tuple[GateView, ...]


@dataclass(frozen=True)
class StepView:
    item_id: str
    section_id: str
    prompt: str
    from_level: int
    to_level: int
    with_evidence: bool
    number: str | None
    hint: str | None


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
class ResultPage:
    card: Scorecard
    shown: ShownScorecard
    self_assessed: bool
    quality: DataQuality
    radar_svg: Markup
    radar_table: ChartTable
    bands: tuple[BandView, ...]
    why_not: tuple[str, ...]
    steps: tuple[StepView, ...]
    path_reachable: bool
    blockers: tuple[str, ...]
    kpis: tuple[KpiRow, ...]
    bases: tuple[Basis, ...]
    data_problems: tuple[str, ...] = ()
    targets: tuple[problems.TargetView, ...] = ()

    @property
    def published(self) -> bool:
        """A closed year's frozen self-assessed result: published as it is, not provisional."""
        return self.self_assessed and self.shown.kind is SnapshotKind.FROZEN


# Result pages of kept snapshots: the decode cache hands out one scorecard object per stored
# snapshot, so that object (with the language and how it is shown) names the page's content.
_pages: PerObject[Scorecard, ResultPage] = PerObject(size=256)


def shown_key(rubric: Rubric, shown: ShownScorecard, lang: str) -> Hashable:
    """Name what a kept snapshot's page depends on besides the scorecard object itself."""
    return (rubric.key, lang, shown.kind, shown.computed_at, shown.review)


def result_page(rubric: Rubric, shown: ShownScorecard, lang: str) -> ResultPage:
    """Return the page's data: built once per kept snapshot and language, afresh if live."""
    if shown.kind is None:  # scored from the current answers: a new scorecard every time
        return build_result_page(rubric, shown, lang)
    return _pages.get(
        shown.card, shown_key(rubric, shown, lang), lambda: build_result_page(rubric, shown, lang)
    )


def build_result_page(rubric: Rubric, shown: ShownScorecard, lang: str) -> ResultPage:
    card = shown.card
    words = GateWords(rubric, card, lang)
    self_assessed = shown.review.peer_reviewers == 0
    chart = RadarChart(
        title=_("各板块得分雷达图"),
        description=_("各板块得分（满分 100）。"),
        axes=tuple(s.title.get(lang) for s in card.sections),
        series=(
            RadarSeries(
                _("自评") if self_assessed else _("最终"),
                tuple(s.score for s in card.sections),
            ),
        ),
        missing_text=_("不适用"),
    )
    path = card.path
    return ResultPage(
        card=card,
        shown=shown,
        self_assessed=self_assessed,
        quality=data_quality(card),
        radar_svg=Markup(radar_svg(chart, id_prefix="sections-radar")),  # noqa: S704 - built by ElementTree, escaped
        radar_table=radar_table(chart, _("板块")),
        bands=tuple(
            BandView(b.stars, b.label.get(lang), b.passed, tuple(words.gate(g) for g in b.gates))
            for b in card.rating.bands
        ),
        why_not=tuple(words.gate(g).text for g in card.rating.binding),
        steps=() if path is None else tuple(_step(rubric, s, lang) for s in path.steps),
        path_reachable=path is not None and path.reachable,
        blockers=() if path is None else tuple(words.gate(g).text for g in path.blockers),
        kpis=tuple(_kpi_row(k, lang) for k in card.kpis),
        bases=tuple(b for b in BASIS_ORDER if any(k.bases and b in k.bases for k in rubric.kpis)),
        data_problems=problems.problem_texts(rubric, card, lang),
        targets=problems.target_views(rubric, card, lang),
    )


def _step(rubric: Rubric, step: PathStep, lang: str) -> StepView:
    section_of = {item.id: section.id for section, _e, item in rubric.iter_items()}
    item = rubric.item_index()[step.item_id]
    return StepView(
        item_id=step.item_id,
        section_id=section_of[step.item_id],
        prompt=item.prompt.get(lang),
        from_level=step.from_level,
        to_level=step.to_level,
        with_evidence=step.with_evidence,
        number=None if step.number is None else number_text(step.number),
        hint=None if step.hint is None else step.hint.get(lang),
    )


def _kpi_row(kpi: KpiValue, lang: str) -> KpiRow:
    """Rates per hours worked show in their basis columns; other KPIs in the value column."""
    if kpi.status is KpiStatus.NOT_COMPUTABLE:
        shown = _("无法计算（分母为 0）")
    elif kpi.status is KpiStatus.NOT_REPORTED or kpi.value is None:
        shown = _("未报送")
    else:
        shown = "" if kpi.by_basis else number_text(kpi.value)
    return KpiRow(
        kpi_id=kpi.kpi_id,
        name=kpi.name.get(lang),
        unit=kpi.unit.get(lang),
        core=kpi.core,
        reported=kpi.status is KpiStatus.REPORTED,
        value=shown,
        by_basis={b.basis: number_text(b.value) for b in kpi.by_basis},
    )


class GateWords:
    """Word each gate from its kind and numbers; fall back to the engine's reason."""

    def __init__(self, rubric: Rubric, card: Scorecard, lang: str) -> None:
        self.rubric, self.card, self.lang = rubric, card, lang

    def gate(self, gate: Gate) -> GateView:
        method = getattr(self, f"_{gate.kind.value}", None)
        text = method(gate) if method is not None else gate.reason
        return GateView(gate.passed, str(text))

    def _n(self, value: Decimal | None) -> str:
        return "—" if value is None else number_text(value)

    def _s(self, value: Decimal | None) -> str:
        """Scores show with one decimal, as everywhere else."""
        return "—" if value is None else f"{value:.1f}"

    def _overall(self, g: Gate) -> str:
        return _(
            "总分 %(actual)s（要求 ≥ %(required)s）",
            actual=self._s(g.actual),
            required=self._n(g.required),
        )

    def _section_floor(self, g: Gate) -> str:
        title = next(
            (s.title.get(self.lang) for s in self.rubric.sections if s.id == g.subject),
            g.subject or "",
        )
        return _(
            "%(section)s 得分 %(actual)s（要求 ≥ %(required)s）",
            section=title,
            actual=self._s(g.actual),
            required=self._n(g.required),
        )

    def _low_elements(self, below: Decimal) -> str:
        low = [
            f"{e.title.get(self.lang)} {self._s(e.score)}"
            for s in self.card.sections
            if s.score is not None
            for e in s.elements
            if e.score is not None and e.score < below
        ]
        return _("、").join(low)

    def _element_floor(self, g: Gate) -> str:
        if g.passed:
            return _(
                "每个要素得分 ≥ %(required)s（最低 %(actual)s）",
                required=self._n(g.required),
                actual=self._s(g.actual),
            )
        return _(
            "低于 %(required)s 分的要素：%(elements)s",
            required=self._n(g.required),
            elements=self._low_elements(g.required or Decimal(0)),
        )

    def _no_element_at_zero(self, g: Gate) -> str:
        if g.passed:
            return _("没有得分为 0 的要素")
        return _("得分为 0 的要素：%(elements)s", elements=self._low_elements(Decimal("0.1")))

    def _prerequisites_met(self, g: Gate) -> str:
        return _("全部前置条件均已满足") if g.passed else _("有前置条件未满足：未评定")

    def _all_sections_assessed(self, g: Gate) -> str:
        if g.passed:
            return _("全部评价项均已作答")
        return _("%(count)s 个评价项尚未作答", count=len(self.card.missing))

    def _kpis_reported(self, g: Gate) -> str:
        return _(
            "核心绩效指标连续报送 %(actual)s 年（要求 %(required)s 年）",
            actual=self._n(g.actual),
            required=self._n(g.required),
        )

    def _peer_reviewed(self, g: Gate) -> str:
        return _(
            "同行评审员 %(actual)s 名（要求至少 %(required)s 名）",
            actual=self._n(g.actual),
            required=self._n(g.required),
        )

    def _verified(self, g: Gate) -> str:
        return _("已经秘书处或第三方核实") if g.passed else _("尚未经秘书处或第三方核实")

    def _good_practice_case(self, g: Gate) -> str:
        return _("已发布良好实践案例") if g.passed else _("尚未发布良好实践案例")

    def _kpi_vs_group_median(self, g: Gate) -> str:
        # the gate names its KPIs as "OHS-03,PS-02": listed as the page's language lists
        kpis = _("、").join((g.subject or "").split(","))
        if g.passed:
            return _("指标 %(kpis)s 不差于工作组汇总中位数", kpis=kpis)
        return _("指标 %(kpis)s 未达到工作组汇总中位数", kpis=kpis)

    def _kpis_top_quartile(self, g: Gate) -> str:
        return _(
            "%(actual)s 项核心指标位于前四分之一（要求 %(required)s 项）",
            actual=self._n(g.actual),
            required=self._n(g.required),
        )

    def _kpi_threshold(self, g: Gate) -> str:
        label = next(
            (
                c.label.get(self.lang)
                for b in self.rubric.rating.bands
                for c in b.conditions
                if isinstance(c, KpiThreshold) and c.kpi == g.subject
            ),
            g.subject or "",
        )
        return _(
            "%(label)s：%(actual)s（要求 %(required)s）",
            label=label,
            actual=self._n(g.actual),
            required=self._n(g.required),
        )

    def _data_consistent(self, g: Gate) -> str:
        return problems.consistent_gate_text(g)

    def _targets_on_track(self, g: Gate) -> str:
        return problems.targets_gate_text(g)

    def _veto(self, g: Gate) -> str:
        title = next(
            (v.title.get(self.lang) for v in self.rubric.rating.vetoes if v.id == g.subject),
            g.subject or "",
        )
        if not g.required:
            return _("一票否决（%(title)s）：本周期不得星", title=title)
        return _("一票否决（%(title)s）：最多 %(stars)s 星", title=title, stars=self._n(g.required))
