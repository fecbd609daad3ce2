"""Reloading the page after 提交自评 (GET of the submit address) opens the overview (qa38 S2).

The submit's refusal page (what is missing) is rendered at /assessments/<id>/submit; a reload
of it, or the address opened, answered 405 方法不允许. It now leads to the overview, which
says what is still missing; it changes nothing, and others' assessments stay closed.
"""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import AssessmentStatus
from tests.conftest import AuthActions
from tests.factories import make_world, start
from tests.web.helpers import member_with_assessment


def test_a_get_of_the_submit_address_leads_to_the_overview(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = member_with_assessment(db_session, auth)
    response = client.get(f"/assessments/{assessment.id}/submit")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/assessments/{assessment.id}")
    page = client.get(f"/assessments/{assessment.id}/submit", follow_redirects=True)
    assert page.status_code == 200
    db_session.refresh(assessment)
    assert assessment.status is AssessmentStatus.DRAFT


def test_another_organisation_still_gets_no_access(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = start(world)
    db_session.commit()
    auth.login(world.user_b.email)
    assert client.get(f"/assessments/{assessment.id}/submit").status_code in (403, 404)
