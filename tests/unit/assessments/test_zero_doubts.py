"""qa49 M2/M9: a core KPI input typed down to 0 is doubted (a warning), never refused."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from rcapp.assessments.kpi_doubts import kpi_doubts
from rcapp.assessments.queries import KpiInputsCompared
from rcapp.assessments.zero_doubts import zero_doubts
from rcapp.rubrics.registry import RubricRegistry

RUBRICS = RubricRegistry(Path(__file__).resolve().parents[3] / "rubrics")
COMPANY = RUBRICS.get("rc-company", 2).rubric
PARK = RUBRICS.get("rc-park", 2).rubric

# A plant's year as qa49's xiling-chem reported it, before the drops to 0.
PLANT = {
    "hours_employees": "3400000",
    "hours_contractors": "600000",
    "production_t": "950000",
    "output_value": "480000",
    "lti_employees": "2",
    "lti_contractors": "2",
    "restricted_work_cases": "3",
    "medical_treatment_cases": "6",
    "pse_tier1": "3",
    "energy_tce": "420000",
    "ghg_scope1_t": "1200000",
    "ghg_scope2_t": "420000",
    "fresh_water_m3": "2100000",
    "so2_t": "40",
}


def _figures(**changes: str) -> dict[str, Decimal]:
    return {name: Decimal(value) for name, value in {**PLANT, **changes}.items()}


@pytest.mark.parametrize(
    ("this_year", "last_year", "expected"),
    [
        # a core input 3 → 0: doubted, naming the first core KPI it feeds and last year's 3
        ({"pse_tier1": "0"}, {"pse_tier1": "3"}, [("pse_tier1", "dropped_to_zero", "PS-02", "3")]),
        (
            {"lti_employees": "0", "restricted_work_cases": "0", "medical_treatment_cases": "0"},
            {"lti_employees": "2", "restricted_work_cases": "3", "medical_treatment_cases": "6"},
            [
                ("lti_employees", "dropped_to_zero", "OHS-03", "2"),
                ("restricted_work_cases", "dropped_to_zero", "OHS-05", "3"),
                ("medical_treatment_cases", "dropped_to_zero", "OHS-05", "6"),
            ],
        ),
        (
            {"energy_tce": "0"},
            {"energy_tce": "420000"},
            [("energy_tce", "dropped_to_zero", "RS-02", "420000")],
        ),
        # 0 both years: no drop; an LTI rate of 0 is not bound to the output
        ({"pse_tier1": "0"}, {"pse_tier1": "0"}, []),
        ({"pse_tier1": "0"}, {}, []),
        # a drop to 2, not to 0: the tenfold rule's business, not this one's
        ({"pse_tier1": "2"}, {"pse_tier1": "3"}, []),
        # an input no core KPI uses (drills) is not doubted
        ({"drills": "0"}, {"drills": "5"}, []),
        # hours at 0 leave the rate without a figure: zero_denominator says so already
        ({"hours_employees": "0", "hours_contractors": "0"}, {"hours_employees": "3400000"}, []),
        # energy, water, emissions at 0 beside 950,000 t produced, with no last year
        (
            {"energy_tce": "0"},
            {},
            [("energy_tce", "zero_with_output", "RS-02", None)],
        ),
        ({"fresh_water_m3": "0"}, {}, [("fresh_water_m3", "zero_with_output", "RS-07", None)]),
        ({"so2_t": "0"}, {}, [("so2_t", "zero_with_output", "EN-01", None)]),
        (
            {"ghg_scope1_t": "0", "ghg_scope2_t": "0"},
            {},
            [
                ("ghg_scope1_t", "zero_with_output", "RS-04", None),
                ("ghg_scope2_t", "zero_with_output", "RS-04", None),
            ],
        ),
        # one of the two GHG scopes at 0: the KPI is not 0
        ({"ghg_scope2_t": "0"}, {}, []),
        # nothing produced: a 0 of energy is no contradiction
        ({"energy_tce": "0", "production_t": "0", "output_value": "0"}, {}, []),
    ],
)
def test_zeros_worth_a_second_look(
    this_year: dict[str, str],
    last_year: dict[str, str],
    expected: list[tuple[str, str, str, str | None]],
) -> None:
    last = {name: Decimal(value) for name, value in last_year.items()}
    found = zero_doubts(COMPANY, _figures(**this_year), last)
    assert [
        (
            p.subject,
            p.code,
            p.params["kpi_id"],
            None if "last" not in p.params else str(p.params["last"]),
        )
        for p in found
    ] == expected


def test_only_the_inputs_asked_about_are_doubted() -> None:
    figures = _figures(pse_tier1="0", energy_tce="0")
    last = {"pse_tier1": Decimal(3), "energy_tce": Decimal(420000)}
    found = zero_doubts(COMPANY, figures, last, subjects={"energy_tce"})
    assert [p.subject for p in found] == ["energy_tce"]


def test_the_other_inputs_are_named_in_both_languages() -> None:
    (found,) = zero_doubts(COMPANY, _figures(fresh_water_m3="0"), {})
    assert found.params["others_zh"] == "“主要产品产量”"
    assert "“" in found.params["others_en"]
    assert "主" not in found.params["others_en"]


def test_a_park_energy_figure_at_0_beside_its_output_is_doubted() -> None:
    figures = {"energy_tce": Decimal(0), "output_value_10k": Decimal(9_000_000)}
    assert [(p.subject, p.code) for p in zero_doubts(PARK, figures, {})] == [
        ("energy_tce", "zero_with_output")
    ]


@pytest.mark.parametrize(
    ("settled", "doubted"),
    [
        # while it can be corrected, a fall to 0 is checked: an input left at 0 by mistake
        (False, {"pse_tier1", "energy_tce"}),
        # submitted (and reviewed): incidents 1 → 0 is the good news, not a data problem;
        # a plant's energy at 0 stays doubted (qa71 m7)
        (True, {"energy_tce"}),
    ],
)
def test_a_fall_to_zero_of_incidents_is_not_doubted_once_settled(
    settled: bool, doubted: set[str]
) -> None:
    this_year = _figures(pse_tier1="0", energy_tce="0")
    last_year = _figures(pse_tier1="1")
    figures = KpiInputsCompared(tuple(sorted(this_year.items())), tuple(sorted(last_year.items())))
    found = kpi_doubts(COMPANY, "zh", figures, settled=settled)
    assert ("PS-02" in found.kpi_ids) is (not settled)
    named = {i.id for i in COMPANY.kpi_inputs if any(i.label.zh in t for t in found.texts)}
    assert named == doubted
