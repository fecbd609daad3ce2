"""Uploaded .xlsx files: refuse one that would expand far beyond its size; read a cell as text.

Both imports (the assessment template, the organisation list) read their files through here.

An .xlsx file is a zip archive. A few megabytes of upload can declare gigabytes of sheet XML
(a decompression bomb), which openpyxl would parse for minutes inside the request. Python's
zipfile never inflates a member beyond the size its directory declares, so the declared
sizes bound what a reader can be made to parse. Real templates and lists expand to a few
megabytes.

A damaged file fails in more ways than a foreign one: its sheet XML may be cut short, or
declare entities that expat refuses to expand ("billion laughs"). In read-only mode openpyxl
parses a sheet only while its rows are read, so a reader catches UNREADABLE around the
reading (DAMAGED) as well as around the opening (QA32 D2: both imports answered 500).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
import zlib
from decimal import Decimal
from typing import Final
from xml.etree.ElementTree import ParseError

from openpyxl.utils.exceptions import InvalidFileException

MAX_EXPANDED_BYTES: Final = 64 * 1024 * 1024

# What reading a damaged archive raises: a member cut short or corrupt, XML that does not
# parse. Caught around the reading of rows, where other errors are the reader's own bugs.
DAMAGED: Final = (zipfile.BadZipFile, zlib.error, EOFError, ParseError)
# What opening a file that is no workbook raises: the above, not a zip archive, a part
# missing, a value of the wrong kind.
UNREADABLE: Final = (*DAMAGED, InvalidFileException, KeyError, OSError, ValueError, TypeError)


def expands_too_far(data: bytes, limit: int | None = None) -> bool:
    """Whether the archive's members add up to more than `limit` bytes once inflated.

    `limit` defaults to MAX_EXPANDED_BYTES.

    A file that is not a zip archive is not judged here: the workbook reader refuses it.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    return inflated > (MAX_EXPANDED_BYTES if limit is None else limit)


def unreadable_code(data: bytes) -> str:
    """Say what an upload that is no workbook is, so each import words its own advice.

    "empty_file" (0 bytes: a failed copy or download), "csv_file" (saved as CSV: say how to
    save it as .xlsx) or "not_xlsx" (anything else).
    """
    if not data:
        return "empty_file"
    return "csv_file" if is_csv(data) else "not_xlsx"


def is_csv(data: bytes) -> bool:
    """Whether an upload that is no workbook is a CSV (or a CSV renamed .xlsx).

    A workbook is a zip archive; a CSV is text (no NUL byte; UTF-8, or GB18030 as Excel
    writes it on a Chinese Windows) with values separated by commas, tabs or semicolons.
    """
    head = data[:4096]
    if head.startswith(b"PK") or b"\x00" in head or not any(c in head for c in b",;\t"):
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError as cut:
            if cut.start >= len(head) - 3:  # a character cut by the 4 KB sample
                return True
            continue
        return True
    return False


# Excel writes control characters as _xHHHH_ escapes, which openpyxl leaves as they are:
# tab and line breaks become themselves again, the others (a pasted bell, NUL) are dropped.
_ESCAPED_CONTROL = re.compile(r"_x(00[01][0-9A-Fa-f]|007[Ff])_")
_KEPT_CONTROLS = "\t\n\r"


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
    text = _ESCAPED_CONTROL.sub(_control, str(value)).strip()
    return text or None


def _control(escape: re.Match[str]) -> str:
    char = chr(int(escape.group(1), 16))
    return char if char in _KEPT_CONTROLS else ""
