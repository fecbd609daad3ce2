"""Account operations: create users, check passwords, invitations. Services flush, never commit."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm.attributes import set_committed_value

from rcapp import db
from rcapp.accounts.credentials import (
    WeakPassword,
    check_new_password,
    organisation_names_of,
    revoke_open_invitations,
    revoke_sessions,
)
from rcapp.accounts.deactivations import check_reactivation_allowed, record_deactivation
from rcapp.accounts.hooks import MembershipEffects, membership_watcher
from rcapp.accounts.models import (
    GroupRole,
    Invitation,
    Membership,
    OrgRole,
    User,
    WorkingGroupRole,
)
from rcapp.accounts.password_rules import MIN_PASSWORD_LENGTH as MIN_PASSWORD_LENGTH
from rcapp.accounts.password_rules import password_problem
from rcapp.accounts.passwords import check_password, dummy_hash, hash_password
from rcapp.audit.services import record
from rcapp.db import utcnow
from rcapp.email_addresses import is_sendable
from rcapp.errors import InvalidState, NotAllowed, NotFound, RcappError
from rcapp.organisations.models import WorkingGroup
from rcapp.uniques import AlreadyStored, claim

logger = logging.getLogger(__name__)

INVITATION_DAYS = 14


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
    language: str | None = None,
) -> User:
    user = User(
        email=normalise_email(email),
        name=name.strip(),
        is_secretariat=is_secretariat,
        must_change_password=must_change_password,
        language=language,
        password_hash=hash_password(password) if password else None,
    )
    try:
        with claim(User, "email"):
            db.session().add(user)
    except AlreadyStored as exc:  # created by another request since the check
        raise DuplicateEmail(user.email) from exc
    logger.info("User %s created (%s)", user.id, user.email)
    return user


def add_membership(user: User, organisation_id: int, role: OrgRole = OrgRole.MEMBER) -> Membership:
    membership = Membership(user=user, organisation_id=organisation_id, role=role)
    db.session().add(membership)
    db.session().flush()
    return membership


def authenticate(email: str, password: str) -> User | None:
    """Return the active user whose password matches, else None (same cost either way).

    A deactivated account with the right password raises AccountDeactivated, so the person
    can be told why; a wrong password says nothing about the account.
    """
    user = find_user_by_email(email)
    stored = user.password_hash if user is not None and user.password_hash else dummy_hash()
    if not check_password(stored, password) or user is None or not user.password_hash:
        return None
    if not user.is_active:
        raise AccountDeactivated(str(user.id))
    user.last_login_at = utcnow()
    return user


def password_matches(user: User, password: str) -> bool:
    return bool(user.password_hash) and check_password(user.password_hash or "", password)


def set_password(user: User, new_password: str) -> None:
    """Set a password the user chose; every other session and open invitation ends."""
    check_new_password(user, new_password)
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    revoke_sessions(user)
    revoke_open_invitations(user)
    db.session().flush()
    logger.info("User %s changed password", user.id)


def change_password(user: User, new_password: str) -> None:
    """Set a password the user chose knowing the old one, and say so in the audit log."""
    set_password(user, new_password)
    record(user, "user", user.id, "password.change")


def create_invitation(
    user: User, created_by: User | None, valid_for: dt.timedelta | None = None
) -> str:
    """Return a one-time token for an invitation link; only its hash is stored.

    Any older link of the same user stops working: only the newest invitation counts.
    A password-reset link is one too, valid for a shorter while (accounts.resets).
    """
    revoke_open_invitations(user)
    token = new_token()
    invitation = Invitation(
        user_id=user.id,
        token_hash=_token_hash(token),
        created_by_id=created_by.id if created_by else None,
        expires_at=utcnow() + (valid_for or dt.timedelta(days=INVITATION_DAYS)),
    )
    db.session().add(invitation)
    db.session().flush()
    logger.info("Invitation %s for user %s", invitation.id, user.id)
    return token


def new_token() -> str:
    """Return a fresh invitation token (as the link carries it)."""
    return secrets.token_urlsafe(32)


def find_invitation(token: str) -> Invitation:
    invitation = db.session().scalar(
        select(Invitation).where(Invitation.token_hash == _token_hash(token))
    )
    if invitation is None:
        raise NotFound("invitation")
    if (
        invitation.used_at is not None
        or invitation.revoked_at is not None
        or invitation.expires_at < utcnow()
        or not invitation.user.is_active
    ):
        raise InvalidState("invitation", "used, revoked or expired", "accept")
    return invitation


def invitation_owner(token: str) -> User | None:
    """Return whose link `token` was, used, revoked or expired (None for an unknown token)."""
    invitation = db.session().scalar(
        select(Invitation).where(Invitation.token_hash == _token_hash(token))
    )
    return invitation.user if invitation is not None else None


def accept_invitation(token: str, password: str) -> User:
    """Set the first password through a link; the link (and any other) is spent."""
    invitation = find_invitation(token)
    invitation.used_at = utcnow()
    set_password(invitation.user, password)
    record(invitation.user, "user", invitation.user_id, "invitation.accept")
    return invitation.user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class DuplicateEmail(RcappError):
    """Another account already uses this e-mail address."""


class InvalidEmail(RcappError):
    """Mail could not be sent to this address (rcapp.email_addresses)."""


def check_email(email: str) -> str:
    """Return the address as stored; InvalidEmail when no mail could be sent to it."""
    normalised = normalise_email(email)
    if not is_sendable(normalised):
        raise InvalidEmail(normalised)
    return normalised


class AccountDeactivated(RcappError):
    """The password is right, but the account was deactivated."""


class SelfLockout(RcappError):
    """An admin tried to deactivate or demote themself."""


class AlreadyMember(RcappError):
    """The user already belongs to this organisation."""


class AlreadyAssigned(RcappError):
    """The user already holds this working-group role."""


@dataclass(frozen=True)
class NewAccount:
    user: User
    invitation_token: str | None  # shown once; only its hash is stored


def create_account(
    email: str,
    name: str,
    actor: User | None,
    *,
    password: str | None = None,
    is_secretariat: bool = False,
    organisation_id: int | None = None,
    role: OrgRole = OrgRole.MEMBER,
    language: str | None = None,
) -> NewAccount:
    """Create a user, optionally in an organisation, with a first password or an invitation.

    A first password issued by someone else must be changed at the first login. `language`
    (zh_CN or en) is the one the invitation mail is written in and the first login shows.
    """
    if password is not None:
        problem = password_problem(
            password, email=email, names=organisation_names_of(organisation_id), person=name
        )
        if problem is not None:
            raise WeakPassword(problem)
    check_email(email)
    if find_user_by_email(email) is not None:
        raise DuplicateEmail(normalise_email(email))
    if is_secretariat and actor is not None and not actor.is_secretariat:
        raise NotAllowed("user.secretariat")
    user = create_user(
        email,
        name,
        password=password,
        is_secretariat=is_secretariat,
        must_change_password=password is not None,
        language=language,
    )
    created = {"email": user.email, "name": user.name, "is_secretariat": is_secretariat}
    record(actor, "user", user.id, "create", after=created | {"first_password": bool(password)})
    if organisation_id is not None:
        add_member(user, organisation_id, role, actor)
    token = None if password is not None else issue_invitation(user, actor)
    return NewAccount(user, token)


def add_member(user: User, organisation_id: int, role: OrgRole, actor: User | None) -> Membership:
    membership = add_membership(user, organisation_id, role)
    record(
        actor,
        "organisation",
        organisation_id,
        "member.add",
        field=f"user:{user.id}",
        after=role.value,
    )
    logger.info("User %s joined organisation %s as %s", user.id, organisation_id, role)
    return membership


def join_organisation(
    user: User, organisation_id: int, role: OrgRole, actor: User | None
) -> MembershipEffects:
    """Add an existing user to one more organisation; return what it affected (accounts.hooks).

    AlreadyMember when the user belongs to it already (a double click).
    """
    if any(m.organisation_id == organisation_id for m in user.memberships):
        raise AlreadyMember(str(user.id))
    try:
        with claim(Membership, "user_id", "organisation_id"):
            add_member(user, organisation_id, role, actor)
    except AlreadyStored as exc:  # added by another request since the check
        raise AlreadyMember(str(user.id)) from exc
    return membership_watcher().changed(user, organisation_id, True, actor)


def remove_member(membership: Membership, actor: User | None) -> MembershipEffects:
    """Remove the user from the organisation; return what it affected (accounts.hooks)."""
    user, organisation_id = membership.user, membership.organisation_id
    record(
        actor,
        "organisation",
        organisation_id,
        "member.remove",
        field=f"user:{user.id}",
        before=membership.role.value,
    )
    user.memberships.remove(membership)  # delete-orphan: the row goes with the flush
    db.session().flush()
    logger.info("User %s left organisation %s", user.id, organisation_id)
    return membership_watcher().changed(user, organisation_id, False, actor)


def store_language(user: User, code: str) -> None:
    """Keep the language the user chose: e-mails (reminders) are written in it.

    Written in a session and a transaction of its own that takes SQLite's write lock: the
    language switch is a GET, whose transaction begins deferred (it only reads), and a write
    inside it fails with "database is locked" whenever a colleague's save came first. The
    caller's copy of the user reads the same afterwards, without a write of its own.
    """
    separate = db.separate_session()
    try:
        with db.immediate_transactions():
            stored = separate.get(User, user.id)
            if stored is not None:
                stored.language = code
                separate.commit()
    finally:
        separate.close()
    set_committed_value(user, "language", code)


def issue_invitation(user: User, actor: User | None) -> str:
    token = create_invitation(user, actor)
    record(actor, "user", user.id, "invite")
    return token


def set_user_active(
    user: User, active: bool, actor: User | None, reason: str | None = None
) -> None:
    """Stop or start an account; only the secretariat starts one the secretariat stopped."""
    if actor is not None and actor.id == user.id:
        raise SelfLockout(str(user.id))
    if user.is_active == active:
        return
    if active:
        check_reactivation_allowed(user, actor)
        record(
            actor,
            "user",
            user.id,
            "reactivate",
            before={"status": "deactivated"},
            after={"status": "active"},
        )
    else:
        revoke_sessions(user)
        record_deactivation(user, actor, reason)
    user.is_active = active
    db.session().flush()
    logger.info("User %s active=%s by %s", user.id, active, actor.id if actor else "cli")


def set_member_active(
    membership: Membership, active: bool, actor: User, reason: str | None = None
) -> None:
    """(De)activate, as an organisation admin, an account that belongs to that organisation only."""
    check_member_active_allowed(membership, actor)
    set_user_active(membership.user, active, actor, reason)


def check_member_active_allowed(membership: Membership, actor: User) -> None:
    """Raise NotAllowed when an organisation admin may not stop this account (shared, staff)."""
    user = membership.user
    if not actor.is_secretariat and (user.is_secretariat or len(user.memberships) > 1):
        raise NotAllowed("user.shared")


def change_member_role(
    membership: Membership, role: OrgRole, actor: User, reason: str | None = None
) -> None:
    """Change a member's role; `reason` (optional) goes into the audit log (QA47 D3)."""
    if membership.user_id == actor.id and not actor.is_secretariat:
        raise SelfLockout(str(actor.id))
    if membership.role is role:
        return
    if not membership.user.is_active:  # the row offers no role form then (qa60 #9)
        raise InvalidState("user", "deactivated", "role")
    record(
        actor,
        "organisation",
        membership.organisation_id,
        "member.role",
        field=f"user:{membership.user_id}",
        before=membership.role.value,
        after=role.value,
        reason=(reason or "").strip() or None,
    )
    membership.role = role
    db.session().flush()
    logger.info("Membership %s role %s by %s", membership.id, role, actor.id)


