"""Workbooks from plain tables (openpyxl write-only mode); user text is always a text cell.

openpyxl stores any string that starts with "=" as a formula. Every string written here is
forced to a string cell, so "=1+1", "+86…", "-5" or "@SUM(…)" typed by a user stays text
in every spreadsheet program (the formula-injection rule of style.md 2.13). A text cell is
not enough on its own: F2 then Enter in Excel re-reads "=HYPERLINK(…)" as a live formula
(qa55 #8). Text starting with a formula character is also quote-prefixed (the cell style
Excel writes for text typed as 'text), so Excel keeps it text when it is edited; the value
itself is unchanged. rcapp.xlsx_text.guard_text is the one place that does it, for every workbook.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.worksheet import Worksheet

from rcapp.figures import excel_number_format
from rcapp.formula_names import formula_runs
from rcapp.reports.excel_chart import BarChartSheet, add_bar_chart
from rcapp.xlsx_text import guard_text, looks_like_formula


@dataclass(frozen=True)
class Score:
    """A score cell: a number Excel shows with one decimal, as the pages show scores.

    Without a number format Excel shows 76 beside 87.3; KPI values are not scores: a Decimal
    cell is a figure, shown with separators and its own places (rcapp.figures).
    """

    value: Decimal | None


@dataclass(frozen=True)
class Figure:
    """A KPI figure written with `places` decimals, trailing zeros kept.

    One indicator's cells read alike, and as the report prints them (figures.shared_places).
    """

    value: Decimal | None
    places: int
    # True: `value` is the stored figure in full and only the cell's format shows `places`,
    # so a reader who sums or recomputes the column uses what was reported, not a rounding.
    stored: bool = False


@dataclass(frozen=True)
class RubricText:
    """A rubric's text (a KPI's name or unit): its chemical formulas get subscripts (SO₂).

    Written as rich text, a subscript run for each formula's digits (formula_names); never
    for what a user typed. A rich text cell is a string cell: it is never a formula.
    """

    text: str


CellValue = (
    str | int | float | Decimal | dt.date | dt.datetime | bool | Score | Figure | RubricText | None
)
SUBSCRIPT = InlineFont(vertAlign="subscript")
SCORE_FORMAT = "0.0"
# A day is shown as a day (the roster's 上次提醒), never as "2026-12-05 00:00".
DATE_FORMAT = "yyyy-mm-dd"

_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="0B5E4A")
_WRAP = Alignment(wrap_text=True, vertical="top")
MAX_TITLE = 31  # Excel's limit on sheet names
# Words a shortened English title may not end on ("C1 Community awareness and").
_DANGLING = frozenset({"&", "and", "or", "of", "in", "for", "the", "to", "with", "-", "–"})


@dataclass(frozen=True)
class Sheet:
    """One worksheet: a header row, then rows of plain values (any iterable, read once)."""

    title: str
    header: Sequence[str | RubricText]  # a KPI's name and unit as rich text (SO₂)
    rows: Iterable[Sequence[CellValue]]
    widths: Sequence[int] = field(default_factory=tuple)
    notes: Sequence[str] = field(default_factory=tuple)  # lines above the header (filters…)
    # Columns (0-based) of long text: wrapped in their cells, read from the top, never cut.
    wrapped: frozenset[int] = frozenset()
    # A table gets Excel's filter on its header (qa65 #1); a sheet of label–value pairs does not.
    filtered: bool = True
    chart: BarChartSheet | None = None  # a chart of the table's cells, on the next sheet
    # Columns kept in view beside the header when scrolling right: a wide table's row names.
    frozen_columns: int = 0


def sheet_title(text: str, taken: set[str] | None = None) -> str:
    """Return a valid, unique sheet name: the characters and length Excel accepts.

    No []:*?/ or backslash, at most 31 characters as Excel counts them, no apostrophe
    first or last, not "History" (a name Excel reserves).
    """
    base = _BAD_TITLE.sub("_", text).strip("'") or "Sheet"
    if base.lower() == "history":
        base = f"{base}_"
    title = _shorten(base, MAX_TITLE)
    number = 2
    while taken is not None and title.lower() in {t.lower() for t in taken}:
        suffix = f" ({number})"
        title = _shorten(base, MAX_TITLE - len(suffix)) + suffix
        number += 1
    if taken is not None:
        taken.add(title)
    return title


def _shorten(text: str, limit: int) -> str:
    """Fit `text` into `limit`; a title of words is cut after a whole word.

    Cut at the character, "C1 Community awareness and emergency response" became
    "C1 Community awareness and emer". Words lose "and" to "&" first, then the words that do
    not fit, and a dangling "and"/"of"; text without spaces (Chinese) is cut at the character.
    """
    if _units(text) <= limit or " " not in text.strip():
        return _cut(text, limit)
    words = text.replace(" and ", " & ").split()
    while len(words) > 1 and (_units(" ".join(words)) > limit or words[-1].lower() in _DANGLING):
        words.pop()
    return _cut(" ".join(words), limit)


def _units(text: str) -> int:
    return sum(2 if ord(char) > 0xFFFF else 1 for char in text)


def _cut(text: str, limit: int) -> str:
    """Keep at most `limit` UTF-16 units, with no apostrophe left at the end.

    Excel counts a character beyond U+FFFF as two and refuses a name ending in an
    apostrophe; openpyxl checks neither.
    """
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit:
            text = text[:index]
            break
    return text.rstrip("'") or "Sheet"


def to_the_second(moment: dt.datetime) -> dt.datetime:
    """Return a time as a sheet shows it: to the second, no zone (callers pass local time).

    A stored time has microseconds (08:00:51.432000), which no page shows (qa17 S5).
    """
    return moment.replace(tzinfo=None, microsecond=0)


def write_cell(sheet: Any, value: CellValue, **style: Any) -> WriteOnlyCell:
    """Make a write-only cell; strings are forced to text, dates and figures keep a format."""
    if isinstance(value, Score):
        value = None if value.value is None else float(value.value)
        style = {"number_format": SCORE_FORMAT, **style}
    if isinstance(value, Figure):
        places, stored, value = value.places, value.stored, value.value
        if value is not None:
            shown = excel_number_format(0 if stored else value, places)
            style = {"number_format": shown, **style}
            value = float(value)
    if isinstance(value, Decimal):
        style = {"number_format": excel_number_format(value), **style}
        value = float(value)  # Excel keeps doubles anyway
    if isinstance(value, dt.datetime):
        value = to_the_second(value)
    if isinstance(value, RubricText):
        value = _rich(ILLEGAL_CHARACTERS_RE.sub("", value.text), style.get("font"))
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters are not valid XML
    cell = WriteOnlyCell(sheet, value=value)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return guard_text(cell)


def workbook_bytes(sheets: Iterable[Sheet]) -> bytes:
    """Write the sheets in write-only mode (constant memory) and return the .xlsx bytes."""
    book = Workbook(write_only=True)
    taken: set[str] = set()
    for one in sheets:
        table = _write_sheet(book, one, sheet_title(one.title, taken))
        if one.chart is not None:
            chart = replace(one.chart, title=sheet_title(one.chart.title, taken))
            add_bar_chart(book, table, 1 + len(one.notes), chart)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write_sheet(book: Workbook, one: Sheet, title: str) -> Any:
    sheet = book.create_sheet(title=title)
    for index, width in enumerate(one.widths, start=1):
        sheet.column_dimensions[_column_letter(index)].width = width
    top = 1 + len(one.notes)
    sheet.freeze_panes = f"{_column_letter(one.frozen_columns + 1)}{top + 1}"
    # Before the first row: a write-only sheet writes its properties (fit to page) with it.
    _set_printing(sheet, one, top)
    for note in one.notes:
        sheet.append([write_cell(sheet, note, font=Font(italic=True, color="5B6675"))])
    header_style = {
        "font": HEADER_FONT,
        "fill": HEADER_FILL,
        "alignment": Alignment(wrap_text=True),
    }
    sheet.append([write_cell(sheet, text, **header_style) for text in one.header])
    numbers = _NumberStyles(sheet)
    written = 0
    for row in one.rows:
        sheet.append(_row_cells(sheet, one, row, numbers))
        written += 1
    if one.filtered and one.header:
        _add_filter(sheet, top, len(one.header), written)
    return sheet


# Wider than this (Excel's character widths, a column without a width counted as Excel's
# default 8.43) a table is printed across an A4 page turned sideways.
_PORTRAIT_WIDTH = 100
_DEFAULT_WIDTH = 8.43


def _set_printing(sheet: Any, one: Sheet, header_row: int) -> None:
    """Print a sheet as people hand it out: A4, every column on the page's width.

    As many pages down as the rows need, the header repeated on each, numbered pages.
    A lead printed a group's 27-column comparison for a meeting and got the first six
    columns (qa85): Excel's default prints at 100% and cuts the rest onto later pages.
    """
    columns = max(len(one.header), len(one.widths))
    width = sum(one.widths) + _DEFAULT_WIDTH * max(0, columns - len(one.widths))
    setup = sheet.page_setup
    setup.paperSize = Worksheet.PAPERSIZE_A4
    setup.orientation = "landscape" if width > _PORTRAIT_WIDTH else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if one.header:
        sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.oddFooter.center.text = "&P / &N"


def _row_cells(
    sheet: Any, one: Sheet, row: Sequence[CellValue], numbers: _NumberStyles
) -> list[Any]:
    if not one.wrapped:
        return [_plain(sheet, value, numbers) for value in row]
    return [
        write_cell(sheet, value, alignment=_WRAP)
        if index in one.wrapped and isinstance(value, str | RubricText)
        else _plain(sheet, value, numbers)
        for index, value in enumerate(row)
    ]


class _NumberCell(Cell):  # type: ignore[misc] # openpyxl ships no types
    """A row's number cell with its format: what write_cell makes, with less work per cell.

    Its style is registered once per format (`_NumberStyles`), as a named style would be,
    and the cell carries the registered id: openpyxl otherwise hashes the style into the
    workbook's list again as it writes every cell. A write-only sheet takes a cell in a row
    only after failing to store it as a value, and that failure's message names the cell:
    the short repr keeps that cheap. 77,000 of the annual workbook's cells are these.
    """

    __slots__ = ("_style_id",)

    def __repr__(self) -> str:
        return "<number cell>"

    @property
    def style_id(self) -> int:
        return int(self._style_id)

    @property
    def has_style(self) -> bool:
        return True


class _NumberStyles:
    """A sheet's number formats, each registered in the workbook once and shared by its cells."""

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet
        self.styles: dict[str, tuple[StyleArray, int]] = {}

    def cell(self, number: Decimal, number_format: str) -> Cell:
        found = self.styles.get(number_format)
        if found is None:
            probe = WriteOnlyCell(self.sheet)
            probe.number_format = number_format
            found = self.styles[number_format] = (probe._style, probe.style_id)
        cell = _NumberCell(self.sheet)
        cell._value = float(number)  # Excel keeps doubles anyway
        cell._style, cell._style_id = found
        return cell


