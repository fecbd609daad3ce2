"""KPI grades in a rubric or its errata (rcapp.rubrics.grade_checks): checked like the rest.

A grade must hold one reading of the star conditions for every score in it, so a threshold
on a graded KPI sits on a grade boundary (docs/rubric-format.md §6, §13).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rcapp.rubrics.errata import check_errata_file
from rcapp.rubrics.loader import RubricFileError, load_rubric_text

ROOT = Path(__file__).resolve().parents[3]
PARK = ROOT / "rubrics" / "rc-park" / "v2.yaml"
PARK_ERRATA = ROOT / "rubrics" / "errata" / "rc-park-v2.yaml"
_GRADE_C = "- {grade: C, from: 70,"


def _errata_with(tmp_path: Path, text: str) -> Path:
    (tmp_path / "rc-park").mkdir()
    shutil.copy(PARK, tmp_path / "rc-park" / "v2.yaml")
    (tmp_path / "errata").mkdir()
    path = tmp_path / "errata" / "rc-park-v2.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_park_errata_give_the_risk_grades() -> None:
    assert _GRADE_C in PARK_ERRATA.read_text(encoding="utf-8")
    check_errata_file(PARK_ERRATA)


def test_errata_grades_off_the_star_thresholds_are_refused(tmp_path: Path) -> None:
    text = PARK_ERRATA.read_text(encoding="utf-8").replace(_GRADE_C, "- {grade: C, from: 72,")
    with pytest.raises(RubricFileError) as caught:
        check_errata_file(_errata_with(tmp_path, text))
    message = str(caught.value)
    assert "kpi_grades.PK-SR-01" in message or "PK-SR-01" in message
    assert "value 70 is not a boundary of KPI 'PK-SR-01''s grades (0, 60, 72, 85)" in message


def test_errata_grades_out_of_order_are_refused(tmp_path: Path) -> None:
    text = PARK_ERRATA.read_text(encoding="utf-8").replace("from: 85,", "from: 65,")
    with pytest.raises(RubricFileError) as caught:
        check_errata_file(_errata_with(tmp_path, text))
    assert "from 65 is not above the grade before it" in str(caught.value)


def test_errata_grades_of_an_unknown_kpi_are_refused(tmp_path: Path) -> None:
    text = PARK_ERRATA.read_text(encoding="utf-8").replace("  PK-SR-01:\n", "  PK-SR-09:\n")
    with pytest.raises(RubricFileError) as caught:
        check_errata_file(_errata_with(tmp_path, text))
    assert "no KPI with this id" in str(caught.value)


_IN_FILE = """    grades:
      label: {zh: 安全风险等级, en: Safety-risk grade}
      grades:
        - {grade: A, from: 0, name: {zh: 高安全风险, en: high risk}}
        - {grade: B, from: 60, name: {zh: 较高安全风险, en: fairly high risk}}
        - {grade: C, from: 75, name: {zh: 一般安全风险, en: ordinary risk}}
        - {grade: D, from: 85, name: {zh: 较低安全风险, en: low risk}}
"""


def test_a_rubric_file_may_grade_a_kpi_and_is_checked(tmp_path: Path) -> None:
    text = PARK.read_text(encoding="utf-8")
    anchor = "  - id: PK-SR-02\n"
    graded = text.replace(anchor, _IN_FILE + anchor, 1)
    with pytest.raises(RubricFileError) as caught:
        load_rubric_text(graded, tmp_path / "rc-park" / "v2.yaml")
    assert "value 70 is not a boundary of KPI 'PK-SR-01''s grades (0, 60, 75, 85)" in str(
        caught.value
    )
    fixed = graded.replace("from: 75,", "from: 70,")
    loaded = load_rubric_text(fixed, tmp_path / "rc-park" / "v2.yaml").rubric
    kpi = next(kpi for kpi in loaded.kpis if kpi.id == "PK-SR-01")
    assert kpi.grades is not None
    assert [g.grade for g in kpi.grades.grades] == ["A", "B", "C", "D"]
