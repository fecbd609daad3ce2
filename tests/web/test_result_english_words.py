"""The result page's and scorecard's words read as one thing in both languages (QA: the
veto line said "no longer counts once rectified" and "(cannot be met this year)"; a step's
note ran "…for missing evidence; Value reaches 100 Evidence required: …"; 重大事故隐患 was a
"hidden danger")."""

from __future__ import annotations

import dataclasses

import pytest
from flask import Flask
from flask_babel import force_locale

from rcapp.assessments.inputs import ReviewContext
from rcapp.assessments.snapshots import ShownScorecard
from rcapp.assessments.views.result_page import StepView, build_result_page
from rcapp.scoring import score_assessment
from rcapp.scoring.model import Event
from tests.web.test_gate_words import FIVE_STAR, RUBRIC


@pytest.mark.parametrize(
    ("lang", "said", "contradiction"),
    [
        ("zh", "该事件整改完成后不再计入", "本年度无法满足"),
        ("en", "it no longer counts once the event is rectified", "cannot be met this year"),
    ],
)
def test_a_veto_lifted_by_rectifying_is_not_also_said_to_hold_all_year(
    app: Flask, lang: str, said: str, contradiction: str
) -> None:
    day = FIVE_STAR.context.assessment_date.replace(month=3, day=5)
    hazard = Event("major_hidden_danger", day)
    inputs = dataclasses.replace(FIVE_STAR.inputs, events=(hazard,))
    shown = _self_assessed(inputs)
    with app.test_request_context(), force_locale(lang):
        page = build_result_page(RUBRIC, shown, lang)

    assert page.reach is not None
    line = next(text for text in page.reach.limits if said in text)
    assert contradiction not in line


def test_major_accident_hazard_is_named_in_natural_english(app: Flask) -> None:
    day = FIVE_STAR.context.assessment_date.replace(month=3, day=5)
    inputs = dataclasses.replace(FIVE_STAR.inputs, events=(Event("major_hidden_danger", day),))
    shown = _self_assessed(inputs)
    with app.test_request_context(), force_locale("en"):
        page = build_result_page(RUBRIC, shown, "en")

    assert page.reach is not None
    words = " ".join(g.text for b in page.bands for g in b.gates) + " ".join(page.reach.limits)
    # the rule's condition in the sentence that says its effect (enwords 5)
    assert "Vetoed by “Major accident hazard not yet rectified”: at most a 1-star rating" in words
    assert "hidden danger" not in words.lower()


def _self_assessed(inputs: object) -> ShownScorecard:
    """A self-assessment's result: the page says what is within reach this year."""
    context = dataclasses.replace(FIVE_STAR.context, peer_reviewers=0)
    card = score_assessment(RUBRIC, inputs, context)  # type: ignore[arg-type]
    return ShownScorecard(card=card, review=ReviewContext())


def _step(**fields: object) -> StepView:
    given: dict[str, object] = {
        "item_id": "C1.E6.3",
        "section_id": "C1",
        "prompt": "",
        "from_level": "1",
        "to_level": "4",
        "with_evidence": True,
        "number": "100",
        "hint": "This year's complaint log with receipt and reply dates.",
        "counted": None,
    }
    return StepView(**{**given, **fields})  # type: ignore[arg-type]


def test_a_steps_note_is_one_sentence_for_each_thing_it_says(app: Flask) -> None:
    with app.test_request_context(), force_locale("en"):
        counted = "Self-assessed level 3, counted as 1 for missing evidence"
        note = _step(counted=counted).note
        alone = _step(with_evidence=False).note
    with app.test_request_context(), force_locale("zh"):
        note_zh = _step(counted="自评 3 级，因无证据按 1 级计", hint="本年度投诉台账。").note

    assert note == (
        "Self-assessed level 3, counted as 1 for missing evidence. The value must reach 100, "
        "with evidence: This year's complaint log with receipt and reply dates."
    )
    assert alone == "The value must reach 100"
    assert note_zh == "自评 3 级，因无证据按 1 级计。数值须达到 100，并须有证据：本年度投诉台账。"
