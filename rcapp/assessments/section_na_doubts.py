"""A section declared not applicable while the organisation's own KPI data say otherwise.

A warning, not a refusal: the N/A stands (the reviewer rules on it), but the user who ticks
it, and anyone reading the result, is told which of the organisation's own figures speak
against it (rubrics.section_kpis says which inputs belong to which code of practice).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from rcapp.assessments.messages import _
from rcapp.figures import figure_text
from rcapp.rubrics.model import Rubric
from rcapp.rubrics.section_kpis import section_kpi_inputs


def section_na_doubt(
    rubric: Rubric, section_id: str, values: Mapping[str, Decimal], lang: str
) -> str | None:
    """Say which reported figures contradict `section_id`'s N/A, None when none do."""
    reported = [
        (kpi_input.label.get(lang), values[kpi_input.id])
        for kpi_input in section_kpi_inputs(rubric, section_id)
        if values.get(kpi_input.id, 0) > 0
    ]
    if not reported:
        return None
    section = next(s for s in rubric.sections if s.id == section_id)
    figures = _("、").join(
        _("“%(label)s”为 %(value)s", label=label, value=figure_text(value))
        for label, value in reported
    )
    return _(
        "%(section)s（%(id)s）声明整体不适用，但本单位的 KPI 数据中%(figures)s，"
        "与不适用的声明不符：请核对。",
        section=section.title.get(lang),
        id=section_id,
        figures=figures,
    )


def section_na_doubts(
    rubric: Rubric, na_sections: Iterable[str], values: Mapping[str, Decimal], lang: str
) -> dict[str, str]:
    """Return the doubt about each section declared N/A, by section id (only those doubted)."""
    found = {s: section_na_doubt(rubric, s, values, lang) for s in na_sections}
    return {section_id: text for section_id, text in found.items() if text is not None}
