"""Say how to fix a number typed the way it would be written on paper (pure).

"约120", "1,610,000 小时" and "85%" were all refused with "不是有效数字" alone (qa65 #3).
A refused number gets a code that says what to do instead; the value stays refused. The
KPI page, the section pages and the Excel import all read numbers with
validation.parse_decimal and word its refusals here: one reading, one set of words.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from rcapp.rubrics.model import Text

# What Chinese statistics forms write for "none" (qa34 S12): refused as a number, with a word
# on what to type instead (a KPI input not left blank is 0 when nothing happened).
NONE_WORDS = frozenset({"无", "没有", "/", "／", "-", "－", "—", "——", "–"})
PERCENT_SIGNS = ("%", "％")
# Digits, signs, points, commas and spaces only ("1,61", "1.234,5"): a number written
# ambiguously, not with words; the plain "not a valid number" says it.
_NUMBER_SIGNS_ONLY = re.compile(r"[0-9.,+\-eE ]+", re.ASCII)
# A comma before the decimals, as much of Europe writes them ("12,5", "1.234,5"): refused
# (the comma separates thousands here), with a word on how to write it instead.
_DECIMAL_COMMA = re.compile(r"[+-]?[0-9]+(?:\.[0-9]{3})*,[0-9]+", re.ASCII)


def refused_number_code(text: str, unit: Text | None) -> tuple[str, dict[str, str]]:
    """Return the code (and unit parameters) that words a refused number typed as `text`.

    `unit` is the field's unit (a KPI input's, a number item's): the message names it, since
    a unit typed after the number is the commonest reason a number is not read. A percent
    sign in a field whose unit is not a percentage is a share typed for a quantity.
    """
    shown = " ".join(text.split())  # as the cell or field shows it
    if shown in NONE_WORDS:
        return "none_word", {}
    if unit is None or _NUMBER_SIGNS_ONLY.fullmatch(unicodedata.normalize("NFKC", shown)):
        return plain_refusal_code(text), {}
    percent = any(sign in shown for sign in PERCENT_SIGNS)
    return ("percent_for_quantity" if percent else "number_with_words"), unit_params(unit)


def plain_refusal_code(text: str) -> str:
    """Return the code of a refused number worded without its field's unit (events, targets).

    A decimal comma says how to write it; anything else is "not a valid number".
    """
    return "decimal_comma" if _DECIMAL_COMMA.fullmatch(_normalised(text)) else "not_a_number"


def _normalised(text: str) -> str:
    """Return the text as the number parser reads it: ASCII forms, no spaces."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def unit_params(unit: Text) -> dict[str, str]:
    """Return the field's unit as a refusal names it (`unit`, picked by the page's language).

    `example` is a number as the field would take it, for the refusal to show.
    """
    return {"unit_zh": unit.zh, "unit_en": unit.en, "example": number_example(unit)}


# Units counted one by one (people, incidents, companies...): a small whole number fits them.
_COUNT_UNITS = frozenset(
    {
        "人",
        "起",
        "家",
        "次",
        "项",
        "种",
        "件",
        "个",
        "批次",
        "例",
        "点",
        "分",
        "天",
        "起/年",
        "次/年",
    }
)
# Units of amounts measured, not counted (mass, volume, energy): a figure with thousands.
_AMOUNT_UNITS = ("吨", "千克", "立方米", "千瓦时", "兆瓦时", "吉焦")


def number_example(unit: Text) -> str:
    """Return a number as a field of `unit` would take it, for a refusal's example.

    A figure in 万元 reads 12.5, hours 1,610,000 (qa: "如 1,610,000" under a 万元 field read
    oddly). The same in both languages: a number is written alike.
    """
    zh = unit.zh.strip()
    if zh in _COUNT_UNITS:
        return "12"
    if "/" in zh or "万" in zh or "亿" in zh or zh in PERCENT_SIGNS:
        return "12.5"  # a ratio, a share, or a figure in ten thousands
    if "小时" in zh or "工时" in zh:
        return "1,610,000"
    if zh.startswith(_AMOUNT_UNITS):
        return "1,250.5"
    return "12.5"


# The codes refused_number_code gives a field with a unit, each worded for the page.
WORDED_CODES = (
    "not_a_number",
    "decimal_comma",
    "none_word",
    "number_with_words",
    "percent_for_quantity",
)


def refusal_reading() -> dict[str, Any]:
    """Return what the KPI page's script needs to pick refused_number_code's code itself.

    The words come from here, so the script says what saving would (kpi_live.py); the
    pattern is the one above, which reads the same in JavaScript.
    """
    return {
        "none_words": sorted(NONE_WORDS),
        "percent_signs": list(PERCENT_SIGNS),
        "number_signs_only": _NUMBER_SIGNS_ONLY.pattern,
        "decimal_comma": _DECIMAL_COMMA.pattern,
    }
