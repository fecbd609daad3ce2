"""Year over year: the crosswalk decides which sections compare across rubric versions."""

from __future__ import annotations

from pathlib import Path

from rcapp.rubrics.crosswalk import load_crosswalk
from rcapp.rubrics.kpi_compare import comparable_kpis
from rcapp.rubrics.loader import load_rubric
from rcapp.rubrics.model import Text
from rcapp.rubrics.year_compare import comparability
from tests.conftest import TESTS_DIR

ROOT = TESTS_DIR.parent
V1 = load_rubric(TESTS_DIR / "data" / "rubrics" / "mini-company" / "v1.yaml").rubric
V2_PATH = TESTS_DIR / "data" / "crosswalks" / "mini-company-v2.yaml"
CROSSWALK = ROOT / "rubrics" / "crosswalks" / "example-mini-company-1-to-2.yaml"


def test_the_same_version_compares_everything() -> None:
    found = comparability(V1, V1, None)
    assert found.sections == {"MS", "C1", "C6"}
    assert found.overall


def test_across_versions_only_fully_mapped_sections_compare() -> None:
    v2 = load_rubric(V2_PATH).rubric
    found = comparability(V1, v2, load_crosswalk(Path(CROSSWALK)))
    # MS: one item the same, one renamed within MS. C1's drill item was split and C6 has
    # a new item: neither compares, nor does the overall score.
    assert found.sections == {"MS"}
    assert not found.overall


def test_without_a_crosswalk_nothing_compares_across_versions() -> None:
    v2 = load_rubric(V2_PATH).rubric
    found = comparability(V1, v2, None)
    assert found.sections == frozenset()
    assert not found.overall


def test_a_kpi_compares_only_where_both_versions_define_it_alike() -> None:
    # rc-company@2 made EN-01 SO2 per tonne of product (kg/t) where version 1 had tonnes:
    # the 2024 scorecard's 41 (t) was shown in the row "SO2 per tonne, kg/t" beside 0.061.
    old = load_rubric(ROOT / "rubrics" / "rc-company" / "v1.yaml").rubric
    new = load_rubric(ROOT / "rubrics" / "rc-company" / "v2.yaml").rubric
    alike = comparable_kpis(old, new)
    assert "EN-01" not in alike
    assert {"OHS-03", "OHS-05", "RS-02"} <= alike  # rates per hours worked kept their formula
    assert "RS-08" not in alike  # new in version 2
    # qa14 D4: RS-04 keeps its formula and inputs; version 1 only called the groups'
    # figure an index. An organisation's value is the same figure: it compares.
    assert "RS-04" in alike
    assert comparable_kpis(new, new) == {k.id for k in new.kpis}
    assert comparability(old, new, None).kpis == alike
    assert comparability(new, new, None).kpis == {k.id for k in new.kpis}


def test_the_items_keeping_a_section_from_comparing_are_named() -> None:
    # qa9 S1: rc-company 1 -> 2 merged C5.E1.2 into MS.G4.3 and added MS.G5.5 and MS.G5.6, ...
    root = Path(__file__).resolve().parents[3] / "rubrics"
    old = load_rubric(root / "rc-company" / "v1.yaml").rubric
    new = load_rubric(root / "rc-company" / "v2.yaml").rubric
    walk = load_crosswalk(root / "crosswalks" / "rc-company-1-to-2.yaml")
    found = comparability(old, new, walk)
    assert "C1" in found.sections
    assert "C1" not in found.changed
    assert {"MS.G4.3", "MS.G5.2", "MS.G5.5", "MS.G5.6"} <= set(found.changed["MS"])
    assert "C5.E1.2" in found.changed["C5"]  # merged out of its section
    assert "MS.G1.1" not in found.changed["MS"]  # the same item


def test_a_kpi_whose_input_changed_unit_does_not_compare() -> None:
    new = load_rubric(ROOT / "rubrics" / "rc-company" / "v2.yaml").rubric
    inputs = tuple(
        entry.model_copy(update={"unit": Text(zh="千克", en="kg")})
        if entry.id == "production_t"
        else entry
        for entry in new.kpi_inputs
    )
    changed = new.model_copy(update={"kpi_inputs": inputs})
    alike = comparable_kpis(changed, new)
    assert "RS-04" not in alike  # t CO2e per tonne, then per kilogram
    assert "EN-01" not in alike
    assert "OHS-03" in alike  # does not use production_t
