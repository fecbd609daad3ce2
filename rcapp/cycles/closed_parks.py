"""Which park a company was in, for a year: frozen at the close, read live while open.

A closed year's park pages, park home and park figures list the park's residents as they
were when the year was closed (ClosedYearPark rows, written by the close); an open year,
or one still closing, reads each company's park today. Only the park is kept: the frozen
peer-group statistics store each group's figures, not its members.
"""

from __future__ import annotations

from sqlalchemy import (
    ColumnElement,
    SQLColumnExpression,
    and_,
    exists,
    not_,
    or_,
    select,
)

from rcapp import db
from rcapp.cycles.kept_rows import replace_kept
from rcapp.cycles.models import ClosedYearPark, ReportingCycle, results_frozen
from rcapp.organisations.models import Organisation, OrganisationKind


def freeze_parks(cycle: ReportingCycle) -> int:
    """Keep every company's park for `cycle` (replacing an earlier close's); return how many."""
    rows = select(Organisation.id, Organisation.park_id).where(
        Organisation.kind == OrganisationKind.COMPANY, Organisation.park_id.is_not(None)
    )
    values = [
        {"cycle_id": cycle.id, "organisation_id": org_id, "park_id": park_id}
        for org_id, park_id in db.session().execute(rows)
    ]
    return replace_kept(ClosedYearPark, cycle.id, values)


def _frozen_in(park_id: int, cycle_id: int | SQLColumnExpression[int]) -> ColumnElement[bool]:
    return exists().where(
        ClosedYearPark.cycle_id == cycle_id,
        ClosedYearPark.organisation_id == Organisation.id,
        ClosedYearPark.park_id == park_id,
    )


def _kept(cycle_id: int | SQLColumnExpression[int]) -> ColumnElement[bool]:
    return exists().where(ClosedYearPark.cycle_id == cycle_id)


def in_park(park_id: int, cycle: ReportingCycle | None) -> ColumnElement[bool]:
    """Select the Organisations resident in the park in `cycle` (None: today), as SQL.

    A closed year with no park kept at all (no company had a park at its close, or a year
    made closed without a close, as some tests do) reads the parks of today.
    """
    if cycle is not None and cycle.is_closed and db.session().scalar(select(_kept(cycle.id))):
        return _frozen_in(park_id, cycle.id)
    return Organisation.park_id == park_id


def in_park_by_cycle(park_id: int, cycle_id: SQLColumnExpression[int]) -> ColumnElement[bool]:
    """Select those in the park in the year of `cycle_id` (a column; ReportingCycle joined)."""
    frozen = and_(results_frozen(), _kept(cycle_id))
    return or_(
        and_(frozen, _frozen_in(park_id, cycle_id)),
        and_(not_(frozen), Organisation.park_id == park_id),
    )


def park_in(organisation: Organisation, cycle: ReportingCycle) -> int | None:
    """Return the park the organisation was in in `cycle` (a closed year: at its close)."""
    if not (cycle.is_closed and db.session().scalar(select(_kept(cycle.id)))):
        return organisation.park_id
    return db.session().scalar(
        select(ClosedYearPark.park_id).where(
            ClosedYearPark.cycle_id == cycle.id,
            ClosedYearPark.organisation_id == organisation.id,
        )
    )


def cycle_of(cycle_id: int) -> ReportingCycle | None:
    """Return the cycle (for in_park), from the session's identity map when loaded."""
    return db.session().get(ReportingCycle, cycle_id)


def cycle_of_year(year: int) -> ReportingCycle | None:
    return db.session().scalar(select(ReportingCycle).where(ReportingCycle.year == year))
