"""A review unfinished when its year closed: the company's result page and scorecard say so as
the secretariat's pages do (评审未完成（年度关闭时冻结）), not "未经同行评审", and say what the
company can do (qa45 S11).
"""

from __future__ import annotations

import html
import io
import re

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.cycles import services as cycle_services
from rcapp.reports.documents import scorecard_html
from rcapp.reviews import reviewing
from rcapp.reviews.models import Review
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world

WORDS = {
    "zh": (
        "最终结果（自评）：评审未完成（年度关闭时冻结）",
        "2025 年度关闭时，本单位的同行评审尚未完成（已指派 2 名同行评审员，"
        "其中 1 名已提交评审意见）",
        "请联系秘书处：秘书处可重新开启该年度",
        "须经同行评审的星级未能评定。申诉只适用于",  # no gap between Chinese sentences
    ),
    "en": (
        "Final result (self-assessed): review not finished (frozen at the close)",
        "When 2025 closed, this organisation's peer review was not finished "
        "(2 peer reviewers assigned, of whom 1 has submitted their review)",
        "contact the secretariat: it can reopen the year",
        "could not be rated. An appeal is only",
    ),
}
NOT_REVIEWED = {"zh": "未经同行评审", "en": "not peer reviewed"}


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _frozen_half_done(db_session: Session) -> tuple[ReviewWorld, Review]:
    """Company 0: one of two reviewers submitted when the year closed."""
    world = make_review_world(5)
    review = assign_all(world)[0]
    first = review.assignments[0]
    reviewing.accept_remaining(first, list(review.sample), set(), first.reviewer)
    reviewing.submit_assignment(first, first.reviewer)
    cycle_services.close_cycle(world.cycle, world.secretariat)
    db_session.commit()
    return world, review


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_result_page_says_the_review_was_frozen_unfinished(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, review = _frozen_half_done(db_session)
    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/assessments/{review.assessment_id}/result").get_data(as_text=True)
    text = _text(page)
    assert 'id="review-frozen"' in page
    for words in WORDS[lang]:
        assert words in text
    assert NOT_REVIEWED[lang] not in text.split(WORDS[lang][0])[0][-200:]
    assert 'id="review-underway"' not in page  # not "in progress": it never will be


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_scorecard_says_the_review_was_frozen_unfinished(
    app: Flask, db_session: Session, lang: str
) -> None:
    _world, review = _frozen_half_done(db_session)
    with app.test_request_context():
        page = scorecard_html(review.assessment, lang)
    text = _text(page)
    assert 'id="review-frozen"' in page
    for words in WORDS[lang]:
        assert words in text


# qa55 #2: the peer-review condition counts the reviewers who finished, and says how many
# were assigned and submitted, as the banner does: not "同行评审员 0 名".
CONDITION = {
    "zh": (
        "完成评审的同行评审员 0 名（已指派 2 名，1 名已提交，评审未完成；要求至少",
        "同行评审员 0 名（要求",
    ),
    "en": (
        "Peer reviewers who completed the review: 0 (2 assigned, 1 submitted, review not "
        "finished; at least",
        "Peer reviewers: 0",
    ),
}


def _annual_conditions(client: FlaskClient, cycle_id: int, lang: str) -> str:
    data = client.get(f"/reports/cycles/{cycle_id}/annual.xlsx?lang={lang}").data
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["星级条件" if lang == "zh" else "Star rating conditions"]
    return " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_output_counts_the_reviewers_who_finished(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, review = _frozen_half_done(db_session)
    said, old = CONDITION[lang]
    with app.test_request_context():
        scorecard = _text(scorecard_html(review.assessment, lang))
    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}")
    page = _text(client.get(f"/assessments/{review.assessment_id}/result").get_data(as_text=True))
    auth.login(world.secretariat.email)
    annual = _annual_conditions(client, world.cycle.id, lang)
    for text in (page, scorecard, annual):
        assert said in text
        assert old not in text
