"""Who may open and change which assessment: other organisations, the secretariat."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole
from rcapp.assessments import services
from rcapp.assessments.models import Answer, Assessment, AssessmentStatus, Event, KpiValue
from tests.conftest import AuthActions
from tests.factories import (
    answer_of,
    fill_complete,
    make_group_role,
    make_organisation,
    make_user,
    make_working_group,
    make_world,
    start,
    submitted_assessment,
)

PAGES = ["", "/sections/MS", "/prerequisites", "/kpis", "/events", "/result"]
CHANGES = [
    ("/sections/MS", {"MS.G1.1__level": "4"}),
    ("/prerequisites", {"P1__level": "0"}),
    ("/kpis", {"drills__value": "9"}),
    ("/events", {"event_type": "mass_incident", "occurred_on": "2025-01-02", "description": "x"}),
    ("/submit", {}),
    ("/return", {"comment": "请修改"}),
]


def _rows(db_session: Session) -> tuple[int, int, int]:
    db_session.expire_all()
    return (
        db_session.query(Answer).count(),
        db_session.query(KpiValue).count(),
        db_session.query(Event).count(),
    )


def _status(db_session: Session, assessment: Assessment) -> AssessmentStatus:
    db_session.refresh(assessment)
    return assessment.status


@pytest.mark.parametrize("page", PAGES)
def test_another_organisation_cannot_open_the_assessment(
    client: FlaskClient, db_session: Session, auth: AuthActions, page: str
) -> None:
    world = make_world()
    assessment = start(world)
    db_session.commit()
    auth.login(world.user_b.email)
    assert client.get(f"/assessments/{assessment.id}{page}").status_code == 403


@pytest.mark.parametrize(("page", "data"), CHANGES)
def test_another_organisation_cannot_change_the_assessment(
    client: FlaskClient, db_session: Session, auth: AuthActions, page: str, data: dict[str, str]
) -> None:
    world = make_world()
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    db_session.commit()
    before = _rows(db_session)
    auth.login(world.user_b.email)
    response = client.post(f"/assessments/{assessment.id}{page}", data=data)
    assert response.status_code == 403
    assert _rows(db_session) == before
    assert answer_of(assessment, "MS.G1.1") == (3, None)
    assert assessment.status is AssessmentStatus.DRAFT


def test_anonymous_visitors_are_sent_to_the_login(client: FlaskClient, db_session: Session) -> None:
    world = make_world()
    assessment = start(world)
    db_session.commit()
    response = client.get(f"/assessments/{assessment.id}")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_lists_show_own_assessments_only(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    start(world)
    start(world, world.org_b)
    db_session.commit()
    auth.login(world.user_b.email)
    page = client.get("/assessments/").get_data(as_text=True)
    assert world.org_b.name_zh in page
    assert world.org_a.name_zh not in page


def test_group_lead_lists_the_members_assessments_but_not_others(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    submitted = start(world)
    fill_complete(submitted, world.user_a)
    services.submit_assessment(submitted, world.user_a)
    start(world, world.org_b)
    group = make_working_group()
    world.org_a.working_groups.append(group)
    lead = make_user(make_organisation())
    make_group_role(lead, group, GroupRole.LEAD)
    db_session.commit()
    auth.login(lead.email)
    page = client.get("/assessments/").get_data(as_text=True)
    assert world.org_a.name_zh in page
    assert world.org_b.name_zh not in page


def test_secretariat_sees_every_assessment_and_can_view_but_not_edit(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = start(world)
    start(world, world.org_b)
    db_session.commit()
    auth.login(world.secretariat.email)
    listing = client.get("/assessments/").get_data(as_text=True)
    assert world.org_a.name_zh in listing
    assert world.org_b.name_zh in listing
    for page in PAGES:
        assert client.get(f"/assessments/{assessment.id}{page}").status_code == 200, page
    section = client.get(f"/assessments/{assessment.id}/sections/MS").get_data(as_text=True)
    assert 'type="radio"' not in section
    response = client.post(
        f"/assessments/{assessment.id}/sections/MS", data={"MS.G1.1__level": "4"}
    )
    assert response.status_code == 403
    assert answer_of(assessment, "MS.G1.1") == (None, None)


def test_secretariat_returns_a_submitted_assessment_with_a_comment(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    db_session.commit()
    auth.login(world.secretariat.email)
    empty = client.post(
        f"/assessments/{assessment.id}/return", data={"comment": " "}, follow_redirects=True
    )
    assert "请填写退回意见" in empty.get_data(as_text=True)
    assert _status(db_session, assessment) is AssessmentStatus.SUBMITTED
    client.post(f"/assessments/{assessment.id}/return", data={"comment": "请补充演练评估报告"})
    assert _status(db_session, assessment) is AssessmentStatus.RETURNED
    auth.logout()
    auth.login(world.user_a.email)
    overview = client.get(f"/assessments/{assessment.id}").get_data(as_text=True)
    assert "请补充演练评估报告" in overview
    assert "提交自评" in overview
    saved = client.post(
        f"/assessments/{assessment.id}/sections/MS",
        data={"MS.G1.1__level": "4", "MS.G1.2__level": "1"},
    )
    assert saved.status_code == 302


def test_draft_cannot_be_returned(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment: Assessment = start(world)
    db_session.commit()
    auth.login(world.secretariat.email)
    response = client.post(f"/assessments/{assessment.id}/return", data={"comment": "x"})
    # Refused with a message on the overview (a colleague may have returned it first).
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "本次退回未执行" in page
    db_session.refresh(assessment)
    assert assessment.status is AssessmentStatus.DRAFT
