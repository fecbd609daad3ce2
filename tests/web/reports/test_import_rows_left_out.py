"""Rows an import left unticked stay to tick: the preview opens again after the import,
checked anew, while the file is held; the heading counts what is written by default."""

from __future__ import annotations

import os
import re
import time

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.validation import ItemInput
from rcapp.reports import import_service
from rcapp.reports.jobs import jobs_dir
from tests.conftest import AuthActions
from tests.factories import answer_of
from tests.web.reports.test_import_conflict_cells import _colleague_saves
from tests.web.reports.test_import_excel_habits import (
    Cells,
    _admin_with_template,
    _fill,
    _upload,
    shown_marks,
)


def _token(page: str) -> str:
    found = re.search(r"/import/([0-9a-f]{32})", page)
    assert found is not None, page
    return found.group(1)


def _apply(client: FlaskClient, url: str, page: str, **form: str) -> str:
    data = {"action": "apply", "shown_conflict": shown_marks(page), **form}
    return client.post(url, data=data, follow_redirects=True).get_data(as_text=True)


def test_rows_left_unticked_can_be_ticked_and_imported_after_the_import(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)
    _colleague_saves(db_session, assessment, ItemInput(level="1"))  # since the export
    filled = _fill(template, {("MS", "MS.G1.1", "E"): 3, ("MS", "MS.G1.2", "E"): 1})
    status, page = _upload(client, assessment.id, filled)
    assert status == 200, page
    url = f"/reports/assessments/{assessment.id}/import/{_token(page)}"
    after = _apply(client, url, page)  # the conflict left unticked
    assert "已导入 1 行；以下 1 行未导入，可勾选后再导入。" in after
    assert 'value="MS:MS.G1.1|level"' in after  # still to tick, on the same file's preview
    assert "MS.G1.2" not in after.split('id="preview-title"')[1]  # imported: gone
    assert "2. 确认修改：默认写入 0 行" in after
    # the conflict left is counted as the table lists it (qa42 S6: counted nowhere)
    assert (
        "下表中另有 1 个字段默认不写入，保留系统中的值：1 个导出后已在网页上修改（冲突）。" in after
    )
    assert answer_of(assessment, "MS.G1.1") == (1, None)
    db_session.expire_all()
    assert answer_of(assessment, "MS.G1.2") == (1, None)
    # the upload page offers the way back while the file is held
    upload = client.get(f"/reports/assessments/{assessment.id}/import").get_data(as_text=True)
    assert f'href="{url}"' in upload
    assert "返回上次上传的文件的预览" in upload
    done = _apply(client, url, after, take_file="MS:MS.G1.1|level")
    assert "已导入 1 行。" in done
    db_session.expire_all()
    assert answer_of(assessment, "MS.G1.1") == (3, None)
    gone = client.get(url, follow_redirects=True).get_data(as_text=True)
    assert "这次导入已结束或已过期，请重新上传。" in gone


def test_the_preview_opened_again_is_checked_against_the_system_as_it_is_now(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)
    _colleague_saves(db_session, assessment, ItemInput(level="1"))
    status, page = _upload(client, assessment.id, _fill(template, {("MS", "MS.G1.1", "E"): 3}))
    assert status == 200, page
    url = f"/reports/assessments/{assessment.id}/import/{_token(page)}"
    assert "没有勾选要导入的行，未导入任何内容。" in _apply(client, url, page)
    _colleague_saves(db_session, assessment, ItemInput(level="3"))  # now as in the file
    again = client.get(url).get_data(as_text=True)
    assert "文件与系统中的内容一致，没有需要导入的修改。" in again
    assert import_service.held_upload(assessment, _token(page)) is None  # nothing to hold for


def test_a_held_file_expires(client: FlaskClient, db_session: Session, auth: AuthActions) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)
    _colleague_saves(db_session, assessment, ItemInput(level="1"))
    status, page = _upload(client, assessment.id, _fill(template, {("MS", "MS.G1.1", "E"): 3}))
    assert status == 200, page
    token = _token(page)
    held = jobs_dir() / "imports" / f"{assessment.id}-{token}.xlsx"
    old = time.time() - import_service.HOLD_SECONDS - 60
    os.utime(held, (old, old))
    upload = client.get(f"/reports/assessments/{assessment.id}/import").get_data(as_text=True)
    assert "返回上次上传的文件的预览" not in upload
    url = f"/reports/assessments/{assessment.id}/import/{token}"
    gone = client.get(url, follow_redirects=True).get_data(as_text=True)
    assert "这次导入已结束或已过期，请重新上传。" in gone
    assert not held.exists()


