"""The import preview names edited protected cells (QA9 S7) and shows an event's type and
grade in the page's language (QA9 S10)."""

from __future__ import annotations

import html

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.web.reports.test_import_excel_habits import (
    Cells,
    _admin_with_template,
    _fill,
    _upload,
)


def test_an_edited_item_text_is_named_as_not_imported_beside_the_other_changes(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)
    cells: Cells = {("MS", "MS.G1.1", "C"): "我改过的条款措辞", ("MS", "MS.G1.1", "E"): 2}

    status, page = _upload(client, assessment.id, _fill(template, cells))

    text = html.unescape(page)
    assert status == 200, text
    assert (
        "C 列（评价项）：“评价项”列是评价细则的原文，不能在文件中修改：这一格的修改不会导入"
    ) in text
    assert "<strong>2</strong>" in text  # the row's level is still imported


def test_an_edited_item_text_alone_is_named_though_nothing_is_imported(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth, "en")
    cells: Cells = {("MS", "MS.G1.1", "C"): "My better wording", ("KPI", "CA-01", "B"): "Drills"}

    status, page = _upload(client, assessment.id, _fill(template, cells))

    text = html.unescape(page)
    assert status == 200, text
    assert "nothing to import" in text
    assert "column C (Item): the “Item” column is the rubric's own wording" in text
    assert "column B (Name): the “Name” column is the KPI's name" in text


def test_an_untouched_item_text_gives_no_warning(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)

    status, page = _upload(client, assessment.id, _fill(template, {("MS", "MS.G1.1", "I"): "好"}))

    assert status == 200
    assert "评价细则的原文" not in html.unescape(page)


def _event_cells() -> Cells:
    return {
        ("事件", 4, "A"): "生产安全事故",
        ("事件", 4, "B"): "一般",
        ("事件", 4, "C"): "2025-03-01",
        ("事件", 4, "G"): "储罐泄漏",
        ("事件", 4, "H"): "否",
    }


def test_an_event_from_a_chinese_file_is_previewed_in_english_on_english_pages(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)
    client.get("/lang/en")

    status, page = _upload(client, assessment.id, _fill(template, _event_cells()))

    text = html.unescape(page)
    assert status == 200, text
    preview = text.split('class="import-preview"')[1]
    assert "生产安全事故" not in preview
    assert "<strong>Production-safety accident</strong>" in preview
    assert "<strong>General</strong>" in preview
    assert "<strong>No</strong>" in preview  # corrected: 否 in the file
    assert "<strong>一般</strong>" not in preview


def test_an_event_is_previewed_in_chinese_on_chinese_pages(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)

    status, page = _upload(client, assessment.id, _fill(template, _event_cells()))

    preview = html.unescape(page).split('class="import-preview"')[1]
    assert status == 200
    assert "<strong>生产安全事故" in preview
    assert "<strong>一般" in preview


def test_an_event_loss_raising_the_grade_is_a_warning_of_the_preview_not_a_refusal(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """qa50 M1: a file has no "数值无误" tick; the preview asks, the row is still imported."""
    assessment, template = _admin_with_template(client, db_session, auth)
    # an ungraded type: on an accident graded 一般 the grade rule would refuse the row
    cells = {**_event_cells(), ("事件", 4, "A"): "群体性事件", ("事件", 4, "B"): None}
    cells[("事件", 4, "F")] = 350000

    status, page = _upload(client, assessment.id, _fill(template, cells))

    text = html.unescape(page)
    assert status == 200, text
    assert "F 列（直接经济损失（万元））：直接经济损失 350,000 万元即 3,500,000,000 元" in text
    assert "按国务院令第493号达到“特别重大”事故的标准" in text
    assert "（确认导入后将按此保存）" in text
    assert "<strong>群体性事件</strong>" in text.split('class="import-preview"')[1]
