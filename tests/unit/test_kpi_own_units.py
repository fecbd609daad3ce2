"""Units as every output writes them: an input's, and an organisation's own value (reports4).

The KPI entry page wrote rc-park@1's "¥10k" where the outputs write "CNY 10k" (item 3).
Version 1 scorecards and KPI pages named RS-04's organisation values "index (base year =
100)", the unit of the groups' figure only; the workbook says t CO2e/t product (item 2).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rcapp.assessments.kpi_table import input_unit
from rcapp.rubrics.kpi_compare import own_unit
from rcapp.rubrics.loader import load_rubric
from rcapp.rubrics.model import Rubric

RUBRICS = Path(__file__).resolve().parents[2] / "rubrics"


def _rubric(name: str, version: int) -> Rubric:
    return load_rubric(RUBRICS / name / f"v{version}.yaml").rubric


COMPANY_1, COMPANY_2 = _rubric("rc-company", 1), _rubric("rc-company", 2)
PARK_1 = _rubric("rc-park", 1)


@pytest.mark.parametrize(
    ("rubric", "kpi_id", "others", "unit"),
    [
        # v1's index: the organisations' values are in v2's unit (the same formula and inputs)
        (COMPANY_1, "RS-04", [COMPANY_1, COMPANY_2], ("吨二氧化碳当量/吨产品", "t CO2e/t product")),
        (COMPANY_1, "RS-04", [COMPANY_2, PARK_1], ("吨二氧化碳当量/吨产品", "t CO2e/t product")),
        # no other version defines it alike: not known
        (COMPANY_1, "RS-04", [COMPANY_1, PARK_1], None),
        # no index: the KPI's own unit
        (COMPANY_2, "RS-04", [COMPANY_1, COMPANY_2], ("吨二氧化碳当量/吨产品", "t CO2e/t product")),
        (COMPANY_1, "EN-01", [COMPANY_1, COMPANY_2], ("吨", "t")),
    ],
)
def test_own_unit(
    rubric: Rubric, kpi_id: str, others: list[Rubric], unit: tuple[str, str] | None
) -> None:
    kpi = next(k for k in rubric.kpis if k.id == kpi_id)
    found = own_unit(rubric, kpi, others)
    assert (None if found is None else (found.zh, found.en)) == unit


@pytest.mark.parametrize(
    ("rubric", "input_id", "lang", "unit"),
    [
        (PARK_1, "output_value_10k", "en", "CNY 10k"),  # the rubric says ¥10k
        (PARK_1, "output_value_10k", "zh", "万元"),
        (COMPANY_1, "so2_t", "en", "t"),
        (COMPANY_1, "ghg_scope1_t", "en", "t CO2e"),
    ],
)
def test_input_unit(rubric: Rubric, input_id: str, lang: str, unit: str) -> None:
    kpi_input = next(i for i in rubric.kpi_inputs if i.id == input_id)
    assert input_unit(kpi_input, lang) == unit