def test_the_heading_counts_rows_written_by_default_and_names_the_restore_cells_apart(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, _blank = _admin_with_template(client, db_session, auth)
    _colleague_saves(db_session, assessment, ItemInput(level="2"))
    template = client.get(f"/reports/assessments/{assessment.id}/template.xlsx").data
    _colleague_saves(db_session, assessment, ItemInput(level="1"))  # the file keeps the 2
    status, page = _upload(client, assessment.id, _fill(template, {("MS", "MS.G1.2", "E"): 1}))
    assert status == 200, page
    assert "2. 确认修改：默认写入 1 行" in page  # was "（2 行）", the restore row counted
    assert (
        "下表中另有 1 个字段默认不写入，保留系统中的值：1 个系统中已修改、文件仍为导出时的值。"
    )  # fields, as listed (qa42 S6) in page
    client.get("/lang/en")
    status, page = _upload(client, assessment.id, _fill(template, {("MS", "MS.G1.2", "E"): 1}))
    assert "2. Confirm the changes: 1 row written by default</h2>" in page
    assert "Also 1 field in the table is not written by default" in page


def test_a_row_changed_on_the_web_after_the_preview_opened_again_is_shown_before_writing(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)
    _colleague_saves(db_session, assessment, ItemInput(level="1"))
    filled = _fill(template, {("MS", "MS.G1.1", "E"): 3, ("MS", "MS.G1.2", "E"): 1})
    status, page = _upload(client, assessment.id, filled)
    assert status == 200, page
    url = f"/reports/assessments/{assessment.id}/import/{_token(page)}"
    after = _apply(client, url, page)
    assert "以下 1 行未导入" in after
    _colleague_saves(db_session, assessment, ItemInput(level="2"))  # newer than what was shown
    data = {"action": "apply", "shown_conflict": shown_marks(after), "take_file": "MS:MS.G1.1"}
    response = client.post(url, data=data)
    assert response.status_code == 409
    assert "预览之后，网页上又有内容被修改" in response.get_data(as_text=True)
    db_session.expire_all()
    assert answer_of(assessment, "MS.G1.1") == (2, None)  # the newer answer, not overwritten


def test_import_with_nothing_ticked_says_so_and_stays_on_the_preview(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)
    _colleague_saves(db_session, assessment, ItemInput(level="1"))  # since the export
    status, page = _upload(client, assessment.id, _fill(template, {("MS", "MS.G1.1", "E"): 3}))
    assert status == 200, page
    url = f"/reports/assessments/{assessment.id}/import/{_token(page)}"
    after = _apply(client, url, page)  # the only row, a conflict, left unticked
    assert "没有勾选要导入的行，未导入任何内容。" in after
    assert "已导入 0 行" not in after
    assert 'value="MS:MS.G1.1|level"' in after  # the preview, still to tick
    assert answer_of(assessment, "MS.G1.1") == (1, None)
    client.get("/lang/en")
    after = _apply(client, url, after)
    assert "No row was ticked; nothing was imported." in after
    assert "Imported 0" not in after
    assert 'value="MS:MS.G1.1|level"' in after


EVENT_NOTE = {
    "zh": "这起事件已在事件登记中（类型、日期和经过相同），不再重复导入。",
    "en": "already in the event register",
}


def test_a_reopened_preview_does_not_say_again_that_its_imported_events_are_registered(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """The file's own event, just imported, was noted "already in the register" on reopening."""
    assessment, template = _admin_with_template(client, db_session, auth)
    _colleague_saves(db_session, assessment, ItemInput(level="1"))  # a conflict, left unticked
    event: Cells = {
        ("事件", 4, "A"): "生产安全事故",
        ("事件", 4, "B"): "一般",
        ("事件", 4, "C"): "2025-03-01",
        ("事件", 4, "G"): "储罐泄漏",
        ("事件", 4, "H"): "否",
    }
    filled = _fill(template, {("MS", "MS.G1.1", "E"): 3, **event})
    status, page = _upload(client, assessment.id, filled)
    assert status == 200, page
    assert EVENT_NOTE["zh"] not in page
    url = f"/reports/assessments/{assessment.id}/import/{_token(page)}"
    after = _apply(client, url, page)
    assert "以下 1 行未导入" in after
    assert "储罐泄漏" not in after.split('id="preview-title"')[1]  # imported: gone
    assert EVENT_NOTE["zh"] not in after
    client.get("/lang/en")
    english = client.get(url).get_data(as_text=True)
    assert 'value="MS:MS.G1.1|level"' in english  # the same preview, in English
    assert EVENT_NOTE["en"] not in english
