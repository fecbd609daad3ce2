"""A level typed into a percentage item, and yes/no items, in the Excel template (QA63 m1, m2).

Filling the "等级 / 数值" column down with 2 put 2 % into the percentage items: the preview
now doubts a whole number 1–4 there (a warning: 2 % may be right), and the template shows
the unit in the cell and says "a percentage, not a level" when the cell is selected. A
yes/no item is worded as its page words it ("目前按“否”计：答“是”须有证据"), not by levels.
"""

from __future__ import annotations

import html
import io

import openpyxl
import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reports.template_model import ANSWER_COLUMNS, column_letter
from tests.conftest import AuthActions
from tests.web.reports.test_import_preview_wording import _fill, _logged_in
from tests.web.reports.test_template_drop_downs import _template, _upload
from tests.web.test_v2_pages import real_rubrics  # noqa: F401 - a fixture used below

pytestmark = pytest.mark.usefixtures("real_rubrics")

ANSWER = column_letter(ANSWER_COLUMNS, "answer")
GUIDANCE = column_letter(ANSWER_COLUMNS, "guidance")

PERCENT = {
    "zh_CN": "评价项 C1.E6.3：数值 2%？本项填写百分比（0–100），不是等级；"
    "如确为 2%，可忽略此提示。",
    "en": "Item C1.E6.3: a value of 2%? This item takes a percentage (0–100), not a level;",
}
YES_NO = {
    "zh_CN": "评价项 MS.G5.4：目前按“否”计：答“是”须有证据（证据说明或上传文件）。",
    "en": "Item MS.G5.4: counted as “No” for now: a “Yes” needs evidence",
}


def _words(page: str) -> str:
    return " ".join(html.unescape(page).split())


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_level_typed_into_a_percentage_item_is_doubted_not_refused(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    assessment = _logged_in(db_session, auth)
    template = _template(client, assessment, lang)
    cells: dict[tuple[str, str, str], object] = {
        ("C1", "C1.E6.3", ANSWER): 2,
        ("C2", "C2.E6.3", ANSWER): 85,
    }
    status, page = _upload(client, assessment, _fill(template, cells))
    assert status == 200, page
    said = _words(page)
    assert PERCENT[lang] in said
    assert "数值 85%" not in said
    assert "value of 85%" not in said
    assert 'value="apply"' in page  # a warning: the import may still be confirmed


def test_a_yes_with_no_evidence_is_worded_as_the_pages_word_it(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment = _logged_in(db_session, auth)
    for lang in ("zh_CN", "en"):
        template = _template(client, assessment, lang)
        status, page = _upload(client, assessment, _fill(template, {("MS", "MS.G5.4", ANSWER): 1}))
        assert status == 200, page
        said = _words(page)
        assert YES_NO[lang] in said
        assert "MS.G5.4：没有证据" not in said
        assert "level 1 counts" not in said


def _row(book: openpyxl.Workbook, prefix: str, subject: str) -> int:
    sheet = next(s for s in book.worksheets if s.title.startswith(prefix))
    return int(next(c.row for c in sheet["A"] if c.value == subject))


def test_the_template_shows_the_unit_in_the_cell_and_the_yes_no_rule(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment = _logged_in(db_session, auth)
    book = openpyxl.load_workbook(io.BytesIO(_template(client, assessment, "zh_CN")))
    sheet = next(s for s in book.worksheets if s.title.startswith("C1"))
    cell = f"{ANSWER}{_row(book, 'C1', 'C1.E6.3')}"
    assert sheet[cell].number_format == 'General" %"'
    hints = [v.prompt for v in sheet.data_validations.dataValidation if cell in v.sqref]
    assert hints == ["本项填写百分比（0–100），不是等级"]
    ms = next(s for s in book.worksheets if s.title.startswith("MS"))
    guidance = ms[f"{GUIDANCE}{_row(book, 'MS', 'MS.G5.4')}"].value
    assert guidance == "1 = 是；0 = 否\n答“是”须有证据（证据说明或上传文件），否则按“否”计"
