"""Checks of KPI grades (a park's safety-risk grade A-D): docs/rubric-format.md section 6.

A grade is read from the score alone, and the stars it allows from the star conditions on
the same KPI (scoring.score_grades); that reading holds for every score of a grade only
when each threshold on the KPI sits on a grade boundary and keeps the scores at or above
it (`>=`) or below it (`<`).
"""

from __future__ import annotations

from collections.abc import Iterator

from rcapp.rubrics.findings import Check, Finding, LineLookup, Loc
from rcapp.rubrics.model import KpiThreshold, Rubric, ScoreGrades

_BOUNDARY_OPS = (">=", "<")


def _grade_order(grades: ScoreGrades, loc: Loc) -> Iterator[Finding]:
    """Grades run from the lowest score up, each letter once."""
    seen: set[str] = set()
    for g, grade in enumerate(grades.grades):
        where = (*loc, "grades", g)
        if grade.grade in seen:
            yield Finding((*where, "grade"), f"grade '{grade.grade}' is given twice")
        seen.add(grade.grade)
        if g and grade.from_value <= grades.grades[g - 1].from_value:
            message = f"from {grade.from_value} is not above the grade before it"
            yield Finding((*where, "from"), message)


def _thresholds_on_boundaries(
    rubric: Rubric, kpi_id: str, grades: ScoreGrades
) -> Iterator[Finding]:
    boundaries = {grade.from_value for grade in grades.grades}
    shown = ", ".join(str(grade.from_value) for grade in grades.grades)
    for b, band in enumerate(rubric.rating.bands):
        for c, condition in enumerate(band.conditions):
            if not isinstance(condition, KpiThreshold) or condition.kpi != kpi_id:
                continue
            where: Loc = ("rating", "bands", b, "conditions", c)
            if condition.op not in _BOUNDARY_OPS:
                message = (
                    f"KPI '{kpi_id}' has grades: compare it with '>=' or '<' on a grade boundary"
                )
                yield Finding((*where, "op"), message)
            if condition.value not in boundaries:
                message = (
                    f"value {condition.value} is not a boundary of KPI '{kpi_id}''s grades "
                    f"({shown}): a grade would meet it in part"
                )
                yield Finding((*where, "value"), message)


def _kpi_grades(rubric: Rubric, lines: LineLookup) -> Iterator[Finding]:
    for k, kpi in enumerate(rubric.kpis):
        if kpi.grades is None:
            continue
        yield from _grade_order(kpi.grades, ("kpis", k, "grades"))
        yield from _thresholds_on_boundaries(rubric, kpi.id, kpi.grades)


GRADE_CHECKS: tuple[Check, ...] = (_kpi_grades,)
