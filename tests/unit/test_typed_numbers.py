"""One reading of a typed number for the web forms and the Excel import (validation, number_words).

Chinese Excel users type "1,610,000", "1，610，000" (a full-width comma), "1 610 000" or
full-width digits "１６１００００": all read as 1610000. Ambiguous input ("1,61", a decimal
comma) and words ("约1600") stay refused, each with the words that say what to type.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rcapp.assessments.validation import KpiEntry, Problem, check_kpi_input, parse_decimal
from rcapp.rubrics.model import KpiInput, Text

HOURS = KpiInput(id="hours", label=Text(zh="工时", en="Hours"), unit=Text(zh="小时", en="hours"))

_FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize(
    "typed",
    [
        "1610000",
        "1,610,000",
        "1，610，000",  # full-width commas, as a Chinese input method types them
        "1 610 000",
        "1\u00a0610\u00a0000",  # a no-break space, as Excel's number format writes it
        "1\u3000610\u3000000",  # an ideographic space
        "１６１００００",
        "１，６１０，０００",
        " 1,610,000 ",
        "1,610,000.0",
    ],
)
def test_the_usual_ways_of_typing_a_large_number_are_read(typed: str) -> None:
    assert parse_decimal(typed) == Decimal(1610000)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("1,61", "decimal_comma"),  # a decimal comma or a slip: 1.61 or 161? (hint: use ".")
        ("1.234,5", "decimal_comma"),
        ("12,34", "decimal_comma"),
        ("1,6100,000", "not_a_number"),  # groups of three, or none
        ("1,610,000 小时", "number_with_words"),
        ("约1600", "number_with_words"),
        ("1600左右", "number_with_words"),
        ("85%", "percent_for_quantity"),
        ("无", "none_word"),
        ("—", "none_word"),
    ],
)
def test_refused_input_says_what_to_type(typed: str, code: str) -> None:
    with pytest.raises(ValueError, match=re.escape(typed)):  # the error names what was typed
        parse_decimal(typed)
    _values, problems, _warnings = check_kpi_input(HOURS, KpiEntry(typed), None)
    assert [p.code for p in problems] == [code]
    expected = {"text": typed}
    if code in ("number_with_words", "percent_for_quantity"):
        expected |= {"unit_zh": "小时", "unit_en": "hours", "example": "1,610,000"}
    assert problems[0] == Problem("hours", "value", code, expected)


def _grouped(number: int, separator: str) -> str:
    return f"{number:,}".replace(",", separator)


@given(
    st.integers(min_value=-(10**13), max_value=10**13),
    st.sampled_from([",", "，", " ", "\u00a0", ""]),
    st.booleans(),
)
def test_a_grouped_integer_reads_as_itself(number: int, separator: str, full_width: bool) -> None:
    typed = _grouped(number, separator)
    if full_width:
        typed = typed.translate(_FULL_WIDTH_DIGITS)
    assert parse_decimal(typed) == number


@given(
    st.decimals(min_value=Decimal(-(10**12)), max_value=Decimal(10**12), places=3, allow_nan=False),
)
def test_a_grouped_decimal_reads_as_itself(number: Decimal) -> None:
    assert parse_decimal(f"{number:,}") == number


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=99))
def test_a_comma_not_before_three_digits_is_refused(whole: int, fraction: int) -> None:
    typed = f"{whole},{fraction}"
    with pytest.raises(ValueError, match=re.escape(typed)):
        parse_decimal(typed)


@given(st.text(alphabet=st.characters(categories=["Lo"]), min_size=1), st.integers(0, 10**9))
def test_a_number_with_chinese_words_is_refused_with_the_words_on_what_to_type(
    words: str, number: int
) -> None:
    typed = f"{words}{number}"
    _values, problems, _warnings = check_kpi_input(HOURS, KpiEntry(typed), None)
    assert [p.code for p in problems] == ["number_with_words"]
