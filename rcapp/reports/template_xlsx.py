"""Write the offline assessment template: protected sheets with unlocked, validated inputs.

Everything but the input cells is locked (sheet protection without a password: it guards
against slips, not people). Levels are drop-down lists, numbers carry their range, and a
very hidden sheet keeps the identifiers and each row's fingerprint at export.

A drop-down written as a literal list ("1,2,3") must stay within Excel's 255 characters and
splits its entries at commas; a list that does not fit (the event types) is a range on a
second very hidden sheet, named, which Excel and WPS both read with one entry per cell.
"""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from rcapp.figures import INTEGER_FORMAT
from rcapp.reports.excel import CellValue, sheet_title
from rcapp.reports.template_model import (
    ANSWER_COLUMNS,
    BACKFILL_COLUMNS,
    BACKFILL_SHEET_KEY,
    EVENT_BLANK_ROWS,
    FIRST_ROW,
    HEADER_ROW,
    KPI_COLUMNS,
    LISTS_SHEET,
    META_SHEET,
    NOT_OFFERED,
    NOTE_ROW,
    TITLE_ROW,
    AnswerRow,
    AnswerSheet,
    KpiRow,
    TemplateData,
    column_letter,
    event_columns,
    event_fingerprint,
)
from rcapp.xlsx_text import guard_text

INPUT_FILL = PatternFill("solid", fgColor="FFF8E1")
HEADER_FILL = PatternFill("solid", fgColor="0B5E4A")
# A column shown for reference only (last year's KPI figures): grey, never an input.
REFERENCE_FILL = PatternFill("solid", fgColor="E7E9EC")
REFERENCE_FONT = Font(color="5B6675")
UNLOCKED = Protection(locked=False)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(horizontal="center", vertical="top")
ANSWER_WIDTHS = (12, 14, 48, 40, 10, 8, 24, 30, 30, 18)
LITERAL_LIST_MAX = 255  # Excel's limit on a list typed into the validation itself
ERROR_MAX = 225  # Excel's limit on a validation's error message
PROMPT_MAX = 255  # Excel's limit on a validation's input message


def _excel_length(text: str) -> int:
    """Count as older Excel and WPS may: a Chinese character as two (its GBK bytes)."""
    return len(text) + sum(1 for char in text if ord(char) > 127)


class _Lists:
    """The drop-downs of one workbook: literal where Excel allows it, else a named range."""

    def __init__(self, pick_text: str) -> None:
        self.pick_text = pick_text  # the error message when the choices are too long to list
        self.ranges: dict[tuple[str, ...], str] = {}  # choices → defined name

    def validation(self, choices: tuple[str, ...]) -> DataValidation:
        literal = '"' + ",".join(choices) + '"'
        if _excel_length(literal) <= LITERAL_LIST_MAX and not any(
            "," in c or '"' in c for c in choices
        ):
            formula = literal
        else:
            formula = self.ranges.setdefault(choices, f"rc_list_{len(self.ranges) + 1}")
        validation = DataValidation(type="list", formula1=formula, allow_blank=True)
        shown = "/".join(choices)
        validation.error = shown if _excel_length(shown) <= ERROR_MAX else self.pick_text
        validation.showErrorMessage = True
        return validation

    def write(self, book: Workbook) -> None:
        """Write the ranged lists, one column each, and name them for the validations."""
        if not self.ranges:
            return
        sheet = book.create_sheet(LISTS_SHEET)
        sheet.sheet_state = "veryHidden"
        for column, (choices, name) in enumerate(self.ranges.items(), start=1):
            for r, choice in enumerate(choices, start=1):
                guard_text(sheet.cell(row=r, column=column, value=choice))
            letter = get_column_letter(column)
            where = f"{quote_sheetname(LISTS_SHEET)}!${letter}$1:${letter}${len(choices)}"
            book.defined_names[name] = DefinedName(name, attr_text=where)
        _protect(sheet)


