"""Declaring a conflict of interest: reviewers for themselves, org admins for their people."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.reviews import services
from rcapp.reviews.errors import ConflictOfInterest
from rcapp.reviews.models import DeclaredConflict, ReviewKind
from rcapp.reviews.rules import Conflict
from tests.conftest import AuthActions
from tests.factories import make_user
from tests.factories_reviews import make_review_world


def _declared(db_session: Session) -> list[tuple[int, int, str]]:
    rows = db_session.scalars(select(DeclaredConflict)).all()
    return [(d.user_id, d.organisation_id, d.reason) for d in rows]


def test_a_reviewer_declares_and_is_then_refused_for_that_organisation(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(3)
    reviewer, target = world.reviewers[0], world.companies[1]
    db_session.commit()
    auth.login(reviewer.email)
    assert "/reviews/conflicts" in client.get("/reviews/").get_data(as_text=True)
    page = client.get("/reviews/conflicts").get_data(as_text=True)
    assert target.name_zh in page
    response = client.post(
        "/reviews/conflicts",
        data={"person": reviewer.id, "organisation": target.id, "reason": "配偶在该单位任职"},
    )
    assert response.status_code == 302
    assert _declared(db_session) == [(reviewer.id, target.id, "配偶在该单位任职")]
    assert "配偶在该单位任职" in client.get("/reviews/conflicts").get_data(as_text=True)
    # The lead can no longer assign this reviewer to the organisation.
    with pytest.raises(ConflictOfInterest) as refused:
        services.assign_reviewers(world.assessments[1], ReviewKind.DESK, [reviewer], world.lead)
    assert Conflict.DECLARED in refused.value.reasons


def test_a_missing_reason_and_a_repeat_are_refused_with_a_message(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(2)
    reviewer, target = world.reviewers[0], world.companies[1]
    db_session.commit()
    auth.login(reviewer.email)
    page = client.post(
        "/reviews/conflicts", data={"person": reviewer.id, "organisation": target.id, "reason": " "}
    ).get_data(as_text=True)
    assert "请填写利益冲突的原因。" in page
    assert _declared(db_session) == []
    data = {"person": reviewer.id, "organisation": target.id, "reason": "曾任该单位顾问"}
    assert client.post("/reviews/conflicts", data=data).status_code == 302
    again = client.post("/reviews/conflicts", data=data).get_data(as_text=True)
    assert "已申报过与该单位的利益冲突" in again
    assert len(_declared(db_session)) == 1


def test_an_org_admin_declares_for_their_people_but_not_for_others(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(2)
    company = world.companies[0]
    admin = make_user(company, OrgRole.ADMIN)
    outsider = world.reviewers[1]  # works for the other company
    db_session.commit()
    auth.login(admin.email)
    page = client.get("/reviews/conflicts").get_data(as_text=True)
    assert world.reviewers[0].name in page
    assert outsider.name not in page
    refused = client.post(
        "/reviews/conflicts",
        data={"person": outsider.id, "organisation": world.companies[1].id, "reason": "x"},
    )
    assert refused.status_code == 200  # not a valid choice: nothing stored
    assert _declared(db_session) == []
    done = client.post(
        "/reviews/conflicts",
        data={
            "person": world.reviewers[0].id,
            "organisation": world.companies[1].id,
            "reason": "亲属",
        },
    )
    assert done.status_code == 302
    assert _declared(db_session) == [(world.reviewers[0].id, world.companies[1].id, "亲属")]


def test_a_plain_member_may_not_declare(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(1)
    plain = make_user(world.companies[0])  # the world's company user is its admin
    db_session.commit()
    auth.login(plain.email)
    assert client.get("/reviews/conflicts").status_code == 403
    assert "/reviews/conflicts" not in client.get("/reviews/").get_data(as_text=True)
