"""What counts as an earlier year's data: the one rule every reader of earlier years uses.

An earlier year's KPI data (and its rubric pin) count only when that year's assessment was
submitted: status `submitted` covers submitted, in peer review, final, and frozen in a
closed year. A draft, or one returned and never submitted again, does not count, as the
close page promises ("这些单位的草稿不会计入本年度结果").
"""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy import ColumnElement, literal_column

from rcapp.assessments.models import Assessment, AssessmentStatus

REPORTED_STATUS: Final = AssessmentStatus.SUBMITTED


def reported(status: ColumnElement[Any] | None = None) -> ColumnElement[bool]:
    """Return the condition an assessment row meets when its year's data count."""
    column = Assessment.status if status is None else status
    return column == REPORTED_STATUS


def reported_sql(alias: str) -> str:
    """Return the same condition for a text statement on the assessments table as `alias`.

    Rendered from `reported` itself (the status a literal, as the column stores it).
    """
    status = literal_column(f"{alias}.status", Assessment.status.type)
    return str(reported(status).compile(compile_kwargs={"literal_binds": True}))
