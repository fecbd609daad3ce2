"""English the persona reads well: the lead named once in brackets, the finalised note (qa88).

The name with its pinyin already has brackets: the address in brackets after it read
"Assigned by: 周建华 (Zhou Jianhua) (ps.lead@…)" on the reviewer's page and in the mails
to the reviewer and the company. Chinese keeps 周建华（ps.lead@…）.
"""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.mail.models import OutboxMessage
from rcapp.reviews import queries
from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise


def test_the_lead_to_ask_is_named_once_in_brackets_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(4)
    world.lead.name = "周建华"
    reviewer, company = world.reviewers[1], world.members[0]
    reviewer.language = company.language = "en"
    db_session.commit()
    auth.login(world.lead.email)
    client.post(
        f"/reviews/assessments/{world.assessments[0].id}/assign",
        data={"reviewers": [reviewer.id], "kind": "desk"},
    )
    mails = {m.to_address: m.body for m in db_session.scalars(select(OutboxMessage))}
    lead = f"周建华 (Zhou Jianhua), {world.lead.email}"
    assert f"Assigned by: {lead}; please contact them" in mails[reviewer.email]
    assert f"please contact the working group: {lead}." in mails[company.email]
    review = queries.find_review(world.assessments[0])
    assert review is not None
    auth.login(reviewer.email)
    client.get("/lang/en")
    page = client.get(f"/reviews/assignments/{review.assignments[0].id}").get_data(as_text=True)
    assert f'Assigned by: 周建华 (Zhou Jianhua), <a href="mailto:{world.lead.email}">' in page
    assert ") (" not in mails[reviewer.email] + mails[company.email]


def test_the_reviewers_finalised_page_says_the_rating_may_differ(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = submit_and_finalise(assign_all(world)[0], world.lead)
    assignment = review.assignments[0]
    db_session.commit()
    auth.login(assignment.reviewer.email)
    client.get("/lang/en")
    page = client.get(f"/reviews/assignments/{assignment.id}").get_data(as_text=True)
    assert "the final result is the finalised rating, which may differ from them." in page
    assert "the one finalised" not in page
