"""A blank template's answers that differ from the system, and an older file uploaded again
(qa34 D4, D5): worded truthfully, taken row by row or all at once, never "0 rows" alone."""

from __future__ import annotations

import io
import re

import openpyxl
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.assessments import services
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from tests.conftest import AuthActions
from tests.factories import answer_of, make_user, make_world, start
from tests.web.reports.test_import_excel_habits import shown_marks


def _answered(client: FlaskClient, db_session: Session, auth: AuthActions) -> Assessment:
    world = make_world()
    assessment = start(world)
    admin = make_user(world.org_a, OrgRole.ADMIN)
    _save(db_session, assessment, "2")
    auth.login(admin.email)
    return assessment


def _save(db_session: Session, assessment: Assessment, level: str) -> None:
    colleague = make_user(assessment.organisation)
    typed = {"MS.G1.1": ItemInput(level=level)}
    assert services.save_section(assessment, rubric_of(assessment), "MS", typed, colleague).ok
    db_session.commit()


def _level(data: bytes, level: object) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = next(s for s in book.worksheets if s.title.startswith("MS"))
    sheet[f"E{next(c.row for c in sheet['A'] if c.value == 'MS.G1.1')}"] = level
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client: FlaskClient, assessment: Assessment, data: bytes) -> str:
    response = client.post(
        f"/reports/assessments/{assessment.id}/import",
        data={"file": (io.BytesIO(data), "filled.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _apply(client: FlaskClient, assessment: Assessment, page: str, **form: str) -> str:
    token = re.search(r"/import/([0-9a-f]{32})", page)
    assert token is not None, page
    url = f"/reports/assessments/{assessment.id}/import/{token.group(1)}"
    data = {"action": "apply", "shown_conflict": shown_marks(page), **form}
    return client.post(url, data=data, follow_redirects=True).get_data(as_text=True)


def test_a_blank_template_says_the_system_has_an_answer_and_takes_all_on_request(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment = _answered(client, db_session, auth)
    blank = client.get(f"/reports/assessments/{assessment.id}/template.xlsx?blank=1").data
    page = _upload(client, assessment, _level(blank, 3))
    assert "系统中已有答案（2），文件中为 3" in page
    assert "导出后已在网页上修改" not in page
    assert "全部采用文件中的值" in page
    after = _apply(client, assessment, page)  # nothing ticked
    assert "没有勾选要导入的行，未导入任何内容。" in after
    assert 'value="MS:MS.G1.1|level"' in after  # the row left out, still to tick
    assert answer_of(assessment, "MS.G1.1") == (2, None)
    page = _upload(client, assessment, _level(blank, 3))
    assert "已导入 1 行。" in _apply(client, assessment, page, take_all="1")
    db_session.expire_all()
    assert answer_of(assessment, "MS.G1.1") == (3, None)


def test_an_older_file_left_as_exported_offers_its_values_back(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment = _answered(client, db_session, auth)
    older = client.get(f"/reports/assessments/{assessment.id}/template.xlsx").data
    _save(db_session, assessment, "0")  # changed in the system since the export
    page = _upload(client, assessment, older)
    assert "文件与系统中的内容一致" not in page
    # the heading counts what is written by default: the restore row only when ticked
    assert "2. 确认修改：默认写入 0 行" in page
    assert (
        "下表中另有 1 个字段默认不写入，保留系统中的值：1 个系统中已修改、文件仍为导出时的值。"
    )  # fields, as listed (qa42 S6) in page
    assert "导出后系统中已修改，文件中未改动" in page
    client.get("/lang/en")
    page = _upload(client, assessment, older)
    assert "2. Confirm the changes: 0 rows written by default" in page
    assert "Also 1 field in the table is not written by default" in page
    assert "Changed in the system after the export" in page
    _apply(client, assessment, page, take_file="MS:MS.G1.1")
    db_session.expire_all()
    assert answer_of(assessment, "MS.G1.1") == (2, None)


def test_a_blank_cell_of_an_older_file_is_not_offered(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment = _answered(client, db_session, auth)
    blank = client.get(f"/reports/assessments/{assessment.id}/template.xlsx?blank=1").data
    page = _upload(client, assessment, blank)
    assert "文件与系统中的内容一致，没有需要导入的修改。" in page
