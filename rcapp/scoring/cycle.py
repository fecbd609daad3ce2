"""Rate many assessments from per-element sums: the pure half of the set-based cycle rating.

The engine scores one assessment item by item. A whole cycle is rated faster by letting
the database sum the answers per (assessment, element) (rcapp.assessments.cycle_rating)
and finishing here with the engine's own functions: `tree.roll_up` for sections,
components and the overall score, the KPI ladder of `kpis`, `vetoes.veto_hits` and
`stars.decided_stars` for the gates (star_rating's own band judgement, stopped at the
first band that fails). Only the item → element step is done differently, as integer
sums that give the very Decimal the engine computes:

- an item counts `weight x counted level / scale`; with `unit` = the common denominator
  of every item's scale (`lcm`, 4 for 0-4 levels and yes/no) and weights written as whole
  multiples of `weight_step` (10^-k), the element's Σ weight x fraction is exactly
  `numerator / (unit x 10^k)` and Σ weight is `denominator / 10^k`: whole numbers SQL
  sums without rounding;
- the element score is then Σ weight x fraction / Σ weight x 100 in the engine's
  ARITHMETIC context, the same division the engine does.

Number items (levels from bands) are few per assessment and are scored here with
`items.score_item`; the SQL side leaves them out of its sums.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, localcontext
from functools import lru_cache

from rcapp.rubrics.model import Item, ItemKind, Rubric
from rcapp.scoring.items import scale_of, score_item
from rcapp.scoring.kpi_figures import KpiFigure, figures_of_many
from rcapp.scoring.kpis import formula_names, gate_value, kpi_levels, kpi_performance
from rcapp.scoring.model import Answer, Event, KpiInputs, ScoringContext
from rcapp.scoring.prerequisites import judge_prerequisites
from rcapp.scoring.rounding import ARITHMETIC, HUNDRED, score
from rcapp.scoring.stars import RatingFacts, decided_stars
from rcapp.scoring.tree import roll_up
from rcapp.scoring.vetoes import veto_hits


@dataclass(frozen=True)
class SummedItem:
    """How SQL sums one level item: `weight_units` x `multiplier` x counted level."""

    item_id: str
    element_id: str
    weight_units: int
    multiplier: int  # unit / scale
    evidence_from: int | None  # levels from here up need evidence


@dataclass(frozen=True)
class RubricPlan:
    """A rubric turned into the integer tables the SQL sums need."""

    rubric: Rubric
    unit: int
    weight_step: Decimal
    summed: tuple[SummedItem, ...]  # maturity and yes/no items
    numbers: tuple[tuple[str, Item], ...]  # (element id, item) of number items
    element_weights: Mapping[str, int]  # Σ weight units of the element's summed items
    element_items: Mapping[str, int]  # how many summed items the element has
    element_section: Mapping[str, str]


def plan_for(rubric: Rubric) -> RubricPlan:
    items = [(section, element, item) for section, element, item in rubric.iter_items()]
    places = max((_places(item.weight) for _, _, item in items), default=0)
    step = Decimal(1).scaleb(-places)
    unit = math.lcm(*(scale_of(item) for _, _, item in items if item.kind is not ItemKind.NUMBER))
    summed = tuple(
        SummedItem(
            item_id=item.id,
            element_id=element.id,
            weight_units=int(item.weight / step),
            multiplier=unit // scale_of(item),
            evidence_from=None if item.evidence is None else item.evidence.from_level,
        )
        for _, element, item in items
        if item.kind is not ItemKind.NUMBER
    )
    weights: dict[str, int] = {}
    counts: dict[str, int] = {}
    for entry in summed:
        weights[entry.element_id] = weights.get(entry.element_id, 0) + entry.weight_units
        counts[entry.element_id] = counts.get(entry.element_id, 0) + 1
    return RubricPlan(
        rubric=rubric,
        unit=unit,
        weight_step=step,
        summed=summed,
        numbers=tuple((e.id, i) for _, e, i in items if i.kind is ItemKind.NUMBER),
        element_weights=weights,
        element_items=counts,
        element_section={e.id: s.id for s, e, _ in items},
    )


def _places(weight: Decimal) -> int:
    exponent = weight.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def core_inputs(rubric: Rubric) -> frozenset[str]:
    """Return the KPI inputs of the core KPIs' formulas: all the ladder reads of past years."""
    return frozenset(name for kpi in rubric.kpis if kpi.core for name in formula_names(kpi))


