"""Roll item fractions up to element, section, component and overall scores (unrounded).

Rules: element = weighted mean of its scored items' fractions x 100 (N/A items leave
the denominator); section = weighted mean of its scored elements; component = weighted
mean of its scored sections (a section that is N/A or has nothing scorable is left out,
so its weight is shared within the component); overall = Σ weight x component score over
scored components, divided by their total weight (1 when every component is scored and
the weights add up to 1, as in domain.md 8.1). Weight 0 keeps a part unscored.

Every score is linear in the item fractions with coefficients fixed by which parts are
N/A, so `item_reach` gives each item's exact effect: the improvement path uses it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext

from rcapp.rubrics.model import ComponentSource, Element, Item, Rubric, Section, SectionKind
from rcapp.scoring.rounding import ARITHMETIC, HUNDRED, weighted_mean

Fractions = Mapping[str, Decimal | None]


@dataclass(frozen=True)
class Tally:
    """Unrounded scores by id; None marks a part with nothing scorable."""

    elements: Mapping[str, Decimal | None]
    sections: Mapping[str, Decimal | None]
    components: Mapping[str, Decimal | None]
    overall: Decimal | None


@dataclass(frozen=True)
class Reach:
    """How much one item's fraction (0-1) moves its element, its section and the overall."""

    element: Decimal
    section: Decimal
    overall: Decimal


def tally_scores(
    rubric: Rubric, fractions: Fractions, na_sections: Mapping[str, str], kpi: Decimal | None
) -> Tally:
    """Roll `fractions` (item id → fraction, None when N/A) up; `kpi` is the KP score."""
    with localcontext(ARITHMETIC):
        return _tally(rubric, fractions, na_sections, kpi)


def _tally(
    rubric: Rubric, fractions: Fractions, na_sections: Mapping[str, str], kpi: Decimal | None
) -> Tally:
    elements = {
        element.id: element_score(element.items, fractions)
        for section in rubric.sections
        for element in section.elements
    }
    return roll_up(rubric, elements, na_sections, kpi)


def element_score(items: Iterable[Item], fractions: Fractions) -> Decimal | None:
    """Return an element's unrounded score from its items' fractions (None: nothing scored)."""
    with localcontext(ARITHMETIC):
        mean = weighted_mean(_scored((item.weight, fractions.get(item.id)) for item in items))
        return None if mean is None else mean * HUNDRED


def section_score(
    elements: Iterable[tuple[Element, Decimal | None]],
) -> Decimal | None:
    """Return a section's unrounded score: the weighted mean of its scored elements."""
    return weighted_mean(_scored((element.weight, value) for element, value in elements))


def roll_up(
    rubric: Rubric,
    elements: Mapping[str, Decimal | None],
    na_sections: Mapping[str, str],
    kpi: Decimal | None,
) -> Tally:
    """Roll unrounded element scores up to sections, components and the overall score.

    The engine feeds it from item fractions; the set-based cycle rating (scoring.cycle)
    from element sums computed in SQL, so both share these rules exactly.
    """
    sections: dict[str, Decimal | None] = {}
    for section in rubric.sections:
        mean = section_score((e, elements[e.id]) for e in section.elements)
        sections[section.id] = None if section.id in na_sections else mean
    weights = _section_weights(rubric)
    components: dict[str, Decimal | None] = {}
    for component in rubric.rating.components:
        if component.source is ComponentSource.KPI_PERFORMANCE:
            components[component.id] = kpi
        else:
            pairs = _scored((weights[s], sections.get(s)) for s in component.sections)
            components[component.id] = weighted_mean(pairs)
    pairs = _scored((c.weight, components[c.id]) for c in rubric.rating.components)
    return Tally(elements, sections, components, weighted_mean(pairs))


def item_reach(rubric: Rubric, tally: Tally, fractions: Fractions) -> dict[str, Reach]:
    """Return each scored item's Reach: the partial derivatives of the scores."""
    to_overall = _section_to_overall(rubric, tally, _section_weights(rubric))
    reach: dict[str, Reach] = {}
    with localcontext(ARITHMETIC):
        for section in rubric.sections:
            section_total = _total((e.weight, tally.elements[e.id]) for e in section.elements)
            for element in section.elements:
                share = Decimal(0)  # d section / d element
                if tally.sections[section.id] is not None and section_total:
                    share = element.weight / section_total
                factor = to_overall.get(section.id, Decimal(0))
                reach.update(_element_reach(element, tally, fractions, share, factor))
    return reach


def _element_reach(
    element: Element, tally: Tally, fractions: Fractions, share: Decimal, factor: Decimal
) -> Iterator[tuple[str, Reach]]:
    total = _total((item.weight, fractions.get(item.id)) for item in element.items)
    if not total or tally.elements[element.id] is None:
        return
    for item in element.items:
        if fractions.get(item.id) is not None:
            on_element = HUNDRED * item.weight / total
            yield item.id, Reach(on_element, on_element * share, on_element * share * factor)


def _section_to_overall(
    rubric: Rubric, tally: Tally, section_weights: Mapping[str, Decimal]
) -> dict[str, Decimal]:
    """Return d(overall)/d(section score), summed over the components listing the section."""
    overall_total = _total((c.weight, tally.components[c.id]) for c in rubric.rating.components)
    factors: dict[str, Decimal] = {}
    if not overall_total:
        return factors
    with localcontext(ARITHMETIC):
        for component in rubric.rating.components:
            if component.source is not ComponentSource.SECTIONS:
                continue
            total = _total((section_weights[s], tally.sections.get(s)) for s in component.sections)
            if not total:
                continue
            for section_id in component.sections:
                if tally.sections.get(section_id) is None:
                    continue
                share = section_weights[section_id] / total * component.weight / overall_total
                factors[section_id] = factors.get(section_id, Decimal(0)) + share
    return factors


def _section_weights(rubric: Rubric) -> dict[str, Decimal]:
    return {section.id: section.weight for section in rubric.sections}


def _scored(pairs: Iterable[tuple[Decimal, Decimal | None]]) -> list[tuple[Decimal, Decimal]]:
    return [(weight, value) for weight, value in pairs if value is not None]


def _total(pairs: Iterable[tuple[Decimal, Decimal | None]]) -> Decimal:
    return sum((weight for weight, _ in _scored(pairs)), Decimal(0))


def floored_sections(
    rubric: Rubric, tally: Tally, kinds: Iterable[SectionKind]
) -> list[tuple[Section, Decimal]]:
    """Sections a section floor applies to: scored, weighted and of one of `kinds`."""
    wanted = set(kinds)
    return [
        (section, value)
        for section in rubric.sections
        if section.kind in wanted
        and section.weight > 0
        and (value := tally.sections[section.id]) is not None
    ]


def floored_elements(rubric: Rubric, tally: Tally) -> list[tuple[Element, Decimal]]:
    """Elements an element floor applies to: scored and weighted, in a scored section."""
    return [
        (element, value)
        for section in rubric.sections
        if tally.sections[section.id] is not None
        for element in section.elements
        if element.weight > 0 and (value := tally.elements[element.id]) is not None
    ]
