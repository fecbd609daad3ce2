"""A year's working groups from self-assessment to finished peer review: one count for all.

The year page's table (各工作组的同行评审, qa87 1) and the annual workbook's sheet
(工作组评审进展) both read year_group_figures, so a group's numbers are the same in both.
Each group's members are its members in the year (a closed year's kept at its close:
closed_groups) who take part in it (assessments.year_members): the members the year's list
filtered by that group keeps, so each number on the year page opens the list it counts.
An organisation in two groups counts in both, as both groups' review pages list it; the
total counts each organisation once. Submitted self-assessments are counted by where their
peer review stands, by the rule of the year's figures (review_filters.progress_column):
no reviewer assigned, in progress, not finished at the close, finished. Read in four
queries whatever the size of the year, none per group.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from rcapp import db
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.assessments.review_filters import NOT_REVIEWED, progress_column
from rcapp.assessments.year_members import taking_part
from rcapp.cycles.closed_groups import memberships
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import Organisation, WorkingGroup
from rcapp.reviews.states import review_states

# What one organisation counts under: every one "members", an assessment "started", a
# submitted one "submitted" and its review step (NOT_REVIEWED or a progress column).
_STEPS = ("members", "started", "submitted", NOT_REVIEWED, "in_review", "frozen", "final")


@dataclass(frozen=True)
class ReviewProgress:
    """Organisations counted at each step, from membership to finished peer review."""

    members: int
    started: int
    submitted: int
    not_reviewed: int  # submitted, and no peer review set up (the close page's blocker)
    in_review: int
    frozen: int  # a closed year's: not finished at the close
    final: int


@dataclass(frozen=True)
class GroupReviewFigures(ReviewProgress):
    group: WorkingGroup


@dataclass(frozen=True)
class YearGroupFigures:
    groups: list[GroupReviewFigures]  # by code
    total: ReviewProgress | None  # each organisation once; None when no group has a member


def _progress(steps: Iterable[list[str]]) -> dict[str, int]:
    counted = dict.fromkeys(_STEPS, 0)
    for organisation_steps in steps:
        for step in organisation_steps:
            counted[step] += 1
    return {("not_reviewed" if k == NOT_REVIEWED else k): n for k, n in counted.items()}


def _steps_of(cycle: ReportingCycle, organisation_ids: set[int]) -> dict[int, list[str]]:
    """Map each organisation of the year to the steps it counts under (_STEPS)."""
    steps = {organisation_id: ["members"] for organisation_id in organisation_ids}
    states = review_states(cycle.id)
    rows = db.session().execute(
        select(Assessment.id, Assessment.organisation_id, Assessment.status).where(
            Assessment.cycle_id == cycle.id
        )
    )
    for assessment_id, organisation_id, status in rows:
        found = steps.setdefault(organisation_id, ["members"])
        found.append("started")
        if status is AssessmentStatus.SUBMITTED:
            found.append("submitted")
            found.append(progress_column(states.get(assessment_id)) or NOT_REVIEWED)
    return steps


def year_group_figures(cycle: ReportingCycle) -> YearGroupFigures:
    """Count each working group's members of the year by step (module doc), and the total."""
    year = set(db.session().scalars(select(Organisation.id).where(taking_part(cycle))))
    members: dict[int, set[int]] = {}
    for group_id, organisation_id in db.session().execute(memberships(cycle)):
        if organisation_id in year:
            members.setdefault(group_id, set()).add(organisation_id)
    if not members:
        return YearGroupFigures([], None)
    steps = _steps_of(cycle, year)
    groups = db.session().scalars(
        select(WorkingGroup).where(WorkingGroup.id.in_(members)).order_by(WorkingGroup.code)
    )
    figures = [
        GroupReviewFigures(group=group, **_progress(steps[o] for o in members[group.id]))
        for group in groups
    ]
    everyone = set().union(*members.values())
    return YearGroupFigures(figures, ReviewProgress(**_progress(steps[o] for o in everyone)))


def group_review_figures(cycle_id: int) -> list[GroupReviewFigures]:
    """Return the year page's table: each group's row of year_group_figures (template global)."""
    cycle = db.session().get(ReportingCycle, cycle_id)
    return [] if cycle is None else year_group_figures(cycle).groups