def years_reported_before(rubric: Rubric, year: int, history: Mapping[int, KpiInputs]) -> int:
    """Consecutive years just before `year` with every core KPI's inputs reported.

    The rule of rcapp.assessments.results (the engine's caller), with the formulas' names
    taken from the parse cache instead of parsing each formula again for each assessment.
    """
    needed = core_inputs(rubric)
    count = 0
    while needed and needed <= history.get(year - count - 1, {}).keys():
        count += 1
    return count


@dataclass(frozen=True)
class ElementSums:
    """SQL's sums over one element's level items of one assessment."""

    numerator: int  # Σ weight units x multiplier x counted level (N/A and unanswered: 0)
    na_weight: int  # Σ weight units of items answered N/A
    given: int  # rows answered: a level, a number or N/A


@dataclass(frozen=True)
class AssessmentFacts:
    """What one assessment contributes, as fetched in bulk (grouped rows, never per query)."""

    year: int
    elements: Mapping[str, ElementSums]
    numbers: Mapping[str, Answer] = field(default_factory=dict)
    given_items: frozenset[str] | None = None  # answered item ids, only when some are missing
    na_sections: Mapping[str, str] = field(default_factory=dict)
    prerequisites_met: frozenset[str] = frozenset()
    kpi_inputs: KpiInputs = field(default_factory=dict)
    kpi_history: Mapping[int, KpiInputs] = field(default_factory=dict)
    # year → KPI ids its rubric version defined otherwise (AssessmentInputs.kpi_incomparable)
    kpi_incomparable: Mapping[int, frozenset[str]] = field(default_factory=dict)
    events: tuple[Event, ...] = ()
    # year → KPI id → figure, computed in bulk for the cycle (kpi_figures); any missing
    # figure is computed when rating
    kpi_figures: Mapping[int, Mapping[str, KpiFigure]] = field(default_factory=dict)


def with_kpi_figures(rubric: Rubric, facts: Sequence[AssessmentFacts]) -> list[AssessmentFacts]:
    """Return the facts with every KPI figure the rating reads, computed KPI by KPI.

    This year's inputs are evaluated for every KPI (the gates read them), earlier years'
    for the core KPIs (all the ladder reads).
    """
    this_year = figures_of_many(rubric.kpis, {n: one.kpi_inputs for n, one in enumerate(facts)})
    earlier = figures_of_many(
        [kpi for kpi in rubric.kpis if kpi.core],
        {(n, y): inputs for n, one in enumerate(facts) for y, inputs in one.kpi_history.items()},
    )
    return [
        replace(
            one,
            kpi_figures={
                one.year: this_year[n],
                **{y: earlier[n, y] for y in one.kpi_history},
            },
        )
        for n, one in enumerate(facts)
    ]


@dataclass(frozen=True)
class Rating:
    """Scores and stars of one assessment, as the engine's scorecard would show them."""

    overall: Decimal | None
    sections: Mapping[str, Decimal | None]
    stars: int
    rated: bool


def incomplete(plan: RubricPlan, facts: AssessmentFacts) -> bool:
    """Whether some level item may be unanswered (then `given_items` must be fetched)."""
    return any(
        facts.elements.get(element_id, _NONE).given < count
        for element_id, count in plan.element_items.items()
        if plan.element_section[element_id] not in facts.na_sections
    )


_NONE = ElementSums(0, 0, 0)


