"""Working-group pages: the groups with their members, and the secretariat's role assignment."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.accounts import services as accounts
from rcapp.accounts.forms import GroupRoleForm
from rcapp.accounts.models import GroupRole, User, WorkingGroupRole
from rcapp.organisations import queries
from rcapp.organisations.models import WorkingGroup
from rcapp.permissions import Action, can, require
from rcapp.web import get_or_404, login_required

bp = Blueprint("working_groups", __name__, url_prefix="/working-groups")


@bp.get("/")
@login_required
def index() -> str:
    require(current_user, Action.GROUP_VIEW)
    groups = queries.groups_visible_to(current_user)
    return render_template("organisations/groups.html", groups=groups)


@bp.get("/<int:group_id>")
@login_required
def detail(group_id: int) -> str:
    group = get_or_404(WorkingGroup, group_id)
    require(current_user, Action.GROUP_VIEW, group)
    return _render_detail(group, GroupRoleForm())


@bp.post("/<int:group_id>/roles")
@login_required
def assign_role(group_id: int) -> str | Response:
    group = get_or_404(WorkingGroup, group_id)
    require(current_user, Action.USERS_MANAGE)
    form = GroupRoleForm()
    if form.validate_on_submit():
        user = _assign(group, form)
        if user is not None:
            db.session().commit()
            flash(_("已指定 %(name)s 的工作组角色。", name=user.name), "success")
            return redirect(url_for(".detail", group_id=group.id))
    return _render_detail(group, form)


@bp.post("/<int:group_id>/roles/<int:role_id>/delete")
@login_required
def remove_role(group_id: int, role_id: int) -> Response:
    group = get_or_404(WorkingGroup, group_id)
    require(current_user, Action.USERS_MANAGE)
    group_role = get_or_404(WorkingGroupRole, role_id)
    if group_role.working_group_id != group.id:
        abort(404)
    accounts.remove_group_role(group_role, current_user)
    db.session().commit()
    flash(_("已取消 %(name)s 的工作组角色。", name=group_role.user.name), "success")
    return redirect(url_for(".detail", group_id=group.id))


def _assign(group: WorkingGroup, form: GroupRoleForm) -> User | None:
    user = accounts.find_user_by_email(form.email.data or "")
    if user is None:
        form.email.errors = [_("没有使用电子邮箱 %(email)s 的用户。", email=form.email.data)]
        return None
    try:
        accounts.assign_group_role(group, user, GroupRole(form.role.data), current_user)
    except accounts.AlreadyAssigned:
        form.role.errors = [_("%(name)s 已经担任该工作组的这一角色。", name=user.name)]
        return None
    return user


def _render_detail(group: WorkingGroup, form: GroupRoleForm) -> str:
    return render_template(
        "organisations/group.html",
        group=group,
        roles=queries.group_roles(group),
        form=form if can(current_user, Action.USERS_MANAGE) else None,
    )
