"""Returning an assessment whose peer review is finalised (QA13 D2).

Returning does not withdraw the final rating: the return form says so and asks to confirm;
afterwards the organisations list shows the same final stars as the review page and the
year's export, and after resubmission the final rating still stands.
"""

from __future__ import annotations

import html
import io
import re

import openpyxl
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.reviews.models import Review
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world, submit_and_finalise
from tests.web.helpers import page_text


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _final(db_session: Session) -> tuple[ReviewWorld, Review]:
    world = make_review_world(5)
    review = submit_and_finalise(assign_all(world)[0], world.lead)
    db_session.commit()
    assert review.final_stars is not None
    return world, review


def _status(db_session: Session, assessment: Assessment) -> AssessmentStatus:
    db_session.refresh(assessment)
    return assessment.status


def _roster_row(client: FlaskClient, world: ReviewWorld, name: str) -> str:
    page = page_text(client, f"/cycles/{world.cycle.id}/organisations")
    (row,) = [r for r in page.split("<tr")[1:] if name in r]
    return _text("<tr" + row)


def test_returning_a_finally_reviewed_assessment_asks_to_confirm_and_keeps_the_rating(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, review = _final(db_session)
    assessment = review.assessment
    stars, name = review.final_stars, world.companies[0].name_zh
    assert stars is not None
    url = f"/cycles/assessments/{assessment.id}/return"
    auth.login(world.secretariat.email)
    text = _text(page_text(client, url))
    assert f"本自评的同行评审已定级： {'★' * stars}{'☆' * (5 - stars)} {stars} 星 最终" in text
    assert "退回不改变这一最终星级" in text
    assert "最终星级随即相应下调（不会上调）" in text  # qa49 B1
    assert "本年度将没有它的结果" in text

    response = client.post(url, data={"comment": "请补充证据"})
    assert response.status_code == 422
    assert "请勾选确认：本自评的同行评审已定级" in _text(response.get_data(as_text=True))
    assert _status(db_session, assessment) is AssessmentStatus.SUBMITTED

    response = client.post(url, data={"comment": "请补充证据", "keep_final": "y"})
    assert response.status_code == 302
    assert _status(db_session, assessment) is AssessmentStatus.RETURNED

    # The list, the review page and the export agree: the final stars stand.
    row = _roster_row(client, world, name)
    assert f"{stars} 星 最终" in row
    assert "已退回" in row
    assert f"{stars} 星" in _text(page_text(client, f"/reviews/{review.id}/final"))
    response = client.get("/reports/assessments.xlsx", query_string={"cycle": world.cycle.id})
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    assert sheet is not None
    (cells,) = [
        [c for c in r if c is not None] for r in sheet.iter_rows(values_only=True) if name in r
    ]
    assert stars in cells
    assert "最终" in cells

    # Resubmitted: the final rating still stands.
    services.submit_assessment(assessment, world.members[0])
    db_session.commit()
    assert f"{stars} 星 最终" in _roster_row(client, world, name)


def test_the_return_of_an_assessment_without_a_final_review_asks_no_confirmation(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    db_session.commit()
    auth.login(world.secretariat.email)
    url = f"/cycles/assessments/{world.assessments[1].id}/return"
    assert 'name="keep_final"' not in page_text(client, url)
    assert client.post(url, data={"comment": "请补充证据"}).status_code == 302
