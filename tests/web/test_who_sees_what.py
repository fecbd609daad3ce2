"""Working-group leads see members' work only once submitted; draft evidence stays private."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole, User
from rcapp.assessments import services
from rcapp.assessments.models import Assessment, AssessmentStatus, Attachment
from tests.conftest import AuthActions
from tests.factories import (
    World,
    fill_complete,
    make_group_role,
    make_organisation,
    make_user,
    make_working_group,
    make_world,
    start,
    submitted_assessment,
)
from tests.web.helpers import PDF, member_with_assessment, upload_evidence

PAGES = ["", "/sections/MS", "/prerequisites", "/kpis", "/events", "/result"]


def _lead_of(world: World, role: GroupRole = GroupRole.LEAD) -> User:
    group = make_working_group()
    group.organisations.append(world.org_a)
    lead = make_user(make_organisation())
    make_group_role(lead, group, role)
    return lead


def _with_evidence(client: FlaskClient, auth: AuthActions, world: World) -> Assessment:
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    auth.login(world.user_a.email)
    upload_evidence(client, assessment.id, "承诺书.pdf")
    auth.logout()
    return assessment


@pytest.mark.parametrize("role", [GroupRole.LEAD, GroupRole.DEPUTY])
def test_a_lead_cannot_open_a_members_draft_or_its_evidence(
    client: FlaskClient, db_session: Session, auth: AuthActions, role: GroupRole
) -> None:
    world = make_world()
    assessment = _with_evidence(client, auth, world)
    lead = _lead_of(world, role)
    db_session.commit()
    attachment = (  # fill_complete also files the prerequisite's own evidence (parkinc)
        db_session.query(Attachment).filter(Attachment.original_name == "承诺书.pdf").one()
    )
    auth.login(lead.email)
    for page in PAGES:
        assert client.get(f"/assessments/{assessment.id}{page}").status_code == 403, page
    download = f"/assessments/{assessment.id}/evidence/{attachment.id}"
    assert client.get(download).status_code == 403
    assert world.org_a.name_zh not in client.get("/assessments/").get_data(as_text=True)


def test_a_lead_opens_the_members_assessment_once_submitted(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = _with_evidence(client, auth, world)
    services.submit_assessment(assessment, world.user_a)
    lead = _lead_of(world)
    db_session.commit()
    attachment = (  # fill_complete also files the prerequisite's own evidence (parkinc)
        db_session.query(Attachment).filter(Attachment.original_name == "承诺书.pdf").one()
    )
    auth.login(lead.email)
    for page in PAGES:
        assert client.get(f"/assessments/{assessment.id}{page}").status_code == 200, page
    download = client.get(f"/assessments/{assessment.id}/evidence/{attachment.id}")
    assert download.status_code == 200
    assert download.data == PDF
    download.close()
    assert world.org_a.name_zh in client.get("/assessments/").get_data(as_text=True)


def test_a_returned_assessment_is_private_again(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    services.return_assessment(assessment, "请修改", world.secretariat)
    lead = _lead_of(world)
    db_session.commit()
    assert assessment.status is AssessmentStatus.RETURNED
    auth.login(lead.email)
    assert client.get(f"/assessments/{assessment.id}").status_code == 403


def test_the_members_own_staff_still_see_their_draft(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    for page in PAGES:
        assert client.get(f"/assessments/{assessment.id}{page}").status_code == 200, page
