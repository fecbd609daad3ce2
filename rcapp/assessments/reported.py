"""What counts as an earlier year's data: the one rule every reader of earlier years uses.

An earlier year's KPI data (and its rubric pin) count only when that year's assessment was
submitted: status `submitted` covers submitted, in peer review, final, and frozen in a
closed year. A draft, or one returned and never submitted again, does not count, as the
close page promises ("这些单位的草稿不会计入本年度结果").
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final, NamedTuple

from sqlalchemy import ColumnElement, literal_column, select

from rcapp import db
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.cycles.models import ReportingCycle

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


class YearPin(NamedTuple):
    """The rubric version a reported year's assessment is pinned to."""

    year: int
    rubric_id: str
    version: int
    sha256: str


def reported_pins(
    organisation_id: int, *, years: Iterable[int] | None = None, before: int | None = None
) -> list[YearPin]:
    """Return the rubric pins of the organisation's reported years (one query).

    `years`: only those years; `before`: only the years before that one.
    """
    statement = (
        select(
            ReportingCycle.year,
            Assessment.rubric_id,
            Assessment.rubric_version,
            Assessment.rubric_sha256,
        )
        .join(ReportingCycle, Assessment.cycle_id == ReportingCycle.id)
        .where(Assessment.organisation_id == organisation_id, reported())
    )
    if years is not None:
        statement = statement.where(ReportingCycle.year.in_(tuple(years)))
    if before is not None:
        statement = statement.where(ReportingCycle.year < before)
    return [YearPin(*row) for row in db.session().execute(statement)]
