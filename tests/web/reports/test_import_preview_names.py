"""The import preview's tick boxes are named by their row (QA39 D2).

Each "采用文件中的值" box was announced the same ("采用文件中的值, 复选框"), and the item id
was a plain cell: with dozens of clashes a screen-reader user could not tell which item and
field a box took. Now the id is the row's header and each box names its item and field.
"""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.validation import ItemInput
from tests.conftest import AuthActions
from tests.web.reports.test_import_conflict_cells import _colleague_saves
from tests.web.reports.test_import_excel_habits import _admin_with_template, _fill, _upload


def _box_names(page: str) -> list[str]:
    labels = re.findall(r'<label><input type="checkbox" name="take_file"[^>]*>(.*?)</label>', page)
    return [" ".join(re.sub(r"<[^>]+>", "", label).split()) for label in labels]


def test_each_take_file_box_names_its_item_and_field(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)
    _colleague_saves(db_session, assessment, ItemInput(level="1", comment="网页备注"))
    filled = _fill(template, {("MS", "MS.G1.1", "E"): 3, ("MS", "MS.G1.1", "I"): "文件备注"})
    status, page = _upload(client, assessment.id, filled)
    assert status == 200, page
    names = _box_names(page)
    assert len(names) == 2
    assert len(set(names)) == 2  # no two boxes named alike
    assert all(name.startswith("采用文件中的值：MS.G1.1 ") for name in names), names
    assert '<th scope="row" rowspan="2" data-label="编号">MS.G1.1</th>' in page

    client.get("/lang/en")
    status, page = _upload(client, assessment.id, filled)
    assert status == 200, page
    names = _box_names(page)
    assert all(name.startswith("Use the file's value: MS.G1.1 ") for name in names), names
    assert len(set(names)) == 2
