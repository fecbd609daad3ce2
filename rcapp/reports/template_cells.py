"""What a filled template's cells show in Excel, beyond their stored values.

Excel stores "85%" typed in a cell as 0.85 with a percent number format, and a number typed
over a date-formatted cell as a date; a merged range keeps its value in its first cell only.
The reader (template_read.py) reads cells through here so the import sees what the user saw.
Pure openpyxl, no Flask.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from openpyxl.utils.cell import range_boundaries
from openpyxl.xml.functions import iterparse

from rcapp.xlsx_upload import cell_text

# A number format's literal parts: "quoted text", \x escapes and [colour] or [locale] tags. A
# "%" there is printed as is; only a bare "%" scales the value by 100.
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_MERGE_TAG = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}mergeCell"


def is_percent_format(number_format: str) -> bool:
    """Whether Excel shows a number in this format multiplied by 100, with a "%" sign."""
    return "%" in _FORMAT_LITERALS.sub("", number_format)


def typed_cell(value: object, number_format: str) -> tuple[str | None, bool]:
    """Return (the cell's text as the user sees its number, whether Excel holds a date).

    A percent-formatted number reads as the percent shown, exactly: 0.85 is "85%" (the
    checks take it as 85 on a "%" item and refuse it elsewhere), never 0.85.
    """
    if isinstance(value, (dt.date, dt.time)):  # dt.datetime is a dt.date
        return cell_text(value), True
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if number and is_percent_format(number_format):
        exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value))
        return f"{(exact * 100).normalize():f}%", False
    return cell_text(value), False


def merged_value_ranges(
    sheet: Any, letters: set[str], first_row: int
) -> Iterator[tuple[int, int, str]]:
    """Yield (first row, last row, column) of each merge over several data rows of `letters`.

    A read-only worksheet does not list its merged ranges; they are read from its XML,
    parsed again only when its text names one (a template is written without any).
    """
    with sheet._get_source() as source:
        xml = source.read()
    if not _may_merge(xml):
        return
    for _event, element in iterparse(io.BytesIO(xml)):
        if element.tag != _MERGE_TAG:
            element.clear()
            continue
        low_col, low_row, high_col, high_row = range_boundaries(element.get("ref", ""))
        element.clear()
        if high_row is None or low_row is None or high_row <= max(low_row, first_row - 1):
            continue
        covered = [chr(ord("A") + c - 1) for c in range(low_col or 1, (high_col or 1) + 1)]
        named = [letter for letter in covered if letter in letters]
        if named:
            yield max(low_row, first_row), high_row, named[0]


def _may_merge(xml: bytes) -> bool:
    """Whether a sheet's XML may hold a merged range: it names one, or is not in UTF-8.

    A UTF-16 part (NUL bytes in its first characters) cannot be searched as bytes.
    """
    return b"mergeCell" in xml or b"\x00" in xml[:64]
