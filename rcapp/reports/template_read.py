"""Read a filled template back: identifiers, fingerprints, and each row's typed cells as text.

Pure openpyxl (read-only mode). Only the structure is checked here (a template at all, a
sheet renamed or missing, rows moved or unknown); what the cells say is checked against the
rubric by importer.py, with the same rules as the web forms.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from rcapp.reports.template_model import (
    ANSWER_COLUMNS,
    EVENT_COLUMNS,
    FIRST_ROW,
    FORMAT,
    KPI_COLUMNS,
    META_SHEET,
)

MAX_ROWS = 5000  # more rows than any rubric has: stop reading a file padded with junk


@dataclass(frozen=True)
class FileProblem:
    """Something wrong in the file, located by sheet, row and column where it has them."""

    code: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FileRow:
    """One row's typed cells (text, or None when empty) under the column names of its layout."""

    key: str  # "<sheet key>:<subject>" (answers, KPIs) or "EVENTS:<row>"
    sheet_key: str
    sheet: str
    row: int
    subject: str
    cells: Mapping[str, str | None]


@dataclass(frozen=True)
class ParsedTemplate:
    identifiers: Mapping[str, str]
    fingerprints: Mapping[str, str]  # row key → fingerprint at export
    rows: tuple[FileRow, ...]
    problems: tuple[FileProblem, ...]


def cell_text(value: object) -> str | None:
    """Return a cell as text: numbers without float noise, dates as YYYY-MM-DD, blank as None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f")
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def read_template(data: bytes) -> ParsedTemplate:
    try:
        # Formulas are read as their text: a cell typed "=..." keeps what was typed, and a
        # computed number (no cached value in files written by scripts) is refused, not guessed.
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        return ParsedTemplate({}, {}, (), (FileProblem("not_xlsx"),))
    try:
        return _read(book)
    finally:
        book.close()


def _read(book: Any) -> ParsedTemplate:
    if META_SHEET not in book.sheetnames:
        return ParsedTemplate({}, {}, (), (FileProblem("not_template"),))
    meta = [
        tuple(cell_text(v) or "" for v in row[:3])
        for row in book[META_SHEET].iter_rows(values_only=True)
    ]
    identifiers = {key: value for kind, key, value in meta if kind == "id"}
    if identifiers.get("format") != FORMAT:
        return ParsedTemplate(identifiers, {}, (), (FileProblem("not_template"),))
    sheets = {key: title for kind, key, title in meta if kind == "sheet"}
    expected: dict[str, list[str]] = {key: [] for key in sheets}
    fingerprints: dict[str, str] = {}
    for kind, key, value in meta:
        if kind in ("row", "kpi"):
            sheet_key, subject = key.split(":", 1)
            expected.setdefault(sheet_key, []).append(subject)
            fingerprints[key] = value
    rows: list[FileRow] = []
    problems: list[FileProblem] = []
    for sheet_key, title in sheets.items():
        if title not in book.sheetnames:
            problems.append(FileProblem("sheet_missing", title))
            continue
        if sheet_key == "EVENTS":
            existing = int(next((v for k, key, v in meta if k == "events"), "0") or 0)
            rows.extend(_event_rows(book[title], title, existing))
            continue
        columns = KPI_COLUMNS if sheet_key == "KPI" else ANSWER_COLUMNS
        found, wrong = _subject_rows(book[title], sheet_key, title, columns, expected[sheet_key])
        rows.extend(found)
        problems.extend(wrong)
    return ParsedTemplate(identifiers, fingerprints, tuple(rows), tuple(problems))


def _cells(values: tuple[object, ...], columns: tuple[str, ...]) -> dict[str, str | None]:
    padded = tuple(values) + (None,) * (len(columns) - len(values))
    return {name: cell_text(padded[index]) for index, name in enumerate(columns)}


def _data_rows(sheet: Any, width: int) -> Iterator[tuple[int, tuple[object, ...]]]:
    for number, values in enumerate(
        sheet.iter_rows(
            min_row=FIRST_ROW, max_row=FIRST_ROW + MAX_ROWS, max_col=width, values_only=True
        ),
        start=FIRST_ROW,
    ):
        yield number, tuple(values)


def _subject_rows(
    sheet: Any, sheet_key: str, title: str, columns: tuple[str, ...], expected: list[str]
) -> tuple[list[FileRow], list[FileProblem]]:
    rows: list[FileRow] = []
    problems: list[FileProblem] = []
    seen: list[str] = []
    for number, values in _data_rows(sheet, len(columns)):
        cells = _cells(values, columns)
        subject = cells["id"]
        if subject is None:
            if any(cells[name] for name in columns if name != "id"):
                problems.append(FileProblem("row_without_id", title, number, "A"))
            continue
        seen.append(subject)
        position = len(seen) - 1
        if subject not in expected:
            problems.append(FileProblem("unknown_subject", title, number, "A", {"id": subject}))
        elif position >= len(expected) or expected[position] != subject:
            problems.append(FileProblem("row_moved", title, number, "A", {"id": subject}))
        rows.append(FileRow(f"{sheet_key}:{subject}", sheet_key, title, number, subject, cells))
    for subject in expected:
        if subject not in seen:
            problems.append(FileProblem("row_missing", title, None, "A", {"id": subject}))
    return rows, problems


def _event_rows(sheet: Any, title: str, existing: int) -> list[FileRow]:
    """Read new events only: the rows below the register copied at export (read-only)."""
    rows = []
    for number, values in _data_rows(sheet, len(EVENT_COLUMNS)):
        if number < FIRST_ROW + existing:
            continue
        cells = _cells(values, EVENT_COLUMNS)
        if any(cells.values()):
            rows.append(FileRow(f"EVENTS:{number}", "EVENTS", title, number, str(number), cells))
    return rows
