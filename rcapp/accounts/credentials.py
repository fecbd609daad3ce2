"""Credentials around an account: password rules in context, session and link revocation.

Services flush, never commit. `rcapp.accounts.services` builds on these.
"""

from __future__ import annotations

import logging

from sqlalchemy import func, select

from rcapp import db
from rcapp.accounts.models import Invitation, User
from rcapp.accounts.password_rules import PasswordProblem, password_problem
from rcapp.audit.services import record
from rcapp.db import utcnow
from rcapp.errors import RcappError
from rcapp.organisations.models import Organisation

logger = logging.getLogger(__name__)


class WeakPassword(RcappError):
    """The new password breaks a password rule; `problem` says which."""

    def __init__(self, problem: PasswordProblem) -> None:
        super().__init__(f"weak password: {problem}")
        self.problem = problem


def organisation_names(user: User) -> list[str]:
    """Return the names a password must not contain: the user's organisations'."""
    names: list[str] = []
    for membership in user.memberships:
        names += [membership.organisation.name_zh, membership.organisation.name_en or ""]
    return names


def check_new_password(user: User, password: str) -> None:
    problem = password_problem(
        password, email=user.email, names=organisation_names(user), person=user.name
    )
    if problem is not None:
        raise WeakPassword(problem)


def organisation_names_of(organisation_id: int | None) -> list[str]:
    if organisation_id is None:
        return []
    organisation = db.session().get(Organisation, organisation_id)
    return [organisation.name_zh, organisation.name_en or ""] if organisation else []


def revoke_sessions(user: User) -> None:
    """End every session of `user`: their login ids carry the old version (web.load_user)."""
    user.session_version += 1
    db.session().flush()
    logger.info("User %s sessions revoked (version %s)", user.id, user.session_version)


def revoke_open_invitations(user: User) -> None:
    now = utcnow()
    for invitation in db.session().scalars(
        select(Invitation).where(
            Invitation.user_id == user.id,
            Invitation.used_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
    ):
        invitation.revoked_at = now


def record_login_lockout(email: str, address: str, scopes: list[str]) -> None:
    """Write a lockout to the audit log, against the account when it exists."""
    normalised = email.strip().lower()
    user = db.session().scalar(select(User).where(func.lower(User.email) == normalised))
    record(
        None,
        "user",
        user.id if user is not None else 0,
        "login.lockout",
        field=f"address:{address}"[:100],
        after={
            "email": (normalised if user is not None else _masked(normalised))[:254],
            "scopes": scopes,
        },
    )


def _masked(typed: str) -> str:
    """Keep only the domain of a typed e-mail that has no account ("…@example.cn").

    What was typed may be a password typed in the wrong box, or a real person's address
    who has no account here: the log keeps neither (QA47 D7).
    """
    _name, at, domain = typed.rpartition("@")
    return f"…@{domain}" if at else "…"
