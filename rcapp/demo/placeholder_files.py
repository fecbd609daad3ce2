"""The demo's evidence besides PDFs: a photo (PNG) and a workbook (.xlsx), made in code (qa70 p10).

Every demo file was a PDF, so nobody could try an image opening in the browser's tab or a
workbook downloading from the review page. These are written here, not committed as binaries.
"""

from __future__ import annotations

import io
import struct
import zlib

import openpyxl

_WIDTH, _HEIGHT = 320, 200


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def placeholder_png() -> bytes:
    """Return a 320x200 RGB PNG: a grey board with a blue band, standing in for a site photo."""
    rows = []
    for y in range(_HEIGHT):
        band = 80 <= y < 120
        pixel = bytes((40, 90, 160)) if band else bytes((210, 214, 220))
        rows.append(b"\x00" + pixel * _WIDTH)  # filter 0 (none) per row
    header = struct.pack(">IIBBBBB", _WIDTH, _HEIGHT, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _chunk(b"IEND", b"")
    )


def placeholder_xlsx(label: str) -> bytes:
    """Return a one-sheet workbook of monthly checks for item `label`, as a site would keep."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "检查记录"
    sheet.append(["评价项", "月份", "检查次数", "发现问题", "已整改"])
    for month in range(1, 13):
        sheet.append([label, f"2025-{month:02d}", 4, month % 3, month % 3])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
