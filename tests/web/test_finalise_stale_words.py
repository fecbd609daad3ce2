"""QA33 D3: a stale finalise confirmation says what changed since the page was opened.

Before, it said the stars "have changed to 1 星" when only the score had moved, and blamed
a change "after you confirmed" that happened after the page was opened.
"""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reviews import settling
from rcapp.reviews.models import Review, ReviewStatus
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world, submit_all


def _ready(world: ReviewWorld) -> Review:
    review = assign_all(world)[1]
    submit_all(review)
    return review


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.mark.parametrize(
    ("lang", "unchanged", "changed"),
    [
        (
            "zh_CN",
            "在您打开确认页之后，有评价项被重新裁定："
            "最终得分由 {old} 变为 {now}，星级仍为 {stars} 星。",  # QA37 S7: "仍为 2 星"
            "星级由 {old_stars} 星变为 {stars} 星",
        ),
        (
            "en",
            "Since you opened the confirmation page, items were settled again: the final score "
            "went from {old} to {now}; the star rating is still {stars} stars.",
            "the star rating went from {old_stars} stars to {stars} stars",
        ),
    ],
)
def test_the_message_says_the_score_moved_and_whether_the_stars_did(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    unchanged: str,
    changed: str,
) -> None:
    world = make_review_world(5)
    review = _ready(world)
    card = settling.final_scorecard(review)
    db_session.commit()
    stars, now = card.rating.stars, card.overall
    assert now is not None
    old = now + Decimal("0.2")
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    url = f"/reviews/{review.id}/finalise"
    same_stars = client.post(url, data={"shown": f"{stars}:1:{old}"})
    assert same_stars.status_code == 409
    text = _text(same_stars.get_data(as_text=True))
    assert unchanged.format(old=f"{old:.1f}", now=f"{now:.1f}", stars=stars) in text
    assert "在您确认之后" not in text
    assert "已变为" not in text
    other_stars = client.post(url, data={"shown": f"{stars + 1}:1:{old}"})
    text = _text(other_stars.get_data(as_text=True))
    assert changed.format(old_stars=stars + 1, stars=stars) in text
    db_session.expire_all()
    assert review.status is ReviewStatus.IN_REVIEW


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh_CN", "尚不能定级：须至少有 2 份已提交的评审，目前 0 份。"),
        ("en", "It cannot be rated yet: at least 2 submitted reviews are needed; 0 so far."),
    ],
)
def test_the_finalise_address_says_at_the_top_why_it_cannot_be_rated_yet(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, said: str
) -> None:
    """QA33 S11: the map was shown under /finalise with the reason only at the bottom."""
    world = make_review_world(5)
    review = assign_all(world)[1]
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    response = client.get(f"/reviews/{review.id}/finalise", follow_redirects=True)
    page = response.get_data(as_text=True)
    text = _text(page)
    assert said in text
    assert page.index("flash-warning") < page.index('id="finalise-h"')
