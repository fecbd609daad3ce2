"""A maturity level typed past the drop-down: common spellings are read and the preview says
how; anything that is not one whole level is refused, quoted, with the column's values."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.web.helpers import words_of as _text
from tests.web.reports.test_import_excel_habits import _admin_with_template, _fill, _upload

WHERE = {"zh": "第 4 行，E 列（等级 / 数值）：", "en": "row 4, column E (Level / value): "}
READ_AS = {
    "zh": "评价项 MS.G1.1：“{typed}”按等级 {level} 读入。",
    "en": "Item MS.G1.1: “{typed}” was read as level {level}.",
}
REFUSED = {
    "zh": "评价项 MS.G1.1：“{typed}”不是一个等级：请填写 0–4 之间的一个整数",
    "en": "Item MS.G1.1: “{typed}” is not a level: enter one whole number from 0 to 4",
}
SPELLINGS = [
    ("3级", 3),
    ("三级", 3),
    ("L3", 3),
    ("3 级", 3),
    ("Level 2", 2),
    ("第4级", 4),
    ("１", 1),  # a full-width digit from a Chinese input method
    ("4.0", 4),
]
UNREADABLE = ["3-4", "3.5", "约3", "3到4", "about 3", "3级以上"]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("typed", "level"), SPELLINGS)
def test_a_spelling_of_a_level_is_read_and_the_preview_says_how(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    typed: str,
    level: int,
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth, lang)
    status, page = _upload(client, assessment.id, _fill(template, {("MS", "MS.G1.1", "E"): typed}))
    assert status == 200, _text(page)
    assert f"<strong>{level}</strong>" in page  # the change the preview lists
    said = WHERE[lang] + READ_AS[lang].format(typed=typed, level=level)
    assert said in _text(page)


@pytest.mark.parametrize("typed", [3, "3"])
def test_a_plain_level_is_read_without_a_word(
    client: FlaskClient, db_session: Session, auth: AuthActions, typed: object
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)
    status, page = _upload(client, assessment.id, _fill(template, {("MS", "MS.G1.1", "E"): typed}))
    assert status == 200, _text(page)
    assert "<strong>3</strong>" in page
    assert "读入" not in _text(page)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("typed", UNREADABLE)
def test_a_cell_that_is_not_one_level_is_refused_naming_row_column_and_values(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    typed: str,
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth, lang)
    status, page = _upload(client, assessment.id, _fill(template, {("MS", "MS.G1.1", "E"): typed}))
    assert status == 400
    assert WHERE[lang] + REFUSED[lang].format(typed=typed) in _text(page)
    assert 'name="action" value="apply"' not in page  # nothing to apply


def test_a_level_out_of_range_keeps_its_own_message(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)
    status, page = _upload(client, assessment.id, _fill(template, {("MS", "MS.G1.1", "E"): "5级"}))
    assert status == 400
    assert WHERE["zh"] + "MS.G1.1：请选择 0–4 之间的等级。" in _text(page)
