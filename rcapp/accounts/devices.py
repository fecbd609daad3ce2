"""Known devices: a browser where an account logged in is let through the account's lock.

Anyone can lock an account by typing wrong passwords for it (QA32 S1). After a correct
password the browser gets a signed cookie naming the account and a random device id; a
later login for that account from that browser is counted under the device, not the
account (accounts.throttle), so the owner still logs in. The cookie proves nothing by
itself: the password is checked as always.
"""

from __future__ import annotations

import secrets

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.wrappers import Response

from rcapp.accounts.models import User

COOKIE = "rcapp_device"
_SALT = "rcapp-known-device"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _max_age() -> int:
    return int(current_app.config["KNOWN_DEVICE_DAYS"]) * 24 * 3600


def known_device(user: User | None) -> str | None:
    """Return this browser's device id when `user` logged in on it before, else None."""
    value = request.cookies.get(COOKIE)
    if user is None or not value:
        return None
    try:
        found = _serializer().loads(value, max_age=_max_age())
    except BadSignature:  # also an expired one (SignatureExpired)
        return None
    if not isinstance(found, dict) or found.get("user") != user.id:
        return None
    device = found.get("device")
    return device if isinstance(device, str) else None


def remember_device(response: Response, user: User) -> Response:
    """Mark this browser as a known device of `user` (after a correct password)."""
    device = known_device(user) or secrets.token_urlsafe(16)
    response.set_cookie(
        COOKIE,
        _serializer().dumps({"user": user.id, "device": device}),
        max_age=_max_age(),
        secure=bool(current_app.config["HTTPS"]),
        httponly=True,
        samesite="Lax",
    )
    return response
