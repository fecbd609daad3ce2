"""Account operations: create users, check passwords, invitations. Services flush, never commit."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from rcapp import db
from rcapp.accounts.models import Invitation, Membership, OrgRole, User
from rcapp.db import utcnow
from rcapp.errors import InvalidState, NotFound

logger = logging.getLogger(__name__)

INVITATION_DAYS = 14
MIN_PASSWORD_LENGTH = 10
# A real hash of a random password, so unknown e-mails take as long as wrong passwords.
_DUMMY_HASH = generate_password_hash(secrets.token_hex(16))


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session().scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def create_user(
    email: str,
    name: str,
    *,
    password: str | None = None,
    is_secretariat: bool = False,
    must_change_password: bool = False,
) -> User:
    user = User(
        email=normalise_email(email),
        name=name.strip(),
        is_secretariat=is_secretariat,
        must_change_password=must_change_password,
        password_hash=generate_password_hash(password) if password else None,
    )
    db.session().add(user)
    db.session().flush()
    logger.info("User %s created (%s)", user.id, user.email)
    return user


def add_membership(user: User, organisation_id: int, role: OrgRole = OrgRole.MEMBER) -> Membership:
    membership = Membership(user=user, organisation_id=organisation_id, role=role)
    db.session().add(membership)
    db.session().flush()
    return membership


def authenticate(email: str, password: str) -> User | None:
    """Return the active user whose password matches, else None (same cost either way)."""
    user = find_user_by_email(email)
    stored = user.password_hash if user is not None and user.password_hash else _DUMMY_HASH
    if not check_password_hash(stored, password) or user is None or not user.is_active:
        return None
    user.last_login_at = utcnow()
    return user


def password_matches(user: User, password: str) -> bool:
    return bool(user.password_hash) and check_password_hash(user.password_hash or "", password)


def set_password(user: User, new_password: str) -> None:
    user.password_hash = generate_password_hash(new_password)
    user.must_change_password = False
    db.session().flush()
    logger.info("User %s changed password", user.id)


def create_invitation(user: User, created_by: User | None) -> str:
    """Return a one-time token for an invitation link; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        user_id=user.id,
        token_hash=_token_hash(token),
        created_by_id=created_by.id if created_by else None,
        expires_at=utcnow() + dt.timedelta(days=INVITATION_DAYS),
    )
    db.session().add(invitation)
    db.session().flush()
    logger.info("Invitation %s for user %s", invitation.id, user.id)
    return token


def find_invitation(token: str) -> Invitation:
    invitation = db.session().scalar(
        select(Invitation).where(Invitation.token_hash == _token_hash(token))
    )
    if invitation is None:
        raise NotFound("invitation")
    if invitation.used_at is not None or invitation.expires_at < utcnow():
        raise InvalidState("invitation", "used or expired", "accept")
    return invitation


def accept_invitation(token: str, password: str) -> User:
    invitation = find_invitation(token)
    invitation.used_at = utcnow()
    set_password(invitation.user, password)
    return invitation.user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
