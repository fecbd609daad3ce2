"""Who may be chosen as a reviewer of an assessment: the assign page's list, and the command's.

The reviewers of the organisation's working groups of the year (and of the group running
its review, if the organisation left it), and, when too few of those can serve, other
groups' reviewers free of conflict (outside_candidates, qa51 M2). One place for both the
page's choices and `rcapp reviews assign`, so that neither offers someone the other refuses.
"""

from __future__ import annotations

from dataclasses import dataclass

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments.models import Assessment
from rcapp.cycles.closed_groups import groups_of
from rcapp.organisations.models import WorkingGroup
from rcapp.reviews import queries
from rcapp.reviews.models import Review
from rcapp.reviews.outside_candidates import outside_candidates, refusal_reason
from rcapp.reviews.permissions import review_group


@dataclass(frozen=True)
class Candidates:
    """The group's own candidates and the outside ones, each with why they are refused ('')."""

    own: list[tuple[User, str]]
    # by user id: the user, the names of their groups, and their conflict ('' for none)
    outside: dict[int, tuple[User, list[str], str]]

    @property
    def listed(self) -> list[tuple[User, str]]:
        """Every candidate the page lists, the group's own first."""
        return [*self.own, *((u, reason) for u, _groups, reason in self.outside.values())]

    def find(self, user_id: int) -> User | None:
        return next((u for u, _reason in self.listed if u.id == user_id), None)


def candidates_of(assessment: Assessment, review: Review | None, lang: str) -> Candidates:
    own = _own_candidates(assessment, review)
    groups = {g.id for g in candidate_groups(assessment, review)}
    return Candidates(own, outside_candidates(assessment, review, groups, own, lang))


def candidate_groups(assessment: Assessment, review: Review | None) -> list[WorkingGroup]:
    """Return the organisation's groups of the year, and the one running its review if it left."""
    groups = list(groups_of(assessment.organisation, assessment.cycle))
    owner = None if review is None else review_group(review)
    if owner is not None and owner not in {g.id for g in groups}:  # left it: still runs it
        found = db.session().get(WorkingGroup, owner)
        groups += [found] if found is not None else []
    return groups


def _own_candidates(assessment: Assessment, review: Review | None) -> list[tuple[User, str]]:
    """Reviewers of the organisation's groups, each with the reason they are refused (or '')."""
    seen: dict[int, tuple[User, str]] = {}
    for group_ in candidate_groups(assessment, review):
        for user in queries.candidate_reviewers(group_):
            if user.id not in seen:
                seen[user.id] = (user, refusal_reason(assessment, user, review))
    return sorted(seen.values(), key=lambda pair: pair[0].name)
