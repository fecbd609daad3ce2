"""What the section and KPI pages say about an item and a KPI input that report one figure.

The rubric's `same_figure_as` ties them (scoring.same_figures); where both are filled
and differ, the pages name both values and submitting is refused until they agree; where
one is empty, the other's value is offered (qa64 M1).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import flash

from rcapp.assessments import queries
from rcapp.assessments.computed_kpis import typed_inputs
from rcapp.assessments.models import Assessment
from rcapp.figures import figure_text
from rcapp.i18n import gettext as _
from rcapp.rubrics.input_codes import input_codes
from rcapp.rubrics.model import Rubric
from rcapp.scoring.same_figures import SameFigure, same_figure_pairs, same_figures

__all__ = ["FigureNote", "figure_notes", "warn_differing_figures"]


@dataclass(frozen=True)
class FigureNote:
    """One pair to say something about: the text, and where each figure is typed."""

    pair: SameFigure
    section_id: str
    code: str  # the KPI input's code as users know it (PK-SR-01)
    text: str

    @property
    def differ(self) -> bool:
        return self.pair.differ


def figure_notes(
    assessment: Assessment, rubric: Rubric, section_id: str | None = None
) -> list[FigureNote]:
    """Return the notes of the assessment's pairs (of one section, or all), stored values."""
    sections = {item.id: section.id for section, _e, item in rubric.iter_items()}
    items = [
        item.id
        for item in same_figure_pairs(rubric)
        if section_id is None or sections[item.id] == section_id
    ]
    if not items:
        return []
    stored = queries.answers_of_items(assessment, items)
    values = {item_id: row.value for item_id, row in stored.items() if not row.is_na}
    codes = input_codes(rubric)
    notes = []
    for pair in same_figures(rubric, values, typed_inputs(assessment)):
        if pair.item_id in items:
            code = codes.get(pair.input_id, pair.input_id)
            notes.append(FigureNote(pair, sections[pair.item_id], code, _note_text(pair, code)))
    return notes


def _note_text(pair: SameFigure, code: str) -> str:
    if pair.differ:
        return _(
            "评价项 %(id)s 填报 %(item)s，KPI 数据 %(code)s 填报 %(kpi)s，但两处报告的是同一数值："
            "请改正其中一处，使两者一致；不一致时不能提交。",
            id=pair.item_id,
            item=figure_text(pair.item_value),
            code=code,
            kpi=figure_text(pair.input_value),
        )
    if pair.item_missing:
        return _(
            "KPI 数据 %(code)s 已填报 %(kpi)s；评价项 %(id)s 报告同一数值，可填入 %(kpi)s。",
            id=pair.item_id,
            code=code,
            kpi=figure_text(pair.input_value),
        )
    return _(
        "评价项 %(id)s 已填报 %(item)s；KPI 数据 %(code)s 报告同一数值，可填入 %(item)s。",
        id=pair.item_id,
        item=figure_text(pair.item_value),
        code=code,
    )


def warn_differing_figures(
    assessment: Assessment, rubric: Rubric, section_id: str | None = None
) -> None:
    """At save: say which pairs (of the section saved, or all) now differ; the page says how."""
    for note in figure_notes(assessment, rubric, section_id):
        if note.differ:
            flash(
                _(
                    "已保存，但评价项 %(id)s 与 KPI 数据 %(code)s 的数值不一致，"
                    "见本页“同一数值，两处填报”。",
                    id=note.pair.item_id,
                    code=note.code,
                ),
                "warning",
            )
