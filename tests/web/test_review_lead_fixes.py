"""Lead pages of peer review: what a working-group lead sees and keeps while planning."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reviews import queries
from rcapp.reviews.models import ReviewKind
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world


def test_the_assign_page_offers_the_open_reviews_kind_not_desk_review(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    db_session.commit()
    auth.login(world.lead.email)
    target = world.assessments[0]
    url = f"/reviews/assessments/{target.id}/assign"
    ids = [world.reviewers[1].id, world.reviewers[2].id]
    assert client.post(url, data={"kind": "onsite", "reviewers": ids}).status_code == 302
    page = client.get(url).get_data(as_text=True)
    checked = re.search(r'<input checked[^>]*name="kind"[^>]*>', page)
    assert checked is not None
    assert 'value="onsite"' in checked.group(0)
    # Adding a third reviewer with the form as shown keeps the review on site.
    client.post(url, data={"kind": "onsite", "reviewers": [world.reviewers[3].id]})
    review = queries.find_review(target)
    assert review is not None
    assert review.kind is ReviewKind.ONSITE
    assert len(review.assignments) == 3


def test_a_new_review_still_starts_as_desk_review(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    db_session.commit()
    auth.login(world.lead.email)
    page = client.get(f"/reviews/assessments/{world.assessments[0].id}/assign")
    checked = re.search(r'<input checked[^>]*name="kind"[^>]*>', page.get_data(as_text=True))
    assert checked is not None
    assert 'value="desk"' in checked.group(0)
