"""How a figure is written to be read: one rule for the pages, the PDFs and the workbooks.

A figure to read carries thousands separators, as Excel's #,##0 shows it to an HSE user
(1,120,000 h; 1,234.5 t), and no trailing zeros (2.50 → 2.5). A field to edit shows the
plain number typed (rcapp.assessments.messages.number_text), so editing works; a workbook
keeps a number a number, with `excel_number_format` giving Excel the same look.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

NONE_TEXT = "—"
INTEGER_FORMAT = "#,##0"
MOST_PLACES = 6  # a pair told apart by more decimals than this is printed as it was


def figure_text(
    value: Decimal | int | None, *, signed: bool = False, places: int | None = None
) -> str:
    """Write a figure to read: 1120000 → 1,120,000, 0.50 → 0.5, None → —.

    `signed` writes a change: +50,000, -0.2 (and 0 unsigned). Exact decimals are written
    out in full (never 1.2E+6); rounding is the caller's (scoring.rounding.kpi_figure).
    `places` writes that many decimals, trailing zeros kept: a table row of one indicator
    reads 1.20 | 1.23, not 1.2 | 1.23 (`shared_places` finds them).
    """
    if value is None:
        return NONE_TEXT
    if isinstance(value, bool):
        raise TypeError("a yes/no answer is not a figure")
    number = Decimal(value)
    if places is not None and places > _places(number):
        return f"{number:+,.{places}f}" if signed and number else f"{number:,.{places}f}"
    if not number:
        return "0"  # neither "-0" nor "+0"
    number = number.normalize()
    return f"{number:+,f}" if signed else f"{number:,f}"


def _places(value: Decimal) -> int:
    """How many decimals `value` needs (0.50 → 1, 120 → 0)."""
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def shared_places(values: Iterable[Decimal | int | None]) -> int:
    """Return the decimals that write each of `values` in full (the most one needs).

    One indicator's figures printed side by side (its years, its groups) take this many
    each, so a column or a row has one precision (0.52 | 0.62 | 0.089 → 0.520 | 0.620 |
    0.089), and a PDF and a workbook cell of the same figures read alike.
    """
    return max((_places(Decimal(v)) for v in values if v is not None), default=0)


def row_texts(values: Iterable[Decimal | int | None]) -> tuple[str, ...]:
    """Write one indicator's figures shown side by side, each with the row's decimals.

    A scorecard's years, a benchmark card's own figure beside the group's: 0 | 0.13 | 0.077
    reads 0.000 | 0.130 | 0.077, as the annual report's trend rows do (`shared_places`).
    """
    figures = tuple(values)
    places = shared_places(figures)
    return tuple(figure_text(value, places=places) for value in figures)


def told_apart(
    shown: tuple[Decimal, Decimal], raw: tuple[Decimal | None, Decimal | None]
) -> tuple[Decimal, Decimal]:
    """Return a compared pair as shown, with more decimals where they would read alike.

    A change of -4.5 % beside "0.17 → 0.17" reads as a mistake (QA52 m3): the unrounded
    figures `raw` are written with the fewest more places that tell them apart (0.178 →
    0.170); equal figures, or figures that differ past MOST_PLACES, stay as shown.
    """
    base, now = raw
    if shown[0] != shown[1] or base is None or now is None or base == now:
        return shown
    for places in range(shared_places(shown) + 1, MOST_PLACES + 1):
        step = Decimal(1).scaleb(-places)
        pair = (base.quantize(step, ROUND_HALF_UP), now.quantize(step, ROUND_HALF_UP))
        if pair[0] != pair[1]:
            return pair
    return shown


def excel_number_format(value: Decimal | int, places: int | None = None) -> str:
    """Return the Excel number format that shows `value` as figure_text writes it.

    Whole numbers get #,##0; a decimal gets as many places as it has (0.0034 → #,##0.0000),
    so a cell reads as the page does while staying a number to sum and sort. `places`
    (from `shared_places`) gives every figure of one indicator the same.
    """
    needed = max(_places(Decimal(value)), places or 0)
    if not needed:
        return INTEGER_FORMAT
    return f"{INTEGER_FORMAT}.{'0' * needed}"