def assign_group_role(
    group: WorkingGroup,
    user: User,
    role: GroupRole,
    actor: User | None,
    reason: str | None = None,
) -> WorkingGroupRole:
    if any(r.working_group_id == group.id and r.role is role for r in user.group_roles):
        raise AlreadyAssigned(f"{user.id}:{role}")
    try:
        with claim(WorkingGroupRole, "user_id", "working_group_id", "role"):
            group_role = WorkingGroupRole(user=user, working_group=group, role=role)
            db.session().add(group_role)
    except AlreadyStored as exc:  # assigned by another request since the check
        raise AlreadyAssigned(f"{user.id}:{role}") from exc
    record(
        actor,
        "working_group",
        group.id,
        "role.add",
        field=f"user:{user.id}",
        after=role.value,
        reason=(reason or "").strip() or None,
    )
    logger.info("User %s is %s of working group %s", user.id, role, group.id)
    return group_role


def remove_group_role(
    group_role: WorkingGroupRole, actor: User | None, reason: str | None = None
) -> None:
    record(
        actor,
        "working_group",
        group_role.working_group_id,
        "role.remove",
        field=f"user:{group_role.user_id}",
        before=group_role.role.value,
        reason=(reason or "").strip() or None,
    )
    db.session().delete(group_role)
    db.session().flush()
    logger.info("Group role %s removed", group_role.id)
