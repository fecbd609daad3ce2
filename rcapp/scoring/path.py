"""The improvement path: the fewest item raises that pass the next star's score gates.

Algorithm (docs/scoring.md explains it with an example). Every score is linear in the
item fractions (tree.item_reach), and within one element the items' effects on the
element, its section and the overall score are proportional, as they are within one
section for the section and the overall score. So the fewest raises are found greedily,
each item first taken to its top level:
1. each element below the element floor takes its strongest items until it passes;
2. each section below its floor adds its strongest remaining items until it passes;
3. the overall score adds the strongest remaining items of the whole rubric.
Each step takes the largest gains first, which is optimal for a count (an exchange
argument: any set that passes can swap its items for larger ones and still pass).
Then each chosen item is lowered to the least level that keeps every gate passing,
weakest item first, so no raise goes further than needed. N/A items are never raised;
a level the evidence rule guards is a raise "with evidence".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from rcapp.rubrics.model import Item, ItemKind, NoElementAtZero, Rubric, StarBand
from rcapp.scoring.items import fraction_of, number_for_level
from rcapp.scoring.rounding import SCORE_STEP, meets
from rcapp.scoring.scorecard import Gate, ImprovementPath, ItemScore, PathStep, StarRating
from rcapp.scoring.tree import Reach, Tally, floored_elements, floored_sections


@dataclass(frozen=True)
class _Option:
    level: int
    gain: Decimal  # fraction gained over the item's counted level
    number: Decimal | None


@dataclass(frozen=True)
class _Candidate:
    item: Item
    section_id: str
    element_id: str
    current: int
    evidenced: bool
    options: tuple[_Option, ...]  # levels above the current one, ascending
    reach: Reach

    def effect(self, option: _Option) -> tuple[Decimal, Decimal, Decimal]:
        r = self.reach
        return r.element * option.gain, r.section * option.gain, r.overall * option.gain


@dataclass(frozen=True)
class _Targets:
    overall: Decimal | None
    sections: Mapping[str, Decimal]
    elements: Mapping[str, Decimal]


Choice = dict[str, tuple[_Candidate, _Option]]


def improvement_path(
    rubric: Rubric,
    items: Mapping[str, ItemScore],
    tally: Tally,
    reach: Mapping[str, Reach],
    rating: StarRating,
) -> ImprovementPath | None:
    """Return the path to the next star, or None when the top star is reached."""
    if rating.next_stars is None:
        return None
    target = rating.next_stars
    blockers = _blockers(rating, target)
    bands = [band for band in rubric.rating.bands if band.stars <= target]
    targets = _targets(rubric, tally, bands)
    candidates = _candidates(rubric, items, reach)
    chosen = _choose(candidates, targets, tally)
    if chosen is None:
        return ImprovementPath(target, (), False, blockers)
    _lower(chosen, targets, tally)
    order = {item.id: index for index, (_, _, item) in enumerate(rubric.iter_items())}
    steps = tuple(
        _step(c, o) for c, o in sorted(chosen.values(), key=lambda p: order[p[0].item.id])
    )
    return ImprovementPath(target, steps, True, blockers)


def _blockers(rating: StarRating, target: int) -> tuple[Gate, ...]:
    """Failed gates of the target band and those below that no item raise can fix."""
    seen: dict[str, Gate] = {}
    for band in rating.bands:
        if band.stars <= target:
            for gate in band.failed:
                if not gate.item_fixable:
                    seen.setdefault(gate.reason, gate)
    return tuple(seen.values())


def _targets(rubric: Rubric, tally: Tally, bands: list[StarBand]) -> _Targets:
    overall = max((band.min_overall for band in bands), default=None)
    sections: dict[str, Decimal] = {}
    element_floor: Decimal | None = None
    for band in bands:
        if band.min_section is not None:
            for section, _ in floored_sections(rubric, tally, band.section_floor_kinds):
                sections[section.id] = max(
                    sections.get(section.id, band.min_section), band.min_section
                )
        floors = [band.min_element] if band.min_element is not None else []
        if any(isinstance(c, NoElementAtZero) for c in band.conditions):
            floors.append(SCORE_STEP)  # "no element at 0": the least score shown as positive
        if element_floor is not None:
            floors.append(element_floor)
        element_floor = max(floors, default=None)
    elements = {}
    if element_floor is not None:
        elements = {element.id: element_floor for element, _ in floored_elements(rubric, tally)}
    return _Targets(overall, sections, elements)


def _candidates(
    rubric: Rubric, items: Mapping[str, ItemScore], reach: Mapping[str, Reach]
) -> list[_Candidate]:
    """Items that can be raised and move some score, in rubric order."""
    candidates = []
    for section, element, item in rubric.iter_items():
        scored = items[item.id]
        item_reach = reach.get(item.id)
        if scored.effective_level is None or scored.fraction is None or item_reach is None:
            continue
        if not (item_reach.element or item_reach.section or item_reach.overall):
            continue
        options = _options(item, scored.effective_level, scored.fraction)
        if options:
            candidates.append(
                _Candidate(
                    item=item,
                    section_id=section.id,
                    element_id=element.id,
                    current=scored.effective_level,
                    evidenced=scored.evidenced,
                    options=options,
                    reach=item_reach,
                )
            )
    return candidates


def _options(item: Item, current: int, fraction: Decimal) -> tuple[_Option, ...]:
    if item.kind is not ItemKind.NUMBER:
        levels = range(current + 1, item.max_level + 1)
        return tuple(_Option(lv, fraction_of(item, lv) - fraction, None) for lv in levels)
    options = []
    for level in sorted({band.level for band in item.bands or () if band.level > current}):
        number = number_for_level(item, level)
        if number is not None:
            options.append(_Option(level, fraction_of(item, level) - fraction, number))
    return tuple(options)


def _predicted(
    choice: Choice, tally: Tally
) -> tuple[dict[str, Decimal], dict[str, Decimal], Decimal]:
    """Scores after the raises in `choice`: elements and sections touched, and the overall."""
    elements: dict[str, Decimal] = {}
    sections: dict[str, Decimal] = {}
    overall = tally.overall or Decimal(0)
    for candidate, option in choice.values():
        on_element, on_section, on_overall = candidate.effect(option)
        eid, sid = candidate.element_id, candidate.section_id
        elements[eid] = elements.get(eid, tally.elements[eid] or Decimal(0)) + on_element
        sections[sid] = sections.get(sid, tally.sections[sid] or Decimal(0)) + on_section
        overall += on_overall
    return elements, sections, overall


def _passes(choice: Choice, targets: _Targets, tally: Tally) -> bool:
    elements, sections, overall = _predicted(choice, tally)
    return (
        all(meets(elements.get(e, tally.elements[e]), need) for e, need in targets.elements.items())
        and all(
            meets(sections.get(s, tally.sections[s]), need) for s, need in targets.sections.items()
        )
        and (targets.overall is None or meets(overall, targets.overall))
    )


def _choose(candidates: list[_Candidate], targets: _Targets, tally: Tally) -> Choice | None:
    """Take items at their top level, strongest first: element, then section, then overall."""
    choice: Choice = {}

    def element_ok(eid: str, need: Decimal) -> Callable[[], bool]:
        return lambda: meets(_predicted(choice, tally)[0].get(eid, tally.elements[eid]), need)

    def section_ok(sid: str, need: Decimal) -> Callable[[], bool]:
        return lambda: meets(_predicted(choice, tally)[1].get(sid, tally.sections[sid]), need)

    for eid, need in targets.elements.items():
        pool = [c for c in candidates if c.element_id == eid]
        if not _fill(choice, pool, 0, element_ok(eid, need)):
            return None
    for sid, need in targets.sections.items():
        pool = [c for c in candidates if c.section_id == sid]
        if not _fill(choice, pool, 1, section_ok(sid, need)):
            return None
    if targets.overall is not None:
        if tally.overall is None:  # nothing is weighted: no answer can make an overall score
            return None
        need = targets.overall
        if not _fill(choice, candidates, 2, lambda: meets(_predicted(choice, tally)[2], need)):
            return None
    return choice


def _fill(choice: Choice, pool: list[_Candidate], axis: int, passed: Callable[[], bool]) -> bool:
    """Add the strongest unchosen items of `pool` (by effect on `axis`) until `passed`."""
    ranked = sorted(pool, key=lambda c: -c.effect(c.options[-1])[axis])
    for candidate in ranked:
        if passed():
            return True
        if candidate.item.id in choice or not candidate.effect(candidate.options[-1])[axis]:
            continue
        choice[candidate.item.id] = (candidate, candidate.options[-1])
    return passed()


def _lower(choice: Choice, targets: _Targets, tally: Tally) -> None:
    """Lower each chosen item to the least level that keeps every gate passing."""
    weakest_first = sorted(choice.values(), key=lambda pair: pair[0].effect(pair[1])[2])
    for candidate, top in weakest_first:
        for option in candidate.options:
            choice[candidate.item.id] = (candidate, option)
            if option is top or _passes(choice, targets, tally):
                break


def _step(candidate: _Candidate, option: _Option) -> PathStep:
    rule = candidate.item.evidence
    guarded = rule is not None and option.level >= rule.from_level and not candidate.evidenced
    if rule is not None and rule.file_from_level is not None:
        # A note may already be there; the level still needs a file (not recorded here).
        guarded = guarded or option.level >= rule.file_from_level > candidate.current
    return PathStep(
        item_id=candidate.item.id,
        from_level=candidate.current,
        to_level=option.level,
        with_evidence=guarded,
        number=option.number,
        hint=rule.hint if guarded and rule is not None else None,
    )
