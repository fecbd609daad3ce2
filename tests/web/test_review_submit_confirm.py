"""qa18 S7: "提交评审" and "接受其余全部评价项" ask before acting, as "提交自评" does.

Submitting a review locks its decisions and findings; accepting the rest decides every item
left at once. Neither asks while it cannot act yet: with sampled items open, the submit only
lists them (each linked to its item, test_review_page_polish).
"""

from __future__ import annotations

import html
import json
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reviews import reviewing
from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world

SUBMIT = {"zh": "提交后评审结论和发现将被锁定", "en": "Once submitted, the decisions and findings"}
REST = {"zh": "将接受其余 ", "en": "Accept the self-assessed levels of the remaining "}


def _confirm_of(page: str, action: str) -> str | None:
    form = re.search(rf'action="[^"]*/{action}"[^>]*>(.*?)</form>', page, re.S)
    assert form is not None, action
    found = re.search(r'data-confirm="([^"]*)"', form.group(1))
    return None if found is None else html.unescape(found.group(1))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_submit_and_accept_rest_ask_before_acting(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    assignment = review.assignments[0]
    review.sample_items = json.dumps(review.sample[:1])  # the other items: "the rest"
    db_session.commit()
    auth.login(assignment.reviewer.email)
    client.get(f"/lang/{lang}")
    url = f"/reviews/assignments/{assignment.id}"

    page = client.get(url).get_data(as_text=True)
    assert _confirm_of(page, "submit") is None  # sampled items open: it only lists them
    rest = _confirm_of(page, "accept-rest")
    assert rest is not None
    assert rest.startswith(REST[lang])

    reviewing.accept_remaining(assignment, list(review.sample), set(), assignment.reviewer)
    db_session.commit()
    page = client.get(url).get_data(as_text=True)
    confirm = _confirm_of(page, "submit")
    assert confirm is not None
    assert confirm.startswith(SUBMIT[lang])
