"""A finalised review takes no more reviewers: no "指派" link, and a crafted POST is refused.

The lead's group page linked "指派" (Assign) on a finalised review's row; the assign page
offers no form for it, and a POST (an older page, a script) is refused with a message
that says why, in the user's language, with nothing assigned.
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.factories_reviews import VISIT, assign_all, make_review_world, submit_and_finalise


def _row(page: str, final_url: str) -> str:
    """The group table's row whose actions link `final_url`."""
    return next(row for row in page.split("<tr>") if final_url in row)


@pytest.mark.parametrize(
    ("lang", "link", "refused"),
    [
        ("zh", ">指派<", "该评审已定级，不能再指派评审员；未作任何指派。"),
        ("en", ">Assign<", "This review has been finalised: no reviewers can be assigned"),
    ],
)
def test_a_finalised_review_offers_no_assign_link_and_refuses_a_crafted_post(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    link: str,
    refused: str,
) -> None:
    world = make_review_world(6)
    reviews = assign_all(world)
    submit_and_finalise(reviews[0], world.lead)
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    page = html.unescape(client.get(f"/reviews/groups/{world.group.id}").get_data(as_text=True))
    final_row = _row(page, f"/reviews/{reviews[0].id}/final")
    open_row = _row(page, f"/reviews/{reviews[1].id}/consolidate")
    assert link not in final_row
    assert f"/reviews/assessments/{world.assessments[0].id}/assign" not in final_row
    assert link in open_row
    before = len(reviews[0].assignments)
    outsider = world.reviewers[3]
    response = client.post(
        f"/reviews/assessments/{world.assessments[0].id}/assign",
        data={"kind": "onsite", "visit_on": VISIT, "reviewers": [outsider.id]},
        follow_redirects=True,
    )
    assert response.status_code == 200
    text = html.unescape(response.get_data(as_text=True))
    assert refused in text
    db_session.refresh(reviews[0])
    assert len(reviews[0].assignments) == before
