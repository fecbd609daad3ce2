"""A reviewer reads the organisation's figures as the other pages write them (qa88).

A number item's answer sat beside its level as the database keeps it: "100.000000 %" on
the reviewer's page, on an English iPad too. It is written as a figure: 100 %, 99.4 %.
"""

from __future__ import annotations

import html

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.validation import ItemInput
from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world


def test_a_number_answer_reads_as_a_figure_on_the_reviewers_page(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5, overrides={0: {"C1.E1.2": ItemInput(value="2.50")}})
    assignment = assign_all(world)[0].assignments[0]
    db_session.commit()
    auth.login(assignment.reviewer.email)
    client.get("/lang/en")
    page = html.unescape(
        client.get(f"/reviews/assignments/{assignment.id}?section=C1").get_data(as_text=True)
    )
    item = page.split('id="item-C1.E1.2"', 1)[1].split('class="item review-item"', 1)[0]
    assert " · 2.5 " in item
    assert "2.50" not in item
