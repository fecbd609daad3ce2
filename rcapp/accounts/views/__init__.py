"""Login, logout, password change and invitation acceptance (forgotten passwords: resets)."""

from __future__ import annotations

from typing import TypeVar

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.accounts import credentials, devices, login_audit, services, throttle
from rcapp.accounts.deactivations import deactivations_of
from rcapp.accounts.forms import ChangePasswordForm, LoginForm, LogoutForm, NewPasswordForm
from rcapp.accounts.models import User
from rcapp.errors import InvalidState, NotFound
from rcapp.home import safe_next
from rcapp.i18n import LANG_SESSION_KEY, visitor_locale
from rcapp.security import csrf

bp = Blueprint("accounts", __name__)
ACCOUNT_ONLY = frozenset({throttle.Scope.ACCOUNT})
FormT = TypeVar("FormT", bound=NewPasswordForm)

# Pages a user who must still replace a first password may open.
_OPEN_BEFORE_PASSWORD_CHANGE = frozenset(
    {"accounts.change_password", "accounts.logout", "home.switch_language", "static"}
)


@bp.before_app_request
def _require_password_change() -> Response | None:
    """Send a user with a first password from someone else to change it before anything."""
    if request.endpoint in _OPEN_BEFORE_PASSWORD_CHANGE or request.endpoint is None:
        return None
    if current_user.is_authenticated and current_user.must_change_password:
        return redirect(url_for("accounts.change_password"))
    return None


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int, dict[str, str]]:
    form = LoginForm()
    if form.validate_on_submit():
        email, address = form.email.data or "", request.remote_addr or "unknown"
        account = services.find_user_by_email(email)
        device = devices.known_device(account)
        block = throttle.check(email, address, device=device)
        if block is not None:
            return _refused_for_now(form, block)
        try:
            user = services.authenticate(email, form.password.data or "")
        except services.AccountDeactivated:
            if account is not None:
                login_audit.record_failed_login(account, address, deactivated=True)
                db.session().commit()
            flash(_deactivated_text(email), "error")  # only after the right password
            return render_template("accounts/login.html", form=form)
        if user is not None:
            throttle.record_success(email, address, device)
            carry_language(user)
            login_audit.record_login(user, address)
            db.session().commit()
            login_user(user)
            if user.must_change_password:
                return devices.remember_device(redirect(url_for("accounts.change_password")), user)
            return devices.remember_device(redirect(safe_next(request.args.get("next"))), user)
        # Written for an unknown e-mail too: both refusals do the same database work.
        if account is not None:
            login_audit.record_failed_login(account, address)
        else:
            login_audit.record_unknown_login(address)
        _count_failure(email, address, device=device)
        db.session().commit()
        # Said in the form, which marks both fields by it: which one is wrong stays unsaid.
        refused = _("电子邮箱或密码不正确。")
        return render_template("accounts/login.html", form=form, refused=refused)
    return render_template("accounts/login.html", form=form)


def carry_language(user: User) -> None:
    """Open in the language the user last chose, on any browser.

    A language switched on this browser before logging in wins and becomes the stored one.
    """
    chosen = session.get(LANG_SESSION_KEY)
    if chosen in current_app.config["LANGUAGES"]:
        user.language = chosen
    elif user.language in current_app.config["LANGUAGES"]:
        session[LANG_SESSION_KEY] = user.language


def _deactivated_text(email: str) -> str:
    """Name who can start the account again: only the secretariat, if it stopped it."""
    user = services.find_user_by_email(email)
    stopped = deactivations_of([user.id]).get(user.id) if user is not None else None
    if stopped is not None and stopped.by_secretariat:
        return str(_("您的账号已被秘书处停用，无法登录。如需恢复使用，请联系秘书处。"))
    return str(
        _("您的账号已停用，无法登录。如需恢复使用，请联系秘书处（或本单位管理员）重新启用账号。")
    )


def _count_failure(
    email: str,
    address: str,
    scopes: frozenset[throttle.Scope] = throttle.BOTH,
    device: str | None = None,
) -> None:
    locked_scopes = throttle.record_failure(email, address, scopes, device)
    if locked_scopes:
        credentials.record_login_lockout(email, address, [str(s) for s in locked_scopes])
        db.session().commit()


def _refused_for_now(form: LoginForm, block: throttle.Block) -> tuple[str, int, dict[str, str]]:
    flash(refusal_text(block), "error")
    page = render_template("accounts/login.html", form=form)
    return page, 429, {"Retry-After": str(block.retry_after)}


def refusal_text(block: throttle.Block) -> str:
    """Say how long to wait, and whether the person's account or their network address is held."""
    minutes, seconds = block.minutes, block.retry_after
    in_minutes = seconds > 90
    if block.scope is throttle.Scope.ADDRESS:
        # Colleagues behind the same address share this count: do not blame the person.
        if block.locked:
            text = _(
                "来自您所在网络地址的登录失败次数过多，已暂时锁定，请 %(minutes)d 分钟后再试。"
                "同一网络中其他人的失败登录也计算在内，不一定是您输错了密码。",
                minutes=minutes,
            )
        elif in_minutes:
            text = _(
                "来自您所在网络地址的登录失败次数过多，请 %(minutes)d 分钟后再试。"
                "同一网络中其他人的失败登录也计算在内，不一定是您输错了密码。",
                minutes=minutes,
            )
        else:
            text = _(
                "来自您所在网络地址的登录失败次数过多，请 %(seconds)d 秒后再试。"
                "同一网络中其他人的失败登录也计算在内，不一定是您输错了密码。",
                seconds=seconds,
            )
    elif block.locked:
        text = _(
            "登录失败次数过多，已暂时锁定，请 %(minutes)d 分钟后再试。"
            "如忘记密码，可点击下方的“忘记密码？”重新设置。",
            minutes=minutes,
        )
    elif in_minutes:
        text = _("登录失败次数过多，请 %(minutes)d 分钟后再试。", minutes=minutes)
    else:
        text = _("登录失败次数过多，请 %(seconds)d 秒后再试。", seconds=seconds)
    return str(text)


