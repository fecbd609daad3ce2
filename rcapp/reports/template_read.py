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

from rcapp.reports.template_cells import merged_value_ranges, typed_cell
from rcapp.reports.template_model import (
    ANSWER_COLUMNS,
    BACKFILL_COLUMNS,
    BACKFILL_SHEET_KEY,
    EVENT_COLUMNS,
    FIRST_ROW,
    FORMAT,
    HEADER_ROW,
    KPI_COLUMNS,
    KPI_SHEET_KEY,
    META_SHEET,
    NOT_OFFERED,
    backfill_subject,
    column_letter,
    event_fingerprint,
)
from rcapp.xlsx_upload import (
    DAMAGED,
    UNREADABLE,
    cell_text,
    expands_too_far,
    unreadable_code,
)

# The sheets of KPI rows, keyed by their codes (a backfill row: its year and code).
SUBJECT_COLUMNS = {KPI_SHEET_KEY: KPI_COLUMNS, BACKFILL_SHEET_KEY: BACKFILL_COLUMNS}
MAX_ROWS = 5000  # more rows than any rubric has: stop reading a file padded with junk
# Cells read as typed when they hold a formula; elsewhere the formula's result is read.
FORMULA_AS_TEXT = frozenset({"na_reason", "evidence_note", "comment", "note", "description"})
# Said of a file without refusing it: the preview lists them with the changes.
NOTICE_CODES = frozenset({"formula_as_text"})
FORMULA_SHOWN = 60  # characters of a formula quoted in its notice
# The cells whose value counts (a level, a number, a yes/no): a merged range there leaves
# every row but its first empty, which would clear them (qa34 D3).
VALUE_COLUMNS = frozenset({"answer", "na", "value"})


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
    # sheet key → (sheet title, its header row as read): import_layout.py compares them
    # with the template's column headers
    headers: Mapping[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    # what the file changed that is not imported, said without refusing the file
    notices: tuple[FileProblem, ...] = ()


def read_template(data: bytes) -> ParsedTemplate:
    if expands_too_far(data):
        return ParsedTemplate({}, {}, (), (FileProblem("expands_too_far"),))
    try:
        # Formulas as typed; the results Excel saved with them are read on need (_Results).
        # A number computed by a formula is read as its result; without one (files written
        # by scripts) it is refused, not guessed. Text cells keep what was typed.
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except UNREADABLE:
        # a 0-byte file said as such (qa65 #5), a CSV told how to be saved as .xlsx
        return ParsedTemplate({}, {}, (), (FileProblem(unreadable_code(data)),))
    results = _Results(data)
    try:
        return _read(book, results)
    except DAMAGED:  # a damaged sheet is parsed (and fails) only while it is read
        return ParsedTemplate({}, {}, (), (FileProblem("not_xlsx"),))
    finally:
        book.close()
        results.close()


class _Results:
    """The file read a second time, as Excel last computed it: only if a sheet has a formula.

    A template filled by hand or by a script has no formulas; reading every sheet twice
    for them doubled the import's reading (the bench's template has none).
    """

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.book: Any = None

    def sheet(self, title: str) -> Any:
        if self.book is None:
            self.book = load_workbook(io.BytesIO(self.data), read_only=True, data_only=True)
        return self.book[title]

    def close(self) -> None:
        if self.book is not None:
            self.book.close()


def _read(book: Any, results: _Results) -> ParsedTemplate:
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
        if kind in ("row", "kpi", "backfill"):
            sheet_key, subject = key.split(":", 1)
            expected.setdefault(sheet_key, []).append(subject)
            fingerprints[key] = value
    rows: list[FileRow] = []
    problems: list[FileProblem] = []
    notices: list[FileProblem] = []
    headers: dict[str, tuple[str, tuple[str, ...]]] = {}
    for sheet_key, title in sheets.items():
        if title not in book.sheetnames:
            problems.append(FileProblem("sheet_missing", title))
            continue
        sheet = _Sheet(book[title], results, title)
        headers[sheet_key] = (title, _header_row(sheet))
        if sheet_key == "EVENTS":
            existing = int(next((v for k, key, v in meta if k == "events"), "0") or 0)
            found, wrong = _event_rows(sheet, existing)
            rows.extend(found)
            _sort_problems(wrong, problems, notices)
            notices.extend(_blanked_events(sheet, existing))
            printed = {key: v for k, key, v in meta if k == "event_row"}
            notices.extend(_edited_events(sheet, existing, printed))
            continue
        columns = SUBJECT_COLUMNS.get(sheet_key, ANSWER_COLUMNS)
        problems.extend(_merged_values(sheet, columns))
        # The KPI sheet shows codes ("PK-SR-01"); a file from before shows the input ids.
        codes = kpi_codes if sheet_key in SUBJECT_COLUMNS else {}
        found, wrong = _subject_rows(sheet, sheet_key, columns, expected[sheet_key], codes)
        rows.extend(found)
        _sort_problems(wrong, problems, notices)
    return ParsedTemplate(
        identifiers, fingerprints, tuple(rows), tuple(problems), headers, tuple(notices)
    )


def _sort_problems(
    found: list[FileProblem], problems: list[FileProblem], notices: list[FileProblem]
) -> None:
    """Add each of `found` to the problems that refuse the file or to the notices."""
    for problem in found:
        (notices if problem.code in NOTICE_CODES else problems).append(problem)


def _header_row(sheet: _Sheet) -> tuple[str, ...]:
    """Return the header row's texts, a blank cell as "" (columns past the template's too)."""
    found = sheet.typed.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW, values_only=True)
    return tuple(cell_text(value) or "" for value in next(iter(found), ()))


