"""An organisation's admin corrects the address of an account never used, or removes it.

See accounts.unused_accounts for why only an account whose invitation was never accepted.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.accounts import services, unused_accounts
from rcapp.accounts.forms import BAD_EMAIL, CorrectEmailForm, RemoveMemberForm
from rcapp.accounts.models import Membership
from rcapp.accounts.views.admin import _invitation_sent, _membership, bp
from rcapp.errors import InvalidState, NotAllowed
from rcapp.permissions import Action, require
from rcapp.web import login_required


def _correctable(organisation_id: int, user_id: int) -> Membership | Response:
    """Return the membership if its account may still be corrected; else go back, saying why."""
    membership = _membership(organisation_id, user_id)
    require(current_user, Action.ORG_MANAGE_USERS, membership.organisation)
    if unused_accounts.may_correct(membership):
        return membership
    flash(_used_text(membership), "error")
    return redirect(url_for(".organisation_users", organisation_id=organisation_id))


def _used_text(membership: Membership) -> str:
    return str(
        _(
            "%(name)s 的账号已经使用过（已设置密码或登录过）或也属于其他单位，"
            "不能再改正电子邮箱或删除；如需停用，请在用户列表中点“停用”，如需修改电子邮箱，请联系秘书处。",
            name=membership.user.name,
        )
    )


@bp.route("/organisations/<int:organisation_id>/users/<int:user_id>/email", methods=["GET", "POST"])
@login_required
def correct_email(organisation_id: int, user_id: int) -> str | Response:
    found = _correctable(organisation_id, user_id)
    if isinstance(found, Response):
        return found
    form = CorrectEmailForm()
    if form.validate_on_submit():
        try:
            token = unused_accounts.correct_email(found, form.email.data or "", current_user)
        except (InvalidState, NotAllowed):
            db.session().rollback()
            flash(_used_text(found), "error")
            return redirect(url_for(".organisation_users", organisation_id=organisation_id))
        except services.InvalidEmail:
            form.email.errors = [str(BAD_EMAIL)]
        except services.DuplicateEmail:
            db.session().rollback()
            form.email.errors = [_taken_text(form.email.data or "")]
        else:
            return _invitation_sent(found.user, token, found.organisation)
    return render_template("accounts/correct_email.html", membership=found, form=form)


def _taken_text(email: str) -> str:
    """Neutral: an account elsewhere is not named to the admin (as when adding, qa60 #4)."""
    return str(
        _(
            "%(email)s 不能用于这个账号：已有账号使用该电子邮箱。如对方已在其他单位有账号，"
            "须由秘书处办理。",
            email=services.normalise_email(email),
        )
    )


@bp.route(
    "/organisations/<int:organisation_id>/users/<int:user_id>/delete", methods=["GET", "POST"]
)
@login_required
def remove_unused(organisation_id: int, user_id: int) -> str | Response:
    """Ask first; delete only from the confirmation form."""
    found = _correctable(organisation_id, user_id)
    if isinstance(found, Response):
        return found
    form = RemoveMemberForm()
    if not (form.validate_on_submit() and form.confirmed.data == "1"):
        return render_template("accounts/remove_unused.html", membership=found, form=form)
    name, email = found.user.name, found.user.email
    try:
        unused_accounts.remove_unused(found, current_user)
    except (InvalidState, NotAllowed):
        db.session().rollback()
        flash(_used_text(found), "error")
    else:
        db.session().commit()
        done = _("已删除 %(name)s（%(email)s）的账号，邀请链接已失效。", name=name, email=email)
        flash(done, "success")
    return redirect(url_for(".organisation_users", organisation_id=organisation_id))
