"""Write the offline assessment template: protected sheets with unlocked, validated inputs.

Everything but the input cells is locked (sheet protection without a password: it guards
against slips, not people). Levels are drop-down lists, numbers carry their range, and a
very hidden sheet keeps the identifiers and each row's fingerprint at export.
"""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from rcapp.reports.excel import CellValue, sheet_title
from rcapp.reports.template_model import (
    ANSWER_COLUMNS,
    EVENT_BLANK_ROWS,
    EVENT_COLUMNS,
    FIRST_ROW,
    HEADER_ROW,
    KPI_COLUMNS,
    META_SHEET,
    NOTE_ROW,
    TITLE_ROW,
    AnswerRow,
    AnswerSheet,
    KpiRow,
    TemplateData,
    column_letter,
)

INPUT_FILL = PatternFill("solid", fgColor="FFF8E1")
HEADER_FILL = PatternFill("solid", fgColor="0B5E4A")
UNLOCKED = Protection(locked=False)
WRAP = Alignment(wrap_text=True, vertical="top")
ANSWER_WIDTHS = (12, 14, 48, 40, 10, 8, 24, 30, 30, 18)


def template_bytes(data: TemplateData) -> bytes:
    book = Workbook()
    intro = book.worksheets[0]  # a new workbook starts with one sheet
    taken: set[str] = set()
    intro.title = sheet_title(data.labels["instructions"], taken)
    _instructions(intro, data)
    for sheet in data.answer_sheets:
        _answer_sheet(book.create_sheet(sheet_title(sheet.title, taken)), sheet, data)
    _kpi_sheet(book.create_sheet(sheet_title(data.labels["kpi_sheet"], taken)), data)
    _event_sheet(book.create_sheet(sheet_title(data.labels["events_sheet"], taken)), data)
    _meta_sheet(book.create_sheet(META_SHEET), data)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _set(sheet: Worksheet, ref: str, value: CellValue, **style: object) -> None:
    cell = sheet[ref]
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # user text never becomes a formula (see excel.py)
    for name, setting in style.items():
        setattr(cell, name, setting)


def _protect(sheet: Worksheet) -> None:
    sheet.protection.sheet = True
    sheet.protection.formatRows = False  # people may still make rows taller to read text
    sheet.protection.formatColumns = False


def _instructions(sheet: Worksheet, data: TemplateData) -> None:
    _set(sheet, "A1", data.title, font=Font(bold=True, size=14))
    for offset, line in enumerate(data.instructions, start=3):
        _set(sheet, f"A{offset}", line, alignment=WRAP)
    sheet.column_dimensions["A"].width = 110
    _protect(sheet)


def _header(sheet: Worksheet, columns: tuple[str, ...], data: TemplateData, title: str) -> None:
    _set(sheet, f"A{TITLE_ROW}", title, font=Font(bold=True, size=12))
    _set(sheet, f"A{NOTE_ROW}", data.labels["note"], font=Font(italic=True, color="5B6675"))
    for index, name in enumerate(columns):
        ref = f"{chr(65 + index)}{HEADER_ROW}"
        _set(
            sheet,
            ref,
            data.labels[f"col_{name}"],
            font=Font(bold=True, color="FFFFFF"),
            fill=HEADER_FILL,
            alignment=WRAP,
        )
    sheet.freeze_panes = f"A{FIRST_ROW}"


def _answer_sheet(sheet: Worksheet, spec: AnswerSheet, data: TemplateData) -> None:
    _header(sheet, ANSWER_COLUMNS, data, spec.heading)
    for index, width in enumerate(ANSWER_WIDTHS):
        sheet.column_dimensions[chr(65 + index)].width = width
    yes_no = _list_validation(sheet, (data.yes, data.no))
    lists: dict[tuple[str, ...], DataValidation] = {}
    for offset, row in enumerate(spec.rows):
        r = FIRST_ROW + offset
        _answer_row(sheet, r, row, data)
        answer = f"{column_letter(ANSWER_COLUMNS, 'answer')}{r}"
        if row.number:
            _number_validation(sheet, answer, row.minimum, row.maximum, integer=False)
        elif row.choices:
            if row.choices not in lists:
                lists[row.choices] = _list_validation(sheet, row.choices)
            lists[row.choices].add(answer)
        if row.na_allowed:
            yes_no.add(f"{column_letter(ANSWER_COLUMNS, 'na')}{r}")
    _protect(sheet)


