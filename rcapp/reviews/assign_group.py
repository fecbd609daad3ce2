"""The working group a review assigned by `rcapp reviews assign` belongs to (`--group CODE`).

The page knows the group from the group page it was opened from; the command used to take
the first group the actor leads, silently, for an organisation in two of them. `--group`
names it by its code, as the pages show it, and is checked as the group page checks it;
without it the one possible group is taken, and more than one is refused, named.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments.models import Assessment
from rcapp.i18n import current_lang
from rcapp.organisations.models import WorkingGroup
from rcapp.reviews.messages import no_permission_text
from rcapp.reviews.models import Review
from rcapp.reviews.permissions import review_group
from rcapp.reviews.queries import led_groups


class GroupRefused(Exception):
    """Why the review cannot be set up in the group asked for (or in no single one)."""


def group_text(group: WorkingGroup) -> str:
    """Name a group by its code and name, as the group pages head it."""
    return str(_("%(code)s %(name)s", code=group.code, name=group.display_name(current_lang())))


def chosen_group(
    assessment: Assessment, actor: User, code: str | None, review: Review | None
) -> int | None:
    """Return the id of the group the review belongs to; raise GroupRefused saying why not.

    `code` must name a group the actor leads or deputises (any, for the secretariat) that
    the organisation belongs to, and an open review's own group. Without it an open review
    keeps its group, and a new one takes the one possible group, refused among several.
    """
    organisation = assessment.organisation
    possible = [g for g in led_groups(actor) if g in organisation.working_groups]
    if code is None:
        if review is not None:
            return review_group(review)
        if len(possible) > 1:
            raise GroupRefused(
                _(
                    "%(organisation)s 属于多个您可以为其指派评审员的工作组：%(groups)s。"
                    "请用 --group 指定评审所属的工作组（工作组代码）。",
                    organisation=organisation.display_name(current_lang()),
                    groups=str(_("、")).join(group_text(g) for g in possible),
                )
            )
        return possible[0].id if possible else None
    group = _by_code(code)
    if group not in led_groups(actor):  # as the group page: 403
        raise GroupRefused(no_permission_text())
    if group not in organisation.working_groups:
        raise GroupRefused(
            _(
                "%(organisation)s 不是%(group)s的成员单位。",
                organisation=organisation.display_name(current_lang()),
                group=group_text(group),
            )
        )
    owner = None if review is None else review_group(review)
    if owner is not None and owner != group.id:
        owning = db.session().get(WorkingGroup, owner)
        raise GroupRefused(
            _(
                "本年度对该单位的评审属于%(group)s，只能在该组指派评审员。",
                group=group_text(owning) if owning is not None else owner,
            )
        )
    return group.id


def _by_code(code: str) -> WorkingGroup:
    group = db.session().scalar(select(WorkingGroup).where(WorkingGroup.code == code.strip()))
    if group is None:
        raise GroupRefused(_("没有代码为 %(code)s 的工作组。", code=code))
    return group
