"""Uploaded .xlsx files: refuse one that would expand far beyond its size, before reading it.

An .xlsx file is a zip archive. A few megabytes of upload can declare gigabytes of sheet XML
(a decompression bomb), which openpyxl would parse for minutes inside the request. Python's
zipfile never inflates a member beyond the size its directory declares, so the declared
sizes bound what a reader can be made to parse. Real templates and lists expand to a few
megabytes.
"""

from __future__ import annotations

import io
import zipfile
from typing import Final

MAX_EXPANDED_BYTES: Final = 64 * 1024 * 1024


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