def rate(plan: RubricPlan, facts: AssessmentFacts, context: ScoringContext) -> Rating:
    """Rate one assessment from its sums with the engine's roll-up, KPI ladder and gates."""
    with localcontext(ARITHMETIC):
        return _rate(plan, facts, context)


def _rate(plan: RubricPlan, facts: AssessmentFacts, context: ScoringContext) -> Rating:
    rubric = plan.rubric
    numerators = {e: sums.numerator for e, sums in facts.elements.items()}
    denominators = {
        e: weight - facts.elements.get(e, _NONE).na_weight
        for e, weight in plan.element_weights.items()
    }
    for element_id, item in plan.numbers:
        section_na = facts.na_sections.get(plan.element_section[element_id])
        scored = score_item(item, facts.numbers.get(item.id), section_na)
        if scored.fraction is not None:
            units = int(item.weight / plan.weight_step)
            level = scored.effective_level or 0
            numerators[element_id] = numerators.get(element_id, 0) + units * level * (
                plan.unit // scale_of(item)
            )
            denominators[element_id] = denominators.get(element_id, 0) + units
    step = plan.weight_step
    elements = {
        element.id: None
        if section.id in facts.na_sections
        else _element_score(
            numerators.get(element.id, 0), denominators.get(element.id, 0), step, plan.unit
        )
        for section in rubric.sections
        for element in section.elements
    }
    figures = facts.kpi_figures.get(facts.year)
    if figures is None:
        figures = figures_of_many(rubric.kpis, {0: facts.kpi_inputs})[0]
    kpis = {kpi.id: gate_value(kpi, figures[kpi.id]) for kpi in rubric.kpis}
    levels = kpi_levels(
        rubric,
        facts.year,
        facts.kpi_inputs,
        facts.kpi_history,
        context.group_stats,
        {**facts.kpi_figures, facts.year: figures},
        facts.kpi_incomparable,
    )
    tally = roll_up(rubric, elements, facts.na_sections, kpi_performance(levels))
    prerequisites = judge_prerequisites(rubric, facts.prerequisites_met, facts.kpi_inputs)
    stars, rated = decided_stars(
        RatingFacts(
            rubric=rubric,
            tally=tally,
            missing=_missing(plan, facts),
            unmet_prerequisites=prerequisites.unmet,
            contradicted_prerequisites=prerequisites.contradicted,
            missing_core_inputs=prerequisites.missing_inputs,
            kpis=kpis,
            context=context,
            vetoes=veto_hits(rubric.rating.vetoes, facts.events, context.assessment_date),
        )
    )
    return Rating(
        overall=None if tally.overall is None else score(tally.overall),
        sections={s: None if v is None else score(v) for s, v in tally.sections.items()},
        stars=stars,
        rated=rated,
    )


@lru_cache(maxsize=4096)
def _element_score(numerator: int, denominator: int, step: Decimal, unit: int) -> Decimal | None:
    # Same operations as tree._tally: (Σ w x fraction) / Σ w, then x 100 (both exact sums).
    if denominator <= 0:
        return None
    with localcontext(ARITHMETIC):
        weighted = Decimal(numerator) * step / unit
        return weighted / (Decimal(denominator) * step) * HUNDRED


def _missing(plan: RubricPlan, facts: AssessmentFacts) -> tuple[str, ...]:
    """Unanswered items in rubric order (the engine's `missing`)."""
    if facts.given_items is None:
        if incomplete(plan, facts):
            raise ValueError("given_items is needed: some level items are unanswered")
        given = {item_id for _, item in plan.numbers if (item_id := item.id) in facts.numbers}
        return tuple(
            item.id
            for element_id, item in plan.numbers
            if plan.element_section[element_id] not in facts.na_sections
            and not (item.id in given and facts.numbers[item.id].is_given)
        )
    return tuple(
        item.id
        for section, _, item in plan.rubric.iter_items()
        if section.id not in facts.na_sections and item.id not in facts.given_items
    )
