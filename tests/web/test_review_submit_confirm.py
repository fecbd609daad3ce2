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

from rcapp.assessments.queries import rubric_of
from rcapp.reviews import reviewing
from rcapp.reviews.consolidation import reviewer_verdicts, self_verdicts
from rcapp.reviews.finalcard import self_scorecard
from rcapp.reviews.models import Decision
from rcapp.reviews.reviewer_page import rest_to_accept
from rcapp.reviews.rules import NA
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

    # The sampled item and the rest decided: nothing is left to be accepted by the submit.
    card = self_scorecard(review.assessment)
    others = rest_to_accept(assignment, card)[0]
    reviewing.accept_remaining(assignment, [*review.sample, *others], set(), assignment.reviewer)
    db_session.commit()
    page = client.get(url).get_data(as_text=True)
    confirm = _confirm_of(page, "submit")
    assert confirm is not None
    assert SUBMIT[lang] in confirm.splitlines()[-1]


UNDECIDED = {
    "zh": "其余 {n} 个未抽查、未给出结论的评价项将按单位的自评等级接受",
    "en": "The other {n} items, neither sampled nor decided, will be accepted at the "
    "organisation’s self-assessed level",
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_submit_says_undecided_items_are_accepted_as_self_assessed(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    """qa62 2: the sample decided, "accept the rest" not pressed: the confirm says what is left.

    And it is true: the submitted review counts each such item at the self level.
    """
    world = make_review_world(5)
    review = assign_all(world)[0]
    assignment = review.assignments[0]
    sampled = review.sample[0]
    review.sample_items = json.dumps([sampled])
    rubric = rubric_of(review.assessment)
    card = self_scorecard(review.assessment, rubric)
    item = rubric.item_index()[sampled]
    own = self_verdicts(card)[sampled]
    level = None if own == NA else int(own)
    reviewing.save_decision(
        assignment, item, own == NA, Decision.ACCEPT, level, "", assignment.reviewer
    )
    db_session.commit()
    rest = rest_to_accept(assignment, card, [sampled])[0]
    assert len(rest) > 1
    auth.login(assignment.reviewer.email)
    client.get(f"/lang/{lang}")

    page = client.get(f"/reviews/assignments/{assignment.id}").get_data(as_text=True)
    confirm = _confirm_of(page, "submit")
    assert confirm is not None
    assert UNDECIDED[lang].format(n=len(rest)) in confirm
    assert SUBMIT[lang] in confirm

    reviewing.submit_assignment(assignment, assignment.reviewer)
    selfs = self_verdicts(card)
    assert reviewer_verdicts(assignment, selfs) == selfs  # each undecided item: its self level
