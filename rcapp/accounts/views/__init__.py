"""Login, logout, password change and invitation acceptance."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.accounts import services
from rcapp.accounts.forms import ChangePasswordForm, LoginForm, NewPasswordForm
from rcapp.errors import InvalidState, NotFound
from rcapp.home import safe_next

bp = Blueprint("accounts", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data or "", form.password.data or "")
        if user is not None:
            db.session().commit()
            login_user(user)
            if user.must_change_password:
                return redirect(url_for("accounts.change_password"))
            return redirect(safe_next(request.args.get("next")))
        flash(_("电子邮箱或密码不正确。"), "error")
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
def logout() -> Response:
    logout_user()
    flash(_("您已退出登录。"), "success")
    return redirect(url_for("home.index"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password() -> str | Response:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not services.password_matches(current_user, form.current_password.data or ""):
            form.current_password.errors = [_("当前密码不正确。")]
        else:
            services.set_password(current_user, form.password.data or "")
            db.session().commit()
            flash(_("密码已修改。"), "success")
            return redirect(url_for("home.index"))
    return render_template("accounts/change_password.html", form=form)


@bp.route("/invite/<token>", methods=["GET", "POST"])
def accept_invitation(token: str) -> str | Response:
    try:
        invitation = services.find_invitation(token)
    except (NotFound, InvalidState):
        return render_template("accounts/invitation_invalid.html"), 404  # type: ignore[return-value]
    form = NewPasswordForm()
    if form.validate_on_submit():
        user = services.accept_invitation(token, form.password.data or "")
        db.session().commit()
        login_user(user)
        flash(_("密码已设置，欢迎使用。"), "success")
        return redirect(url_for("home.index"))
    return render_template("accounts/accept_invitation.html", form=form, invitee=invitation.user)
