"""Where a park's count of resident companies rated three stars or more came from.

The annual workbook's KPI sheet shows PK-RC-02 (三星及以上入园企业比例) per park; its count is
either rcapp's (resident companies rated in rcapp, computed_kpis) or the figure the park typed
on its KPI page: under the 2024 rubric (v1) always, under v2 while no resident has a rating
in rcapp. The sheet names which, so a park's figure can be traced (qa reportwords 7).
"""

from __future__ import annotations

from flask_babel import gettext

from rcapp.assessments import queries
from rcapp.assessments.models import Assessment
from rcapp.rubrics.model import Rubric, RubricKind


def counted_inputs(kind: RubricKind) -> frozenset[str]:
    """Return the KPI inputs the latest rubric of `kind` has rcapp count (by input id).

    The latest rubric names them: an earlier version (the park's v1) asked the park to type
    the same input.
    """
    latest = queries.registry().latest(kind).rubric
    return frozenset(i.id for i in latest.kpi_inputs if i.computed is not None)


def count_source(assessment: Assessment, rubric: Rubric) -> str | None:
    """Return the source of the assessment's three-star count in words; None: it has none."""
    if not counted_inputs(rubric.kind) & {i.id for i in rubric.kpi_inputs}:
        return None
    year = assessment.cycle.year
    if queries.computed_inputs_of(assessment.organisation_id, year, rubric):
        return str(gettext("本系统统计（入园企业在本系统的评价结果）"))
    return str(gettext("园区在 KPI 数据页填写"))
