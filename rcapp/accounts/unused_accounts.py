"""Correct or remove an account nobody has used yet: its invitation was never accepted.

An address typed wrong but valid-looking ("….example.con") gave an account whose
invitation went nowhere, and the admin could only stop it (qa60 #2). Until someone has
set a password or logged in, the account holds nothing but its name and address: the
organisation's admin may correct the address (a new invitation goes to it, the old link
stops working) or remove the account. Once it was used, today's rules hold: only the
secretariat changes a used account's address, and it is deactivated, never deleted, so
that the history naming it stays whole.
"""

from __future__ import annotations

import logging

from rcapp import db
from rcapp.accounts.credentials import revoke_open_invitations
from rcapp.accounts.hooks import Withdrawal, invitation_mailer
from rcapp.accounts.models import Membership, User
from rcapp.accounts.services import (
    DuplicateEmail,
    check_email,
    find_user_by_email,
    issue_invitation,
)
from rcapp.audit.services import record
from rcapp.errors import InvalidState, NotAllowed
from rcapp.row_locks import lock_row
from rcapp.uniques import AlreadyStored, claim

logger = logging.getLogger(__name__)


def never_used(user: User) -> bool:
    """Whether nobody has set the account's password or logged in with it."""
    return user.password_hash is None and user.last_login_at is None


def may_correct(membership: Membership) -> bool:
    """Whether the organisation's admin may correct or remove this account (shown on its row)."""
    user = membership.user
    return never_used(user) and not user.is_secretariat and len(user.memberships) == 1


def _check(membership: Membership) -> User:
    """Lock the account as stored now; refuse when it was used meanwhile (or is shared)."""
    user = membership.user
    if not lock_row(user) or not never_used(user):
        raise InvalidState("user", "used", "correct")
    if not may_correct(membership):
        raise NotAllowed("user.shared")
    return user


def correct_email(membership: Membership, new_email: str, actor: User) -> str:
    """Give the unused account the right address; return the new invitation's token.

    Every older link stops working (issue_invitation): it was sent to the wrong address.
    """
    user = _check(membership)
    email = check_email(new_email)
    if email == user.email:
        return issue_invitation(user, actor)
    if find_user_by_email(email) is not None:
        raise DuplicateEmail(email)
    old = user.email
    revoke_open_invitations(user)
    try:
        with claim(User, "email"):
            user.email = email
    except AlreadyStored as exc:  # taken by another request since the check
        raise DuplicateEmail(email) from exc
    record(actor, "user", user.id, "email.correct", before={"email": old}, after={"email": email})
    logger.info("User %s address corrected by %s", user.id, actor.id)
    _cancel_mail_to(old, Withdrawal.CORRECTED)
    return issue_invitation(user, actor)


def remove_unused(membership: Membership, actor: User) -> None:
    """Delete the unused account; the audit log keeps its name and address."""
    user = _check(membership)
    if user.group_roles:
        raise NotAllowed("user.group_roles")
    record(
        actor,
        "organisation",
        membership.organisation_id,
        "member.delete_unused",
        field=f"user:{user.id}",
        before={"name": user.name, "email": user.email, "role": membership.role.value},
    )
    _cancel_mail_to(user.email, Withdrawal.DELETED)
    db.session().delete(user)
    db.session().flush()
    logger.info("Unused user %s removed by %s", user.id, actor.id)


def _cancel_mail_to(address: str, why: Withdrawal) -> None:
    """Cancel the mail still waiting for an address the account no longer has."""
    mailer = invitation_mailer()
    cancelled = mailer.withdrawn(address, why) if mailer is not None else 0
    if cancelled:
        logger.info("%s unsent mail(s) to a withdrawn address cancelled", cancelled)
