"""What a result shows while its peer review runs, or runs again (review_state's one rule).

A submitted assessment under a first peer review showed its self result's star gate,
which counts the reviewers of a final review: "同行评审员 0 名" while two were assigned and
working, and "最高可达 5 星" although the answers were locked. The result page, the home
to-do card and the PDF scorecard now say that the review is in progress (reviewers
assigned and submitted), that the stars needing it wait for its end, and offer no reach.
A review reopened before the earlier final rating was kept names the stars and score the
audit log recorded at the reopening, and says plainly that the breakdown was not kept.
"""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import delete
from sqlalchemy.orm import Session

from rcapp.assessments.models import SnapshotKind
from rcapp.assessments.snapshots import delete_snapshot
from rcapp.audit.models import AuditEntry
from rcapp.clock import beijing_today
from rcapp.reports.documents import scorecard_html
from rcapp.reviews import reviewing, settling
from rcapp.reviews.models import Review
from tests.audit_guard import allow_audit_deletes
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world, submit_and_finalise

WORDS = {
    "zh": {
        "heading": "暂定结果（自评，同行评审进行中）",
        "progress": "已指派 2 名同行评审员，其中 1 名已提交评审意见",
        "waits": "待同行评审完成后评定",
        "zero": "同行评审员 0 名",
        "reach": "最高可达",
        "not_kept": "此前的最终星级在申诉成立时未予保存",
        "recorded": "此前经同行评审的最终结果为 {n} 星（总分 {score}，据申诉成立时的审计日志记录）",
    },
    "en": {
        "heading": "Provisional result (self-assessed, peer review in progress)",
        "progress": "2 peer reviewers assigned, of whom 1 has submitted their review",
        "waits": "rated when the peer review is complete",
        "zero": "Peer reviewers: 0",
        "reach": "within reach",
        "not_kept": "The earlier final rating was not kept when the appeal was upheld",
        "recorded": "The earlier peer-reviewed final result was {n} stars (overall score {score}",
    },
}


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _underway(db_session: Session) -> tuple[ReviewWorld, Review]:
    """Company 0 under a first peer review: two reviewers assigned, one has submitted."""
    world = make_review_world(5)
    review = assign_all(world)[0]
    first = review.assignments[0]
    reviewing.accept_remaining(first, list(review.sample), set(), first.reviewer)
    reviewing.submit_assignment(first, first.reviewer)
    db_session.commit()
    assert len(review.assignments) == 2
    return world, review


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_result_page_says_the_review_is_in_progress(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, review = _underway(db_session)
    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}")
    words = WORDS[lang]

    page = client.get(f"/assessments/{review.assessment_id}/result").get_data(as_text=True)
    text = _text(page)

    assert 'id="review-underway"' in page
    assert words["heading"] in text
    assert words["progress"] in text
    assert words["waits"] in text
    assert words["zero"] not in text
    assert 'id="within-reach"' not in page
    assert words["reach"] not in text


def test_the_lead_sees_the_same_state(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, review = _underway(db_session)
    auth.login(world.lead.email)

    page = client.get(f"/assessments/{review.assessment_id}/result").get_data(as_text=True)

    assert 'id="review-underway"' in page
    assert WORDS["zh"]["zero"] not in _text(page)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_home_todo_says_the_review_is_in_progress(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, _review = _underway(db_session)
    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}")

    page = client.get("/").get_data(as_text=True)

    assert 'id="review-underway"' in page
    assert WORDS[lang]["progress"] in _text(page)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_scorecard_says_the_review_is_in_progress(
    app: Flask, db_session: Session, lang: str
) -> None:
    _world, review = _underway(db_session)
    with app.test_request_context():
        page = scorecard_html(review.assessment, lang)
    text = _text(page)

    assert 'id="review-underway"' in page
    assert WORDS[lang]["progress"] in text
    assert WORDS[lang]["waits"] in text
    assert WORDS[lang]["zero"] not in text


def test_without_a_review_the_self_result_keeps_its_reach(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    db_session.commit()
    auth.login(world.members[0].email)

    page = client.get(f"/assessments/{world.assessments[0].id}/result").get_data(as_text=True)

    assert 'id="review-underway"' not in page
    assert "尚未经同行评审" in _text(page)


def _reopened_unkept(db_session: Session) -> tuple[ReviewWorld, Review, int, Decimal]:
    """Company 1's final review reopened as before the kind `appealed` existed: upholding
    deleted the final snapshot; only the audit log's `review.reopen` kept stars and score."""
    world = make_review_world(5)
    review = submit_and_finalise(assign_all(world)[1], world.lead)
    stars, overall = review.final_stars, review.final_score
    assert stars is not None
    assert overall is not None
    appeal = settling.file_appeal(review, "证据齐全", beijing_today(), world.members[1])
    settling.decide_appeal(appeal, True, "请组长重新裁定", world.secretariat)
    delete_snapshot(review.assessment, SnapshotKind.APPEALED)
    db_session.commit()
    return world, review, stars, overall


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_rereview_without_the_earlier_rating_kept_names_what_the_audit_log_recorded(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, review, stars, overall = _reopened_unkept(db_session)
    auth.login(world.members[1].email)
    client.get(f"/lang/{lang}")

    page = client.get(f"/assessments/{review.assessment_id}/result").get_data(as_text=True)
    text = _text(page)

    assert 'id="rereview"' in page
    assert 'id="earlier-not-kept"' in page
    assert WORDS[lang]["recorded"].format(n=stars, score=f"{overall:.1f}") in text
    assert 'id="review-underway"' not in page  # a re-review, not a first review
    home = client.get("/").get_data(as_text=True)
    assert 'id="rereview-not-kept"' in home


def test_without_an_audit_record_the_page_says_the_earlier_rating_was_not_kept(
    client: FlaskClient, db_session: Session, auth: AuthActions, app: Flask
) -> None:
    world, review, _stars, _overall = _reopened_unkept(db_session)
    allow_audit_deletes(db_session)  # the log is append-only; this stands for an older world
    db_session.execute(delete(AuditEntry).where(AuditEntry.action == "review.reopen"))
    db_session.commit()
    auth.login(world.members[1].email)

    page = client.get(f"/assessments/{review.assessment_id}/result").get_data(as_text=True)

    assert WORDS["zh"]["not_kept"] in _text(page)
    with app.test_request_context():
        scorecard = scorecard_html(review.assessment, "zh")
    assert 'id="earlier-not-kept"' in scorecard
    assert WORDS["zh"]["not_kept"] in _text(scorecard)
