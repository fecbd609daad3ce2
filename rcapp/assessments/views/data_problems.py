"""Data problems and own targets of a scorecard, worded for the pages (Chinese msgids).

The engine words them in English for logs and the command line; the pages word them here
from their kind and figures, and use the rubric's labels for event types and checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import ngettext

from rcapp.assessments import queries
from rcapp.assessments.messages import _, grade_text, number_text
from rcapp.assessments.models import Assessment, KpiTarget
from rcapp.assessments.results import compute_scorecard
from rcapp.figures import figure_text
from rcapp.rubrics.model import Rubric
from rcapp.scoring import DataProblem, DataProblemKind, Gate, Scorecard


@dataclass(frozen=True)
class TargetView:
    kpi_id: str
    name: str
    text: str
    on_track: bool
    incomparable: bool = False  # the base year defined the KPI otherwise: no progress
    unknown: bool = False  # a value is missing: progress cannot be judged, so not "behind"

    @property
    def uncounted(self) -> bool:
        """Not judged at all: not on track for the star conditions, yet not behind either."""
        return self.incomparable or self.unknown

    @property
    def state(self) -> str:
        if self.on_track:
            return _("按进度")
        return _("不计为按进度") if self.uncounted else _("落后于进度")


@dataclass(frozen=True)
class TargetCells:
    """A saved target's figures on the KPI page, from the result page's own progress."""

    base: str  # the base year's KPI value
    goal: str  # the value to reach, also when the target is a change in %
    view: TargetView


def target_cells(
    rubric: Rubric, card: Scorecard, targets: Iterable[KpiTarget], lang: str
) -> dict[int, TargetCells]:
    """Key the result page's target progress by saved target (qa71 m9): one computation."""
    found = {
        (p.kpi_id, p.base_year, p.deadline): TargetCells(
            figure_text(p.base), figure_text(p.target), view
        )
        for p, view in zip(card.targets, target_views(rubric, card, lang), strict=True)
    }
    cells = {t.id: found.get((t.kpi_id, t.base_year, t.deadline)) for t in targets}
    return {target_id: cell for target_id, cell in cells.items() if cell is not None}


def problem_texts(rubric: Rubric, card: Scorecard, lang: str) -> tuple[str, ...]:
    return tuple(problem_text(rubric, problem, lang) for problem in card.data_problems)


def problem_text(rubric: Rubric, problem: DataProblem, lang: str) -> str:
    types = {t.id: t.label.get(lang) for t in rubric.event_types}
    kind = types.get(problem.subject, problem.subject)
    day = "" if problem.event_date is None else problem.event_date.isoformat()
    if problem.kind is DataProblemKind.GRADE_BELOW_FIGURES:
        entered = grade_text(problem.entered) if problem.entered else _("未填")
        derived = grade_text(problem.derived or "")
        return _(
            "%(date)s 的%(kind)s：填报等级为“%(entered)s”，但按死亡、重伤人数和直接经济损失，"
            "国务院令第493号定为“%(derived)s”事故；按较高的“%(derived)s”计。",
            date=day,
            kind=kind,
            entered=entered,
            derived=derived,
        )
    if problem.kind is DataProblemKind.KPI_REGISTER_MISMATCH:
        label = problem.label.get(lang) if problem.label is not None else problem.subject
        return _(
            # The check's label ends the sentence: labels have a colon of their own
            # ("一级工艺安全事件：KPI数据与事件登记"), and two in a row read badly (qa18 S12).
            "KPI数据为 %(kpi)s，本年度事件登记为 %(register)s，两者不一致（%(label)s）。",
            label=label,
            kpi=figure_text(problem.kpi_total),
            register=figure_text(problem.register_total),
        )
    return _("%(date)s 的%(kind)s晚于评价日期，不计入一票否决；请核对日期。", date=day, kind=kind)


