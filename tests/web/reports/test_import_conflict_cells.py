"""An import judged cell by cell against the export: a blank cell left as exported does not
wipe what a colleague entered on the web since, clashing cells are decided one by one, the
preview warns where a level will count lower for missing evidence, and problems are listed
in the file's order."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from tests.conftest import AuthActions
from tests.factories import make_user
from tests.web.reports.test_import_excel_habits import (
    Cells,
    _admin_with_template,
    _fill,
    _upload,
    shown_marks,
)


def _colleague_saves(db_session: Session, assessment: Assessment, typed: ItemInput) -> None:
    colleague = make_user(assessment.organisation)
    rubric = rubric_of(assessment)
    services.save_section(assessment, rubric, "MS", {"MS.G1.1": typed}, colleague)
    db_session.commit()


def _decide(client: FlaskClient, assessment: Assessment, page: str, **form: object) -> int:
    token = re.search(r"/import/([0-9a-f]{32})", page)
    assert token is not None, page
    url = f"/reports/assessments/{assessment.id}/import/{token.group(1)}"
    data = {"action": "apply", "shown_conflict": shown_marks(page), **form}
    return client.post(url, data=data).status_code


def _stored(db_session: Session, assessment: Assessment) -> tuple[object, object]:
    db_session.expire_all()
    answer = next(a for a in assessment.answers if a.item_id == "MS.G1.1")
    return answer.level, answer.comment


def test_a_blank_cell_left_as_exported_keeps_the_comment_added_on_the_web(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)
    _colleague_saves(db_session, assessment, ItemInput(level="1", comment="同事在网页上改的"))
    status, page = _upload(client, assessment.id, _fill(template, {("MS", "MS.G1.1", "E"): 3}))
    assert status == 200, page
    assert 'value="MS:MS.G1.1|level"' in page  # the level is the one clash
    assert "MS:MS.G1.1|comment" not in page  # the file did not change the comment
    assert "2. 确认修改" in page
    assert "3. 确认修改" not in page
    assert _decide(client, assessment, page, take_file="MS:MS.G1.1|level") == 302
    assert _stored(db_session, assessment) == (3, "同事在网页上改的")


def test_cells_both_sides_changed_are_decided_one_by_one(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)
    _colleague_saves(db_session, assessment, ItemInput(level="1", comment="网页备注"))
    filled = _fill(template, {("MS", "MS.G1.1", "E"): 3, ("MS", "MS.G1.1", "I"): "文件备注"})
    status, page = _upload(client, assessment.id, filled)
    assert status == 200, page
    assert 'value="MS:MS.G1.1|level"' in page
    assert 'value="MS:MS.G1.1|comment"' in page
    assert _decide(client, assessment, page, take_file="MS:MS.G1.1|level") == 302
    assert _stored(db_session, assessment) == (3, "网页备注")


def test_the_preview_warns_where_a_level_counts_lower_without_evidence(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)
    status, page = _upload(client, assessment.id, _fill(template, {("MS", "MS.G1.1", "E"): 3}))
    assert status == 200, page
    assert "评价项 MS.G1.1：没有证据（证据说明或证据文件），等级 3 只按等级" in page
    client.get("/lang/en")
    status, page = _upload(client, assessment.id, _fill(template, {("MS", "MS.G1.1", "E"): 3}))
    assert "Item MS.G1.1: without evidence (an evidence note or file), level 3 counts" in page


def test_the_preview_heading_counts_one_row_in_the_singular(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)
    one = _fill(template, {("MS", "MS.G1.1", "E"): 3})
    two = _fill(template, {("MS", "MS.G1.1", "E"): 3, ("MS", "MS.G1.2", "I"): "备注"})
    assert "2. 确认修改：默认写入 1 行" in _upload(client, assessment.id, one)[1]
    client.get("/lang/en")
    page = _upload(client, assessment.id, one)[1]
    assert "2. Confirm the changes: 1 row written by default</h2>" in page
    page = _upload(client, assessment.id, two)[1]
    assert "2. Confirm the changes: 2 rows written by default</h2>" in page


def test_problems_are_listed_sheet_by_sheet_and_row_by_row(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)
    filled = _fill(template, {("MS", "MS.G1.1", "E"): 9, ("KPI", "CA-01", "E"): "=1+2"})
    status, page = _upload(client, assessment.id, filled)
    assert status == 400
    problems = re.findall(r"<li>([^<]*)</li>", page.split('class="import-problems"')[1])
    assert len(problems) == 2, problems
    assert "MS.G1.1" in problems[0]  # the earlier sheet first, though the formula is found first
    assert "公式" in problems[1]


def test_an_unknown_event_type_and_too_many_decimals_are_named_in_the_file(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)
    cells: Cells = {
        ("事件", 4, "A"): "不存在的类型",
        ("事件", 4, "C"): "2025-01-01",
        ("事件", 4, "G"): "储罐泄漏",
        ("事件", 4, "H"): "否",
        ("KPI", "OHS-03-2", "E"): "0.0000001",
    }
    status, page = _upload(client, assessment.id, _fill(template, cells))
    assert status == 400
    assert (
        "工作表“事件”，第 4 行，A 列（事件类型）：未知的事件类型“不存在的类型”：请从下拉列表中选择"
    ) in page
    assert "员工工时：最多 6 位小数。" in page
