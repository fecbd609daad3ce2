"""One way to write a figure to read (pages, PDFs, report) and its Excel number format."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rcapp.figures import excel_number_format, figure_text, row_texts, shared_places, told_apart


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


def test_one_indicators_figures_share_their_decimals() -> None:
    """QA46 S1: "1.2 | 1.23", "0.52 | 0.62 | 0.089" mixed precisions in one row."""
    row = [Decimal("0.52"), Decimal("0.62"), Decimal("0.089"), None]
    places = shared_places(row)
    assert places == 3
    assert [figure_text(v, places=places) for v in row] == ["0.520", "0.620", "0.089", "—"]
    assert figure_text(Decimal(90), places=2) == "90.00"
    assert figure_text(Decimal(1449138), places=shared_places([1449138, 90000])) == "1,449,138"
    assert figure_text(Decimal("0.5"), signed=True, places=2) == "+0.50"
    assert figure_text(Decimal("1.2345"), places=2) == "1.2345"  # never rounds a figure away
    assert excel_number_format(Decimal("0.4"), places) == "#,##0.000"
    assert excel_number_format(Decimal(3), 0) == "#,##0"


@pytest.mark.parametrize(
    ("row", "shown"),
    [
        # QA52 M1: the scorecard's rows, as the qa52 tester read them before
        (("0.4", None, "0.44", "0.44"), ("0.40", "—", "0.44", "0.44")),
        (("6.61", "7.1", "7.58"), ("6.61", "7.10", "7.58")),
        (("0", "0", "0", "0.064", "0.065"), ("0.000", "0.000", "0.000", "0.064", "0.065")),
        (("0", "0.13", "0.077"), ("0.000", "0.130", "0.077")),  # QA52 p6: a benchmark column
        (("1449138", "90000"), ("1,449,138", "90,000")),
        ((None, None), ("—", "—")),
        ((), ()),
    ],
)
def test_one_row_of_figures_has_one_precision(
    row: tuple[str | None, ...], shown: tuple[str, ...]
) -> None:
    assert row_texts(None if v is None else Decimal(v) for v in row) == shown


@pytest.mark.parametrize(
    ("shown", "raw", "told"),
    [
        # QA52 m3: "-4.5 %  like for like 0.17 → 0.17"
        (("0.17", "0.17"), ("0.1781", "0.1701"), ("0.178", "0.170")),
        (("0.17", "0.17"), ("0.17004", "0.16996"), ("0.17004", "0.16996")),  # as many as needed
        (("4.74", "4.74"), ("4.74", "4.74"), ("4.74", "4.74")),  # unchanged: as shown
        (("0.52", "0.22"), ("0.5201", "0.2199"), ("0.52", "0.22")),  # they differ: as shown
        (("12", "12"), ("12.4", "11.6"), ("12.4", "11.6")),
        (("0.17", "0.17"), ("0.17", None), ("0.17", "0.17")),
        (("1", "1"), ("1.0000001", "1"), ("1", "1")),  # past MOST_PLACES: as shown
    ],
)
def test_a_compared_pair_that_changed_reads_apart(
    shown: tuple[str, str], raw: tuple[str | None, str | None], told: tuple[str, str]
) -> None:
    base, now = (None if v is None else Decimal(v) for v in raw)
    pair = told_apart((Decimal(shown[0]), Decimal(shown[1])), (base, now))
    assert tuple(str(v) for v in pair) == told
