"""A reviewer reads the organisation's figures and accounts as the other pages show them (qa88).

A number item's answer sat beside its level as the database keeps it: "100.000000 %" on
the reviewer's page, on an English iPad too. It is written as a figure: 100 %, 99.4 %.
The event register's accounts, typed in Chinese, had no word that they are the company's,
shown as written, as its answers on the items have.
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


def test_the_event_register_says_the_accounts_are_the_companys_chinese(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5, vetoed=[0])
    assignment = assign_all(world)[0].assignments[0]
    db_session.commit()
    auth.login(assignment.reviewer.email)
    client.get("/lang/en")
    page = html.unescape(client.get(f"/reviews/assignments/{assignment.id}").get_data(as_text=True))
    register = page.split('id="event-register"', 1)[1].split("</section>", 1)[0]
    assert "储罐区火灾" in register
    assert "Written by the company in Chinese; shown as written." in register
    client.get("/lang/zh_CN")
    page = client.get(f"/reviews/assignments/{assignment.id}").get_data(as_text=True)
    assert "written-note" not in page.split('id="event-register"', 1)[1].split("</section>", 1)[0]
