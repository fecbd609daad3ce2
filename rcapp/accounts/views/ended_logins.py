"""Why this browser's login ended, told to the browser that held it (web._ask_to_log_in).

A session's login id is `<id>.<session_version>` (accounts.load_user). When the loader
refuses it, the session still carries it: the account it names may since have been
deactivated, or its password changed on another device or browser (the session keeps a
mark of the password it logged in with). Only the holder of that signed session cookie, who
logged in as that user, is told; anyone else gets the usual message.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app, session
from flask_babel import gettext as _

from rcapp import db
from rcapp.accounts.deactivations import deactivations_of
from rcapp.accounts.models import User, parse_login_id

PASSWORD_MARK_KEY = "_rcapp_password_mark"  # noqa: S105 - a session key, not a password


def password_mark(user: User) -> str:
    """Return a short keyed digest of the user's stored password hash (it changes with it)."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    digest = hmac.new(key, (user.password_hash or "").encode(), hashlib.sha256)
    return digest.hexdigest()[:16]


def remember_password_mark(_sender: object, user: User, **_extra: object) -> None:
    """On login (Flask-Login's user_logged_in), keep the mark of the password in use."""
    session[PASSWORD_MARK_KEY] = password_mark(user)


def ended_login_message(posted: bool) -> str | None:
    """Return what ended this session's login, when known; None for the usual message."""
    user = _former_user()
    if user is None:
        return None
    if not user.is_active:
        return _deactivated(user, posted)
    mark = session.get(PASSWORD_MARK_KEY)
    if mark is not None and mark != password_mark(user):
        if posted:
            return str(
                _(
                    "您的密码已在其他设备或浏览器上修改，本次登录已结束，刚才的输入没有保存。"
                    "请用新密码重新登录，将回到该页面，可在页面顶部恢复未保存的输入，再保存。"
                )
            )
        return str(_("您的密码已在其他设备或浏览器上修改，请用新密码重新登录。"))
    return None


def _former_user() -> User | None:
    """Return the user this session was logged in as, if its login id was refused."""
    login_id = session.get("_user_id")
    if not isinstance(login_id, str):
        return None
    parsed = parse_login_id(login_id)
    if parsed is None:
        return None
    user_id, version = parsed
    user = db.session().get(User, user_id)
    if user is None or (user.is_active and user.session_version == version):
        return None
    return user


def _deactivated(user: User, posted: bool) -> str:
    """Name who can start the account again: only the secretariat, if it stopped it."""
    stopped = deactivations_of([user.id]).get(user.id)
    if stopped is not None and stopped.by_secretariat:
        if posted:
            return str(_("您的账号已被秘书处停用，刚才的输入没有保存。请联系秘书处。"))
        return str(_("您的账号已被秘书处停用。请联系秘书处。"))
    if posted:
        return str(_("您的账号已停用，刚才的输入没有保存。请联系本单位管理员。"))
    return str(_("您的账号已停用。请联系本单位管理员。"))
