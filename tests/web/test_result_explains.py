"""The result page explains itself: the way to the review outcome, why the self-assessed
stars stop where they do, and why an item counts below the level answered."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.assessments.inputs import NOT_REVIEWED
from rcapp.assessments.snapshots import ShownScorecard
from rcapp.assessments.views.result_page import build_result_page
from rcapp.rubrics.registry import RubricRegistry
from rcapp.scorecards.answers import read_answers
from rcapp.scorecards.source import read_source
from rcapp.scoring import score_assessment
from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise
from tests.web.helpers import result_page

ROOT = Path(__file__).resolve().parents[2]


def test_the_final_result_links_to_the_review_outcome(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    assessment = world.assessments[0]
    db_session.commit()
    auth.login(world.members[0].email)
    link = f'href="/reviews/{review.id}/final"'
    assert link not in result_page(client, assessment.id)  # not final yet: nothing to see

    submit_and_finalise(review, world.lead)
    db_session.commit()
    page = result_page(client, assessment.id)
    assert "最终结果（经同行评审）" in page
    assert link in page
    assert "查看同行评审结果：改动的评价项及理由、评审发现和整改措施、申诉" in page
    client.get("/lang/en?next=/")
    page = result_page(client, assessment.id)
    assert link in page
    assert "See the peer review outcome: changed items and reasons" in page


def test_a_self_assessment_says_its_stars_stop_where_peer_review_is_needed(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)  # top answers: three stars once peer reviewed
    db_session.commit()
    auth.login(world.members[0].email)
    page = result_page(client, world.assessments[0].id)
    assert "暂定结果（自评，尚未经同行评审）" in page
    assert "自评星级上限为 2 星：3 星及以上须经同行评审。" in page
    client.get("/lang/en?next=/")
    page = result_page(client, world.assessments[0].id)
    assert "A self-assessment is capped at a 2-star rating: 3 stars and above need" in page


def test_the_improvement_path_says_a_level_is_capped_for_missing_evidence(app: Flask) -> None:
    rubric = RubricRegistry(ROOT / "tests" / "data" / "rubrics").get("mini-company", 1).rubric
    # C1.E1.1 is answered 3 without evidence: counted as 1, and the path raises it.
    answers = read_answers(read_source(ROOT / "examples" / "mini-company-2025.yaml"), rubric)
    card = score_assessment(rubric, answers.inputs, answers.context)
    shown = ShownScorecard(card=card, review=NOT_REVIEWED)
    with app.test_request_context(), force_locale("zh"):
        [step] = build_result_page(rubric, shown, "zh").steps
    assert (step.item_id, step.from_level) == ("C1.E1.1", "1")
    assert step.counted == "自评 3 级，因无证据按 1 级计"
    with app.test_request_context(), force_locale("en"):
        [step] = build_result_page(rubric, shown, "en").steps
    assert step.counted == "Self-assessed level 3, counted as 1 for missing evidence"
