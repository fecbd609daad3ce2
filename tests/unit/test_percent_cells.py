"""Percentages as Excel users type them (qa34 D2, S3): a "%" cell or "85%" text is 85 on a
"%" item, exactly; on any other unit the "%" is refused as before."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from rcapp.assessments.validation import ItemInput, KpiEntry, check_item, check_kpi_input
from rcapp.reports.template_cells import is_percent_format, typed_cell
from rcapp.rubrics.registry import RubricRegistry

RUBRIC = RubricRegistry(Path(__file__).resolve().parents[2] / "rubrics").get("rc-company", 2).rubric
PERCENT_ITEM = RUBRIC.item_index()["C1.E6.3"]


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        (0.85, "0%", "85%"),
        (0.925, "0.0%", "92.5%"),
        (0.07, "0.00%", "7%"),  # 0.07 * 100 in floats is 7.000000000000001
        (1, "0%", "100%"),
        (0.85, "General", "0.85"),
        (85, '0"%"', "85"),  # a literal sign: Excel shows 85%, the value is 85
        (85, "[Red]0", "85"),
    ],
)
def test_a_percent_formatted_number_reads_as_the_percent_shown(
    value: object, number_format: str, text: str
) -> None:
    assert typed_cell(value, number_format) == (text, False)


def test_a_date_formatted_cell_is_said_to_be_a_date() -> None:
    assert typed_cell(dt.date(1900, 1, 2), "yyyy-mm-dd") == ("1900-01-02", True)
    assert not is_percent_format("0.0\\%")


@pytest.mark.parametrize("typed", ["85%", "85 %", "85％", "８５％", "85"])
def test_a_percent_item_takes_the_sign(typed: str) -> None:
    assert PERCENT_ITEM.unit is not None
    assert PERCENT_ITEM.unit.zh == "%"
    values, problems = check_item(PERCENT_ITEM, ItemInput(value=typed))
    assert problems == []
    assert values["value"] == Decimal("85")


def test_a_percent_out_of_range_or_on_another_unit_is_refused() -> None:
    _values, problems = check_item(PERCENT_ITEM, ItemInput(value="185%"))
    assert [p.field for p in problems] == ["value"]
    other = next(
        item
        for item in RUBRIC.item_index().values()
        if item.unit is not None and item.unit.zh != "%"
    )
    # a "%" typed where a quantity belongs is explained, on the pages as in imports (kpiyears)
    _values, problems = check_item(other, ItemInput(value="85%"))
    assert [(p.code, p.params.get("text")) for p in problems] == [("percent_for_quantity", "85%")]
    spec = RUBRIC.kpi_inputs[0]
    _values, problems, _doubts = check_kpi_input(spec, KpiEntry(value="85%"), None)
    assert [(p.code, p.params.get("text")) for p in problems] == [("percent_for_quantity", "85%")]
