"""Checks of the version-2 scheme rules (docs/rubric-format.md section 9).

Consistency rules, forbidden section N/A, intensities, blank texts and weights that leave
nothing to score.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from rcapp.rubrics.blank import is_blank
from rcapp.rubrics.findings import Check, Finding, LineLookup, Loc, suggestion
from rcapp.rubrics.formula import FormulaError, parse_formula
from rcapp.rubrics.model import Rubric, Text


def _consistency(rubric: Rubric, lines: LineLookup) -> Iterator[Finding]:
    inputs = {kpi_input.id for kpi_input in rubric.kpi_inputs}
    types = {event_type.id for event_type in rubric.event_types}
    for r, rule in enumerate(rubric.rating.consistency):
        loc: Loc = ("rating", "consistency", r)
        for i, name in enumerate(rule.kpi_inputs):
            if name not in inputs:
                hint = suggestion(name, inputs)
                yield Finding((*loc, "kpi_inputs", i), f"unknown KPI input '{name}'{hint}")
        for i, name in enumerate(rule.event_types):
            if name not in types:
                hint = suggestion(name, types)
                yield Finding((*loc, "event_types", i), f"unknown event type '{name}'{hint}")


def _section_na(rubric: Rubric, lines: LineLookup) -> Iterator[Finding]:
    """Sections the scheme says every organisation has may not allow N/A."""
    sections = {section.id: s for s, section in enumerate(rubric.sections)}
    for i, section_id in enumerate(rubric.rating.na_forbidden_sections):
        index = sections.get(section_id)
        if index is None:
            hint = suggestion(section_id, sections)
            where: Loc = ("rating", "na_forbidden_sections", i)
            yield Finding(where, f"unknown section '{section_id}'{hint}")
        elif rubric.sections[index].na_allowed:
            yield Finding(
                ("sections", index, "na_allowed"),
                f"section '{section_id}' may not be declared N/A: the rating scheme lists it "
                "in na_forbidden_sections",
            )


def _intensities(rubric: Rubric, lines: LineLookup) -> Iterator[Finding]:
    if not rubric.rating.kpi_performance.intensities_only:
        return
    for k, kpi in enumerate(rubric.kpis):
        try:
            divides = parse_formula(kpi.formula).divides
        except FormulaError:
            continue  # reported by _kpi_formulas
        if kpi.core and not divides:
            yield Finding(
                ("kpis", k, "core"),
                f"core KPI '{kpi.id}' is an absolute figure: with intensities_only every core "
                "KPI must divide (per tonne, per hours worked, per output value)",
            )


def _blank_texts(rubric: Rubric, lines: LineLookup) -> Iterator[Finding]:
    # A text of blanks or invisible characters passes min_length but says nothing.
    for loc, text in _texts(rubric, ()):
        for lang in ("zh", "en"):
            if is_blank(getattr(text, lang)):
                yield Finding((*loc, lang), "is only blanks or invisible characters")


def _texts(value: object, loc: Loc) -> Iterator[tuple[Loc, Text]]:
    if isinstance(value, Text):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), (*loc, name))
    elif isinstance(value, tuple):
        for index, entry in enumerate(value):
            yield from _texts(entry, (*loc, index))


def _zero_weights(rubric: Rubric, lines: LineLookup) -> Iterator[Finding]:
    """All items, or all sections, at weight 0 leave nothing to score."""
    if all(section.weight == 0 for section in rubric.sections):
        yield Finding(("sections",), "every section has weight 0: nothing would be scored")
    if all(item.weight == 0 for _, _, item in rubric.iter_items()):
        yield Finding(("sections",), "every item has weight 0: nothing would be scored")
    for s, section in enumerate(rubric.sections):
        if section.weight > 0 and all(element.weight == 0 for element in section.elements):
            yield Finding(
                ("sections", s, "elements"),
                f"every element of section '{section.id}' has weight 0, but the section has weight",
            )


SCHEME_CHECKS: tuple[Check, ...] = (
    _consistency,
    _section_na,
    _intensities,
    _blank_texts,
    _zero_weights,
)
