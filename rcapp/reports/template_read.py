"""Read a filled template back: identifiers, fingerprints, and each row's typed cells as text.

Pure openpyxl (read-only mode). Only the structure is checked here (a template at all, a
sheet renamed or missing, rows moved or unknown); what the cells say is checked against the
rubric by importer.py, with the same rules as the web forms.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook

from rcapp.reports.template_model import (
    ANSWER_COLUMNS,
    EVENT_COLUMNS,
    FIRST_ROW,
    FORMAT,
    KPI_COLUMNS,
    META_SHEET,
)
from rcapp.xlsx_upload import DAMAGED, UNREADABLE, cell_text, expands_too_far

MAX_ROWS = 5000  # more rows than any rubric has: stop reading a file padded with junk
# Cells read as typed when they hold a formula; elsewhere the formula's result is read.
FORMULA_AS_TEXT = frozenset({"na_reason", "evidence_note", "comment", "note", "description"})


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


def read_template(data: bytes) -> ParsedTemplate:
    if expands_too_far(data):
        return ParsedTemplate({}, {}, (), (FileProblem("expands_too_far"),))
    try:
        # Read twice: formulas as typed, and the results Excel saved with them. A number
        # computed by a formula is read as its result; without one (files written by
        # scripts) it is refused, not guessed. Text cells keep what was typed.
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        results = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except UNREADABLE:
        return ParsedTemplate({}, {}, (), (FileProblem("not_xlsx"),))
    try:
        return _read(book, results)
    except DAMAGED:  # a damaged sheet is parsed (and fails) only while it is read
        return ParsedTemplate({}, {}, (), (FileProblem("not_xlsx"),))
    finally:
        book.close()
        results.close()


def _read(book: Any, results: Any) -> ParsedTemplate:
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
    kpi_codes = {code: input_id for kind, code, input_id in meta if kind == "kpi_code"}
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
        sheet = _Sheet(book[title], results[title], title)
        if sheet_key == "EVENTS":
            existing = int(next((v for k, key, v in meta if k == "events"), "0") or 0)
            found, wrong = _event_rows(sheet, existing)
            rows.extend(found)
            problems.extend(wrong)
            continue
        columns = KPI_COLUMNS if sheet_key == "KPI" else ANSWER_COLUMNS
        # The KPI sheet shows codes ("PK-SR-01"); a file from before shows the input ids.
        codes = kpi_codes if sheet_key == "KPI" else {}
        found, wrong = _subject_rows(sheet, sheet_key, columns, expected[sheet_key], codes)
        rows.extend(found)
        problems.extend(wrong)
    return ParsedTemplate(identifiers, fingerprints, tuple(rows), tuple(problems))


@dataclass(frozen=True)
class _Sheet:
    """One sheet read twice: as typed (formulas) and as Excel last computed it."""

    typed: Any
    results: Any
    title: str


def _cells(
    sheet: _Sheet,
    number: int,
    values: tuple[tuple[object, object], ...],
    columns: tuple[str, ...],
    problems: list[FileProblem],
) -> dict[str, str | None]:
    cells: dict[str, str | None] = {}
    for index, name in enumerate(columns):
        typed, result = values[index] if index < len(values) else (None, None)
        is_formula = isinstance(typed, str) and typed.startswith("=") and typed != result
        if is_formula and name not in FORMULA_AS_TEXT:
            if result is None:
                column = chr(ord("A") + index)
                problems.append(FileProblem("formula_without_value", sheet.title, number, column))
            typed = result
        cells[name] = cell_text(typed)
    return cells


def _data_rows(
    sheet: _Sheet, width: int
) -> Iterator[tuple[int, tuple[tuple[object, object], ...]]]:
    def rows(source: Any) -> Iterator[tuple[object, ...]]:
        return source.iter_rows(  # type: ignore[no-any-return]
            min_row=FIRST_ROW, max_row=FIRST_ROW + MAX_ROWS, max_col=width, values_only=True
        )

    for number, (typed, results) in enumerate(
        zip(rows(sheet.typed), rows(sheet.results), strict=False), start=FIRST_ROW
    ):
        yield number, tuple(zip(typed, results, strict=False))


def _subject_rows(
    sheet: _Sheet,
    sheet_key: str,
    columns: tuple[str, ...],
    expected: list[str],
    codes: dict[str, str],
) -> tuple[list[FileRow], list[FileProblem]]:
    """Read the rows of a sheet keyed by column A; `codes` maps a shown code to its key."""
    rows: list[FileRow] = []
    problems: list[FileProblem] = []
    seen: list[str] = []
    shown = {key: code for code, key in codes.items()}
    title = sheet.title
    for number, values in _data_rows(sheet, len(columns)):
        cells = _cells(sheet, number, values, columns, problems)
        typed = cells["id"]
        if typed is None:
            if any(cells[name] for name in columns if name != "id"):
                problems.append(FileProblem("row_without_id", title, number, "A"))
            continue
        subject = codes.get(typed, typed)
        seen.append(subject)
        position = len(seen) - 1
        if subject not in expected:
            problems.append(FileProblem("unknown_subject", title, number, "A", {"id": typed}))
        elif position >= len(expected) or expected[position] != subject:
            problems.append(FileProblem("row_moved", title, number, "A", {"id": typed}))
        rows.append(FileRow(f"{sheet_key}:{subject}", sheet_key, title, number, subject, cells))
    for subject in expected:
        if subject not in seen:
            problems.append(
                FileProblem("row_missing", title, None, "A", {"id": shown.get(subject, subject)})
            )
    return rows, problems


def _event_rows(sheet: _Sheet, existing: int) -> tuple[list[FileRow], list[FileProblem]]:
    """Read new events only: the rows below the register copied at export (read-only)."""
    rows = []
    problems: list[FileProblem] = []
    for number, values in _data_rows(sheet, len(EVENT_COLUMNS)):
        if number < FIRST_ROW + existing:
            continue
        cells = _cells(sheet, number, values, EVENT_COLUMNS, problems)
        if any(cells.values()):
            rows.append(
                FileRow(f"EVENTS:{number}", "EVENTS", sheet.title, number, str(number), cells)
            )
    return rows, problems
