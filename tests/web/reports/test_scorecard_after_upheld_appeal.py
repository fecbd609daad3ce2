"""The scorecard after an upheld appeal states what the result page states (QA19 D2).

The result page showed the earlier final rating, marked as being reviewed again, while the
scorecard PDF of the same assessment scored the self-assessment live: "1 星 暂定（自评，尚未
经同行评审）" with "同行评审员 0 名" as the reason, beside its own table of 2 reviewers. Now the
scorecard (and the results workbook built from the same report) asks the same rule
(rcapp.reviews.rereview through the result page's hook), and its job's content key changes
with it, so a PDF made before the appeal was upheld is not handed out again.
"""

from __future__ import annotations

import html
import re

import pytest
from flask import Flask
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.assessments.snapshots import appealed_scorecard
from rcapp.clock import beijing_today
from rcapp.reports.data import build_scorecard_report
from rcapp.reports.data_results import standing_label
from rcapp.reports.documents import scorecard_html
from rcapp.reports.scorecard_job import content_key
from rcapp.reviews import settling
from rcapp.reviews.models import Review
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world, submit_and_finalise

WORDS = {
    "zh": {
        "heading": "此前的最终结果（经同行评审，申诉成立后重新评审中）",
        "reviewers": "2 名评审员",
        "badge": "重新评审中",
        "notice": "在重新定级之前，此前的最终星级仍是有效评级",
        "peer_state": "申诉成立，重新评审中",
        "stars": "{n} 星",
        "self": "尚未经同行评审",
        "none": "同行评审员 0 名",
        "self_state": "星级为自评结果",
    },
    "en": {
        "heading": "Earlier final result (peer reviewed; appeal upheld, in review again)",
        "reviewers": "2 reviewers",
        "badge": "In review again",
        "notice": "the earlier final rating stays the rating of record (in review again)",
        "peer_state": "Appeal upheld, in review again",
        "stars": "{n} stars",
        "self": "not yet peer reviewed",
        "none": "Peer reviewers: 0",
        "self_state": "self-assessment",
    },
}


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _finalised(db_session: Session) -> tuple[ReviewWorld, Review]:
    world = make_review_world(5)
    review = submit_and_finalise(assign_all(world)[1], world.lead)
    db_session.commit()
    assert len(review.submitted_assignments) == 2
    return world, review


def _uphold(db_session: Session, world: ReviewWorld, review: Review) -> None:
    appeal = settling.file_appeal(review, "证据齐全", beijing_today(), world.members[1])
    settling.decide_appeal(appeal, True, "请组长重新裁定", world.secretariat)
    db_session.commit()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_scorecard_shows_the_earlier_final_rating_being_reviewed_again(
    app: Flask, db_session: Session, lang: str
) -> None:
    world, review = _finalised(db_session)
    _uphold(db_session, world, review)
    assessment = review.assessment
    with app.test_request_context():
        kept = appealed_scorecard(assessment)
        page = scorecard_html(assessment, lang)
    assert kept is not None
    words = WORDS[lang]
    text = _text(page)
    facts = _text(page.split('class="facts"')[1].split("</div>\n</div>")[0])

    assert words["stars"].format(n=kept.card.rating.stars) in facts
    assert words["badge"] in facts
    assert words["heading"] in text
    assert words["reviewers"] in text
    assert 'id="rereview"' in page
    assert words["notice"] in text
    assert words["peer_state"] in text
    assert words["self"] not in text
    assert words["none"] not in text
    assert words["self_state"] not in text


def test_the_results_workbook_says_in_review_again(app: Flask, db_session: Session) -> None:
    world, review = _finalised(db_session)
    _uphold(db_session, world, review)
    with app.test_request_context(), force_locale("en"):
        report = build_scorecard_report(review.assessment, "en")
        assert standing_label(report) == "In review again"
        assert report.source_label.startswith("Earlier final result settled by peer review")


def test_the_scorecard_jobs_content_key_changes_when_the_appeal_is_upheld(
    app: Flask, db_session: Session
) -> None:
    world, review = _finalised(db_session)
    with app.test_request_context():
        before = content_key(scorecard_html(review.assessment, "zh"))
    _uphold(db_session, world, review)
    with app.test_request_context():
        after = scorecard_html(review.assessment, "zh")
        assert content_key(after) != before
    assert "重新评审中" in after
