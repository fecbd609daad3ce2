"""Back the next day, a reviewer sees when his review is due and how far he got (qa88).

The peer-review page listed his open review as "To review" only, without the due day the
home page shows; neither said how many sampled items were decided already. On a phone the
home panel's table was cut off at the due day.
"""

from __future__ import annotations

import html

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.queries import rubric_of
from rcapp.reviews import reviewing
from rcapp.reviews.home_panel import due_on
from rcapp.reviews.models import Decision
from rcapp.reviews.resubmitted import items_to_check
from rcapp.reviews.review_dates import due_days
from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world


def test_the_review_list_and_home_say_the_due_day_and_the_items_decided(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    assignment = assign_all(world)[0].assignments[0]
    to_check = items_to_check(assignment.review)
    first = rubric_of(assignment.review.assessment).item_index()[to_check[0]]
    reviewing.save_decision(
        assignment, first, False, Decision.ACCEPT, None, "", assignment.reviewer
    )
    db_session.commit()
    auth.login(assignment.reviewer.email)
    client.get("/lang/en")
    progress = f"1 of {len(to_check)} sampled items decided"
    listed = html.unescape(client.get("/reviews/").get_data(as_text=True))
    mine = listed.split('id="mine"', 1)[1].split("</table>", 1)[0]
    assert due_on(assignment, due_days()).isoformat() in mine
    assert "days left" in mine
    assert progress in mine
    home = html.unescape(client.get("/").get_data(as_text=True))
    panel = home.split('id="review-todo"', 1)[1].split("</table>", 1)[0]
    assert progress in panel
    # a phone swipes the panel's table sideways instead of losing its last columns
    assert 'class="table-scroll"' in panel
