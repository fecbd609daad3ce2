"""The import preview's words: a doubtful value "will be saved" (nothing is saved yet), a
number typed with thousands separators is read only when that is unambiguous, and N/A ticked
beside a level says which cell to clear, as the web page clears the level itself."""

from __future__ import annotations

import io

import openpyxl
import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import rubric_of
from rcapp.rubrics.model import ItemKind
from tests.conftest import AuthActions
from tests.web.reports.test_template_drop_downs import _assessment, _template, _upload
from tests.web.test_v2_pages import real_rubrics  # noqa: F401 - a fixture used below

pytestmark = pytest.mark.usefixtures("real_rubrics")


def _fill(data: bytes, cells: dict[tuple[str, str, str], object]) -> bytes:
    """(sheet title prefix, id in column A, column) → value."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    for (prefix, subject, column), value in cells.items():
        sheet = next(s for s in book.worksheets if s.title.startswith(prefix))
        row = next(c.row for c in sheet["A"] if c.value == subject)
        sheet[f"{column}{row}"] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _logged_in(db_session: Session, auth: AuthActions) -> Assessment:
    assessment, email = _assessment("rc-company", 2)
    db_session.commit()
    auth.login(email)
    return assessment


def test_a_doubtful_kpi_value_will_be_saved_not_saved(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment = _logged_in(db_session, auth)
    for lang, sheet, words in (
        ("zh_CN", "KPI", "员工工时：数值超过通常上限 100,000,000，请核对（确认导入后将保存）。"),
        (
            "en",
            "KPI",
            "Employee hours worked: the value exceeds the usual maximum of 100,000,000; "
            "please check (will be saved when you confirm the import).",
        ),
    ):
        template = _template(client, assessment, lang)
        filled = _fill(template, {(sheet, "OHS-03-2", "E"): 200000000})
        status, page = _upload(client, assessment, filled)
        assert status == 200, page
        assert words in page.replace("&#39;", "'").replace("&#34;", '"')
        assert "已保存" not in page
        assert "(saved)" not in page


def test_thousands_separators_are_read_only_when_unambiguous(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment = _logged_in(db_session, auth)
    template = _template(client, assessment, "zh_CN")
    status, page = _upload(client, assessment, _fill(template, {("KPI", "OHS-03-2", "E"): "1,234"}))
    assert status == 200, page
    # the preview shows the number as it will be saved, as a figure to read (qa89): not 1.234
    assert "<strong>1,234</strong>" in page
    for typed in ("1,5", "1.234,5", "12,34"):  # a decimal comma, or no thousands grouping
        filled = _fill(template, {("KPI", "OHS-03-2", "E"): typed})
        status, page = _upload(client, assessment, filled)
        assert status == 400, typed
        assert f"工作表“KPI 数据”，第 4 行，E 列（数值）：员工工时：“{typed}”不是有效数字。" in page


def test_na_beside_a_level_says_which_cell_to_clear(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment = _logged_in(db_session, auth)
    rubric = rubric_of(assessment)
    section, item = next(
        (s, i)
        for s in rubric.sections
        for e in s.elements
        for i in e.items
        if i.na_allowed and i.kind is ItemKind.MATURITY
    )
    for lang, yes, words in (
        (
            "zh_CN",
            "是",
            f"评价项 {item.id}：“不适用”为“是”，“等级 / 数值”列又填了“3”，只能保留一项。"
            "按不适用导入请清空“等级 / 数值”（网页上勾选“不适用”时同样会清除等级）",
        ),
        (
            "en",
            "Yes",
            f"Item {item.id}: “N/A” is “Yes” and the “Level / value” column holds “3”; only one "
            "can stay. To import it as N/A, clear “Level / value” (ticking N/A on the web page "
            "clears the level too); to keep the level, set “N/A” to “No”.",
        ),
    ):
        template = _template(client, assessment, lang)
        cells = {
            (section.id, item.id, "E"): 3,
            (section.id, item.id, "F"): yes,
            (section.id, item.id, "G"): "不涉及",
        }
        status, page = _upload(client, assessment, _fill(template, cells))
        assert status == 400
        assert words in page
