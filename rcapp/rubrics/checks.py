"""Semantic checks on a validated rubric: rules that tie one part of the file to another.

pydantic checks each part of a rubric on its own; the checks here look across parts
(an id used twice, a formula naming an input that does not exist, weights that do not
add up). Each check yields Findings that carry the location (`loc`, the same key and
index path pydantic uses) of the offending value, so the loader can report its line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Protocol

from rcapp.rubrics.findings import Check, Finding, LineLookup, Loc, suggestion
from rcapp.rubrics.formula import FormulaError, parse_formula
from rcapp.rubrics.grade_checks import GRADE_CHECKS
from rcapp.rubrics.kpi_categories import KPI_CATEGORY_NAMES
from rcapp.rubrics.model import (
    Aggregation,
    ComponentSource,
    Direction,
    Item,
    ItemKind,
    KpisReported,
    KpisTopQuartile,
    KpiThreshold,
    KpiVsGroupMedian,
    Rubric,
)
from rcapp.rubrics.scheme_checks import SCHEME_CHECKS

__all__ = ["Check", "Finding", "LineLookup", "Loc", "check_rubric", "suggestion"]


def check_rubric(rubric: Rubric, lines: LineLookup) -> list[Finding]:
    """Run every semantic check; `lines` lets a message point at an earlier occurrence."""
    return [finding for check in _CHECKS for finding in check(rubric, lines)]


def _id_groups(rubric: Rubric) -> Iterator[tuple[str, list[tuple[Loc, str]]]]:
    """Yield (what, [(loc of the id, id)]) for every family of ids that must be unique."""
    yield "section", _ids("sections", rubric.sections)
    yield (
        "element",
        [
            entry
            for s, sec in enumerate(rubric.sections)
            for entry in _ids(("sections", s, "elements"), sec.elements)
        ],
    )
    yield "item", [(loc + ("id",), item.id) for loc, item in _items_with_loc(rubric)]
    yield "prerequisite", _ids("prerequisites", rubric.prerequisites)
    yield "KPI input", _ids("kpi_inputs", rubric.kpi_inputs)
    yield "KPI", _ids("kpis", rubric.kpis)
    yield "event type", _ids("event_types", rubric.event_types)
    yield "rating component", _ids(("rating", "components"), rubric.rating.components)
    yield "veto rule", _ids(("rating", "vetoes"), rubric.rating.vetoes)


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


def _ids(key: str | Loc, entries: Iterable[_HasId]) -> list[tuple[Loc, str]]:
    base: Loc = (key,) if isinstance(key, str) else key
    return [((*base, index, "id"), entry.id) for index, entry in enumerate(entries)]


def _duplicate_ids(rubric: Rubric, lines: LineLookup) -> Iterator[Finding]:
    for what, entries in _id_groups(rubric):
        first: dict[str, Loc] = {}
        for loc, value in entries:
            if value in first:
                where = _line_note(lines, first[value])
                yield Finding(loc, f"duplicate {what} id '{value}'{where}")
            else:
                first[value] = loc


def _answer_key_clashes(rubric: Rubric, lines: LineLookup) -> Iterator[Finding]:
    """Sections, items and prerequisites share one answer key space in stored assessments."""
    groups = dict(_id_groups(rubric))
    first: dict[str, tuple[str, Loc]] = {}
    for what in ("section", "item", "prerequisite"):
        for loc, value in groups[what]:
            if value in first and first[value][0] != what:
                other, other_loc = first[value]
                where = _line_note(lines, other_loc)
                yield Finding(
                    loc, f"{what} id '{value}' is also {_article(other)} {other} id{where}"
                )
            first.setdefault(value, (what, loc))


def _article(noun: str) -> str:
    return "an" if noun[0] in "aeiou" else "a"


def _line_note(lines: LineLookup, loc: Loc) -> str:
    line = lines.line_for(loc)
    return f" (first used at line {line})" if line is not None else ""


# --- Items ----------------------------------------------------------------------------------


def _items_with_loc(rubric: Rubric) -> Iterator[tuple[Loc, Item]]:
    for s, section in enumerate(rubric.sections):
        for e, element in enumerate(section.elements):
            for i, item in enumerate(element.items):
                yield ("sections", s, "elements", e, "items", i), item


def _item_rules(rubric: Rubric, lines: LineLookup) -> Iterator[Finding]:
    for loc, item in _items_with_loc(rubric):
        if item.evidence is not None and item.evidence.from_level > item.max_level:
            yield Finding(
                (*loc, "evidence", "from_level"),
                f"from_level {item.evidence.from_level} is above this item's highest level "
                f"{item.max_level}",
            )
        if item.kind is ItemKind.NUMBER and item.bands:
            yield from _number_bands(item, loc)
    yield from same_figure_findings(rubric)


def same_figure_findings(rubric: Rubric) -> Iterator[Finding]:
    """Each `same_figure_as` names a typed KPI input, and no input is named twice."""
    inputs = {kpi_input.id: kpi_input for kpi_input in rubric.kpi_inputs}
    first: dict[str, str] = {}
    for loc, item in _items_with_loc(rubric):
        name = item.same_figure_as
        if name is None:
            continue
        where: Loc = (*loc, "same_figure_as")
        found = inputs.get(name)
        if found is None:
            yield Finding(where, f"no KPI input '{name}'{suggestion(name, inputs)}")
        elif found.computed is not None:
            yield Finding(where, f"KPI input '{name}' is computed by rcapp, not typed")
        elif name in first:
            yield Finding(where, f"KPI input '{name}' is already the same figure as {first[name]}")
        else:
            first[name] = item.id


def _number_bands(item: Item, loc: Loc) -> Iterator[Finding]:
    """Bands run from the worst value to the best, each reaching a higher level."""
    bands = item.bands or ()
    rising = item.better is Direction.HIGHER
    for b, band in enumerate(bands):
        where = (*loc, "bands", b)
        if (item.min is not None and band.value < item.min) or (
            item.max is not None and band.value > item.max
        ):
            yield Finding((*where, "value"), f"value {band.value} is outside the item's min..max")
        if b == 0:
            continue
        previous = bands[b - 1]
        if band.level <= previous.level:
            yield Finding(
                (*where, "level"), "each band must reach a higher level than the one before"
            )
        if (band.value <= previous.value) if rising else (band.value >= previous.value):
            order = "higher" if rising else "lower"
            yield Finding(
                (*where, "value"),
                f"with 'better: {item.better}' each band's value must be {order} "
                "than the one before",
            )


# --- KPIs -----------------------------------------------------------------------------------


def _kpi_formulas(rubric: Rubric, lines: LineLookup) -> Iterator[Finding]:
    inputs = {kpi_input.id for kpi_input in rubric.kpi_inputs}
    for k, kpi in enumerate(rubric.kpis):
        loc: Loc = ("kpis", k, "formula")
        try:
            formula = parse_formula(kpi.formula)
        except FormulaError as exc:
            column = f" (at character {exc.column})" if exc.column else ""
            yield Finding(loc, f"{exc}{column}")
            continue
        for name in sorted(formula.names - inputs):
            yield Finding(loc, f"unknown KPI input '{name}'{suggestion(name, inputs)}")
        if kpi.bases and not formula.divides:
            yield Finding(
                ("kpis", k, "bases"),
                "bases only make sense for a rate: the formula must divide by hours worked",
            )
        if kpi.aggregation is Aggregation.MEAN and formula.divides:
            yield Finding(("kpis", k, "aggregation"), "a ratio is pooled, never averaged (mean)")


def _conditions(rubric: Rubric, lines: LineLookup) -> Iterator[Finding]:
    kpis = {kpi.id for kpi in rubric.kpis}
    core = sum(1 for kpi in rubric.kpis if kpi.core)
    for b, band in enumerate(rubric.rating.bands):
        for c, condition in enumerate(band.conditions):
            loc: Loc = ("rating", "bands", b, "conditions", c)
            named: list[tuple[Loc, str]] = []
            if isinstance(condition, KpiVsGroupMedian):
                named = [((*loc, "kpis", i), kpi) for i, kpi in enumerate(condition.kpis)]
            elif isinstance(condition, KpiThreshold):
                named = [((*loc, "kpi"), condition.kpi)]
            for where, kpi in named:
                if kpi not in kpis:
                    yield Finding(where, f"unknown KPI '{kpi}'{suggestion(kpi, kpis)}")
            needs_core = (KpisReported, KpiVsGroupMedian, KpisTopQuartile)
            if isinstance(condition, needs_core) and core == 0:
                yield Finding(
                    (*loc, "type"),
                    f"a '{condition.type}' condition needs at least one core KPI (core: true)",
                )
            elif isinstance(condition, KpisTopQuartile) and condition.count > core:
                yield Finding(
                    (*loc, "count"), f"count {condition.count} exceeds the {core} core KPIs"
                )


# --- Rating scheme --------------------------------------------------------------------------


def _components(rubric: Rubric, lines: LineLookup) -> Iterator[Finding]:
    sections = {section.id for section in rubric.sections}
    owner: dict[str, str] = {}
    for c, component in enumerate(rubric.rating.components):
        loc: Loc = ("rating", "components", c)
        if component.source is ComponentSource.KPI_PERFORMANCE:
            if component.sections:
                yield Finding((*loc, "sections"), "a 'kpi_performance' component takes no sections")
            if not any(kpi.core for kpi in rubric.kpis):
                yield Finding((*loc, "source"), "'kpi_performance' needs at least one core KPI")
            continue
        if not component.sections:
            yield Finding((*loc, "sections"), "a 'sections' component needs at least one section")
        for i, named in enumerate(component.sections):
            if named not in sections:
                message = f"unknown section '{named}'{suggestion(named, sections)}"
            elif named in owner:
                message = f"section '{named}' is already in component '{owner[named]}'"
            else:
                owner[named] = component.id
                continue
            yield Finding((*loc, "sections", i), message)
    for s, section in enumerate(rubric.sections):
        if section.id not in owner:
            yield Finding(
                ("sections", s, "id"), f"section '{section.id}' is in no rating component"
            )


def _component_weights(rubric: Rubric, lines: LineLookup) -> Iterator[Finding]:
    total = sum((component.weight for component in rubric.rating.components), Decimal(0))
    if total != 1:
        yield Finding(
            ("rating", "components"), f"component weights add up to {total}; they must add up to 1"
        )


def _star_bands(rubric: Rubric, lines: LineLookup) -> Iterator[Finding]:
    """Bands are stars 1, 2, 3, ... in order, and no band asks for less than the one below."""
    bands = rubric.rating.bands
    for b, band in enumerate(bands):
        if band.stars != b + 1:
            loc: Loc = ("rating", "bands", b, "stars")
            if band.stars <= b:
                where = _line_note(lines, ("rating", "bands", band.stars - 1, "stars"))
                yield Finding(loc, f"duplicate star band 'stars: {band.stars}'{where}")
            else:
                yield Finding(
                    loc,
                    f"star bands must be stars 1, 2, 3, ... in order: expected {b + 1}, "
                    f"found {band.stars}",
                )
            return
    for below, band in zip(bands, bands[1:], strict=False):
        for field in ("min_overall", "min_section", "min_element"):
            low, high = getattr(below, field), getattr(band, field)
            if low is not None and high is not None and high < low:
                yield Finding(
                    ("rating", "bands", band.stars - 1, field),
                    f"{field} {high} is lower than the {below.stars}-star band's {low}",
                )


def _vetoes(rubric: Rubric, lines: LineLookup) -> Iterator[Finding]:
    event_types = {event_type.id: event_type for event_type in rubric.event_types}
    top = len(rubric.rating.bands)
    for v, rule in enumerate(rubric.rating.vetoes):
        loc: Loc = ("rating", "vetoes", v)
        event_type = event_types.get(rule.event_type)
        if event_type is None:
            hint = suggestion(rule.event_type, event_types)
            yield Finding((*loc, "event_type"), f"unknown event type '{rule.event_type}'{hint}")
        elif rule.min_grade is not None and not event_type.graded:
            yield Finding(
                (*loc, "min_grade"),
                f"min_grade is set but event type '{event_type.id}' is not graded",
            )
        if rule.max_stars is not None and rule.max_stars >= top:
            yield Finding(
                (*loc, "max_stars"),
                f"max_stars {rule.max_stars} caps nothing: the top band is {top}",
            )


def _kpi_categories(rubric: Rubric, lines: LineLookup) -> Iterator[Finding]:
    # A category is a heading on the pages: one without a name would show as its bare key.
    known = KPI_CATEGORY_NAMES
    for k, kpi in enumerate(rubric.kpis):
        if kpi.category not in known:
            message = (
                f"unknown KPI category '{kpi.category}'{suggestion(kpi.category, known)}; "
                f"known: {', '.join(known)} (a new one needs its heading in "
                "rcapp/rubrics/kpi_categories.py)"
            )
            yield Finding(("kpis", k, "category"), message)


def _partner_inputs(rubric: Rubric, lines: LineLookup) -> Iterator[Finding]:
    """Check each partner count the register checks: a whole number, typed, given once."""
    first: dict[str, Loc] = {}
    for index, kpi_input in enumerate(rubric.kpi_inputs):
        count = kpi_input.partner_register
        if count is None:
            continue
        loc: Loc = ("kpi_inputs", index, "partner_register")
        if not kpi_input.integer:
            yield Finding(loc, "a partner count must be a whole number: add 'integer: true'")
        if kpi_input.computed is not None:
            yield Finding(loc, "a computed input is not typed: it cannot be a partner count")
        if count.value in first:
            where = _line_note(lines, first[count.value])
            yield Finding(loc, f"partner_register '{count.value}' is given twice{where}")
        else:
            first[count.value] = loc


_CHECKS: tuple[Check, ...] = (
    _duplicate_ids,
    _answer_key_clashes,
    _item_rules,
    _kpi_formulas,
    _kpi_categories,
    _conditions,
    _components,
    _component_weights,
    _star_bands,
    _vetoes,
    _partner_inputs,
    *SCHEME_CHECKS,
    *GRADE_CHECKS,
)
