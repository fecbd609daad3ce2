"""Read the organisation import workbook: its header and each row's cells as text.

Pure openpyxl (read-only mode), no Flask and no database: what the cells say is checked
by import_check with the register form's own rules.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook

from rcapp.organisations.import_columns import FIRST_ROW, KEYS, MAX_ROWS
from rcapp.xlsx_upload import DAMAGED, UNREADABLE, cell_text, expands_too_far, unreadable_code

_ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class FileProblem:
    """Something wrong with the file; `row` and `key` locate it where they can."""

    code: str  # not_xlsx, empty_file, csv_file, no_rows, too_many_rows, header, formula
    row: int | None = None
    key: str = ""
    found: str = ""


@dataclass(frozen=True)
class FileRow:
    number: int  # the row number Excel shows
    cells: dict[str, str | None]


@dataclass(frozen=True)
class ReadFile:
    header: tuple[str, ...] = ()
    rows: tuple[FileRow, ...] = ()
    problems: tuple[FileProblem, ...] = field(default_factory=tuple)


def read_workbook(data: bytes) -> ReadFile:
    """Read the first sheet; a file that is not .xlsx (or too long) is one problem."""
    if not data.startswith(_ZIP_MAGIC):  # empty, a CSV or another file: each said its way
        return ReadFile(problems=(FileProblem(unreadable_code(data)),))
    if expands_too_far(data):
        return ReadFile(problems=(FileProblem("expands_too_far"),))
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except UNREADABLE:
        return ReadFile(problems=(FileProblem("not_xlsx"),))
    try:
        return _read(book.worksheets[0]) if book.worksheets else ReadFile((), (), ())
    except DAMAGED:  # a damaged sheet is parsed (and fails) only while it is read
        return ReadFile(problems=(FileProblem("not_xlsx"),))
    finally:
        book.close()


def _read(sheet: Any) -> ReadFile:
    width = len(KEYS)
    lines = sheet.iter_rows(min_row=1, max_row=FIRST_ROW + MAX_ROWS, max_col=width)
    header: tuple[str, ...] = ()
    rows: list[FileRow] = []
    problems: list[FileProblem] = []
    for number, line in enumerate(lines, start=1):
        if number < FIRST_ROW:
            header = tuple(cell_text(c.value) or "" for c in line)
            continue
        cells: dict[str, str | None] = {}
        for key, cell in zip(KEYS, line, strict=False):
            if getattr(cell, "data_type", None) == "f":  # a formula: its text is not a value
                problems.append(FileProblem("formula", number, key, str(cell.value)))
                cells[key] = None
            else:
                cells[key] = cell_text(cell.value)
        if any(cells.values()) or any(p.row == number for p in problems[-width:]):
            if len(rows) >= MAX_ROWS:
                problems.append(FileProblem("too_many_rows", number))
                break
            rows.append(FileRow(number, cells))
    if not rows and not problems:
        problems.append(FileProblem("no_rows"))
    return ReadFile(header, tuple(rows), tuple(problems))
