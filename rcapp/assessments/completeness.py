"""What is still missing before an assessment can be submitted, and progress per section.

Pure: reads anything shaped like an Answer row (item id → level/value/N/A), no database.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from rcapp.rubrics.formula import parse_formula
from rcapp.rubrics.model import Item, ItemKind, KpiInput, Rubric, Section, Text


class AnswerLike(Protocol):
    @property
    def level(self) -> int | None: ...
    @property
    def value(self) -> Decimal | None: ...
    @property
    def is_na(self) -> bool: ...
    @property
    def na_reason(self) -> str | None: ...


@dataclass(frozen=True)
class Missing:
    """One thing to do before submitting; `section_id` places it on a page."""

    kind: str  # "item", "prerequisite" or "kpi_input"
    subject_id: str
    label: Text
    section_id: str | None = None


@dataclass(frozen=True)
class SectionProgress:
    section: Section
    done: int
    total: int
    is_na: bool

    @property
    def percent(self) -> int:
        return 100 if self.total == 0 else self.done * 100 // self.total


def is_na_declared(answer: AnswerLike | None) -> bool:
    return answer is not None and answer.is_na and bool((answer.na_reason or "").strip())


def is_answered(item: Item, answer: AnswerLike | None) -> bool:
    if answer is None:
        return False
    if is_na_declared(answer):
        return True
    if item.kind is ItemKind.NUMBER:
        return answer.value is not None
    return answer.level is not None


def section_is_na(section: Section, answers: Mapping[str, AnswerLike]) -> bool:
    return section.na_allowed and is_na_declared(answers.get(section.id))


def core_kpi_inputs(rubric: Rubric) -> list[KpiInput]:
    """Return the KPI inputs the core KPIs' formulas need, in rubric order."""
    needed = {name for kpi in rubric.kpis if kpi.core for name in parse_formula(kpi.formula).names}
    return [kpi_input for kpi_input in rubric.kpi_inputs if kpi_input.id in needed]


def section_progress(rubric: Rubric, answers: Mapping[str, AnswerLike]) -> list[SectionProgress]:
    progress = []
    for section in rubric.sections:
        items = [item for element in section.elements for item in element.items]
        na = section_is_na(section, answers)
        done = len(items) if na else sum(is_answered(i, answers.get(i.id)) for i in items)
        progress.append(SectionProgress(section, done, len(items), na))
    return progress


def missing_parts(
    rubric: Rubric, answers: Mapping[str, AnswerLike], kpi_inputs: Collection[str]
) -> list[Missing]:
    """Every unanswered item, unanswered prerequisite and missing core KPI input."""
    missing = [
        Missing("item", item.id, item.prompt, section.id)
        for section in rubric.sections
        if not section_is_na(section, answers)
        for element in section.elements
        for item in element.items
        if not is_answered(item, answers.get(item.id))
    ]
    missing.extend(
        Missing("prerequisite", p.id, p.prompt)
        for p in rubric.prerequisites
        if (answer := answers.get(p.id)) is None or answer.level is None
    )
    missing.extend(
        Missing("kpi_input", k.id, k.label)
        for k in core_kpi_inputs(rubric)
        if k.id not in kpi_inputs
    )
    return missing
