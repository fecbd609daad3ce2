"""Forgotten passwords: ask for a reset link by e-mail, then set a new password through it."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_user
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.accounts import resets, services, throttle
from rcapp.accounts.forms import ForgotPasswordForm, NewPasswordForm
from rcapp.accounts.hooks import invitation_mailer
from rcapp.accounts.views import bp, carry_language, for_owner, invalid_link
from rcapp.errors import InvalidState, NotFound

Page = str | Response | tuple[str, int] | tuple[str, int, dict[str, str]]


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password() -> Page:
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        return render_template("accounts/forgot_password.html", form=form)
    email = form.email.data or ""
    block = resets.check_request(email, request.remote_addr or "unknown")
    if block is not None:
        text = _("申请重置密码的次数过多，请 %(minutes)d 分钟后再试。", minutes=block.minutes)
        flash(text, "error")
        page = render_template("accounts/forgot_password.html", form=form)
        return page, 429, {"Retry-After": str(block.retry_after)}
    issued = resets.issue_reset(email)
    mailer = invitation_mailer()
    if issued is not None and mailer is not None:
        mailer.reset(*issued)
    db.session().commit()
    if issued is not None and mailer is not None:
        mailer.committed()  # delivery runs on the queue, after the commit that stored it
    # The same answer whether or not the address has an (active) account.
    return render_template("accounts/reset_requested.html", minutes=resets.minutes_valid())


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> Page:
    try:
        invitation = services.find_invitation(token)
    except (NotFound, InvalidState):
        return invalid_link("accounts/reset_invalid.html", token)
    carry_language(invitation.user)  # the page in the mail's language, unless switched here
    form = for_owner(NewPasswordForm(), invitation.user)
    if form.validate_on_submit():
        if services.password_matches(invitation.user, form.password.data or ""):
            # The same password again is no reset: refused, the link kept (newcomer2 #5).
            form.password.errors = [
                _("新密码不能与原密码相同；如果您想起了原密码，可以直接用它登录。")
            ]
        else:
            user = resets.reset_password(token, form.password.data or "")
            db.session().commit()
            throttle.record_success(user.email, request.remote_addr or "unknown")
            login_user(user)
            flash(_("密码已重置，您已登录；在其他设备和浏览器上的登录已结束。"), "success")
            return redirect(url_for("home.index"))
    return render_template("accounts/reset_password.html", form=form, owner=invitation.user)
