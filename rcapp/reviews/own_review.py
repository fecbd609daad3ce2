"""A lead's own organisation under review: who runs it instead of her, and where it stands.

A lead or deputy who is a member of the organisation may not run its review (conflict of
interest: permissions.leads_own_organisation); the group's other leads and deputies do
(accounts.queries.outside_leads), else the secretariat. Her home panel says so, with the
review's state, and offers nothing to do on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import gettext as _

from rcapp.accounts.models import GroupRole
from rcapp.accounts.queries import outside_leads
from rcapp.assessments.models import Assessment
from rcapp.cycles.closed_groups import groups_of
from rcapp.i18n import person_text
from rcapp.reviews.messages import state_in_sentence
from rcapp.reviews.models import Review
from rcapp.reviews.permissions import review_group
from rcapp.reviews.states import review_states_of


@dataclass(frozen=True)
class OwnReview:
    """One line of the lead's panel: her organisation's review, who runs it, its state."""

    assessment: Assessment
    runner: str  # "deputy", "lead" (another lead of the group) or "secretariat"
    names: str  # the deputies' or leads' names
    state: str  # 评审中, 已定级, 尚未指派评审员…, as said inside the line

    @property
    def line(self) -> str:
        """Say who runs the review and where it stands (no action: she may not act on it)."""
        year, state = self.assessment.cycle.year, self.state
        if self.runner == "deputy":
            text = _(
                "本单位（%(year)d 年度）的同行评审由副组长 %(names)s 负责，当前：%(state)s。",
                year=year,
                names=self.names,
                state=state,
            )
        elif self.runner == "lead":
            text = _(
                "本单位（%(year)d 年度）的同行评审由组长 %(names)s 负责，当前：%(state)s。",
                year=year,
                names=self.names,
                state=state,
            )
        else:
            text = _(
                "本单位（%(year)d 年度）的同行评审由秘书处负责，当前：%(state)s。",
                year=year,
                state=state,
            )
        return str(text)


def _runner(assessment: Assessment, review: Review | None) -> tuple[str, str]:
    """Name who runs the review: the group's outside deputies (or leads), else the secretariat."""
    owner = None if review is None else review_group(review)
    groups = (
        [owner]
        if owner is not None
        else [g.id for g in groups_of(assessment.organisation, assessment.cycle)]
    )
    runners = outside_leads(assessment.organisation_id, groups)
    if not runners:
        return "secretariat", ""
    names = str(_("、")).join(dict.fromkeys(person_text(u.name) for u in runners))
    roles = {r.role for u in runners for r in u.group_roles if r.working_group_id in groups}
    return ("lead" if GroupRole.LEAD in roles else "deputy"), names


def own_reviews(assessments: Sequence[Assessment], reviews: dict[int, Review]) -> list[OwnReview]:
    """Describe the reviews of the lead's own organisation's `assessments` (`reviews` by id)."""
    if not assessments:
        return []
    states = review_states_of([a.id for a in assessments])
    found = []
    for assessment in assessments:
        review = reviews.get(assessment.id)
        state = states.get(assessment.id)
        if review is None or not review.assignments or state is None:
            said = str(_("尚未指派评审员"))
        else:
            said = state_in_sentence(state)  # "…当前：%(state)s。"
        found.append(OwnReview(assessment, *_runner(assessment, review), said))
    return found
