"""A save of an assessment page refused by a lock since the page was opened (qa41 D3).

The year closed by the secretariat, or a colleague submitting: every write page (section,
KPI figures and targets, events, submit) says what happened, when and by whom, and shows
the input again; none answers with the bare "locked" page.
"""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.models import AssessmentStatus, Event
from rcapp.cycles.services import start_closing
from rcapp.organisations.models import OrganisationKind
from tests.conftest import AuthActions
from tests.factories import make_world, start
from tests.locked_drafts import closed_world as _closed_world
from tests.locked_drafts import complete_draft_and_colleague, minor_accident
from tests.locked_drafts import response_text as _text
from tests.web.helpers import member_with_assessment
from tests.web.test_v2_pages import _v2_assessment, real_rubrics  # noqa: F401

CLOSED = "2025 年度已于"
CLOSED_BY = "由秘书处关闭，本年度的自评不能再修改；您的输入未保存，仍显示在页面上。"
COMMENT = "消防演练记录已归档，见附件三（年终前补充）"
EVENT = {
    "event_type": "safety_accident",
    "grade": "general",
    "occurred_on": "2025-03-01",
    "fatalities": "0",
    "injuries": "1",
    "direct_loss": "",
    "description": "储罐区泄漏，现场处置两小时",
}


def test_a_section_saved_after_the_year_closed_keeps_the_input(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = _closed_world(db_session, auth)
    response = client.post(
        f"/assessments/{assessment.id}/sections/MS",
        data={"MS.G1.1__level": "2", "MS.G1.1__comment": COMMENT},
    )
    assert response.status_code == 409
    page = _text(response)
    assert CLOSED in page
    assert CLOSED_BY in page
    assert "（北京时间）" in page  # when it was closed
    assert COMMENT in page  # the input, shown again
    assert "自评已锁定 (409)" not in page


def test_the_kpi_page_saved_after_the_year_closed_shows_the_typed_number(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = _closed_world(db_session, auth)
    response = client.post(
        f"/assessments/{assessment.id}/kpis",
        data={"hours_employees__value": "1700000", "hours_employees__note": "含外包"},
    )
    assert response.status_code == 409
    page = _text(response)
    assert CLOSED_BY in page
    # in the box marked as not saved, the stored figures where they stand (qa53 M2)
    assert "未保存的输入（已锁定，无法保存）" in page
    area = page.split('id="unsaved-locked-text"', 1)[1].split("</textarea>", 1)[0]
    assert "1700000" in area
    assert "含外包" in area


def test_the_events_page_saved_after_a_colleague_submitted_keeps_the_description(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment, colleague = complete_draft_and_colleague()
    db_session.commit()
    auth.login(world.user_a.email)
    client.get("/lang/en")
    services.submit_assessment(assessment, colleague)  # while the events page is open
    db_session.commit()
    response = client.post(f"/assessments/{assessment.id}/events", data=EVENT)
    assert response.status_code == 409
    page = _text(response)
    assert "submitted by 孙志强" in page
    assert "your input was not saved and is still shown on the page" in page
    assert "Your input (not saved)" in page
    assert EVENT["description"] in page
    assert db_session.query(Event).count() == 0


def test_an_event_edited_after_the_year_closed_keeps_the_input(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = start(world)
    event = minor_accident(world.org_a.id, assessment.id, "旧的描述")
    db_session.add(event)
    db_session.commit()
    auth.login(world.user_a.email)
    url = f"/assessments/{assessment.id}/events/{event.id}"
    assert client.get(url).status_code == 200
    start_closing(world.cycle, world.secretariat)
    db_session.commit()
    response = client.post(url, data={**EVENT, "description": "改写后的事件经过"})
    assert response.status_code == 409
    page = _text(response)
    assert CLOSED_BY in page
    assert "您的输入（未保存）" in page
    assert "改写后的事件经过" in page
    assert "一般" in page  # the grade by its name, not its code


def test_a_kpi_target_saved_after_the_year_closed_keeps_the_input(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811
) -> None:
    assessment, email = _v2_assessment(OrganisationKind.COMPANY)
    db_session.commit()
    auth.login(email)
    start_closing(assessment.cycle, None)
    db_session.commit()
    year = assessment.cycle.year
    response = client.post(
        f"/assessments/{assessment.id}/targets",
        data={
            "kpi_id": "OHS-01",
            "base_year": str(year - 1),
            "deadline": str(year + 2),
            "change_pct": "-10",
            "note": "三年内降低一成",
        },
    )
    assert response.status_code == 409
    page = _text(response)
    assert f"{year} 年度已于" in page
    assert CLOSED_BY in page
    assert "您的输入（未保存）" in page
    assert "三年内降低一成" in page


def test_submit_after_the_year_closed_says_nothing_was_submitted(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = member_with_assessment(db_session, auth, filled=True)
    start_closing(world.cycle, world.secretariat)
    db_session.commit()
    response = client.post(f"/assessments/{assessment.id}/submit", follow_redirects=True)
    page = _text(response)
    assert "本次提交未执行，本自评仍未提交" in page
    assert CLOSED in page
    db_session.expire_all()
    assert assessment.status is AssessmentStatus.DRAFT


def test_an_event_deleted_after_a_colleague_submitted_says_why_and_goes_back(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment, colleague = complete_draft_and_colleague()
    event = minor_accident(world.org_a.id, assessment.id)
    db_session.add(event)
    db_session.commit()
    auth.login(world.user_a.email)
    register = f"/assessments/{assessment.id}/events"
    assert client.get(register).status_code == 200
    services.submit_assessment(assessment, colleague)  # while the register is open
    db_session.commit()
    delete = f"{register}/{event.id}/delete"
    response = client.post(delete, data={"version": str(event.version)})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(register)
    page = _text(client.get(register))
    assert "由孙志强提交，不能再修改" in page
    assert "自评已锁定 (409)" not in page
    assert "储罐区泄漏" in page  # the register, the event still in it
    db_session.expire_all()
    assert db_session.get(Event, event.id) is not None
    client.get("/lang/en")
    client.post(delete, data={"version": str(event.version)})
    assert "submitted by 孙志强" in _text(client.get(register))


def test_an_event_deleted_after_the_year_closed_says_why(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = _closed_world(db_session, auth)
    event = minor_accident(world.org_a.id, assessment.id)
    db_session.add(event)
    db_session.commit()
    url = f"/assessments/{assessment.id}/events/{event.id}/delete"
    page = _text(client.post(url, follow_redirects=True))
    assert "由秘书处关闭，本年度的自评不能再修改；删除未执行。" in page  # nothing was typed
    assert "自评已锁定 (409)" not in page
    assert db_session.query(Event).count() == 1