def _answer_row(sheet: Worksheet, r: int, row: AnswerRow, data: TemplateData) -> None:
    answer: CellValue = row.value if row.number else row.level
    fixed: dict[str, CellValue] = {
        "id": row.subject,
        "element": row.element,
        "prompt": row.prompt,
        "guidance": row.guidance,
        "range": row.range_text,
    }
    inputs: dict[str, CellValue] = {
        "answer": answer,
        "na": (data.yes if row.is_na else None) if row.na_allowed else None,
        "na_reason": row.na_reason or None,
        "evidence_note": row.evidence_note or None,
        "comment": row.comment or None,
    }
    if row.kind == "section_na":
        inputs = {"na": inputs["na"], "na_reason": inputs["na_reason"]}
    if row.kind == "prerequisite":
        inputs = {"answer": answer, "comment": inputs["comment"]}
    for name, value in fixed.items():
        _set(sheet, f"{column_letter(ANSWER_COLUMNS, name)}{r}", value or None, alignment=WRAP)
    for name, value in inputs.items():
        _set(
            sheet,
            f"{column_letter(ANSWER_COLUMNS, name)}{r}",
            value,
            protection=UNLOCKED,
            fill=INPUT_FILL,
            alignment=WRAP,
        )


def _list_validation(sheet: Worksheet, choices: tuple[str, ...]) -> DataValidation:
    quoted = ",".join(choice.replace('"', "") for choice in choices)
    validation = DataValidation(type="list", formula1=f'"{quoted}"', allow_blank=True)
    validation.error = "/".join(choices)
    validation.showErrorMessage = True
    sheet.add_data_validation(validation)
    return validation


def _number_validation(
    sheet: Worksheet, ref: str, low: Decimal | None, high: Decimal | None, *, integer: bool
) -> None:
    kind = "whole" if integer else "decimal"
    low_text = f"{low:f}" if low is not None else "-1E+300"
    if high is not None:
        validation = DataValidation(
            type=kind, operator="between", formula1=low_text, formula2=f"{high:f}", allow_blank=True
        )
    else:
        validation = DataValidation(
            type=kind, operator="greaterThanOrEqual", formula1=low_text, allow_blank=True
        )
    validation.showErrorMessage = True
    sheet.add_data_validation(validation)
    validation.add(ref)


def _kpi_sheet(sheet: Worksheet, data: TemplateData) -> None:
    _header(sheet, KPI_COLUMNS, data, data.labels["kpi_sheet"])
    for index, width in enumerate((22, 40, 16, 22, 16, 36)):
        sheet.column_dimensions[chr(65 + index)].width = width
    for offset, row in enumerate(data.kpis):
        r = FIRST_ROW + offset
        _kpi_row(sheet, r, row)
    _protect(sheet)


def _kpi_row(sheet: Worksheet, r: int, row: KpiRow) -> None:
    for name, value in (
        ("id", row.input_id),
        ("label", row.label),
        ("unit", row.unit),
        ("range", row.range_text),
    ):
        _set(sheet, f"{column_letter(KPI_COLUMNS, name)}{r}", value, alignment=WRAP)
    value_ref = f"{column_letter(KPI_COLUMNS, 'value')}{r}"
    _set(sheet, value_ref, row.value, protection=UNLOCKED, fill=INPUT_FILL)
    _set(
        sheet,
        f"{column_letter(KPI_COLUMNS, 'note')}{r}",
        row.note or None,
        protection=UNLOCKED,
        fill=INPUT_FILL,
        alignment=WRAP,
    )
    _number_validation(sheet, value_ref, row.minimum, row.maximum, integer=row.integer)


def _event_sheet(sheet: Worksheet, data: TemplateData) -> None:
    _header(sheet, EVENT_COLUMNS, data, data.labels["events_sheet"])
    for index, width in enumerate((22, 14, 14, 10, 10, 14, 50, 10)):
        sheet.column_dimensions[chr(65 + index)].width = width
    for offset, values in enumerate(data.events):
        for index, value in enumerate(values):
            _set(sheet, f"{chr(65 + index)}{FIRST_ROW + offset}", value, alignment=WRAP)
    types = _list_validation(sheet, tuple(label for _id, label in data.event_types))
    grades = _list_validation(sheet, tuple(label for _v, label in data.grades))
    resolved = _list_validation(sheet, (data.yes, data.no))
    start = FIRST_ROW + len(data.events)
    for r in range(start, start + EVENT_BLANK_ROWS):
        for index in range(len(EVENT_COLUMNS)):
            _set(sheet, f"{chr(65 + index)}{r}", None, protection=UNLOCKED, fill=INPUT_FILL)
        types.add(f"A{r}")
        grades.add(f"B{r}")
        resolved.add(f"H{r}")
    _protect(sheet)


def _meta_sheet(sheet: Worksheet, data: TemplateData) -> None:
    sheet.sheet_state = "veryHidden"
    rows: list[tuple[str, str, str]] = [
        ("id", key, value) for key, value in data.identifiers.items()
    ]
    for spec in data.answer_sheets:
        rows.append(("sheet", spec.key, spec.title))
        rows.extend(("row", f"{spec.key}:{row.subject}", row.fingerprint) for row in spec.rows)
    rows.append(("sheet", "KPI", data.labels["kpi_sheet"]))
    rows.extend(("kpi", f"KPI:{row.input_id}", row.fingerprint) for row in data.kpis)
    rows.append(("sheet", "EVENTS", data.labels["events_sheet"]))
    rows.append(("events", "existing", str(len(data.events))))
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            cell.data_type = "s"
    _protect(sheet)
