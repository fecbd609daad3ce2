"""Forgotten passwords: a single-use, short-lived link by e-mail, asked for by the owner.

A reset link is an invitation link (accounts.services) valid for PASSWORD_RESET_MINUTES:
only its hash is stored, a newer link (or invitation) and any password set end it.
Whoever asks is told the same whether or not the address has an account; only an active
account gets a link. Requests are counted per e-mail address typed and per network address
in the limits library's storage (as failed logins are, accounts.throttle). Services flush,
never commit.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import time

from flask import current_app
from limits import RateLimitItem, parse

from rcapp.accounts import services
from rcapp.accounts.models import User
from rcapp.accounts.throttle import Block, Scope
from rcapp.audit.services import record
from rcapp.db import utcnow
from rcapp.security import limiter_for

logger = logging.getLogger(__name__)


def check_request(email: str, address: str) -> Block | None:
    """Count one request; return the wait when a limit was already used up (nothing counted)."""
    strategy = limiter_for(current_app).limiter
    rules = _rules(email, address)
    for scope, item, key in rules:
        if not strategy.test(item, *key):
            reset_at = strategy.get_window_stats(item, *key).reset_time
            return Block(True, scope, max(1, math.ceil(reset_at - time.time())))
    for _scope, item, key in rules:
        strategy.hit(item, *key)
    return None


def _rules(email: str, address: str) -> list[tuple[Scope, RateLimitItem, tuple[str, ...]]]:
    config = current_app.config
    return [
        (
            Scope.ACCOUNT,
            parse(config["PASSWORD_RESET_PER_ACCOUNT"]),
            ("rcapp-reset", Scope.ACCOUNT.value, services.normalise_email(email)),
        ),
        (
            Scope.ADDRESS,
            parse(config["PASSWORD_RESET_PER_ADDRESS"]),
            ("rcapp-reset", Scope.ADDRESS.value, address),
        ),
    ]


def issue_reset(email: str) -> tuple[User, str] | None:
    """Return the account and a new link's token; None when no active account has `email`."""
    user = services.find_user_by_email(email)
    if user is None or not user.is_active:
        return None
    minutes = int(current_app.config["PASSWORD_RESET_MINUTES"])
    token = services.create_invitation(user, None, dt.timedelta(minutes=minutes))
    record(None, "user", user.id, "password.reset_request")
    logger.info("Password reset link for user %s", user.id)
    return user, token


def reset_password(token: str, password: str) -> User:
    """Set the new password through a reset link; the link is spent, other sessions end."""
    invitation = services.find_invitation(token)
    invitation.used_at = utcnow()
    services.set_password(invitation.user, password)
    record(invitation.user, "user", invitation.user_id, "password.reset")
    return invitation.user


def minutes_valid() -> int:
    return int(current_app.config["PASSWORD_RESET_MINUTES"])
