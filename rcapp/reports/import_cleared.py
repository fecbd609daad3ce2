"""KPI values an import clears: a stored figure emptied by a blank cell is said, not silent.

An empty cell where a value is stored clears it, as emptying the field on the KPI page does.
The import's result names each value cleared (row, input, old value) and, for an input of a
core KPI, what it does to the star conditions: the KPI has no figure (not reported on the
KPI performance ladder), and a prerequisite checked against the core KPI data
(scoring.prerequisites) no longer counts as met, so the rating is 未评定 until it is filled in.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import ngettext

from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import kpi_values_by_input
from rcapp.figures import figure_text
from rcapp.reports.import_apply import planned_kpis
from rcapp.reports.import_messages import _
from rcapp.reports.importer import ImportPlan
from rcapp.rubrics.input_codes import input_codes
from rcapp.rubrics.model import Kpi, Prerequisite, PrerequisiteCheck, Rubric, Text
from rcapp.scoring.kpis import formula_names
from rcapp.scoring.prerequisites import check_of


@dataclass(frozen=True)
class ClearedValue:
    """A stored KPI input the import empties; `kpis`: the core KPIs whose formula reads it."""

    sheet: str
    row: int
    label: Text
    code: str
    old: Decimal
    kpis: tuple[Kpi, ...]
    prerequisites: tuple[Prerequisite, ...]  # checked against the core KPI data


def cleared_values(
    assessment: Assessment, rubric: Rubric, plan: ImportPlan, take_file: Collection[str]
) -> list[ClearedValue]:
    """List the stored values applying `plan` (with `take_file`) would clear, in file order.

    Called before applying: afterwards the stored values are gone.
    """
    stored = kpi_values_by_input(assessment)
    planned = planned_kpis(plan, take_file)
    codes = input_codes(rubric)
    checked = tuple(
        p for p in rubric.prerequisites if check_of(rubric, p) is PrerequisiteCheck.CORE_KPI_INPUTS
    )
    found = []
    for change in sorted(plan.changes, key=lambda c: (c.sheet, c.row)):
        subject = change.key.split(":", 1)[1]
        entry = planned.get(subject) if change.key in plan.kpis else None
        if entry is None or entry.value.strip() or subject not in stored:
            continue
        spec = next(i for i in rubric.kpi_inputs if i.id == subject)
        kpis = tuple(k for k in rubric.kpis if k.core and subject in formula_names(k))
        found.append(
            ClearedValue(
                change.sheet,
                change.row,
                spec.label,
                codes.get(subject, subject),
                stored[subject].value,
                kpis,
                checked if kpis else (),
            )
        )
    return found


@dataclass(frozen=True)
class Clears:
    """What a preview says of the values 确认导入 would clear: their rows, read 清空, and why."""

    rows: frozenset[tuple[str, int]] = frozenset()
    notes: tuple[str, ...] = ()


NO_CLEARS = Clears()


def previewed_clears(assessment: Assessment, rubric: Rubric, plan: ImportPlan, lang: str) -> Clears:
    """Say, before the user confirms, what the import clears with nothing ticked (qa62 2)."""
    cleared = cleared_values(assessment, rubric, plan, ())
    rows = frozenset((value.sheet, value.row) for value in cleared)
    return Clears(rows, tuple(cleared_texts(cleared, lang, applied=False)))


def cleared_texts(cleared: Sequence[ClearedValue], lang: str, applied: bool) -> list[str]:
    """Say each cleared value and, for a core KPI's input, what it does to the star conditions.

    One code path for the preview (`applied` false: "确认导入后将清空", before the user confirms,
    qa62 2) and the result ("已清空"). What clearing does to a core KPI or a prerequisite is
    said once, beside the first value cleared that causes it, not once per value.
    """
    said_kpis: set[str] = set()
    said_prerequisites: set[str] = set()
    texts = []
    for value in cleared:
        kpis = [kpi for kpi in value.kpis if kpi.id not in said_kpis]
        prerequisites = [p for p in value.prerequisites if p.id not in said_prerequisites]
        said_kpis.update(kpi.id for kpi in kpis)
        said_prerequisites.update(p.id for p in prerequisites)
        texts.append(_value_text(value, lang, applied) + _effects_text(kpis, prerequisites, lang))
    return texts


def _value_text(cleared: ClearedValue, lang: str, applied: bool) -> str:
    params = {
        "sheet": cleared.sheet,
        "row": cleared.row,
        "label": cleared.label.get(lang),
        "code": cleared.code,
        "old": figure_text(cleared.old),
    }
    if applied:
        return _(
            "工作表“%(sheet)s”第 %(row)s 行 %(label)s（%(code)s）：原为 %(old)s，"
            "文件中为空，已清空。",
            **params,
        )
    return _(
        "工作表“%(sheet)s”第 %(row)s 行 %(label)s（%(code)s）：现为 %(old)s，文件中为空，"
        "确认导入后将清空。",
        **params,
    )


def _effects_text(kpis: Sequence[Kpi], prerequisites: Sequence[Prerequisite], lang: str) -> str:
    if not kpis:
        return ""
    names = _("、").join(_("%(id)s“%(name)s”", id=kpi.id, name=kpi.name.get(lang)) for kpi in kpis)
    said = str(
        ngettext(
            "核心指标 %(kpis)s因此无法计算，在关键绩效指标得分中按未报送计（0 级）。",
            "核心指标 %(kpis)s因此无法计算，在关键绩效指标得分中按未报送计（0 级）。",
            len(kpis),
            kpis=names,
        )
    )
    for prerequisite in prerequisites:
        said += _(
            "前置条件 %(id)s（%(prompt)s）因核心指标数据缺项视为未满足，星级为“未评定”；"
            "补填该数值后恢复。",
            id=prerequisite.id,
            prompt=prerequisite.prompt.get(lang).strip().rstrip("。."),
        )
    return said
