"""Read cells the way people fill them in Excel, before the web forms' own checks see them.

A drop-down is easily bypassed: people type "3级", "Level 3", "是" or "√", and dates as
2025/3/1 or 2025年3月1日, or get an Excel serial number when the cell is not formatted as a
date. What is unambiguous is turned into the form's own spelling here; anything else is
passed on unchanged, so the usual message (naming sheet, row and column) reports it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

YES = frozenset({"是", "yes", "y", "1", "true", "x", "✓", "✔", "√", "☑", "不适用", "n/a", "na"})
NO = frozenset({"否", "no", "n", "0", "false", "×", "✗", "✘"})
_CHINESE_DIGITS = {"零": "0", "一": "1", "二": "2", "两": "2", "三": "3", "四": "4", "五": "5"}
_LEVEL = re.compile(r"^(?:level|lvl|l|等级|第)?\s*([0-9零一二两三四五])\s*(?:\.0+)?\s*级?$")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")  # 10000-99999: the years 1927 to 2173
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel's leap-year quirk)


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower()


def flag(text: str | None) -> bool | None:
    """Read a yes/no cell in either language; None when it is neither."""
    if text is None:
        return False
    lowered = _plain(text)
    if lowered in YES:
        return True
    if lowered in NO:
        return False
    return None


def level_text(text: str | None) -> str | None:
    """Read "3级", "Level 3", "三级" or "3.0" as "3"; leave other text for the level check."""
    if text is None:
        return None
    found = _LEVEL.match(_plain(text))
    if found is None:
        return text
    digit = found.group(1)
    return _CHINESE_DIGITS.get(digit, digit)


def yes_no_text(text: str | None) -> str | None:
    """Read a yes/no item's answer typed as a word ("是", "No", "√") as "1" or "0"."""
    answer = flag(text) if text is not None else None
    if answer is None:
        return text
    return "1" if answer else "0"


def date_text(text: str | None) -> str | None:
    """Read 2025/3/1, 2025.3.1, 2025年3月1日 or an Excel serial number as 2025-03-01."""
    if text is None:
        return None
    plain = _plain(text)
    if _SERIAL.match(plain):
        return (_EXCEL_EPOCH + dt.timedelta(days=int(float(plain)))).isoformat()
    found = _DATE.match(plain)
    if found is None:
        return text
    year, month, day = (int(part) for part in found.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return text  # 2025/2/30: the date check words it
