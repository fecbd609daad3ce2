"""Who was in which working group, and who had signed, for a year: frozen at the close.

A closed year's group pages, planning, calibration, corrective-action lists, comparisons
and annual outputs list a group's members as they were when the year was closed
(ClosedYearGroupMember rows, written by the close), and its annual report counts the
signatories kept then (ClosedYearSignatory). An open year, or one still closing, reads
today's memberships and commitments. As for parks (closed_parks): a closed year with no
row kept at all (closed before the rows were kept and nothing to backfill, or made closed
without a close, as some tests do) reads today's.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import (
    ColumnElement,
    Select,
    SQLColumnExpression,
    and_,
    exists,
    not_,
    or_,
    select,
)

from rcapp import db
from rcapp.cycles.kept_rows import replace_kept
from rcapp.cycles.models import (
    ClosedYearGroupMember,
    ClosedYearSignatory,
    ReportingCycle,
    results_frozen,
)
from rcapp.cycles.participants import signed_for
from rcapp.organisations.models import Organisation, WorkingGroup, WorkingGroupMember


def freeze_groups(cycle: ReportingCycle) -> int:
    """Keep every membership and signatory for `cycle` (replacing an earlier close's)."""
    session = db.session()
    rows = select(WorkingGroupMember.working_group_id, WorkingGroupMember.organisation_id)
    members = [
        {"cycle_id": cycle.id, "working_group_id": group_id, "organisation_id": org_id}
        for group_id, org_id in session.execute(rows)
    ]
    signed = session.scalars(select(Organisation.id).where(signed_for(cycle.year)))
    signatories = [{"cycle_id": cycle.id, "organisation_id": org_id} for org_id in signed]
    replace_kept(ClosedYearSignatory, cycle.id, signatories)
    return replace_kept(ClosedYearGroupMember, cycle.id, members)


def _kept(
    table: type[ClosedYearGroupMember | ClosedYearSignatory], cycle: ReportingCycle | None
) -> int | None:
    """Return the id of `cycle` when it is closed with rows kept in `table`; else None."""
    if cycle is None or not cycle.is_closed:
        return None
    found = db.session().scalar(select(exists().where(table.cycle_id == cycle.id)))
    return cycle.id if found else None


def memberships(cycle: ReportingCycle | None) -> Select[int, int]:
    """Select (working group id, organisation id) of every membership in `cycle` (None: today)."""
    kept = _kept(ClosedYearGroupMember, cycle)
    if kept is not None:
        return select(
            ClosedYearGroupMember.working_group_id, ClosedYearGroupMember.organisation_id
        ).where(ClosedYearGroupMember.cycle_id == kept)
    return select(WorkingGroupMember.working_group_id, WorkingGroupMember.organisation_id)


def members_of(group_ids: int | Iterable[int], cycle: ReportingCycle | None) -> Select[int]:
    """Select the ids of the organisations in the group(s) in `cycle` (None: today), as SQL."""
    wanted = [group_ids] if isinstance(group_ids, int) else list(group_ids)
    kept = _kept(ClosedYearGroupMember, cycle)
    if kept is not None:
        return select(ClosedYearGroupMember.organisation_id).where(
            ClosedYearGroupMember.cycle_id == kept,
            ClosedYearGroupMember.working_group_id.in_(wanted),
        )
    return select(WorkingGroupMember.organisation_id).where(
        WorkingGroupMember.working_group_id.in_(wanted)
    )


def member_ids(group_ids: int | Iterable[int], cycle: ReportingCycle | None) -> set[int]:
    """Return the ids of the organisations in the group(s) in `cycle`."""
    return set(db.session().scalars(members_of(group_ids, cycle)))


def group_ids_by_organisation(cycle: ReportingCycle | None) -> dict[int, set[int]]:
    """Map each organisation id to the ids of its groups in `cycle` (None: today)."""
    found: dict[int, set[int]] = {}
    for group_id, org_id in db.session().execute(memberships(cycle)):
        found.setdefault(org_id, set()).add(group_id)
    return found


def groups_by_organisation(cycle: ReportingCycle | None) -> dict[int, list[WorkingGroup]]:
    """Map each organisation id to its WorkingGroups in `cycle`, by code."""
    ids = group_ids_by_organisation(cycle)
    wanted = set().union(*ids.values()) if ids else set()
    groups = {
        g.id: g
        for g in db.session().scalars(select(WorkingGroup).where(WorkingGroup.id.in_(wanted)))
    }
    return {
        org_id: sorted((groups[g] for g in group_ids if g in groups), key=lambda g: g.code)
        for org_id, group_ids in ids.items()
    }


def groups_of(organisation: Organisation, cycle: ReportingCycle | None) -> list[WorkingGroup]:
    """Return the organisation's working groups in `cycle` (None or open: today's), by code."""
    kept = _kept(ClosedYearGroupMember, cycle)
    if kept is None:
        return sorted(organisation.working_groups, key=lambda g: g.code)
    statement = (
        select(WorkingGroup)
        .join(ClosedYearGroupMember, ClosedYearGroupMember.working_group_id == WorkingGroup.id)
        .where(
            ClosedYearGroupMember.cycle_id == kept,
            ClosedYearGroupMember.organisation_id == organisation.id,
        )
        .order_by(WorkingGroup.code)
    )
    return list(db.session().scalars(statement))


def signatory_in(cycle: ReportingCycle) -> ColumnElement[bool]:
    """Select the Organisations counted as the year's signatories (kept at its close), as SQL."""
    kept = _kept(ClosedYearSignatory, cycle)
    if kept is not None:
        return Organisation.id.in_(
            select(ClosedYearSignatory.organisation_id).where(ClosedYearSignatory.cycle_id == kept)
        )
    return signed_for(cycle.year)


def in_group_by_cycle(
    group_ids: int | Iterable[int], cycle_id: SQLColumnExpression[int]
) -> ColumnElement[bool]:
    """Select the Organisations in the group(s) in the year of `cycle_id` (the cycle joined).

    For queries over several years (corrective-action lists, a lead's assessments): each
    row's year reads its own memberships, kept at its close or today's.
    """
    wanted = [group_ids] if isinstance(group_ids, int) else list(group_ids)
    kept = exists().where(ClosedYearGroupMember.cycle_id == cycle_id)
    frozen = and_(results_frozen(), kept)
    then = exists().where(
        ClosedYearGroupMember.cycle_id == cycle_id,
        ClosedYearGroupMember.working_group_id.in_(wanted),
        ClosedYearGroupMember.organisation_id == Organisation.id,
    )
    now = exists().where(
        WorkingGroupMember.working_group_id.in_(wanted),
        WorkingGroupMember.organisation_id == Organisation.id,
    )
    return or_(and_(frozen, then), and_(not_(frozen), now))
