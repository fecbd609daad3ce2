"""A delete refused because the assessment locked since the page was opened (concfix3 item 1).

Nothing was typed, so the message says the delete did not happen and why (the year closed
when, or submitted by whom when), not the save's "your input was not saved".
"""

from __future__ import annotations

import io

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services, storage
from rcapp.assessments.models import Assessment, Attachment, Event, KpiTarget
from rcapp.cycles.services import start_closing
from rcapp.organisations.models import OrganisationKind
from tests.conftest import AuthActions
from tests.factories import make_secretariat, make_world, start
from tests.kpi_target_web import ohs_target
from tests.locked_drafts import complete_draft_and_colleague, minor_accident
from tests.locked_drafts import response_text as _text
from tests.web.test_v2_pages import _v2_assessment, real_rubrics  # noqa: F401

KEPT = "您的输入未保存"
CLOSED_NOT_DELETED = "由秘书处关闭，本年度的自评不能再修改；删除未执行。如需更正，请联系秘书处。"


def _attach(assessment: Assessment, item_id: str) -> Attachment:
    stored = storage.store_upload(
        io.BytesIO(b"%PDF-1.4 drill"), "演练记录.pdf", 1024 * 1024, storage.upload_dir()
    )
    return Attachment(
        assessment=assessment,
        item_id=item_id,
        original_name="演练记录.pdf",
        stored_name=stored.stored_name,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
    )


def test_an_event_deleted_after_a_colleague_submitted_says_nothing_was_deleted(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment, colleague = complete_draft_and_colleague()
    event = minor_accident(world.org_a.id, assessment.id)
    db_session.add(event)
    db_session.commit()
    auth.login(world.user_a.email)
    services.submit_assessment(assessment, colleague)
    db_session.commit()
    delete = f"/assessments/{assessment.id}/events/{event.id}/delete"
    page = _text(client.post(delete, data={"version": "1"}, follow_redirects=True))
    assert "由孙志强提交，不能再修改；删除未执行。" in page
    assert KEPT not in page
    client.get("/lang/en")
    page = _text(client.post(delete, data={"version": "1"}, follow_redirects=True))
    assert "submitted by 孙志强" in page
    assert "nothing was deleted" in page
    assert "your input was not saved" not in page.lower()
    db_session.expire_all()
    assert db_session.get(Event, event.id) is not None


def test_a_kpi_target_deleted_after_the_year_closed_says_nothing_was_deleted(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811
) -> None:
    assessment, email = _v2_assessment(OrganisationKind.COMPANY)
    target = ohs_target(assessment)
    db_session.add(target)
    secretariat = make_secretariat()
    db_session.commit()
    auth.login(email)
    start_closing(assessment.cycle, secretariat)
    db_session.commit()
    delete = f"/assessments/{assessment.id}/targets/{target.id}/delete"
    page = _text(client.post(delete, data={"version": "1"}, follow_redirects=True))
    assert CLOSED_NOT_DELETED in page
    assert KEPT not in page
    client.get("/lang/en")
    page = _text(client.post(delete, data={"version": "1"}, follow_redirects=True))
    assert "its self-assessments can no longer be changed; nothing was deleted" in page
    db_session.expire_all()
    assert db_session.get(KpiTarget, target.id) is not None


def test_an_evidence_file_deleted_after_the_year_closed_says_nothing_was_deleted(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = start(world)
    attachment = _attach(assessment, "MS.G1.1")
    db_session.add(attachment)
    db_session.commit()
    auth.login(world.user_a.email)
    start_closing(world.cycle, world.secretariat)
    db_session.commit()
    # The delete button inside the section's form, and the stand-alone route.
    response = client.post(
        f"/assessments/{assessment.id}/sections/MS",
        data={"delete_evidence": f"{attachment.id}:演练记录.pdf"},
    )
    assert response.status_code == 409
    page = _text(response)
    assert CLOSED_NOT_DELETED in page
    assert KEPT not in page
    url = f"/assessments/{assessment.id}/evidence/{attachment.id}/delete"
    page = _text(client.post(url, follow_redirects=True))
    assert CLOSED_NOT_DELETED in page
    assert "自评已锁定 (409)" not in page
    client.get("/lang/en")
    page = _text(client.post(url, follow_redirects=True))
    assert "nothing was deleted" in page
    db_session.expire_all()
    assert db_session.get(Attachment, attachment.id) is not None
