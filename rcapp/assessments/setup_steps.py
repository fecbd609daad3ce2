"""The secretariat's first steps in a new deployment, each ticked once done (QA21 S1).

Working groups, organisations, their users, then the first year: the home page lists them
while one is still missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, select

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
    def any_row(statement: object) -> bool:
        return bool(db.session().scalar(select(exists(statement))))

    return SetupSteps(
        groups=any_row(select(WorkingGroup.id)),
        organisations=any_row(select(Organisation.id)),
        users=any_row(select(Membership.id)),  # someone of an organisation can log in
        year=any_row(select(ReportingCycle.id)),
    )
