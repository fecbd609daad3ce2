"""An Excel import's "N/A and an answer" messages name a number item's cell a value (wordfix 6).

For a number item (its cell holds a figure, not a level) the preview said 等级 / level:
"文件却填了等级“12”". It now says 数值 / value, for the file's own N/A beside a figure, the
web's N/A beside the file's figure, and the web's figure beside the file's N/A.
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.assessments import services
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import Checked, ItemInput, Problem
from rcapp.reports.import_messages import what_text
from rcapp.reports.import_written import written_problems
from rcapp.reports.importer import LocatedProblem
from tests.conftest import AuthActions
from tests.factories import make_user, make_world, start

ITEM = "C1.E1.2"  # a number item of the mini rubric
REASON = "没有该设施 / no such plant"

FILE_NA = (
    f"评价项 {ITEM}：“不适用”为“是”，“等级 / 数值”列又填了数值“12”，只能保留一项。",
    f"Item {ITEM}: “N/A” is “Yes” and the “Level / value” column holds the value “12”",
)
# The web's side of the pair (import_written), for a number item that takes N/A (the real
# rubrics have some; the mini rubric's does not, so the save's refusal stands in here).
WEB = {
    "web_na": (
        ItemInput(value="12"),
        ItemInput(value="12", is_na=True),
        "评价项 X：网页上此项标为“不适用”，文件却填了数值“12”。",
        "Item X: the web page marks this item N/A, but the file gives the value “12”.",
    ),
    "web_value": (
        ItemInput(is_na=True, na_reason=REASON),
        ItemInput(value="7", is_na=True, na_reason=REASON),
        "评价项 X：文件的“不适用”为“是”，网页上此项却已填数值“7”",
        "Item X: “N/A” is “Yes” in the file, but the web page has the value “7”",
    ),
}


def _filled(blank: bytes, cells: dict[str, object]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(blank))
    sheet = next(s for s in book.worksheets if s.title.startswith("C1"))
    row = next(c.row for c in sheet["A"] if c.value == ITEM)
    for column, value in cells.items():
        sheet[f"{column}{row}"] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_files_own_na_beside_a_figure_calls_it_a_value(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = start(world)
    assert services.save_section(
        assessment, rubric_of(assessment), "C1", {ITEM: ItemInput(value="7")}, world.user_a
    ).ok
    db_session.commit()
    auth.login(make_user(assessment.organisation, OrgRole.ADMIN).email)
    url = f"/reports/assessments/{assessment.id}/import"
    blank = client.get(f"/reports/assessments/{assessment.id}/template.xlsx?blank=1").data
    data = _filled(blank, {"E": 12, "F": "是", "G": REASON})
    for lang, said in zip(("zh", "en"), FILE_NA, strict=True):
        client.get(f"/lang/{lang}")
        form = {"file": (io.BytesIO(data), "t.xlsx")}
        page = client.post(url, data=form, content_type="multipart/form-data")
        text = page.get_data(as_text=True).replace("&#39;", "'").replace("&#34;", '"')
        assert said in text
        assert "等级“" not in text
        assert "level “" not in text


@pytest.mark.parametrize("case", sorted(WEB))
def test_the_webs_side_of_the_pair_calls_a_figure_a_value(app: Flask, case: str) -> None:
    typed, written, zh, en = WEB[case]

    def refused(answer: ItemInput) -> Checked:
        return {}, [Problem("X", "is_na", "na_and_answer")] if answer.is_na else []

    found = written_problems(refused, typed, [written])
    located = LocatedProblem("C1", 9, "F", found[0])
    for lang, said in (("zh_CN", zh), ("en", en)):
        with app.test_request_context(), force_locale(lang):
            assert said in what_text(located)
