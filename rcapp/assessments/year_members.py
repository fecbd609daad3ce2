"""Who takes part in a year, and so who a working group's members of that year are.

A year's organisations are its signatories (kept at a closed year's close: closed_groups)
and any that started it anyway (roster.organisations_in). A group's members of a year are
its members then (kept at the close) who take part in it: the one list the group's year
page, its members workbook and the benchmark page's count show (QA52 M2: the workbook and
the benchmark page also counted a member that signed only the next spring).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, Select, or_, select

from rcapp import db
from rcapp.assessments.models import Assessment
from rcapp.cycles.closed_groups import members_of, signatory_in
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import Organisation


def taking_part(cycle: ReportingCycle) -> ColumnElement[bool]:
    """Select the Organisations of the year: its signatories and any that started it."""
    started = select(Assessment.organisation_id).where(Assessment.cycle_id == cycle.id)
    return or_(signatory_in(cycle), Organisation.id.in_(started))


def group_year_members(group_ids: int | Iterable[int], cycle: ReportingCycle) -> Select[int]:
    """Select the ids of the group(s)' members in the year `cycle` who take part in it."""
    return select(Organisation.id).where(
        Organisation.id.in_(members_of(group_ids, cycle)), taking_part(cycle)
    )


def group_year_member_ids(group_ids: int | Iterable[int], cycle: ReportingCycle) -> set[int]:
    """Return the ids of the group(s)' members in the year `cycle` (group_year_members)."""
    return set(db.session().scalars(group_year_members(group_ids, cycle)))
