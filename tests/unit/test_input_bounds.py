"""Typed numbers and text as the services read them: bounded, never rounded, control-free."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rcapp.assessments.validation import (
    NUMBER_LIMIT,
    NumberTooLarge,
    TooManyDecimals,
    clean_text,
    parse_decimal,
)
from rcapp.fields import strip_control_chars


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1e300", NumberTooLarge),
        ("-1e300", NumberTooLarge),
        ("100000000000000", NumberTooLarge),
        ("99999999999999.999999", Decimal("99999999999999.999999")),
        # More decimals than the column keeps are refused, not stored rounded to 0.
        ("1e-300", TooManyDecimals),
        ("0.0000001", TooManyDecimals),
        ("1.2345678", TooManyDecimals),
        ("1.50000000", Decimal("1.500000")),  # trailing zeros lose nothing
        ("１２,０００", Decimal(12000)),
        ("1,234.5", Decimal("1234.5")),
        ("-1,234,567", Decimal(-1234567)),
        ("１２，０００", Decimal(12000)),  # a full-width comma, as a Chinese keyboard types it
        # A decimal comma is refused, not read as 15 or 1.2345.
        ("1,5", ValueError),
        ("1.234,5", ValueError),
        ("12,34", ValueError),
        (",5", ValueError),
        # Full-width forms from a Chinese input method read as their ASCII twins ...
        ("１２３", Decimal(123)),
        ("１２，３４５．６", Decimal("12345.6")),
        ("－５", Decimal(-5)),
        ("１　０００", Decimal(1000)),  # an ideographic space between the groups
        # ... but what Decimal() alone would also read is not a number as people write one.
        ("1_000_000", ValueError),
        ("１_０００", ValueError),
        ("٣", ValueError),  # an Arabic-Indic digit
        ("10²", ValueError),  # not 102
        ("12元", ValueError),
        ("NaN", ValueError),
        ("snan", ValueError),
        ("Infinity", ValueError),
        ("", None),
    ],
)
def test_parse_decimal_table(typed: str, expected: object) -> None:
    if isinstance(expected, type) and issubclass(expected, Exception):
        with pytest.raises(expected):
            parse_decimal(typed)
    else:
        assert parse_decimal(typed) == expected


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_every_parsed_number_fits_the_column(number: Decimal) -> None:
    try:
        parsed = parse_decimal(str(number))
    except NumberTooLarge:
        assert abs(number) >= NUMBER_LIMIT
        return
    except TooManyDecimals:
        assert number != number.quantize(Decimal("0.000001"))
        return
    assert parsed is not None
    assert abs(parsed) < NUMBER_LIMIT
    assert parsed.as_tuple().exponent >= -6  # type: ignore[operator]
    assert parsed == number  # stored as typed, never rounded


@given(st.text())
def test_cleaned_text_has_no_control_characters(text: str) -> None:
    for cleaned in (clean_text(text), strip_control_chars(text)):
        assert "\x00" not in cleaned
        assert all(c in "\t\n\r" or unicodedata.category(c) != "Cc" for c in cleaned), repr(cleaned)
