"""The home card's final rating links its outcome page, says whether the peer review changed
the self-assessed rating, and gives the appeal deadline while an appeal may be filed
(QA, a park's officer: the card said "经同行评审的最终星级：1 星" alone; the outcome page and
the mail knew the rest).
"""

from __future__ import annotations

import datetime as dt
import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.clock import beijing_today
from rcapp.reviews import services as review_services
from rcapp.reviews.models import Review, ReviewKind
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world, reviewers_of, submit_and_finalise

# The outcome page scores the self-assessment as not reviewed: 2 stars at most before a
# peer review, which the final rating of 3 raised.
WORDS = {
    "zh": (
        "经同行评审的最终星级：3 星",
        "高于提交的自评星级（2 星）：同行评审后上调。",
        "如对结果有异议，可在 {day}（北京时间）前提出申诉。",
    ),
    "en": (
        "Final rating after peer review: 3 stars",
        "Higher than the self-assessed rating submitted (2 stars): raised by the peer review.",
        "If you disagree with the result, you may appeal until {day} (Beijing time).",
    ),
}


def _finalised(db_session: Session) -> tuple[Review, str]:
    """A company's review finalised today with 30 days to appeal; its member's e-mail."""
    world = make_review_world(3)
    review = review_services.assign_reviewers(
        world.assessments[0], ReviewKind.ONSITE, reviewers_of(world, 0), world.lead
    )
    submit_and_finalise(review, world.lead, appeal_days=30)
    db_session.commit()
    return review, world.members[0].email


def _card(client: FlaskClient) -> tuple[str, str]:
    """The home card's final-stars line and the outcome line after it."""
    page = html.unescape(client.get("/").get_data(as_text=True))
    stars = page.split('id="final-stars"')[1].split("</p>")[0]
    return stars, page.split('id="final-outcome"')[1].split("</p>")[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_final_rating_links_its_outcome_and_the_appeal_deadline(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    review, member = _finalised(db_session)
    auth.login(member)
    client.get(f"/lang/{lang}")
    final, changed, appeal = WORDS[lang]
    stars, card = _card(client)
    assert review.final_stars == 3
    assert final in stars
    assert f'<a href="/reviews/{review.id}/final">' in card
    assert changed in card
    assert review.appeal_until is not None
    assert appeal.format(day=review.appeal_until.isoformat()) in card


def test_no_appeal_deadline_once_it_has_passed(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    review, member = _finalised(db_session)
    review.appeal_until = beijing_today() - dt.timedelta(days=1)
    db_session.commit()
    auth.login(member)
    _stars, card = _card(client)
    assert "申诉" not in card.split("<a ")[0]
    assert f'<a href="/reviews/{review.id}/final">' in card
