"""The import pages: upload, problems listed with nothing written, preview, conflicts, apply."""

from __future__ import annotations

import io
import re

import openpyxl
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from rcapp.audit.models import AuditEntry
from tests.conftest import AuthActions
from tests.factories import answer_of, make_world, start
from tests.web.helpers import member_with_assessment


def _filled(data: bytes, level: object) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["MS 管理体系"]
    row = next(c.row for c in sheet["A"] if c.value == "MS.G1.1")
    sheet[f"E{row}"] = level
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client: FlaskClient, assessment_id: int, data: bytes) -> tuple[int, str]:
    response = client.post(
        f"/reports/assessments/{assessment_id}/import",
        data={"file": (io.BytesIO(data), "filled.xlsx")},
        content_type="multipart/form-data",
    )
    return response.status_code, response.get_data(as_text=True)


def test_upload_with_mistakes_lists_them_and_writes_nothing(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    template = client.get(f"/reports/assessments/{assessment.id}/template.xlsx").data
    status, page = _upload(client, assessment.id, _filled(template, 9))
    assert status == 400
    assert "MS.G1.1：请选择 0–4 之间的等级。" in page
    assert "E 列" in page
    assert answer_of(assessment, "MS.G1.1") == (None, None)


def test_preview_then_apply_writes_once_and_audits(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    template = client.get(f"/reports/assessments/{assessment.id}/template.xlsx").data
    status, page = _upload(client, assessment.id, _filled(template, 3))
    assert status == 200
    assert "确认导入" in page
    assert answer_of(assessment, "MS.G1.1") == (None, None)  # the preview writes nothing
    token = re.search(r"/import/([0-9a-f]{32})", page)
    assert token is not None
    response = client.post(
        f"/reports/assessments/{assessment.id}/import/{token.group(1)}", data={"action": "apply"}
    )
    assert response.status_code == 302
    db_session.expire_all()
    assert answer_of(assessment, "MS.G1.1") == (3, None)
    actions = db_session.query(AuditEntry.action).filter_by(entity_id=assessment.id).all()
    assert ("import",) in actions


def test_conflict_is_shown_with_both_values_and_cancel_writes_nothing(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = member_with_assessment(db_session, auth)
    template = client.get(f"/reports/assessments/{assessment.id}/template.xlsx").data
    rubric = rubric_of(assessment)
    services.save_section(assessment, rubric, "MS", {"MS.G1.1": ItemInput(level="1")}, world.user_a)
    db_session.commit()
    status, page = _upload(client, assessment.id, _filled(template, 4))
    assert status == 200
    assert re.search(r"冲突：导出后.*于 .*在网页上修改", page)  # naming who, since the export
    assert re.search(r"<td[^>]*>1</td><td[^>]*><strong>4</strong></td>", page)
    token = re.search(r"/import/([0-9a-f]{32})", page)
    assert token is not None
    url = f"/reports/assessments/{assessment.id}/import/{token.group(1)}"
    assert client.post(url, data={"action": "cancel"}).status_code == 302
    assert answer_of(assessment, "MS.G1.1") == (1, None)
    # The held file is gone: applying after cancelling does nothing.
    client.post(url, data={"action": "apply", "take_file": "MS:MS.G1.1"})
    assert answer_of(assessment, "MS.G1.1") == (1, None)


def test_import_is_refused_to_other_organisations(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = start(world)
    db_session.commit()
    auth.login(world.user_b.email)
    assert client.get(f"/reports/assessments/{assessment.id}/import").status_code == 403
    assert client.get(f"/reports/assessments/{assessment.id}/template.xlsx").status_code == 403
