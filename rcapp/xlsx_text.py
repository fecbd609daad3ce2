"""User text in a workbook cell: always text, never a formula (style.md 2.13, qa55 #8).

openpyxl stores a string starting with "=" as a formula, so every text cell is forced to a
string cell. That alone leaves "=HYPERLINK(…)" one F2 + Enter away from a live formula in
Excel: text that starts like a formula is also quote-prefixed, the cell style Excel itself
gives text typed as 'text. The value is unchanged. Every workbook rcapp writes, row by row
(rcapp.reports.excel) or cell by cell (the fill-in templates), passes its text cells here.
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell.rich_text import CellRichText

# What a spreadsheet may read as the start of a formula (OWASP "CSV injection"): = + - @,
# and a tab or carriage return before one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def guard_text(cell: Any) -> Any:
    """Make a cell holding text a text cell that stays text when edited in Excel.

    For any cell (a write-only cell or a worksheet's): never a formula, and quote-prefixed
    when its text starts like one. Returns the cell.
    """
    value = cell.value
    if isinstance(value, str | CellRichText):
        cell.data_type = "s"  # never "f": see the module docstring
    if isinstance(value, str) and looks_like_formula(value):
        cell.quotePrefix = True
    return cell
