"""Properties of the engine on tiny random rubrics (hypothesis)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rcapp.rubrics.model import Direction, Item, ItemKind, Rubric
from rcapp.scoring import Answer, Event, Scorecard, ScoringContext

from .builders import score, text
from .strategies import Case, cases, raisable

SETTINGS = settings(
    max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
ASSESSED = dt.date(2025, 6, 30)


def _scores(card: Scorecard) -> dict[str, Decimal | None]:
    values: dict[str, Decimal | None] = {"overall": card.overall}
    for section in card.sections:
        values[section.section_id] = section.score
        values.update({e.element_id: e.score for e in section.elements})
    values.update({c.component_id: c.score for c in card.components})
    return values


@st.composite
def raised(draw: st.DrawFn, item: Item, before: Answer | None) -> Answer:
    """An answer at least as good as `before` in every way."""
    before = before or Answer()
    evidence = before.evidence or (("proof",) if draw(st.booleans()) else ())
    if item.kind is ItemKind.NUMBER:
        step = Decimal(draw(st.sampled_from(["0", "0.5", "1", "2"])))
        if before.number is None:
            return Answer(
                number=Decimal(draw(st.sampled_from(["0", "1", "2", "3"]))), evidence=evidence
            )
        better = before.number - step if item.better is Direction.LOWER else before.number + step
        return replace(before, number=max(better, Decimal(0)), evidence=evidence)
    low = 0 if before.level is None else before.level
    return replace(before, level=draw(st.integers(low, item.max_level)), evidence=evidence)


@SETTINGS
@given(st.data())
def test_raising_one_item_never_lowers_a_score_or_the_stars(data: st.DataObject) -> None:
    case = data.draw(cases())
    candidates = raisable(case)
    item = data.draw(st.sampled_from(candidates)) if candidates else None
    if item is None:
        return
    before = case.card()
    answers = {**case.answers, item.id: data.draw(raised(item, case.answers.get(item.id)))}
    after = case.card(answers)
    old, new = _scores(before), _scores(after)
    for key, value in old.items():
        assert (value is None) is (new[key] is None), key
        raised_value = new[key]
        if value is not None:
            assert raised_value is not None
            assert raised_value >= value, key
    assert after.rating.stars >= before.rating.stars


def _without(rubric: Rubric, item_id: str) -> Rubric:
    data = rubric.model_dump()
    for section in data["sections"]:
        for element in section["elements"]:
            element["items"] = [i for i in element["items"] if i["id"] != item_id]
    return Rubric.model_validate(data)


@SETTINGS
@given(st.data())
def test_an_na_item_leaves_the_denominator(data: st.DataObject) -> None:
    case = data.draw(cases())
    candidates = [
        item
        for _, element, item in case.rubric.iter_items()
        if item.na_allowed and len(element.items) > 1
    ]
    if not candidates:
        return
    item = data.draw(st.sampled_from(candidates))
    answers = {**case.answers, item.id: Answer(na_reason="does not apply")}
    with_na = score(case.rubric, answers)
    others = {k: v for k, v in answers.items() if k != item.id}
    removed = score(_without(case.rubric, item.id), others)
    assert _scores(with_na) == _scores(removed)
    assert with_na.rating.stars == removed.rating.stars


VETO_TYPES = [{"id": "accident", "label": text("accident")}]


@SETTINGS
@given(
    cases(),
    st.lists(
        st.tuples(st.sampled_from(["no_star", "cap"]), st.integers(0, 4), st.integers(1, 36)),
        max_size=3,
    ),
    st.lists(st.integers(0, 1500), max_size=3),
)
def test_no_rating_exceeds_a_triggered_veto(
    case: Case, rules: list[tuple[str, int, int]], days_ago: list[int]
) -> None:
    vetoes = [
        {
            "id": f"V{n}",
            "title": text("veto"),
            "event_type": "accident",
            "window_months": months,
            "effect": effect,
            **({"max_stars": cap} if effect == "cap" else {}),
        }
        for n, (effect, cap, months) in enumerate(rules)
    ]
    data = case.rubric.model_dump()
    data["rating"]["vetoes"] = vetoes
    data["event_types"] = VETO_TYPES
    rubric = Rubric.model_validate(data)
    events = tuple(Event("accident", ASSESSED - dt.timedelta(days=d)) for d in days_ago)
    card = score(rubric, case.answers, ScoringContext(assessment_date=ASSESSED), events=events)
    for hit in card.rating.vetoes:
        cap = hit.max_stars if hit.effect == "cap" and hit.max_stars is not None else 0
        assert card.rating.stars <= cap
    no_veto = score(case.rubric, case.answers)
    assert card.rating.stars <= no_veto.rating.stars