def _merged_values(sheet: _Sheet, columns: tuple[str, ...]) -> list[FileProblem]:
    """Name each merged range over several rows of a value column: only its first row reads."""
    letters = {chr(ord("A") + index) for index, name in enumerate(columns) if name in VALUE_COLUMNS}
    return [
        FileProblem(
            "merged_value", sheet.title, None, "", {"first": first, "last": last, "column": column}
        )
        for first, last, column in merged_value_ranges(sheet.typed, letters, FIRST_ROW)
    ]


@dataclass(frozen=True)
class _Sheet:
    """One sheet as typed (formulas), its data rows read once; Excel's results on need."""

    typed: Any
    results: _Results
    title: str
    read: dict[int, list[tuple[int, tuple[tuple[object, object], ...]]]] = field(
        default_factory=dict
    )

    def data_rows(self, width: int) -> list[tuple[int, tuple[tuple[object, object], ...]]]:
        """Each data row's number and its (typed cell, saved result) pairs, `width` wide.

        The typed cells carry their number formats (a percent, a date). A sheet without a
        formula has its values as its results: the second read is made for formulas only.
        """
        found = self.read.get(width)
        if found is None:
            typed = list(self._rows(self.typed, width, values_only=False))
            results: Any = (tuple(getattr(cell, "value", None) for cell in row) for row in typed)
            if any(_is_formula(getattr(cell, "value", None)) for row in typed for cell in row):
                results = self._rows(self.results.sheet(self.title), width, values_only=True)
            numbered = enumerate(zip(typed, results, strict=False), start=FIRST_ROW)
            found = [(n, tuple(zip(t, r, strict=False))) for n, (t, r) in numbered]
            self.read[width] = found
        return found

    @staticmethod
    def _rows(source: Any, width: int, values_only: bool) -> Iterator[tuple[Any, ...]]:
        return source.iter_rows(  # type: ignore[no-any-return]
            min_row=FIRST_ROW, max_row=FIRST_ROW + MAX_ROWS, max_col=width, values_only=values_only
        )


def _is_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith("=")


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
        value, number_format = getattr(typed, "value", None), getattr(typed, "number_format", "")
        is_formula = _is_formula(value) and value != result
        if is_formula and name not in FORMULA_AS_TEXT:
            if result is None:
                column = chr(ord("A") + index)
                problems.append(FileProblem("formula_without_value", sheet.title, number, column))
            value = result
        elif is_formula:  # kept as typed, never run: say so in the preview (qa65 #4)
            column = chr(ord("A") + index)
            source = str(value)
            shown = source if len(source) <= FORMULA_SHOWN else source[: FORMULA_SHOWN - 1] + "…"
            problems.append(
                FileProblem("formula_as_text", sheet.title, number, column, {"text": shown})
            )
        text, is_date = typed_cell(value, number_format or "")
        if is_date and name in VALUE_COLUMNS:
            # a number typed over a date-formatted cell reads as a date (qa34 S4): say so,
            # rather than "not a level" about a cell that shows 1900-01-02
            column = chr(ord("A") + index)
            problems.append(FileProblem("date_in_number", sheet.title, number, column))
            text = None
        # the template's own mark on an item without N/A is no answer (an older file's "—" too)
        cells[name] = None if name == "na" and text == NOT_OFFERED else text
    return cells


