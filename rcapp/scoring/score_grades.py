"""Grades a score falls into (a park's safety-risk grade A-D), and what each means for stars.

The rubric gives the grades as data (`Kpi.grades`, or an errata file's `kpi_grades` for a
published version): each grade runs from its `from` value up to the next grade's. The stars
a grade allows follow from the star bands' `kpi_threshold` conditions on the same KPI,
compared at the grade's lowest value; `rcapp rubrics check` keeps those thresholds on grade
boundaries, so every score within a grade meets the same conditions. Pure: nothing here
scores, it only names what the score already decides.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from rcapp.rubrics.model import Kpi, KpiThreshold, Rubric, ScoreGrade, ScoreGrades, Text
from rcapp.scoring.kpis import kpi_value
from rcapp.scoring.model import KpiInputs
from rcapp.scoring.scorecard import Scorecard

__all__ = [
    "GradeReading",
    "grade_of",
    "graded_kpi_for_item",
    "graded_kpis",
    "grade_readings",
    "grade_readings_of_inputs",
    "reading_for",
    "stars_allowed",
]

_OPS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
}


@dataclass(frozen=True)
class GradeReading:
    """A score read as its grade, with what the grade allows.

    `max_stars`: the most stars the grade allows (0: none); None when it limits nothing.
    `next_grade`: the lowest grade that allows more stars than this one (None: none does).
    """

    kpi_id: str
    label: Text
    grade: ScoreGrade
    value: Decimal
    max_stars: int | None
    next_grade: ScoreGrade | None


def grade_of(grades: ScoreGrades, value: Decimal) -> ScoreGrade | None:
    """Return the grade whose range holds `value`; None below the first grade's floor."""
    reached = [grade for grade in grades.grades if value >= grade.from_value]
    return reached[-1] if reached else None


def graded_kpis(rubric: Rubric) -> list[Kpi]:
    """Return the rubric's KPIs that carry grades."""
    return [kpi for kpi in rubric.kpis if kpi.grades is not None]


def graded_kpi_for_item(rubric: Rubric, item_id: str) -> Kpi | None:
    """Return the graded KPI a number item reports the figure of (`same_figure_as`).

    The KPI is the one whose formula is that input alone (PK-SR-01 = risk_score).
    """
    item = rubric.item_index().get(item_id)
    if item is None or item.same_figure_as is None:
        return None
    return next(
        (kpi for kpi in graded_kpis(rubric) if kpi.formula.strip() == item.same_figure_as), None
    )


def stars_allowed(rubric: Rubric, kpi_id: str, value: Decimal) -> int | None:
    """Return the most stars a value of the KPI allows by the bands' thresholds on it.

    Bands are cumulative, so the first band whose threshold the value fails caps the rating
    below it. None: no threshold on the KPI fails.
    """
    for band in rubric.rating.bands:
        for condition in band.conditions:
            if (
                isinstance(condition, KpiThreshold)
                and condition.kpi == kpi_id
                and not _OPS[condition.op](value, condition.value)
            ):
                return band.stars - 1
    return None


def reading_for(rubric: Rubric, kpi: Kpi, value: Decimal) -> GradeReading | None:
    """Read `value` of a graded KPI as its grade; None if the KPI has no grades or none fits."""
    if kpi.grades is None:
        return None
    grade = grade_of(kpi.grades, value)
    if grade is None:
        return None
    allowed = stars_allowed(rubric, kpi.id, grade.from_value)
    return GradeReading(
        kpi_id=kpi.id,
        label=kpi.grades.label,
        grade=grade,
        value=value,
        max_stars=allowed,
        next_grade=None if allowed is None else _next_grade(rubric, kpi, grade, allowed),
    )


def grade_readings(rubric: Rubric, card: Scorecard) -> list[GradeReading]:
    """Read every graded KPI the scorecard has a value for."""
    return _readings(rubric, {kpi.kpi_id: kpi.value for kpi in card.kpis})


def grade_readings_of_inputs(rubric: Rubric, inputs: KpiInputs) -> list[GradeReading]:
    """Read every graded KPI the typed KPI inputs give a value for (a draft's overview)."""
    return _readings(rubric, {kpi.id: kpi_value(kpi, inputs).value for kpi in graded_kpis(rubric)})


def _readings(rubric: Rubric, values: Mapping[str, Decimal | None]) -> list[GradeReading]:
    readings = []
    for kpi in graded_kpis(rubric):
        value = values.get(kpi.id)
        reading = None if value is None else reading_for(rubric, kpi, value)
        if reading is not None:
            readings.append(reading)
    return readings


def _next_grade(rubric: Rubric, kpi: Kpi, grade: ScoreGrade, allowed: int) -> ScoreGrade | None:
    grades = kpi.grades.grades if kpi.grades else ()
    for higher in grades[grades.index(grade) + 1 :]:
        more = stars_allowed(rubric, kpi.id, higher.from_value)
        if more is None or more > allowed:
            return higher
    return None
