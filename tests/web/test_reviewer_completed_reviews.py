"""A reviewer's finalised reviews stay on their list, as a summary without the answers.

Once the review is final the reviewer no longer opens the organisation's answers; their
list keeps a "completed" part naming the organisation, the year, how many decisions they
gave and the day it was finalised, linked to his own work, read only (finalised_work.py).
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.clock import beijing_day
from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise


@pytest.mark.parametrize(("lang", "heading"), [("zh", "已定级的评审"), ("en", "Finalised reviews")])
def test_a_finalised_review_stays_in_the_reviewers_list_as_a_summary(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, heading: str
) -> None:
    world = make_review_world(6)
    reviews = assign_all(world)
    final = submit_and_finalise(reviews[0], world.lead)
    reviewer = final.assignments[0].reviewer
    assignment = final.assignments[0]
    db_session.commit()
    auth.login(reviewer.email)
    client.get(f"/lang/{lang}")
    page = html.unescape(client.get("/reviews/").get_data(as_text=True))
    assert heading in page
    # With open reviews left, not "no reviews are assigned to you".
    assert ("当前没有指派给您的评审" if lang == "zh" else "No reviews are assigned") not in page
    completed = page.split('id="completed"')[1].split("</table>")[0]
    name = world.companies[0].display_name(lang)
    assert name in completed
    assert str(final.assessment.cycle.year) in completed
    assert f'<td class="num">{len(assignment.decisions)}</td>' in completed
    assert final.finalised_at is not None
    assert beijing_day(final.finalised_at).isoformat() in completed
    # A link to his own work, which shows none of the organisation's answers or files.
    assert f"/reviews/assignments/{assignment.id}" in completed
    own = client.get(f"/reviews/assignments/{assignment.id}").get_data(as_text=True)
    assert "/evidence/" not in own
    assert "<form" not in own.split("<main")[1]
    # The open review is still in the active part, not in the completed one.
    still_open = next(
        r for r in reviews[1:] if any(a.reviewer_id == reviewer.id for a in r.assignments)
    )
    open_name = still_open.assessment.organisation.display_name(lang)
    assert open_name not in completed
    assert open_name in page.split('id="completed"')[0]


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", "当前没有待完成的评审。"), ("en", "You have no reviews to do at the moment.")],
)
def test_with_only_finalised_reviews_the_list_says_none_is_left_to_do(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, words: str
) -> None:
    world = make_review_world(6)
    reviews = assign_all(world)
    reviewer = world.reviewers[1]  # reviews companies 0 and 5
    for review in (reviews[0], reviews[5]):
        submit_and_finalise(review, world.lead)
    db_session.commit()
    auth.login(reviewer.email)
    client.get(f"/lang/{lang}")
    page = html.unescape(client.get("/reviews/").get_data(as_text=True))
    assert words in page
    completed = page.split('id="completed"')[1].split("</table>")[0]
    assert completed.count("<tr>") == 3  # the header and both reviews