def current_password_refusal_text(block: throttle.Block) -> str:
    """Say it for the password-change page: the user is logged in, typing a current password.

    Its failures share the account's count with failed logins (one count per account, so
    guesses here and on the login page do not add up to twice the rate), which the text says.
    """
    if block.locked:
        text = _(
            "当前密码输入错误次数过多（登录时输错的密码也计算在内），已暂时锁定，"
            "请 %(minutes)d 分钟后再试。",
            minutes=block.minutes,
        )
    elif block.retry_after > 90:
        text = _(
            "当前密码输入错误次数过多（登录时输错的密码也计算在内），请 %(minutes)d 分钟后再试。",
            minutes=block.minutes,
        )
    else:
        text = _(
            "当前密码输入错误次数过多（登录时输错的密码也计算在内），请 %(seconds)d 秒后再试。",
            seconds=block.retry_after,
        )
    return str(text)


# The token is checked here rather than by CSRFProtect (QA32 S6: a POST without one logged
# out): a token gone stale (a page open while the user logged in again in another tab) gets
# a page with a fresh one to confirm, not the 400 error page, so nobody is kept logged in.
@bp.post("/logout")
@csrf.exempt
def logout() -> Response | tuple[str, int]:
    if not current_user.is_authenticated:
        logout_user()
        return redirect(url_for("home.index"))
    form = LogoutForm()
    if not form.validate_on_submit():
        return render_template("accounts/logout_confirm.html", form=form), 400
    # Ends this session and any copy of its cookie, and the user's other sessions: the
    # cookie is the session's only record, so this is the one way to end a copied one.
    # The button says so ("all devices").
    user = current_user._get_current_object()
    credentials.revoke_sessions(user)
    login_audit.record_logout(user, request.remote_addr or "unknown")
    db.session().commit()
    logout_user()
    flash(_("您已退出登录；在其他设备和浏览器上的登录也已结束。"), "success")
    return redirect(url_for("home.index"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password() -> str | Response | tuple[str, int, dict[str, str]]:
    form = for_owner(ChangePasswordForm(), current_user)
    if form.validate_on_submit():
        # Whoever holds an open session must not guess the current password without limit:
        # wrong ones count for the account as failed logins do (and lock its login too).
        email, address = current_user.email, request.remote_addr or "unknown"
        block = throttle.check(email, address, ACCOUNT_ONLY)
        if block is not None:
            flash(current_password_refusal_text(block), "error")
            page = render_template("accounts/change_password.html", form=form)
            return page, 429, {"Retry-After": str(block.retry_after)}
        if not services.password_matches(current_user, form.current_password.data or ""):
            _count_failure(email, address, ACCOUNT_ONLY)
            form.current_password.errors = [_("当前密码不正确。")]
        elif services.password_matches(current_user, form.password.data or ""):
            form.password.errors = [_("新密码不能与当前密码相同。")]
        else:
            user = current_user._get_current_object()
            services.change_password(user, form.password.data or "")
            db.session().commit()
            throttle.record_success(email, address)
            login_user(user)  # this session carries on with the new version; others end
            flash(_("密码已修改。"), "success")
            return redirect(url_for("home.index"))
    return render_template("accounts/change_password.html", form=form)


@bp.route("/invite/<token>", methods=["GET", "POST"])
def accept_invitation(token: str) -> str | Response:
    try:
        invitation = services.find_invitation(token)
    except (NotFound, InvalidState):
        return invalid_link("accounts/invitation_invalid.html", token)  # type: ignore[return-value]
    carry_language(invitation.user)  # the page in the mail's language, unless switched here
    form = for_owner(NewPasswordForm(), invitation.user)
    if form.validate_on_submit():
        user = services.accept_invitation(token, form.password.data or "")
        db.session().commit()
        login_user(user)
        flash(_("密码已设置，欢迎使用。"), "success")
        return redirect(url_for("home.index"))
    return render_template("accounts/accept_invitation.html", form=form, invitee=invitation.user)


def invalid_link(template: str, token: str) -> tuple[str, int]:
    """Show a spent or unknown link's page in its owner's language, else the visitor's.

    The owner clicking the link in their mail once more is the usual case: the page offers
    logging in and the forgotten-password link.
    """
    owner = services.invitation_owner(token)
    supported = current_app.config["LANGUAGES"]
    locale = visitor_locale()
    if session.get(LANG_SESSION_KEY) not in supported and owner and owner.language in supported:
        locale = str(owner.language)
    with force_locale(locale):
        return render_template(template), 404


def for_owner(form: FormT, user: User) -> FormT:
    """Tell the form whose password it is, so it can refuse their e-mail, name or organisation."""
    form.owner_email = user.email
    form.owner_names = credentials.organisation_names(user)
    form.owner_name = user.name
    return form
