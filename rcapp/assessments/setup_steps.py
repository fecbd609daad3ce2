"""The secretariat's first steps in a new deployment, each ticked once done (QA21 S1).

Working groups, organisations, their users, then the first year: the home page lists them
while one is still missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute

from rcapp import db
from rcapp.accounts.models import Membership
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import Organisation, WorkingGroup


@dataclass(frozen=True)
class SetupSteps:
    groups: bool
    organisations: bool
    users: bool
    year: bool

    @property
    def all_done(self) -> bool:
        return self.groups and self.organisations and self.users and self.year


def setup_steps() -> SetupSteps:
    return SetupSteps(
        groups=_any_row(WorkingGroup.id),
        organisations=_any_row(Organisation.id),
        users=_any_row(Membership.id),  # someone of an organisation can log in
        year=_any_row(ReportingCycle.id),
    )


def _any_row(column: InstrumentedAttribute[int]) -> bool:
    return db.session().scalar(select(column).limit(1)) is not None
