"""One way to write a figure to read (pages, PDFs, report) and its Excel number format."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rcapp.figures import excel_number_format, figure_text


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "—"),
        (Decimal(0), "0"),
        (Decimal("0.00"), "0"),
        (Decimal("-0"), "0"),
        (Decimal(7), "7"),
        (Decimal(999), "999"),
        (Decimal(1000), "1,000"),  # as Excel's #,##0: four digits are grouped too
        (Decimal(305000), "305,000"),
        (Decimal(1120000), "1,120,000"),
        (Decimal("1.2E+6"), "1,200,000"),  # never 1.2E+6
        (Decimal("1200000.00"), "1,200,000"),
        (Decimal("1234.50"), "1,234.5"),
        (Decimal("2.50"), "2.5"),
        (Decimal("0.0034"), "0.0034"),
        (Decimal("-12345.6"), "-12,345.6"),
        (1120000, "1,120,000"),
        (12, "12"),
    ],
)
def test_a_figure_is_written_with_separators_and_no_trailing_zeros(
    value: Decimal | int | None, shown: str
) -> None:
    assert figure_text(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal(50000), "+50,000"),
        (Decimal("-0.20"), "-0.2"),
        (Decimal(0), "0"),
        (None, "—"),
    ],
)
def test_a_change_is_signed(value: Decimal | None, shown: str) -> None:
    assert figure_text(value, signed=True) == shown


def test_a_yes_no_answer_is_no_figure() -> None:
    with pytest.raises(TypeError):
        figure_text(True)


@pytest.mark.parametrize(
    ("value", "number_format"),
    [
        (Decimal(1120000), "#,##0"),
        (Decimal("1.2E+6"), "#,##0"),
        (Decimal("305000.000"), "#,##0"),
        (Decimal("1234.5"), "#,##0.0"),
        (Decimal("2.50"), "#,##0.0"),
        (Decimal("0.0034"), "#,##0.0000"),
        (Decimal(0), "#,##0"),
        (42, "#,##0"),
    ],
)
def test_excel_shows_the_number_as_the_page_does(value: Decimal | int, number_format: str) -> None:
    assert excel_number_format(value) == number_format
