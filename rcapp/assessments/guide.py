"""The newcomer's orientation: how the yearly self-assessment works (qa50 #12, #3).

A first-year signatory met a 200-item form with no word on HG/T 4184, the codes, the
levels or the deadline. The guide page reads what it says from the rubric the user's
organisation fills in this year (sections, level names, evidence rule, star bands) and
from the open year (its deadline), so it never tells a rule the rubric does not have.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import exists, select

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import open_cycles, registry
from rcapp.assessments.reported import reported
from rcapp.assessments.start_hint import EvidenceLevel, evidence_level
from rcapp.cycles.deadlines import own_deadline
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import Organisation, OrganisationKind
from rcapp.rubrics.model import Rubric


@dataclass(frozen=True)
class Guide:
    rubric: Rubric | None  # None: no year is open, the guide speaks in general terms
    year: int | None
    deadline: dt.date | None
    evidence: EvidenceLevel | None
    organisation: Organisation | None


def first_year(organisation_id: int, year: int) -> bool:
    """Tell whether the organisation has no self-assessment submitted for a year before `year`."""
    earlier = (
        select(Assessment.id)
        .join(ReportingCycle, Assessment.cycle_id == ReportingCycle.id)
        .where(
            Assessment.organisation_id == organisation_id,
            ReportingCycle.year < year,
            reported(),
        )
    )
    return not db.session().scalar(select(exists(earlier)))


def guide_for(user: User) -> Guide:
    """Gather what the guide says for the user: their organisation's rubric and deadline."""
    organisation = user.memberships[0].organisation if user.memberships else None
    cycles = sorted(open_cycles(), key=lambda cycle: cycle.year)
    if not cycles:
        return Guide(None, None, None, None, organisation)
    cycle = cycles[0]  # the oldest open year is the one whose deadline comes first
    kind = organisation.kind if organisation is not None else OrganisationKind.COMPANY
    rubric_id, version = cycle.rubric_for(kind)
    rubric = registry().get(rubric_id, version).rubric
    deadline = (
        own_deadline(cycle, organisation.id).day if organisation is not None else cycle.deadline
    )
    return Guide(rubric, cycle.year, deadline, evidence_level(rubric), organisation)
