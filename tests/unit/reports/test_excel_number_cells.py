"""Figures and scores in a written workbook: each cell as write_cell makes it, formats shared.

The rows' number cells are made without write_cell (rcapp/reports/excel.py `_NumberStyles`):
a reader sees the same values and number formats, and each format is worked out once per
value, not once a cell (the annual workbook has 77,000 such cells: docs/performance.md).
"""

from __future__ import annotations

import io
from decimal import Decimal
from unittest import mock

import openpyxl

from rcapp.figures import excel_number_format
from rcapp.reports import excel
from rcapp.reports.excel import Figure, Score, Sheet, workbook_bytes

ROW: tuple[excel.CellValue, ...] = (
    "甲公司",
    Score(Decimal("87.25")),
    Score(Decimal("76")),
    Score(None),
    Figure(Decimal("1.2"), 2),
    Figure(Decimal("0.0034"), 2),
    Figure(None, 1),
    Decimal("1120000"),
    Decimal("0.50"),
    3,
)


def _cells(data: bytes) -> list[tuple[object, str]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    return [(cell.value, cell.number_format) for cell in sheet[2]]


def _by_write_cell() -> bytes:
    """The same row with every cell made by write_cell, as the rows were made before.

    An empty score or figure was left out, not written as an empty formatted cell.
    """
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("表")
    sheet.append(["名称"] * len(ROW))
    empty = [isinstance(v, Score | Figure) and v.value is None for v in ROW]
    sheet.append(
        [None if e else excel.write_cell(sheet, v) for v, e in zip(ROW, empty, strict=True)]
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_number_cells_read_as_write_cell_writes_them() -> None:
    data = workbook_bytes([Sheet("表", ("名称",) * len(ROW), [ROW], filtered=False)])
    cells = _cells(data)
    assert cells == _cells(_by_write_cell())
    assert cells[1:9] == [
        (87.25, "0.0"),
        (76, "0.0"),
        (None, "General"),
        (1.2, "#,##0.00"),
        (0.0034, "#,##0.0000"),
        (None, "General"),
        (1120000, "#,##0"),
        (0.5, "#,##0.0"),
    ]


def test_a_repeated_figure_has_its_format_worked_out_once() -> None:
    rows = [(Figure(Decimal("12.5"), 2), Decimal("3.25")) for _ in range(200)]
    excel._number_format.cache_clear()
    with mock.patch.object(excel, "excel_number_format", wraps=excel_number_format) as worked_out:
        data = workbook_bytes([Sheet("表", ("a", "b"), rows)])
    assert worked_out.call_count == 2
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    formats = {(c.value, c.number_format) for row in sheet.iter_rows(min_row=2) for c in row}
    assert formats == {(12.5, "#,##0.00"), (3.25, "#,##0.00")}
