"""Turn an example answers file into what the assessment services take: typed inputs per page.

The example files (examples/*.yaml) are read with the same reader as `rcapp score`, so a
file that scores on the command line fills a demo assessment item for item.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rcapp.assessments.validation import ItemInput, KpiEntry
from rcapp.rubrics.model import ItemKind, Rubric
from rcapp.scorecards.answers import read_answers
from rcapp.scorecards.source import read_source
from rcapp.scoring import Answer
from rcapp.scoring.prerequisites import check_of

EVIDENCE_SEPARATOR = "；"


@dataclass(frozen=True)
class DemoAnswers:
    """One example file as form input: section → item → typed answer, and the rest."""

    year: int
    sections: Mapping[str, Mapping[str, ItemInput]]
    section_na: Mapping[str, ItemInput]
    prerequisites: Mapping[str, ItemInput]
    kpi_inputs: Mapping[str, KpiEntry]
    kpi_history: Mapping[int, Mapping[str, KpiEntry]] = field(default_factory=dict)
    files: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # item → uploads

    def kpi_inputs_of(self, year: int) -> Mapping[str, KpiEntry]:
        """Return the KPI inputs of the file's own year, else its history for `year`, or none."""
        return self.kpi_inputs if year == self.year else self.kpi_history.get(year, {})


def load_example(path: Path, rubric: Rubric) -> DemoAnswers:
    """Read `path` against `rubric`; AnswersFileError lists every problem if it does not fit."""
    read = read_answers(read_source(path), rubric).inputs
    sections = {
        section.id: {
            item.id: typed_answer(read.answers[item.id])
            for element in section.elements
            for item in element.items
            if item.id in read.answers
        }
        for section in rubric.sections
    }
    return DemoAnswers(
        year=read.year,
        sections=sections,
        section_na={
            section_id: ItemInput(is_na=True, na_reason=reason)
            for section_id, reason in read.na_sections.items()
        },
        prerequisites={
            p.id: ItemInput(level="1" if p.id in read.prerequisites_met else "0")
            for p in rubric.prerequisites
        },
        kpi_inputs=_entries(read.kpi_inputs),
        kpi_history={year: _entries(values) for year, values in read.kpi_history.items()},
        files={
            **{item_id: answer.files for item_id, answer in read.answers.items() if answer.files},
            # a prerequisite declared met is backed by a document, or submitting is refused
            # (completeness.unfiled_prerequisites): one placeholder scan each
            **{
                p.id: (f"前置条件{p.id}证明材料",)
                for p in rubric.prerequisites
                if p.id in read.prerequisites_met and check_of(rubric, p) is None
            },
        },
    )


def typed_answer(answer: Answer) -> ItemInput:
    """Write an engine answer as a person would type it into the section form."""
    note = EVIDENCE_SEPARATOR.join(answer.evidence)
    if answer.is_na:
        return ItemInput(
            is_na=True,
            na_reason=answer.na_reason or "",
            evidence_note=note,
            comment=answer.comment,
        )
    number = None if answer.number is None else _plain(answer.number)
    level = None if answer.level is None else str(answer.level)
    return ItemInput(level=level, value=number, evidence_note=note, comment=answer.comment)


def shifted(answers: DemoAnswers, rubric: Rubric, shift: int, every: int) -> DemoAnswers:
    """Move every `every`-th maturity level by `shift`, clipped to 0..max_level."""
    if shift == 0:
        return answers
    items = rubric.item_index()
    sections: dict[str, dict[str, ItemInput]] = {}
    position = 0
    for section_id, typed in answers.sections.items():
        sections[section_id] = {}
        for item_id, answer in typed.items():
            item = items[item_id]
            if item.kind is ItemKind.MATURITY and answer.level is not None:
                position += 1
                if position % every == 0:
                    moved = min(max(int(answer.level) + shift, 0), item.max_level)
                    answer = dataclasses.replace(answer, level=str(moved))
            sections[section_id][item_id] = answer
    return dataclasses.replace(answers, sections=sections)


def _entries(values: Mapping[str, Decimal]) -> dict[str, KpiEntry]:
    return {input_id: KpiEntry(value=_plain(value)) for input_id, value in values.items()}


def _plain(number: Decimal) -> str:
    """Write a number without exponent, as typed ("2300000", not "2.3E+6")."""
    return format(number, "f")