def template_bytes(data: TemplateData) -> bytes:
    book = Workbook()
    intro = book.worksheets[0]  # a new workbook starts with one sheet
    taken: set[str] = set()
    lists = _Lists(data.labels["pick_from_list"])
    intro.title = sheet_title(data.labels["instructions"], taken)
    _instructions(intro, data)
    for sheet in data.answer_sheets:
        _answer_sheet(book.create_sheet(sheet_title(sheet.title, taken)), sheet, data, lists)
    _kpi_sheet(book.create_sheet(sheet_title(data.labels["kpi_sheet"], taken)), data)
    events = book.create_sheet(sheet_title(data.labels["events_sheet"], taken))
    _event_sheet(events, data, lists)
    if data.backfill:
        _backfill_sheet(book.create_sheet(sheet_title(data.labels["backfill_sheet"], taken)), data)
    _meta_sheet(book.create_sheet(META_SHEET), data)
    lists.write(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _set(sheet: Worksheet, ref: str, value: CellValue, **style: object) -> None:
    cell = sheet[ref]
    cell.value = value
    for name, setting in style.items():
        setattr(cell, name, setting)
    guard_text(cell)  # user text never becomes a formula (see excel.py)


def _protect(sheet: Worksheet) -> None:
    sheet.protection.sheet = True
    sheet.protection.formatRows = False  # people may still make rows taller to read text
    sheet.protection.formatColumns = False


def _instructions(sheet: Worksheet, data: TemplateData) -> None:
    _set(sheet, "A1", data.title, font=Font(bold=True, size=14))
    if data.notice:
        _set(sheet, "A2", data.notice, font=Font(bold=True, color="9C2A00"), alignment=WRAP)
        # Excel does not grow a row to its wrapped text on opening: one line per ~100 widths
        lines = max(2, -(-_excel_length(data.notice) // 100))
        sheet.row_dimensions[2].height = 16 * lines
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


def _answer_sheet(sheet: Worksheet, spec: AnswerSheet, data: TemplateData, lists: _Lists) -> None:
    _header(sheet, ANSWER_COLUMNS, data, spec.heading)
    for index, width in enumerate(ANSWER_WIDTHS):
        sheet.column_dimensions[chr(65 + index)].width = width
    yes_no = _list_validation(sheet, lists, (data.yes, data.no))
    levels: dict[tuple[str, ...], DataValidation] = {}
    no_na: DataValidation | None = None
    for offset, row in enumerate(spec.rows):
        r = FIRST_ROW + offset
        _answer_row(sheet, r, row, data)
        answer = f"{column_letter(ANSWER_COLUMNS, 'answer')}{r}"
        if row.number:
            _number_validation(
                sheet, answer, row.minimum, row.maximum, integer=False, hint=row.entry_hint
            )
        elif row.choices:
            if row.choices not in levels:
                levels[row.choices] = _list_validation(sheet, lists, row.choices)
            levels[row.choices].add(answer)
        na_cell = f"{column_letter(ANSWER_COLUMNS, 'na')}{r}"
        if row.na_allowed:
            yes_no.add(na_cell)
        elif row.kind == "item":  # the item takes no N/A: said once the cell is selected
            no_na = no_na or _prompt_validation(sheet, data.labels["na_not_offered"])
            no_na.add(na_cell)
    _protect(sheet)


def _prompt_validation(sheet: Worksheet, prompt: str) -> DataValidation:
    """Explain cells without checking them: Excel shows `prompt` when one is selected."""
    validation = DataValidation(prompt=prompt, showInputMessage=True)
    sheet.add_data_validation(validation)
    return validation


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
    if row.kind == "item" and not row.na_allowed:  # locked and grey, as a reference cell
        del inputs["na"]
        ref = f"{column_letter(ANSWER_COLUMNS, 'na')}{r}"
        _set(sheet, ref, NOT_OFFERED, font=REFERENCE_FONT, fill=REFERENCE_FILL, alignment=CENTRE)
    for name, value in inputs.items():
        _set(
            sheet,
            f"{column_letter(ANSWER_COLUMNS, name)}{r}",
            value,
            protection=UNLOCKED,
            fill=INPUT_FILL,
            alignment=WRAP,
        )
    if row.unit:  # the unit beside the number, in the cell: "2 %" reads as a share, not a level
        sheet[
            f"{column_letter(ANSWER_COLUMNS, 'answer')}{r}"
        ].number_format = f'General" {row.unit.replace(chr(34), "")}"'


def _list_validation(sheet: Worksheet, lists: _Lists, choices: tuple[str, ...]) -> DataValidation:
    validation = lists.validation(choices)
    sheet.add_data_validation(validation)
    return validation


def _hint(validation: DataValidation, hint: str) -> None:
    """Show `hint` once a cell is selected and when a typed value is refused (what fits)."""
    if _excel_length(hint) <= PROMPT_MAX:
        validation.prompt, validation.showInputMessage = hint, True
    error = f"{validation.error}\n{hint}"
    if _excel_length(error) <= ERROR_MAX:
        validation.error = error


def _number_validation(
    sheet: Worksheet,
    ref: str,
    low: Decimal | None,
    high: Decimal | None,
    *,
    integer: bool,
    hint: str = "",
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
    if hint:  # Excel shows it beside the cell once selected (QA63 m1: a level typed as 2 %)
        validation.prompt, validation.showInputMessage = hint, True
    sheet.add_data_validation(validation)
    validation.add(ref)


def _kpi_sheet(sheet: Worksheet, data: TemplateData) -> None:
    _header(sheet, KPI_COLUMNS, data, data.labels["kpi_sheet"])
    for index, width in enumerate((22, 40, 16, 22, 16, 36)):
        sheet.column_dimensions[chr(65 + index)].width = width
    for offset, row in enumerate(data.kpis):
        r = FIRST_ROW + offset
        _kpi_row(sheet, r, row)
    if data.last_year_header:
        _last_year_column(sheet, data)
    _protect(sheet)


def _last_year_column(sheet: Worksheet, data: TemplateData) -> None:
    """Last year's figures after the imported columns (QA58 8), locked and grey.

    Past KPI_COLUMNS, so the import reads neither it nor its header, and a file downloaded
    before it existed still reads.
    """
    letter = chr(ord("A") + len(KPI_COLUMNS))
    sheet.column_dimensions[letter].width = 20
    header = f"{letter}{HEADER_ROW}"
    _set(
        sheet,
        header,
        data.last_year_header,
        font=Font(bold=True, color="5B6675"),
        fill=REFERENCE_FILL,
        alignment=WRAP,
    )
    for offset, row in enumerate(data.kpis):
        _set(
            sheet,
            f"{letter}{FIRST_ROW + offset}",
            row.last_year,
            font=REFERENCE_FONT,
            fill=REFERENCE_FILL,
            number_format=INTEGER_FORMAT if row.integer else "General",
        )


def _backfill_sheet(sheet: Worksheet, data: TemplateData) -> None:
    """Earlier years' core KPI inputs (补录): a KPI row with its year before it."""
    _header(sheet, BACKFILL_COLUMNS, data, data.labels["backfill_sheet"])
    _set(
        sheet, f"A{NOTE_ROW}", data.labels["backfill_note"], font=Font(italic=True, color="5B6675")
    )
    for index, width in enumerate((10, 22, 40, 16, 22, 16, 36)):
        sheet.column_dimensions[chr(65 + index)].width = width
    for offset, row in enumerate(data.backfill):
        r = FIRST_ROW + offset
        _set(sheet, f"A{r}", row.year, alignment=WRAP)
        _kpi_row(sheet, r, row.kpi, BACKFILL_COLUMNS, row.fixed_note)
    _protect(sheet)


def _kpi_row(
    sheet: Worksheet,
    r: int,
    row: KpiRow,
    columns: tuple[str, ...] = KPI_COLUMNS,
    fixed_note: str = "",
) -> None:
    """Write a KPI row; `fixed_note`: why its value and note are locked (a backfill kept)."""
    # An input rcapp computes says so where the range is (and on the value cell), as the
    # KPI page does beside the figure.
    said = row.system_note or fixed_note
    shown_range = f"{row.range_text}\n{said}" if said else row.range_text
    for name, value in (
        ("id", row.code),
        ("label", row.label),
        ("unit", row.unit),
        ("range", shown_range),
    ):
        _set(sheet, f"{column_letter(columns, name)}{r}", value, alignment=WRAP)
    value_ref = f"{column_letter(columns, 'value')}{r}"
    if said:
        sheet[value_ref].comment = Comment(said, "rcapp", width=240, height=90)
    number_format = INTEGER_FORMAT if row.integer else "General"
    if fixed_note:  # entered with an earlier year's assessment: read only, as on the page
        _set(sheet, value_ref, row.value, number_format=number_format)
        _set(sheet, f"{column_letter(columns, 'note')}{r}", row.note or None, alignment=WRAP)
        return
    if row.is_system:
        # rcapp's count, locked: the page has no field for it either
        _set(sheet, value_ref, row.system_value, number_format=INTEGER_FORMAT)
        _note_cell(sheet, r, row, columns)
        return
    # A whole number reads 1,120,000 as on the pages and stays a number to edit; a decimal
    # input keeps Excel's General format, which would otherwise hide the places typed.
    _set(
        sheet,
        value_ref,
        row.value,
        protection=UNLOCKED,
        fill=INPUT_FILL,
        number_format=number_format,
    )
    _note_cell(sheet, r, row, columns)
    _number_validation(sheet, value_ref, row.minimum, row.maximum, integer=row.integer)


def _note_cell(sheet: Worksheet, r: int, row: KpiRow, columns: tuple[str, ...]) -> None:
    _set(
        sheet,
        f"{column_letter(columns, 'note')}{r}",
        row.note or None,
        protection=UNLOCKED,
        fill=INPUT_FILL,
        alignment=WRAP,
    )


def _event_sheet(sheet: Worksheet, data: TemplateData, lists: _Lists) -> None:
    columns = event_columns(data.residents is not None)
    _header(sheet, columns, data, data.labels["events_sheet"])
    for index, width in enumerate((22, 14, 14, 10, 10, 14, 50, 16, 30, 30, 24)[: len(columns)]):
        sheet.column_dimensions[chr(65 + index)].width = width
    for offset, values in enumerate(data.events):
        for index, value in enumerate(values):
            _set(sheet, f"{chr(65 + index)}{FIRST_ROW + offset}", value, alignment=WRAP)
    types = _list_validation(sheet, lists, tuple(label for _id, label in data.event_types))
    grades = _list_validation(sheet, lists, tuple(label for _v, label in data.grades))
    _hint(grades, data.grade_hint)
    resolved = _list_validation(sheet, lists, (data.yes, data.no))
    # empty is the park itself; a name typed that is not listed is refused on import
    residents = _list_validation(sheet, lists, data.residents) if data.residents else None
    if residents is not None:
        _hint(residents, data.labels["resident_hint"])
    # a resident not registered in rcapp: typed, said how when a cell is selected
    unregistered = (
        _prompt_validation(sheet, data.labels["resident_name_hint"])
        if data.residents is not None
        else None
    )
    start = FIRST_ROW + len(data.events)
    for r in range(start, start + EVENT_BLANK_ROWS):
        for index in range(len(columns)):
            _set(sheet, f"{chr(65 + index)}{r}", None, protection=UNLOCKED, fill=INPUT_FILL)
        types.add(f"A{r}")
        grades.add(f"B{r}")
        resolved.add(f"H{r}")
        if residents is not None:
            residents.add(f"{column_letter(columns, 'resident')}{r}")
        if unregistered is not None:
            unregistered.add(f"{column_letter(columns, 'resident_name')}{r}")
            unregistered.add(f"{column_letter(columns, 'resident_credit_code')}{r}")
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
    rows.extend(("kpi_code", row.code, row.input_id) for row in data.kpis)
    rows.append(("sheet", "EVENTS", data.labels["events_sheet"]))
    rows.append(("events", "existing", str(len(data.events))))
    rows.extend(
        ("event_row", str(FIRST_ROW + offset), event_fingerprint(values))
        for offset, values in enumerate(data.events)
    )
    if data.backfill:
        rows.append(("sheet", BACKFILL_SHEET_KEY, data.labels["backfill_sheet"]))
        rows.extend(
            ("backfill", f"{BACKFILL_SHEET_KEY}:{row.subject}", row.kpi.fingerprint)
            for row in data.backfill
        )
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            guard_text(sheet.cell(row=r, column=c, value=value))
    _protect(sheet)
