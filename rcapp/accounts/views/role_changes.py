"""What a stale users or working-group page is told when a role changed since it opened.

Who made the change, and when, comes from the audit log; the page says what is stored now.
"""

from __future__ import annotations

from flask_babel import gettext as _

from rcapp.accounts.forms import GROUP_ROLE_LABELS, ROLE_LABELS
from rcapp.accounts.models import GroupRole, Membership, OrgRole, User
from rcapp.audit.models import AuditEntry
from rcapp.audit.queries import actor_name, after_of, last_change, last_deed, recent_changes
from rcapp.i18n import person_text, someone
from rcapp.organisations.models import WorkingGroup
from rcapp.web import beijing_time


def is_overtaken(membership: Membership, shown: str | None, wanted: OrgRole) -> bool:
    """Tell whether the page showed another role than the stored one and the user wants a third."""
    return shown is not None and shown != membership.role.value and wanted is not membership.role


def role_changed_text(membership: Membership) -> str:
    entry = last_change(
        "organisation", membership.organisation_id, f"user:{membership.user_id}", ("member.role",)
    )
    role = ROLE_LABELS[membership.role]
    if entry is None:  # not in the log (changed outside the app): say what is stored
        return str(
            _(
                "%(name)s 的角色在您打开本页后已被 %(by)s 改为“%(role)s”。您的修改未保存，"
                "您的选择仍显示在此；再次提交将以您的选择为准。",
                name=membership.user.name,
                by=_("其他用户"),
                role=role,
            )
        )
    return str(
        _(
            "%(name)s 的角色在您打开本页后已被 %(by)s 于 %(when)s改为“%(role)s”。您的修改未保存，"
            "您的选择仍显示在此；再次提交将以您的选择为准。",
            name=membership.user.name,
            by=_by(entry),
            when=beijing_time(entry.at),
            role=role,
        )
    )


def own_role_changed_text(membership: Membership) -> str | None:
    """Say that the user's own admin role was taken meanwhile (qa41 S5); None: not logged."""
    entry = last_change(
        "organisation", membership.organisation_id, f"user:{membership.user_id}", ("member.role",)
    )
    if entry is None:
        return None
    return str(
        _(
            "您的角色刚被 %(by)s 于 %(when)s改为“%(role)s”，不能再修改角色或管理本单位的用户；"
            "本次操作未执行。",
            by=_by(entry),
            when=beijing_time(entry.at),
            role=ROLE_LABELS[membership.role],
        )
    )


def role_removed_text(group: WorkingGroup, user: User, role: GroupRole) -> str:
    deed = last_deed("working_group", group.id, "user", user.id, ("role.remove",))
    return str(
        _(
            "%(name)s 的“%(role)s”角色已被 %(by)s 取消，无需重复操作。",
            name=person_text(user.name),
            role=GROUP_ROLE_LABELS[role],
            by=someone(deed.by if deed is not None else None),
        )
    )


def already_assigned_text(group: WorkingGroup, user: User, role: GroupRole) -> str:
    """Refuse a role the user holds already, naming who assigned it and when if logged."""
    entries = recent_changes("working_group", group.id, f"user:{user.id}", ("role.add",))
    entry = next((e for e in entries if after_of(e) == role.value), None)
    if entry is None:
        return str(_("%(name)s 已经担任该工作组的这一角色。", name=user.name))
    return str(
        _(
            "%(name)s 已于 %(when)s由 %(by)s 指定为该工作组的“%(role)s”，无需重复指定。",
            name=user.name,
            when=beijing_time(entry.at),
            by=_by(entry),
            role=GROUP_ROLE_LABELS[role],
        )
    )


def _by(entry: AuditEntry) -> str:
    return someone(actor_name(entry))
