"""The secretariat adds an existing user to an organisation or removes a membership.

A reviewer's organisations decide their conflicts of interest, so a change here re-checks
the reviewer's open assignments (accounts.hooks, registered by reviews) and names those
now in conflict and those whose conflict it ended.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.accounts import queries, services
from rcapp.accounts.forms import JoinForm, MemberForm, RemoveMemberForm
from rcapp.accounts.hooks import MembershipEffects, membership_watcher
from rcapp.accounts.models import OrgRole
from rcapp.accounts.views.admin import bp, render_members
from rcapp.organisations.models import Organisation
from rcapp.permissions import Action, require
from rcapp.web import get_or_404, login_required


@bp.post("/organisations/<int:organisation_id>/users/join")
@login_required
def join(organisation_id: int) -> str | Response:
    organisation = get_or_404(Organisation, organisation_id)
    require(current_user, Action.USERS_MANAGE)
    form = JoinForm(prefix="join")
    if form.validate_on_submit():
        user = services.find_user_by_email(form.email.data or "")
        if user is None:
            form.email.errors = [_("没有使用该电子邮箱的账号；请先创建账号。")]
        else:
            try:
                affected = services.join_organisation(
                    user, organisation.id, OrgRole(form.role.data), current_user
                )
            except services.AlreadyMember:
                db.session().rollback()
                flash(_("%(email)s 已是本单位成员。", email=user.email), "success")
            else:
                return _membership_changed(
                    organisation, _("已将 %(name)s 加入本单位。", name=user.name), affected
                )
            return redirect(url_for(".organisation_users", organisation_id=organisation_id))
    return render_members(organisation, MemberForm(), join_form=form)


@bp.route(
    "/organisations/<int:organisation_id>/users/<int:user_id>/remove", methods=["GET", "POST"]
)
@login_required
def remove(organisation_id: int, user_id: int) -> str | Response:
    """Ask first, naming what follows; remove only from the confirmation form."""
    require(current_user, Action.USERS_MANAGE)
    membership = queries.find_membership(organisation_id, user_id)
    if membership is None:  # a double click, or removed meanwhile: gone either way
        flash(_("该用户已不是本单位成员。"), "success")
        return redirect(url_for(".organisation_users", organisation_id=organisation_id))
    form = RemoveMemberForm()
    if not (form.validate_on_submit() and form.confirmed.data == "1"):
        return render_template("accounts/remove_member.html", membership=membership, form=form)
    name, organisation = membership.user.name, membership.organisation
    affected = services.remove_member(membership, current_user)
    return _membership_changed(organisation, _("已将 %(name)s 移出本单位。", name=name), affected)


def _membership_changed(
    organisation: Organisation, done: str, affected: MembershipEffects
) -> Response:
    """Commit, deliver the notices, and name the review assignments put in or out of conflict."""
    db.session().commit()
    membership_watcher().committed()
    flash(done, "success")
    comma = str(_("、"))
    if affected.in_conflict:
        flash(
            _(
                "以下评审任务因此存在利益冲突，评审员已不能保存或提交，已通知工作组组长和副组长："
                "%(list)s。",
                list=comma.join(affected.in_conflict),
            ),
            "warning",
        )
    if affected.conflict_ended:
        # The leads were told by e-mail; the secretariat sees it here, beside the warning.
        flash(
            _(
                "以下评审任务的利益冲突因此已解除，评审员可以继续评审，已通知工作组组长和副组长："
                "%(list)s。",
                list=comma.join(affected.conflict_ended),
            ),
            "success",
        )
    if affected.conflict_ended_frozen:
        flash(
            _(
                "以下评审任务的利益冲突因此已解除，已通知工作组组长和副组长；但其年度已关闭，"
                "评审结果已冻结，重新开放该年度之前评审员仍不能继续评审：%(list)s。",
                list=comma.join(affected.conflict_ended_frozen),
            ),
            "warning",
        )
    return redirect(url_for(".organisation_users", organisation_id=organisation.id))