def target_views(rubric: Rubric, card: Scorecard, lang: str) -> tuple[TargetView, ...]:
    names = {kpi.id: kpi.name.get(lang) for kpi in rubric.kpis}
    views = []
    for target in card.targets:
        if target.base_incomparable:
            text = _(
                "基准年口径不同，无法计算进度：%(base_year)s 年度的评价细则对此指标的定义"
                "（公式或单位）与本年度不同。请修改基准年或删除此目标。",
                base_year=target.base_year,
            )
        elif target.current is None or target.base is None:
            text = _("缺少基准年或本年度数据，无法判断进度")
        else:
            figures = {
                "base_year": target.base_year,
                "base": figure_text(target.base),
                "target": figure_text(target.target),
                "deadline": target.deadline,
                "current": figure_text(target.current),
                "expected": number_text(target.expected_pct),
            }
            if target.achieved_pct is not None and target.achieved_pct < 0:
                # Negative progress: the KPI moves away from the target; no "-20% done".
                text = _(
                    "基准年 %(base_year)s：%(base)s；目标 %(target)s（%(deadline)s 年）；"
                    "本年度 %(current)s，正在远离目标；时间进度 %(expected)s%%",
                    **figures,
                )
            else:
                achieved = target.achieved_pct
                text = _(
                    "基准年 %(base_year)s：%(base)s；目标 %(target)s（%(deadline)s 年）；"
                    # "时间进度": the share of the time to the deadline gone ("期限已过" read
                    # as "the deadline has passed", qa48); no "—%" when unknown.
                    "本年度 %(current)s；已完成 %(achieved)s，时间进度 %(expected)s%%",
                    achieved="—" if achieved is None else f"{number_text(achieved)}%",
                    **figures,
                )
        name = names.get(target.kpi_id, target.kpi_id)
        unknown = not target.base_incomparable and (target.current is None or target.base is None)
        views.append(
            TargetView(
                target.kpi_id, name, text, target.on_track, target.base_incomparable, unknown
            )
        )
    return tuple(views)


def consistent_gate_text(gate: Gate) -> str:
    if gate.passed:
        return _("KPI数据、事件登记和事故等级一致")
    count = int(gate.actual or 0)
    return str(
        ngettext(
            "有 %(num)d 个数据问题待解决（KPI数据与事件登记或事故等级不一致）",
            "有 %(num)d 个数据问题待解决（KPI数据与事件登记或事故等级不一致）",
            count,
        )
    )


def targets_gate_text(gate: Gate) -> str:
    return _(
        "自定目标：%(actual)s 个按进度推进（要求至少 %(required)s 个，且全部按进度）",
        actual=number_text(gate.actual) if gate.actual is not None else "0",
        required=number_text(gate.required) if gate.required is not None else "1",
    )


@dataclass(frozen=True)
class DataPanel:
    """What the KPI and events pages show above their forms: problems and computed inputs."""

    problems: tuple[str, ...]
    computed: tuple[str, ...]
    card: Scorecard | None = None  # the live scorecard the problems come from


def data_panel(
    assessment: Assessment, rubric: Rubric, lang: str, *, with_computed: bool = True
) -> DataPanel:
    """Live data problems of the stored answers, and the KPI inputs rcapp computes itself.

    The note on a computed input is about a KPI field: the KPI page shows it, the events
    page (`with_computed=False`) does not (qa22 S1).
    """
    card = compute_scorecard(assessment, rubric)
    if not with_computed:
        return DataPanel(problem_texts(rubric, card, lang), (), card)
    labels = {i.id: i.label.get(lang) for i in rubric.kpi_inputs}
    computed = tuple(
        _(
            "“%(label)s”无需填写：按入园企业在本系统中的评价结果统计，目前为 %(value)s；"
            "填写的数值不计入。",
            label=labels.get(input_id, input_id),
            value=figure_text(value),
        )
        for input_id, value in queries.computed_kpi_inputs(assessment, rubric).items()
    )
    return DataPanel(problem_texts(rubric, card, lang), computed, card)
