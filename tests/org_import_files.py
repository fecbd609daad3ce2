"""Organisation import files for tests: the downloaded template, filled with openpyxl."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from openpyxl import load_workbook

from rcapp.organisations.import_columns import KEYS
from rcapp.organisations.import_template import template_workbook
from tests.factories import credit_code


def company(**cells: str) -> dict[str, str]:
    row = {"kind": "企业", "province": "江苏省", "city": "南京市", "sector": "氯碱"}
    return row | cells


def filled(
    rows: Sequence[Mapping[str, str]], groups: Sequence[str] = (), lang: str = "zh"
) -> bytes:
    """The template in `lang` with `rows` (column key → text) from row 2 on."""
    book = load_workbook(io.BytesIO(template_workbook(lang, groups)))
    sheet = book.worksheets[0]
    for number, row in enumerate(rows, start=2):
        for key, value in row.items():
            cell = sheet.cell(row=number, column=KEYS.index(key) + 1, value=value)
            cell.data_type = (
                "s" if isinstance(value, str) and not value.startswith("=") else cell.data_type
            )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def one_company(name_zh: str) -> bytes:
    """The template filled with one new company, `name_zh`, under a fresh credit code."""
    return filled([company(name_zh=name_zh, credit_code=credit_code())])
