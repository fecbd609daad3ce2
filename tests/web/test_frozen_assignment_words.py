"""A reviewer's assignment frozen by the year's close is not an open task (qa45 S8).

After the close the task list still said "待评审" for it, and its page showed every item
without a conclusion as "结论：接受" beside "还有 43 个抽查项未给出结论".
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.cycles import services as cycle_services
from rcapp.reviews import services as review_services
from rcapp.reviews.models import ReviewKind
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world, reviewers_of
from tests.web.helpers import page_text


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.mark.parametrize(
    ("lang", "frozen", "waiting", "undecided", "accepted"),
    [
        ("zh", "年度关闭时冻结，未完成", "待评审", "结论：未给出结论", "结论：接受"),
        (
            "en",
            "Frozen at the year's close, not completed",
            "To review",
            "Decision: no decision",
            "Decision: Accepted",
        ),
    ],
)
def test_a_frozen_assignment_is_marked_and_its_undecided_items_say_so(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    frozen: str,
    waiting: str,
    undecided: str,
    accepted: str,
) -> None:
    world = make_review_world(3)
    review = review_services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, reviewers_of(world, 0), world.lead
    )
    cycle_services.close_cycle(world.cycle, world.secretariat)
    db_session.commit()
    assignment = review.assignments[0]
    auth.login(assignment.reviewer.email)
    client.get(f"/lang/{lang}")
    tasks = html.unescape(page_text(client, "/reviews/"))
    name = world.companies[0].display_name(lang)
    row = _text(next(r for r in tasks.split("<tr>") if name in r))
    assert frozen in row
    assert waiting not in row
    page = _text(page_text(client, f"/reviews/assignments/{assignment.id}"))
    assert undecided in page
    assert accepted not in page