def _data_rows(
    sheet: _Sheet, width: int
) -> Iterator[tuple[int, tuple[tuple[object, object], ...]]]:
    yield from sheet.data_rows(width)


def _subject_rows(
    sheet: _Sheet,
    sheet_key: str,
    columns: tuple[str, ...],
    expected: list[str],
    codes: dict[str, str],
) -> tuple[list[FileRow], list[FileProblem]]:
    """Read the rows of a sheet keyed by column A; `codes` maps a shown code to its key.

    Rows are matched by their 编号, in any order: a sheet sorted in Excel reads as it is
    (qa34 S13; every row listed a "row moved" before). A 编号 twice is refused.
    """
    rows: list[FileRow] = []
    problems: list[FileProblem] = []
    seen: set[str] = set()
    shown = {key: code for code, key in codes.items()}
    title, dated = sheet.title, "year" in columns
    if dated:  # "2024:hours_employees" is shown as "2024 OHS-03-1"
        shown = {
            backfill_subject(y, key): f"{y} {code}"
            for key, code in shown.items()
            for y in {s.split(":", 1)[0] for s in expected}
        }
    id_column = column_letter(columns, "id")
    for number, values in _data_rows(sheet, len(columns)):
        cells = _cells(sheet, number, values, columns, problems)
        typed = cells["id"]
        if typed is None:
            if any(cells[name] for name in columns if name != "id"):
                problems.append(FileProblem("row_without_id", title, number, id_column))
            continue
        subject = codes.get(typed, typed)
        if dated:
            subject = backfill_subject(cells["year"] or "", subject)
            typed = f"{cells['year'] or ''} {typed}".strip()
        if subject not in expected:
            code = "unknown_backfill_row" if dated else "unknown_subject"
            problems.append(FileProblem(code, title, number, id_column, {"id": typed}))
        elif subject in seen:
            problems.append(FileProblem("row_twice", title, number, id_column, {"id": typed}))
            continue
        seen.add(subject)
        rows.append(FileRow(f"{sheet_key}:{subject}", sheet_key, title, number, subject, cells))
    for subject in expected:
        if subject not in seen:
            problems.append(
                FileProblem(
                    "row_missing", title, None, id_column, {"id": shown.get(subject, subject)}
                )
            )
    return rows, problems


def _blanked_events(sheet: _Sheet, existing: int) -> list[FileProblem]:
    """Name each registered event's row emptied in the file (qa49 #8): it deletes nothing.

    The register is copied read-only; the events page deletes an event, the file does not.
    """
    blanked = []
    for number, values in _data_rows(sheet, len(EVENT_COLUMNS)):
        if number >= FIRST_ROW + existing:
            break
        if not any(cell_text(result) for _typed, result in values):
            blanked.append(FileProblem("event_blanked", sheet.title, number, "A"))
    return blanked


def _edited_events(sheet: _Sheet, existing: int, printed: Mapping[str, str]) -> list[FileProblem]:
    """Name each registered event's row changed in the file: the change is not imported.

    The register is copied read-only (a protected sheet; LibreOffice, WPS or an unprotected
    copy let it be typed over): an event is edited on the events page, not by a file. Each
    row's fingerprint at export is in the hidden sheet (a file from before has none: no row
    is named). An emptied row is said by _blanked_events.
    """
    edited = []
    for number, values in _data_rows(sheet, len(EVENT_COLUMNS)):
        if number >= FIRST_ROW + existing:
            break
        cells = tuple(_event_cell(result) for _typed, result in values)
        expected = printed.get(str(number))
        if expected and any(cells) and event_fingerprint(cells) != expected:
            edited.append(FileProblem("event_edited", sheet.title, number, "A"))
    return edited


def _event_cell(result: object) -> object:
    """Return a registered event's cell as fingerprinted: numbers as numbers, the rest as text."""
    if isinstance(result, int | float) and not isinstance(result, bool):
        return result
    return cell_text(result)


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
