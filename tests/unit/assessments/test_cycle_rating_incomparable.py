"""The set-based cycle rating reads the same incomparable KPI years as the engine's caller.

qa14 D4: the KPI ladder does not count a year whose rubric version defined a KPI
otherwise; the cycle rating takes those years from the pins it reads for the whole cycle.
"""

from __future__ import annotations

from rcapp.assessments.cycle_rating import _incomparable
from rcapp.rubrics.kpi_compare import comparable_kpis
from rcapp.rubrics.model import Rubric
from rcapp.rubrics.registry import RubricRegistry
from tests.bench.generate import REPO_RUBRICS

REGISTRY = RubricRegistry(REPO_RUBRICS)
V1 = REGISTRY.get("rc-company", 1)
V2 = REGISTRY.get("rc-company", 2)


def _load(rubric_id: str, version: int, sha256: str) -> Rubric:
    return REGISTRY.get(rubric_id, version, sha256).rubric


def test_an_earlier_year_of_another_version_names_the_kpis_it_defined_otherwise() -> None:
    found = _incomparable(
        V2.rubric,
        {
            2023: ("rc-company", 1, V1.sha256),
            2024: ("rc-company", 2, V2.sha256),  # the same version: nothing to tell
        },
        _load,
    )
    assert list(found) == [2023]
    assert found[2023] == {k.id for k in V2.rubric.kpis} - comparable_kpis(V1.rubric, V2.rubric)
    assert {"EN-01", "RS-08"} <= found[2023]
    assert "RS-04" not in found[2023]


def test_a_version_no_longer_on_disk_tells_nothing() -> None:
    assert _incomparable(V2.rubric, {2023: ("rc-company", 9, "0" * 64)}, _load) == {}
