"""The organisation import template, read back with openpyxl: drop-downs, text cells, notes."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from flask import Flask
from flask_babel import force_locale
from openpyxl import load_workbook

from rcapp.organisations.import_columns import KEYS, letter
from rcapp.organisations.import_read import read_workbook
from rcapp.organisations.import_template import template_workbook


@pytest.fixture(autouse=True)
def _context(app: Flask) -> Iterator[None]:
    with app.app_context(), force_locale("zh_CN"):
        yield


def _book(lang: str = "zh", groups: tuple[str, ...] = ("工艺安全工作组",)) -> object:
    return load_workbook(io.BytesIO(template_workbook(lang, groups)))


def test_the_header_is_the_forms_words_in_either_language() -> None:
    zh = load_workbook(io.BytesIO(template_workbook("zh", ())))
    en = load_workbook(io.BytesIO(template_workbook("en", ())))
    assert [c.value for c in zh.worksheets[0][1]][:4] == [
        "类型",
        "中文名称",
        "英文名称",
        "统一社会信用代码",
    ]
    assert [c.value for c in en.worksheets[0][1]][:4] == [
        "Type",
        "Chinese name",
        "English name",
        "Unified social credit code",
    ]
    assert zh.sheetnames == ["单位", "选项", "填写说明"]
    assert en.sheetnames[0] == "Organisations"
    assert zh["选项"].sheet_state == "hidden"
    assert "每行一个单位" in str(zh["填写说明"]["A1"].value)


def test_closed_lists_are_drop_downs_and_groups_accept_typed_text() -> None:
    book = load_workbook(io.BytesIO(template_workbook("zh", ("工艺安全工作组", "宣传工作组"))))
    sheet = book.worksheets[0]
    by_column = {
        str(v.sqref).split(":")[0].rstrip("0123456789"): v
        for v in sheet.data_validations.dataValidation
    }
    for key in ("kind", "province", "commitment_status"):
        validation = by_column[letter(key)]
        assert validation.type == "list", key
        assert validation.showErrorMessage, key
    assert not by_column[letter("groups")].showErrorMessage  # several, separated by "；"
    lists = book["选项"]
    kinds = [lists.cell(row=r, column=1).value for r in (2, 3)]
    assert kinds == ["企业", "化工园区"]
    provinces = [c.value for c in lists["B"][1:] if c.value]
    assert "江苏省" in provinces
    assert len(provinces) == 34
    assert [c.value for c in lists["D"][1:3]] == ["工艺安全工作组", "宣传工作组"]


def test_user_text_is_never_a_formula_and_columns_are_text() -> None:
    hostile = ('=HYPERLINK("http://x","点")', "+86 10", "-1", "@SUM(A1)")
    book = load_workbook(io.BytesIO(template_workbook("zh", hostile)))
    lists = book["选项"]
    cells = lists["D"][1:5]
    assert [c.value for c in cells] == list(hostile)
    assert all(c.data_type == "s" for c in cells)
    sheet = book.worksheets[0]
    assert sheet.column_dimensions[letter("credit_code")].number_format == "@"
    assert sheet.column_dimensions[letter("name_zh")].number_format == "@"


def test_a_formula_typed_in_the_upload_is_refused_where_it_is() -> None:
    book = load_workbook(io.BytesIO(template_workbook("zh", ())))
    sheet = book.worksheets[0]
    sheet.cell(row=2, column=KEYS.index("name_zh") + 1, value="=1+1")  # a formula cell
    sheet.cell(row=2, column=KEYS.index("city") + 1, value="南京市")
    buffer = io.BytesIO()
    book.save(buffer)
    read = read_workbook(buffer.getvalue())
    assert [(p.code, p.row, p.key) for p in read.problems] == [("formula", 2, "name_zh")]


def test_the_english_template_asks_for_the_city_in_chinese_and_lists_english_provinces() -> None:
    """One stored form whichever template (jobsfix3 item 5): the province and city in Chinese."""
    english = load_workbook(io.BytesIO(template_workbook("en", ())))
    notes = " ".join(str(c.value) for c in english.worksheets[2]["A"])
    assert "City: type its name in Chinese characters" in notes
    assert "stored by its Chinese name" in notes
    provinces = [c.value for c in english.worksheets[1]["B"][1:] if c.value]
    assert "Jiangsu" in provinces
    chinese = load_workbook(io.BytesIO(template_workbook("zh", ())))
    assert "城市：请填写中文名称（例如 南京市）" in " ".join(
        str(c.value) for c in chinese["填写说明"]["A"]
    )
