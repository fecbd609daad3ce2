"""Earlier years whose rubric version defined a KPI otherwise than this year's.

Their values of that KPI do not compare with this year's (the rule year over year uses,
rubrics.kpi_compare): a target may not take such a year as its base, and no progress is
computed from it.
"""

from __future__ import annotations

from rcapp.assessments.earlier_marks import EarlierMark, marks_of
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import pinned_rubric
from rcapp.assessments.reported import reported_pins
from rcapp.rubrics.kpi_compare import comparable_kpis
from rcapp.rubrics.loader import RubricError
from rcapp.rubrics.model import Rubric


def incomparable_kpis(assessment: Assessment, rubric: Rubric) -> dict[int, frozenset[str]]:
    """Return, for each earlier reported year of the organisation, the KPIs it defined otherwise.

    Years with the same rubric version (or no KPI defined otherwise) are left out. A KPI
    that year's version has no such KPI at all (new since) is among them: `earlier_marks`
    tells the two apart.
    """
    ours = frozenset(kpi.id for kpi in rubric.kpis)
    found: dict[int, frozenset[str]] = {}
    for year, earlier in _earlier_rubrics(assessment, rubric):
        other = ours - comparable_kpis(earlier, rubric)
        if other:
            found[year] = other
    return found


def earlier_marks(assessment: Assessment, rubric: Rubric) -> dict[int, dict[str, EarlierMark]]:
    """Return, for each earlier reported year, its KPIs with no comparable value, marked why.

    One reading of the pins for both cases: a KPI that year's version did not have is
    UNDEFINED (未设), one it defined otherwise NOT_COMPARABLE (不可比).
    """
    ours = frozenset(kpi.id for kpi in rubric.kpis)
    found: dict[int, dict[str, EarlierMark]] = {}
    for year, earlier in _earlier_rubrics(assessment, rubric):
        had = {kpi.id for kpi in earlier.kpis}
        marks = marks_of(ours, had, comparable_kpis(earlier, rubric))
        if marks:
            found[year] = marks
    return found


def _earlier_rubrics(assessment: Assessment, rubric: Rubric) -> list[tuple[int, Rubric]]:
    """Return the organisation's earlier reported years pinned to another version, with it."""
    # the years kpi_history reads
    rows = reported_pins(assessment.organisation_id, before=assessment.cycle.year)
    found = []
    for year, rubric_id, version, sha256 in rows:
        if (rubric_id, version) == (rubric.id, rubric.version):
            continue
        try:
            found.append((year, pinned_rubric(rubric_id, version, sha256)))
        except RubricError:
            continue  # a version no longer on disk: nothing to tell, as before it was kept
    return found
