"""A park's safety-risk grade from its score, and what the grade allows (scoring.score_grades).

The grades are rubric data (rc-park's errata `kpi_grades`, docs/rubric-format.md §13), read
against the guideline's bands: A below 60, B 60 to under 70, C 70 to under 85, D 85 and up.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from rcapp.rubrics.registry import RubricRegistry
from rcapp.scoring.score_grades import graded_kpi_for_item, reading_for

ROOT = Path(__file__).resolve().parents[3]
PARK = RubricRegistry(ROOT / "rubrics").get("rc-park", 2).rubric


@pytest.mark.parametrize(
    ("score", "grade", "name", "max_stars", "next_grade"),
    [
        ("0", "A", "高安全风险", 0, "B"),
        ("55", "A", "高安全风险", 0, "B"),
        ("59.9", "A", "高安全风险", 0, "B"),
        ("60", "B", "较高安全风险", 2, "C"),
        ("69.99", "B", "较高安全风险", 2, "C"),
        ("70", "C", "一般安全风险", 3, "D"),
        ("78", "C", "一般安全风险", 3, "D"),
        ("84.9", "C", "一般安全风险", 3, "D"),
        ("85", "D", "较低安全风险", None, None),
        ("100", "D", "较低安全风险", None, None),
    ],
)
def test_risk_score_reads_as_its_grade_and_the_stars_it_allows(
    score: str, grade: str, name: str, max_stars: int | None, next_grade: str | None
) -> None:
    kpi = next(kpi for kpi in PARK.kpis if kpi.id == "PK-SR-01")
    reading = reading_for(PARK, kpi, Decimal(score))
    assert reading is not None
    assert reading.grade.grade == grade
    assert reading.grade.name.zh == name
    assert reading.label.zh == "安全风险等级"
    assert reading.max_stars == max_stars
    assert (reading.next_grade.grade if reading.next_grade else None) == next_grade


def test_the_risk_score_item_is_read_with_its_kpi_grades() -> None:
    kpi = graded_kpi_for_item(PARK, "PK3.E1.1")
    assert kpi is not None
    assert kpi.id == "PK-SR-01"
    assert graded_kpi_for_item(PARK, "PK3.E1.2") is None


def test_a_kpi_without_grades_reads_as_none() -> None:
    kpi = next(kpi for kpi in PARK.kpis if kpi.id == "PK-SR-02")
    assert reading_for(PARK, kpi, Decimal(3)) is None
