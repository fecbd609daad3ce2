"""Which organisations a year's scorecards ZIP holds: all submitted, or a part of them.

The batch form on the year page asks for every submitted result (the default, the one that
can be published as the year's edition), or only a working group's members, or only the
organisations with a star rating (the stars the lists show: assessments.queries.
listed_stars), or both. The choice rides in the job's params: the same job and worker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from rcapp import db
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import listed_stars, rated_stars
from rcapp.organisations.models import WorkingGroup, WorkingGroupMember
from rcapp.reports.jobs import params_of
from rcapp.reports.models import ReportJob

GROUP_KEY = "group_id"
RATED_KEY = "rated_only"


@dataclass(frozen=True)
class Scope:
    group: WorkingGroup | None = None
    rated_only: bool = False

    @property
    def is_partial(self) -> bool:
        return self.group is not None or self.rated_only

    def params(self) -> dict[str, Any]:
        chosen: dict[str, Any] = {}
        if self.group is not None:
            chosen[GROUP_KEY] = self.group.id
        if self.rated_only:
            chosen[RATED_KEY] = True
        return chosen

    def file_suffix(self) -> str:
        """Tell the part apart in the file name (ASCII, as the other download names)."""
        group = f"-group-{self.group.id}" if self.group is not None else ""
        return group + ("-rated" if self.rated_only else "")


def scope_of(job: ReportJob) -> Scope:
    params = params_of(job)
    group_id = params.get(GROUP_KEY)
    group = db.session().get(WorkingGroup, group_id) if isinstance(group_id, int) else None
    return Scope(group=group, rated_only=params.get(RATED_KEY) is True)


def chosen(scope: Scope, results: Sequence[Assessment]) -> list[Assessment]:
    """Keep of the year's submitted `results` those the scope asks for, in their order."""
    kept = list(results)
    if scope.group is not None:
        members = set(
            db.session().scalars(
                select(WorkingGroupMember.organisation_id).where(
                    WorkingGroupMember.working_group_id == scope.group.id
                )
            )
        )
        kept = [a for a in kept if a.organisation_id in members]
    if scope.rated_only and kept:
        stars = rated_stars([a.id for a in kept])
        kept = [a for a in kept if listed_stars(a.stars, stars.get(a.id)) is not None]
    return kept
