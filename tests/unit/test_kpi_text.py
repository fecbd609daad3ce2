"""One KPI value, one way of writing it: the KPI's decimals from its definition (qa71)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rcapp.figures import excel_number_format
from rcapp.rubrics.model import Kpi, Rubric
from rcapp.scoring.kpi_text import (
    COUNT_PLACES,
    RATE_PLACES,
    TOTAL_PLACES,
    kpi_number,
    kpi_number_format,
    kpi_places,
    kpi_text,
)
from tests.real_rubrics import REGISTRY

COMPANY = REGISTRY.get("rc-company", 2).rubric
PARK = REGISTRY.get("rc-park", 2).rubric


def _kpi(rubric: Rubric, kpi_id: str) -> Kpi:
    return next(k for k in rubric.kpis if k.id == kpi_id)


@pytest.mark.parametrize(
    ("rubric", "kpi_id", "places"),
    [
        (COMPANY, "OHS-01", COUNT_PLACES),  # employee fatalities: persons
        (COMPANY, "PS-01", COUNT_PLACES),  # Tier 1 events
        (COMPANY, "DS-01", COUNT_PLACES),  # a sum of whole-number counts
        (COMPANY, "CA-01", COUNT_PLACES),  # drills a year
        (PARK, "PK-SR-04", COUNT_PLACES),
        (COMPANY, "RS-01", TOTAL_PLACES),  # tce: a measured quantity
        (COMPANY, "RS-05", TOTAL_PLACES),  # m³
        (COMPANY, "OHS-03", RATE_PLACES),  # LTIF per million hours worked
        (COMPANY, "PS-02", RATE_PLACES),
        (COMPANY, "OHS-07", RATE_PLACES),  # a share in %
        (COMPANY, "RS-08", RATE_PLACES),  # an intensity: kgce/t product
        (PARK, "PK-SR-01", RATE_PLACES),  # a mean score
        (PARK, "PK-RS-01", RATE_PLACES),
    ],
)
def test_a_kpis_decimals_come_from_its_definition(rubric: Rubric, kpi_id: str, places: int) -> None:
    assert kpi_places(rubric, _kpi(rubric, kpi_id)) == places


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (None, RATE_PLACES, "—"),
        (None, COUNT_PLACES, "—"),
        (Decimal(0), RATE_PLACES, "0.00"),  # not "0" on one page and "0.000" on another
        (Decimal("0.000"), RATE_PLACES, "0.00"),
        (Decimal("-0.0"), RATE_PLACES, "0.00"),  # never -0.00
        (Decimal(0), COUNT_PLACES, "0"),
        (Decimal(3), COUNT_PLACES, "3"),
        (Decimal(1120000), COUNT_PLACES, "1,120,000"),
        (Decimal("2.5"), RATE_PLACES, "2.50"),  # not 2.5 here and 2.50 there
        (Decimal("2.50"), RATE_PLACES, "2.50"),
        (Decimal(2), RATE_PLACES, "2.00"),
        (Decimal("1.23456789"), RATE_PLACES, "1.23"),  # many decimals: the KPI rule rounds
        (Decimal("1.235"), RATE_PLACES, "1.24"),  # half up
        (Decimal("0.0123456"), RATE_PLACES, "0.012"),  # below 0.1: two significant figures
        (Decimal("0.0034"), RATE_PLACES, "0.0034"),
        (Decimal("1234567.891"), RATE_PLACES, "1,234,567.89"),  # large
        (Decimal("595250"), TOTAL_PLACES, "595,250.0"),
        (Decimal("595250.456"), TOTAL_PLACES, "595,250.46"),
        (Decimal("-12.5"), RATE_PLACES, "-12.50"),
    ],
)
def test_a_kpi_value_is_written_one_way(value: Decimal | None, places: int, shown: str) -> None:
    assert kpi_text(value, places) == shown


@pytest.mark.parametrize(
    ("value", "places", "number", "number_format"),
    [
        (Decimal(0), RATE_PLACES, Decimal(0), "#,##0.00"),
        (Decimal("2.5"), RATE_PLACES, Decimal("2.5"), "#,##0.00"),
        (Decimal("1.23456789"), RATE_PLACES, Decimal("1.23"), "#,##0.00"),
        (Decimal("0.0123456"), RATE_PLACES, Decimal("0.012"), "#,##0.000"),
        (Decimal(1120000), COUNT_PLACES, Decimal(1120000), "#,##0"),
        (Decimal("595250"), TOTAL_PLACES, Decimal(595250), "#,##0.0"),
    ],
)
def test_a_workbook_cell_keeps_the_number_and_the_pages_decimals(
    value: Decimal, places: int, number: Decimal, number_format: str
) -> None:
    assert kpi_number(value) == number
    assert kpi_number_format(value, places) == number_format
    # the format shows the rounded number with exactly the decimals the page writes
    decimals = number_format.partition(".")[2]
    assert len(decimals) == len(kpi_text(value, places).partition(".")[2])
    assert excel_number_format(number, places) == number_format


def test_none_has_no_number() -> None:
    assert kpi_number(None) is None
