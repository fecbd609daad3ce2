"""How a figure is written to be read: one rule for the pages, the PDFs and the workbooks.

A figure to read carries thousands separators, as Excel's #,##0 shows it to an HSE user
(1,120,000 h; 1,234.5 t), and no trailing zeros (2.50 → 2.5). A field to edit shows the
plain number typed (rcapp.assessments.messages.number_text), so editing works; a workbook
keeps a number a number, with `excel_number_format` giving Excel the same look.
"""

from __future__ import annotations

from decimal import Decimal

NONE_TEXT = "—"
INTEGER_FORMAT = "#,##0"


def figure_text(value: Decimal | int | None, *, signed: bool = False) -> str:
    """Write a figure to read: 1120000 → 1,120,000, 0.50 → 0.5, None → —.

    `signed` writes a change: +50,000, -0.2 (and 0 unsigned). Exact decimals are written
    out in full (never 1.2E+6); rounding is the caller's (scoring.rounding.kpi_figure).
    """
    if value is None:
        return NONE_TEXT
    if isinstance(value, bool):
        raise TypeError("a yes/no answer is not a figure")
    number = Decimal(value)
    if not number:
        return "0"  # neither "-0" nor "+0"
    number = number.normalize()
    return f"{number:+,f}" if signed else f"{number:,f}"


def excel_number_format(value: Decimal | int) -> str:
    """Return the Excel number format that shows `value` as figure_text writes it.

    Whole numbers get #,##0; a decimal gets as many places as it has (0.0034 → #,##0.0000),
    so a cell reads as the page does while staying a number to sum and sort.
    """
    exponent = Decimal(value).normalize().as_tuple().exponent
    if not isinstance(exponent, int) or exponent >= 0:  # whole (or not finite)
        return INTEGER_FORMAT
    return f"{INTEGER_FORMAT}.{'0' * -exponent}"
