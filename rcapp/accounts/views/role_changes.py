"""What a stale users or working-group page is told when a role changed since it opened.

Who made the change comes from the audit log; the page says what is stored now.
"""

from __future__ import annotations

from flask_babel import gettext as _

from rcapp.accounts.forms import GROUP_ROLE_LABELS, ROLE_LABELS
from rcapp.accounts.models import GroupRole, Membership, OrgRole, User
from rcapp.audit.queries import last_actor_name
from rcapp.organisations.models import WorkingGroup


def is_overtaken(membership: Membership, shown: str | None, wanted: OrgRole) -> bool:
    """Tell whether the page showed another role than the stored one and the user wants a third."""
    return shown is not None and shown != membership.role.value and wanted is not membership.role


def role_changed_text(membership: Membership) -> str:
    by = last_actor_name(
        "organisation", membership.organisation_id, f"user:{membership.user_id}", ("member.role",)
    )
    return str(
        _(
            "%(name)s 的角色在您打开本页后已被 %(by)s 改为“%(role)s”。您的修改未保存，"
            "您的选择仍显示在此；再次提交将以您的选择为准。",
            name=membership.user.name,
            by=by or _("其他用户"),
            role=ROLE_LABELS[membership.role],
        )
    )


def role_removed_text(group: WorkingGroup, user: User, role: GroupRole) -> str:
    by = last_actor_name("working_group", group.id, f"user:{user.id}", ("role.remove",))
    return str(
        _(
            "%(name)s 的“%(role)s”角色已被 %(by)s 取消，无需重复操作。",
            name=user.name,
            role=GROUP_ROLE_LABELS[role],
            by=by or _("其他用户"),
        )
    )
