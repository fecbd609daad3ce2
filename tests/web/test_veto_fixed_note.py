"""A veto that took every star is said before a review is assigned and on the appeal form
(qa66 #1): a review or an appeal changes item levels and scores, never a veto, so neither
may promise a star change.

Company 0 of the world registers a fatal accident (a veto that takes every star).
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reviews.models import Review
from tests.conftest import AuthActions
from tests.factories_reviews import (
    FATAL_ACCIDENT,
    ReviewWorld,
    assign_all,
    make_review_world,
    submit_and_finalise,
)

NOTE = {
    "zh": ("本单位本年度因一票否决不予评星", "评审结果不改变星级", "起不再计入"),
    "en": ("vetoed for this year", "review does not change the stars", "no longer counts from"),
}
PROMISE = {"zh": "最终评级可能随之改变", "en": "final rating, which may differ"}


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _note(page: str) -> str | None:
    found = re.search(r'id="veto-fixed">(.*?)</p>', page, flags=re.S)
    return None if found is None else _text(found[1])


def _world(db_session: Session) -> tuple[ReviewWorld, list[Review]]:
    world = make_review_world(5, vetoed=[0])
    reviews = assign_all(world)
    for review in reviews[:2]:
        submit_and_finalise(review, world.lead)
    db_session.commit()
    return world, reviews


def _open(client: FlaskClient, auth: AuthActions, email: str, lang: str, url: str) -> str:
    auth.login(email)
    client.get(f"/lang/{lang}")
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_assign_page_says_the_veto_fixed_the_stars(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(2, vetoed=[0])
    db_session.commit()
    url = "/reviews/assessments/{}/assign?group=" + str(world.group.id)
    page = _open(client, auth, world.lead.email, lang, url.format(world.assessments[0].id))
    note = _note(page)
    assert note is not None
    assert all(words in note for words in NOTE[lang])
    assert FATAL_ACCIDENT.occurred_on in note  # the event that vetoes, by its day
    # beside the button
    assert page.index('id="veto-fixed"') < page.index('type="submit" class="primary"')
    other = client.get(url.format(world.assessments[1].id)).get_data(as_text=True)
    assert _note(other) is None  # a rating without a veto: nothing said


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_appeal_form_does_not_promise_a_star_change_under_a_veto(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, reviews = _world(db_session)
    page = _open(client, auth, world.members[0].email, lang, f"/reviews/{reviews[0].id}/final")
    note = _note(page)
    assert note is not None
    assert all(words in note for words in NOTE[lang])
    rules = _text(page.split('id="appeal-rules"')[1].split("</p>")[0])
    assert PROMISE[lang] not in rules
    assert 'id="appeal-form"' in page  # the appeal stays possible: scores can change
    auth.logout()
    page = _open(client, auth, world.members[1].email, lang, f"/reviews/{reviews[1].id}/final")
    assert _note(page) is None
    assert PROMISE[lang] in _text(page.split('id="appeal-rules"')[1].split("</p>")[0])
