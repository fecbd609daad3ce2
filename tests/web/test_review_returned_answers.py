"""A review in progress cannot read answers sent back for revision (found by the auth sweep).

Returned, the answers are the organisation's working draft again: its lead is refused its
assessment pages, and so must the review's reviewers and lead be refused the review's.
"""

from __future__ import annotations

import html
import io

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.queries import rubric_of
from rcapp.reviews import services as review_services
from rcapp.reviews import settling
from rcapp.reviews.errors import AnswersReturned
from rcapp.reviews.models import ReviewKind
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world, reviewers_of, submit_all


def test_reviewers_and_lead_lose_the_review_pages_while_the_answers_are_returned(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(4)
    assessment = world.assessments[0]
    reviewer = reviewers_of(world, 0)[0]
    review = review_services.assign_reviewers(
        assessment, ReviewKind.DESK, reviewers_of(world, 0), world.lead
    )
    assignment = next(a for a in review.assignments if a.reviewer_id == reviewer.id)
    services.return_assessment(assessment, "请补充证据", world.secretariat)
    # While returned, the organisation uploads a new evidence file.
    file = services.add_attachment(
        assessment,
        rubric_of(assessment),
        "MS.G1.1",
        "草稿证据.pdf",
        io.BytesIO(b"%PDF-1.4 draft"),
        world.members[0],
    )
    db_session.commit()

    auth.login(reviewer.email)
    base = f"/reviews/assignments/{assignment.id}"
    opened = client.get(base)  # not "no permission": told why, on their list
    assert opened.status_code == 302
    assert opened.headers["Location"].endswith("/reviews/")
    assert client.get(f"{base}/evidence/{file.id}").status_code == 403
    decided = client.post(f"{base}/items/MS.G1.1", data={"d-MS.G1.1-decision": "accept"})
    # Not "no permission": told why, on their list (qa41 D7); nothing saved.
    assert decided.status_code == 302
    assert decided.headers["Location"].endswith("/reviews/")
    assert not assignment.decisions
    # Their list names the organisation without a link to the closed page.
    listed = client.get("/reviews/").get_data(as_text=True)
    assert f'href="{base}"' not in listed
    auth.logout()

    auth.login(world.lead.email)
    assert client.get(f"/assessments/{assessment.id}").status_code == 403  # as before
    assert client.get(f"/reviews/{review.id}/consolidate").status_code == 403
    assert client.post(f"/reviews/{review.id}/finalise").status_code == 403
    # The lead still reaches the assigning page and may withdraw a reviewer.
    assert client.get(f"/reviews/assessments/{assessment.id}/assign").status_code == 200
    assert client.post(f"{base}/withdraw").status_code == 302
    auth.logout()

    # Submitted again, the review goes on.
    services.submit_assessment(assessment, world.members[0])
    db_session.commit()
    other = next(a for a in review.assignments if a.reviewer_id != reviewer.id)
    auth.login(other.reviewer.email)
    assert client.get(f"/reviews/assignments/{other.id}").status_code == 200
    auth.logout()
    auth.login(world.lead.email)
    assert client.get(f"/reviews/{review.id}/consolidate").status_code == 200


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("zh", "该自评已退回修改，重新提交后才能裁定或定级；本次操作未执行。"),
        ("en", "returned for revision"),
    ],
)
def test_the_secretariat_cannot_finalise_or_settle_on_returned_answers(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, message: str
) -> None:
    # The secretariat's review rights do not depend on the answers' state, so the service
    # itself refuses: a final rating on a draft would stand for answers never submitted.
    world = make_review_world(4)
    assessment = world.assessments[0]
    review = review_services.assign_reviewers(
        assessment, ReviewKind.DESK, reviewers_of(world, 0), world.lead
    )
    submit_all(review)
    services.return_assessment(assessment, "请补充证据", world.secretariat)
    db_session.commit()

    auth.login(world.secretariat.email)
    if lang == "en":
        client.get("/lang/en")
    finalised = client.post(f"/reviews/{review.id}/finalise", follow_redirects=True)
    assert message in html.unescape(finalised.get_data(as_text=True))
    db_session.expire_all()
    assert not review.is_final
    assert review.settlements == []
    with pytest.raises(AnswersReturned):
        settling.finalise_review(review, 30, world.secretariat)
    with pytest.raises(AnswersReturned):
        settling.settle_item(review, next(iter(review.sample)), 2, "组长复核", world.secretariat)
