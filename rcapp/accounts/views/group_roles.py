"""The secretariat assigns and removes working-group roles (lead, deputy, reviewer)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.accounts import services
from rcapp.accounts.forms import GROUP_ROLE_LABELS, GroupRoleForm, RemoveGroupRoleForm
from rcapp.accounts.hooks import invitation_mailer
from rcapp.accounts.models import GroupRole, User, WorkingGroupRole
from rcapp.accounts.views import role_changes
from rcapp.accounts.views.role_outsider import outsider_text
from rcapp.i18n import current_lang
from rcapp.organisations.models import WorkingGroup
from rcapp.organisations.views.groups import render_group
from rcapp.permissions import Action, require
from rcapp.web import get_or_404, login_required

bp = Blueprint("group_roles", __name__, url_prefix="/working-groups")


@bp.post("/<int:group_id>/roles")
@login_required
def assign_role(group_id: int) -> str | Response:
    group = get_or_404(WorkingGroup, group_id)
    require(current_user, Action.USERS_MANAGE)
    form = GroupRoleForm()
    if form.validate_on_submit():
        user = _assign(group, form)
        if user is not None:
            mailer = invitation_mailer()
            if mailer is not None:  # the new role holder is told, as reviewers are (qa51 S6)
                mailer.role_given(user, group, GroupRole(form.role.data), current_user)
            db.session().commit()
            if mailer is not None:
                mailer.committed()
            role = GROUP_ROLE_LABELS[GroupRole(form.role.data)]
            group_name = group.display_name(current_lang())
            flash(
                _(
                    "已指定 %(name)s 为%(group)s%(role)s。",
                    name=user.name,
                    group=group_name,
                    role=role,
                ),
                "success",
            )
            if (outsider := outsider_text(group, user)) is not None:
                flash(outsider, "warning")
            return redirect(url_for("working_groups.detail", group_id=group.id))
    return render_group(group, {"roles": {"form": form}})


@bp.post("/<int:group_id>/roles/<int:role_id>/delete")
@login_required
def remove_role(group_id: int, role_id: int) -> Response:
    group = get_or_404(WorkingGroup, group_id)
    require(current_user, Action.USERS_MANAGE)
    group_role = db.session().get(WorkingGroupRole, role_id)
    if group_role is not None and group_role.working_group_id != group.id:
        abort(404)
    if group_role is None or not _as_shown(group_role):
        # A double click, or a colleague removed it first (and its id may name another
        # role now: that one stays).
        return _already_removed(group)
    form = RemoveGroupRoleForm()
    if not form.validate_on_submit():  # a crafted over-long reason (the field stops at 500)
        flash(next(iter(form.reason.errors), _("未作任何修改。")), "error")
        return redirect(url_for("working_groups.detail", group_id=group.id))
    services.remove_group_role(group_role, current_user, form.reason.data)
    db.session().commit()
    role = GROUP_ROLE_LABELS[group_role.role]
    flash(
        _(
            "已取消 %(name)s 的%(group)s%(role)s角色。",
            name=group_role.user.name,
            group=group.display_name(current_lang()),
            role=role,
        ),
        "success",
    )
    return redirect(url_for("working_groups.detail", group_id=group.id))


def _as_shown(group_role: WorkingGroupRole) -> bool:
    """Whether the row is whose role the page showed (an older page sends nothing: it is)."""
    user, role = request.form.get("user", type=int), request.form.get("role")
    if user is None or role is None:
        return True
    return group_role.user_id == user and group_role.role.value == role


def _already_removed(group: WorkingGroup) -> Response:
    """Name whose role is gone and who removed it; the page said whose it was."""
    user = db.session().get(User, request.form.get("user", type=int) or 0)
    role = request.form.get("role", "")
    if user is None or role not in set(GroupRole):
        abort(404)
    flash(role_changes.role_removed_text(group, user, GroupRole(role)), "success")
    return redirect(url_for("working_groups.detail", group_id=group.id))


def _assign(group: WorkingGroup, form: GroupRoleForm) -> User | None:
    user = services.find_user_by_email(form.email.data or "")
    if user is None:
        form.email.errors = [_("没有使用电子邮箱 %(email)s 的用户。", email=form.email.data)]
        return None
    role = GroupRole(form.role.data)
    try:
        services.assign_group_role(group, user, role, current_user, form.reason.data)
    except services.AlreadyAssigned:
        form.role.errors = [role_changes.already_assigned_text(group, user, role)]
        return None
    return user
