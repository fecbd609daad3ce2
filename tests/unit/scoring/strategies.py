"""Hypothesis strategies: tiny random rubrics with answers, and brute-force helpers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import combinations
from typing import Any

from hypothesis import strategies as st

from rcapp.rubrics.model import Item, ItemKind, Rubric
from rcapp.scoring import Answer, Scorecard
from rcapp.scoring.items import number_for_level

from .builders import band, build_rubric, element, maturity, number, score, section, yes_no

WEIGHTS = st.sampled_from([0, 1, 1, 2, 3])
THRESHOLDS = st.sampled_from(
    [Decimal(v) for v in ("0", "20", "37.5", "50", "62.5", "70", "80", "90")]
)


@dataclass(frozen=True)
class Case:
    rubric: Rubric
    answers: dict[str, Answer]
    na_sections: dict[str, str]

    def card(self, answers: dict[str, Answer] | None = None) -> Scorecard:
        chosen = self.answers if answers is None else answers
        return score(self.rubric, chosen, na_sections=self.na_sections)


@st.composite
def items(draw: st.DrawFn, item_id: str) -> dict[str, Any]:
    kind = draw(st.sampled_from(["maturity", "maturity", "yes_no", "number"]))
    weight = draw(WEIGHTS)
    if kind == "yes_no":
        return yes_no(item_id, weight, evidence_from=draw(st.sampled_from([None, 1])))
    if kind == "number":
        better = draw(st.sampled_from(["higher", "lower"]))
        bands = ((0, 0), (1, 2), (2, 4)) if better == "higher" else ((3, 1), (2, 2), (1, 4))
        return number(item_id, bands, better=better, weight=max(weight, 1))
    evidence = draw(st.sampled_from([None, None, 2, 3]))
    return maturity(item_id, weight, na_allowed=draw(st.booleans()), evidence_from=evidence)


@st.composite
def answers_for(draw: st.DrawFn, item: Item) -> Answer | None:
    choice = draw(st.sampled_from(["level", "level", "level", "missing", "na"]))
    if choice == "missing":
        return None
    if choice == "na" and item.na_allowed:
        return Answer(na_reason="not applicable here")
    evidence = ("proof",) if draw(st.booleans()) else ()
    if item.kind is ItemKind.NUMBER:
        value = draw(st.sampled_from([Decimal(v) for v in ("0", "1", "1.5", "2", "3", "5")]))
        return Answer(number=value, evidence=evidence)
    return Answer(level=draw(st.integers(0, item.max_level)), evidence=evidence)


@st.composite
def bands_for(draw: st.DrawFn) -> list[dict[str, Any]]:
    count = draw(st.integers(1, 3))
    overall = sorted(draw(st.lists(THRESHOLDS, min_size=count, max_size=count)))
    result = []
    for stars, minimum in enumerate(overall, start=1):
        floors: dict[str, Any] = {}
        if draw(st.booleans()):
            floors["min_section"] = draw(THRESHOLDS)
        if draw(st.booleans()):
            floors["min_element"] = draw(THRESHOLDS)
        conditions = [{"type": "no_element_at_zero"}] if draw(st.booleans()) else []
        result.append(band(stars, minimum, *conditions, **floors))
    return result


@st.composite
def cases(draw: st.DrawFn) -> Case:
    sections = []
    for s in range(draw(st.integers(1, 2))):
        elements = []
        for e in range(draw(st.integers(1, 2))):
            ids = [f"S{s}.E{e}.{i}" for i in range(draw(st.integers(1, 2)))]
            elements.append(
                element(f"S{s}.E{e}", *(draw(items(i)) for i in ids), weight=draw(WEIGHTS))
            )
        kind = draw(st.sampled_from(["code", "management"]))
        sections.append(section(f"S{s}", *elements, kind=kind, weight=max(draw(WEIGHTS), 1)))
    rubric = build_rubric(sections, draw(bands_for()))
    answers = {}
    for _, _, item in rubric.iter_items():
        answer = draw(answers_for(item))
        if answer is not None:
            answers[item.id] = answer
    return Case(rubric, answers, {})


def top_answer(item: Item) -> Answer:
    """The answer that takes an item to its top reachable level, with evidence."""
    if item.kind is ItemKind.NUMBER:
        levels = [b.level for b in item.bands or () if number_for_level(item, b.level) is not None]
        return Answer(number=number_for_level(item, max(levels)), evidence=("proof",))
    return Answer(level=item.max_level, evidence=("proof",))


def raisable(case: Case) -> list[Item]:
    return [
        item
        for section, _, item in case.rubric.iter_items()
        if section.id not in case.na_sections and not (case.answers.get(item.id) or Answer()).is_na
    ]


def score_gates_pass(card: Scorecard, target: int) -> bool:
    return all(
        gate.passed
        for result in card.rating.bands
        if result.stars <= target
        for gate in result.gates
        if gate.item_fixable
    )


def subsets(values: list[Item]) -> Iterator[tuple[Item, ...]]:
    for size in range(len(values) + 1):
        yield from combinations(values, size)


def fewest_raises(case: Case, target: int) -> int | None:
    """Brute force: the size of the smallest set of items whose top levels pass the gates."""
    for subset in subsets(raisable(case)):
        raised = dict(case.answers)
        raised.update({item.id: top_answer(item) for item in subset})
        if score_gates_pass(case.card(raised), target):
            return len(subset)
    return None


def with_steps(case: Case, card: Scorecard, lower: int | None = None) -> dict[str, Answer]:
    """Apply the card's path; with `lower`, that step goes one reachable level less."""
    assert card.path is not None
    raised = dict(case.answers)
    items = case.rubric.item_index()
    for index, step in enumerate(card.path.steps):
        item = items[step.item_id]
        level = step.to_level if index != lower else _level_below(item, step.to_level)
        if level > step.from_level:
            raised[item.id] = _raised(item, case.answers.get(item.id), level, step.with_evidence)
    return raised


def _level_below(item: Item, level: int) -> int:
    if item.kind is not ItemKind.NUMBER:
        return level - 1
    below = [b.level for b in item.bands or () if b.level < level]
    return max(below, default=-1)


def _raised(item: Item, before: Answer | None, level: int, evidence: bool) -> Answer:
    kept = before or Answer()
    proof = ("proof",) if evidence else kept.evidence
    if item.kind is ItemKind.NUMBER:
        return replace(kept, number=number_for_level(item, level), level=None, evidence=proof)
    return replace(kept, level=level, number=None, evidence=proof)
