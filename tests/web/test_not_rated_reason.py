"""A result without stars says why: prerequisites not met, or not answered yet (qa11 D2).

An unanswered prerequisite leaves the result unrated all the same (scoring does not change);
only the words tell "not answered yet" from an answered "not met".
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.rating_words import not_rated_reason, not_rated_why
from rcapp.assessments.validation import ItemInput
from rcapp.rubrics.model import Text
from rcapp.scoring import BandResult, Gate, GateKind, GatePart, PartState, StarRating
from tests.conftest import AuthActions
from tests.pdf_tools import needs_poppler, pdf_text
from tests.scorecard_download import fetch_scorecard
from tests.web.helpers import member_with_assessment

NOT_MET, UNANSWERED, NO_VALUE = PartState.NOT_MET, PartState.UNANSWERED, PartState.NO_VALUE


def _rating(*parts: GatePart, reason: str = "") -> StarRating:
    gate = Gate(GateKind.PREREQUISITES_MET, False, reason, parts=parts)
    band = BandResult(1, Text(zh="一星", en="One star"), (gate,))
    return StarRating(0, 5, False, (band,), (), 1, (gate,))


CASES = [
    pytest.param(
        _rating(GatePart("P1", UNANSWERED), GatePart("P2", UNANSWERED)),
        "（前置条件尚未作答）",
        "(prerequisites not answered yet)",
        id="none-answered",
    ),
    pytest.param(
        _rating(GatePart("P1", NOT_MET), GatePart("P2", UNANSWERED)),
        "（前置条件有的未满足，有的尚未作答）",
        "(some prerequisites are not met, others not answered yet)",
        id="some-answered-no",
    ),
    pytest.param(
        _rating(GatePart("P1", NOT_MET), GatePart("P6", NO_VALUE)),
        "（前置条件未全部满足）",
        "(not all prerequisites are met)",
        id="answered-no-or-contradicted",
    ),
    pytest.param(
        _rating(reason="prerequisites not met: P1 (not rated)"),
        "（前置条件未全部满足）",
        "(not all prerequisites are met)",
        id="kept-before-parts",
    ),
]


@pytest.mark.parametrize(("rating", "zh", "en"), CASES)
def test_not_rated_reason_in_both_languages(
    app: Flask, rating: StarRating, zh: str, en: str
) -> None:
    with app.test_request_context():
        with force_locale("zh_CN"):
            assert not_rated_reason(rating) == zh
            assert not_rated_why(rating) == f"未评定 {zh}"
        with force_locale("en"):
            assert not_rated_reason(rating) == en
            assert not_rated_why(rating) == f"Not rated {en}"


def _pages(client: FlaskClient, assessment_id: int) -> tuple[str, str]:
    result = client.get(f"/assessments/{assessment_id}/result").get_data(as_text=True)
    home = client.get("/").get_data(as_text=True)
    return result, home


@needs_poppler
def test_an_empty_draft_says_prerequisites_not_answered_yet_then_not_met_once_answered_no(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = member_with_assessment(db_session, auth)
    result, home = _pages(client, assessment.id)
    assert "未评定 （前置条件尚未作答）" in result
    assert "前置条件 P1 尚未作答（见“前置条件”页），因此未评定" in result
    assert "暂未评定星级（前置条件尚未作答）。" in home
    assert "未全部满足" not in result + home
    assert "未满足，因此未评定" not in result
    pdf = fetch_scorecard(client, assessment.id)
    text = "".join(pdf_text(pdf.data).split())
    assert "未评定（前置条件尚未作答）" in text
    assert "未全部满足" not in text
    client.get("/lang/en")
    result, home = _pages(client, assessment.id)
    assert "Not rated (prerequisites not answered yet)" in result
    assert "Prerequisites not answered yet: P1 (see the Prerequisites page), so not rated" in result
    assert "No star rating yet (prerequisites not answered yet)." in home
    assert "not all prerequisites are met" not in result

    rubric = rubric_of(assessment)
    services.save_prerequisites(assessment, rubric, {"P1": ItemInput(level="0")}, world.user_a)
    db_session.commit()
    client.get("/lang/zh_CN")
    result, home = _pages(client, assessment.id)
    assert "未评定 （前置条件未全部满足）" in result
    assert "前置条件 P1（法定代表人签署责任关怀承诺书）未满足，因此未评定" in result
    assert "暂未评定星级（前置条件未全部满足）。" in home
    assert "尚未作答（见“前置条件”页）" not in result
