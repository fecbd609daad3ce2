"""The one rule of working groups' kinds: parks in the parks group, companies in the others.

The group's statistics compare its members with each other (WorkingGroup.member_kind), so a
company in the parks group (secwords #3) skews them. The services refuse such a membership
whoever sets it: the web form, the organisation import (Excel) and the command line; each says
it in its own words (wrong_group_text) naming its field, row and column, or option.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _

from rcapp.errors import RcappError
from rcapp.organisations.models import OrganisationKind, WorkingGroup


class GroupKindRefused(RcappError):
    """`groups` are made of organisations of another kind than `kind`."""

    def __init__(self, kind: OrganisationKind, groups: list[WorkingGroup]) -> None:
        super().__init__(f"{kind.value} cannot join {[g.code for g in groups]}")
        self.kind = kind
        self.groups = groups


def wrong_kind_groups(
    kind: OrganisationKind | str, groups: Iterable[WorkingGroup]
) -> list[WorkingGroup]:
    """Return the groups an organisation of `kind` cannot join, in the order given."""
    return [group for group in groups if group.member_kind != kind]


def check_group_kinds(kind: OrganisationKind | str, groups: Iterable[WorkingGroup]) -> None:
    """Raise GroupKindRefused if any of `groups` is made of the other kind."""
    wrong = wrong_kind_groups(kind, groups)
    if wrong:
        raise GroupKindRefused(OrganisationKind(kind), wrong)


def wrong_group_text(kind: OrganisationKind | str, group: str, remedy: str) -> str:
    """Say why an organisation of `kind` cannot join `group`, then `remedy` (the field's way)."""
    if kind == OrganisationKind.PARK:
        reason = _("化工园区只能加入园区工作组，不能加入%(group)s。", group=group)
    else:
        reason = _("企业不能加入%(group)s（它的成员是化工园区）。", group=group)
    # One sentence after the other: English puts a space between them, Chinese none.
    return str(_("%(reason)s%(remedy)s", reason=reason, remedy=remedy))