def _add_filter(sheet: Any, header_row: int, columns: int, rows: int) -> None:
    """Put Excel's filter buttons on the header, over the rows below it.

    A write-only sheet has no auto_filter of its own, but its writer writes one it finds
    there when the book is saved, after every row: so it is set once the rows are counted.
    """
    last = f"{_column_letter(columns)}{header_row + rows}"
    sheet.auto_filter = AutoFilter(ref=f"A{header_row}:{last}")


def _rich(text: str, font: Font | None = None) -> str | CellRichText:
    """Return `text` as rich text with its formulas' subscripts; plain when it has none.

    A subscript run carries its own font: in a styled cell (a header's bold white) it
    takes the cell's weight and colour, or the "2" of SO₂ would print black and plain.
    """
    runs = formula_runs(text)
    if not any(sub for _part, sub in runs):
        return text
    subscript = SUBSCRIPT
    if font is not None:
        subscript = InlineFont(b=font.b, i=font.i, color=font.color, vertAlign="subscript")
    return CellRichText([TextBlock(subscript, part) if sub else part for part, sub in runs])


def _plain(sheet: Any, value: CellValue, numbers: _NumberStyles) -> Any:
    """Pass plain values straight through (fast); only risky text needs a text cell.

    Text that starts like a formula (quote-prefixed, see guard_text), and text with control
    characters, goes through write_cell. Figures and scores get their formats as
    write_cell gives them (1,120,000 as the pages write it; 87.3). Everything else is
    appended as is.
    """
    if isinstance(value, str):
        if looks_like_formula(value) or ILLEGAL_CHARACTERS_RE.search(value):
            return write_cell(sheet, value)
        return value
    if isinstance(value, Score):
        return None if value.value is None else numbers.cell(value.value, SCORE_FORMAT)
    if isinstance(value, Figure):
        if value.value is None:
            return None
        # a stored figure's format is the column's places alone, whatever its own decimals
        shown = Decimal(0) if value.stored else value.value
        return numbers.cell(value.value, _number_format(shown, value.places))
    if isinstance(value, Decimal):
        return numbers.cell(value, _number_format(value, None))
    if isinstance(value, RubricText):
        return write_cell(sheet, value)
    if isinstance(value, dt.datetime):
        return to_the_second(value)
    if isinstance(value, dt.date):
        return write_cell(sheet, value, number_format=DATE_FORMAT)
    return value


@lru_cache(maxsize=4096)
def _number_format(value: Decimal, places: int | None) -> str:
    """excel_number_format, kept: a table's figures repeat, and equal decimals share one."""
    return excel_number_format(value, places)


def _column_letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
