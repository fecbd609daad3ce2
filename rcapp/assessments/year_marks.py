"""Which listed years' total and stars do not compare with the organisation's newest year.

The self-assessment list (page and workbook) and the organisation page show several years
of one organisation side by side; where the rubric version changed, a total or stars of an
earlier year is marked 不可比* as the years page (历年对比) marks it, by the same rule
(rubrics.app_year_compare), so a reader does not take 71.4 → 82.5 as progress (qa71 M3).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import rubric_of
from rcapp.rubrics.app_year_compare import years_compare
from rcapp.rubrics.loader import RubricError


@dataclass(frozen=True)
class YearMark:
    total: bool  # the total score does not compare with the newest year's
    stars: bool  # the stars were awarded by other star rules than the newest year's
    newest_year: int


def year_marks(assessments: Iterable[Assessment]) -> dict[int, YearMark]:
    """Mark, by assessment id, the years that do not compare with their organisation's newest.

    The newest is the organisation's newest year among `assessments`; a year scored with
    the same rubric version always compares and is not listed.
    """
    by_organisation: dict[int, list[Assessment]] = {}
    for one in assessments:
        by_organisation.setdefault(one.organisation_id, []).append(one)
    marks: dict[int, YearMark] = {}
    for years in by_organisation.values():
        newest = max(years, key=lambda a: a.cycle.year)
        for one in years:
            if (one.rubric_id, one.rubric_version) == (newest.rubric_id, newest.rubric_version):
                continue
            try:
                compares = years_compare(rubric_of(one), rubric_of(newest))
            except RubricError:  # a rubric that will not load: nothing to say it compares
                compares = None
            total = compares is None or not compares.overall
            stars = compares is None or not compares.stars
            if total or stars:
                marks[one.id] = YearMark(total, stars, newest.cycle.year)
    return marks
