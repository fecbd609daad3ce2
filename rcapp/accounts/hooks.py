"""What account changes ask of the packages above accounts, without importing them.

Peer review re-checks a reviewer's open assignments when they join or leave an
organisation (a conflict of interest may follow). The reviews package registers a
`MembershipWatcher` with `set_membership_watcher(app, ...)` when it is registered.

An invitation is e-mailed through the mail package's outbox, which registers an
`InvitationMailer` with `set_invitation_mailer(app, ...)`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import Flask, current_app

if TYPE_CHECKING:
    from rcapp.accounts.models import GroupRole, User
    from rcapp.organisations.models import Organisation, WorkingGroup


class Withdrawal(enum.StrEnum):
    """Why an address has no account any more: the mail waiting for it is cancelled."""

    CORRECTED = "address_corrected"  # the admin corrected a wrong address
    DELETED = "account_deleted"  # the admin deleted the unused account


_KEY = "rcapp.membership_watcher"
_MAILER_KEY = "rcapp.invitation_mailer"


@dataclass(frozen=True)
class MembershipEffects:
    """What a membership change did to open review assignments, named for the actor."""

    in_conflict: tuple[str, ...] = ()  # put in a conflict of interest by the change
    conflict_ended: tuple[str, ...] = ()  # whose conflict of interest the change ended
    # Ended too, but in a closed (or closing) year: the reviewer waits for the reopening.
    conflict_ended_frozen: tuple[str, ...] = ()


@dataclass(frozen=True)
class MembershipWatcher:
    """What a package does when a user joins or leaves an organisation.

    `changed(user, organisation_id, joined, actor)` runs in the change's transaction, after
    it was flushed, and returns what it affected, named for the actor's confirmation;
    `committed()` runs after the caller's commit (delivers the notices it queued).
    """

    changed: Callable[[User, int, bool, User | None], MembershipEffects]
    committed: Callable[[], object] = lambda: None


NO_WATCHER = MembershipWatcher(changed=lambda _user, _org, _joined, _actor: MembershipEffects())


def set_membership_watcher(app: Flask, watcher: MembershipWatcher) -> None:
    app.extensions[_KEY] = watcher


def membership_watcher() -> MembershipWatcher:
    found = current_app.extensions.get(_KEY)
    return found if isinstance(found, MembershipWatcher) else NO_WATCHER


@dataclass(frozen=True)
class InvitationMailer:
    """How an invitation link reaches the invitee by e-mail.

    `queue(invitee, token, organisation, actor)` stores the message in the caller's
    transaction; `committed()` runs after the caller's commit (starts delivery).
    `attempted(owner, organisation, actor)` stores the notice telling an account's owner that
    an organisation they do not belong to tried to add their address (accounts.elsewhere).
    `reset(owner, token)` stores the mail with a password-reset link (accounts.resets).
    `role_given(user, group, role, actor)` stores the notice of a new working-group role
    (qa51 S6). `failures(addresses)` says, per address, why its newest invitation mail could
    not be sent (the users page shows it on the row, qa60 #1). `withdrawn(address, why)`
    cancels the mail not sent yet to an address no account has any more (`why`: a
    Withdrawal) and returns how many.
    """

    queue: Callable[[User, str, Organisation | None, User | None], object]
    committed: Callable[[], object] = lambda: None
    attempted: Callable[[User, Organisation, User], object] = lambda _o, _org, _a: None
    reset: Callable[[User, str], object] = lambda _o, _t: None
    role_given: Callable[[User, WorkingGroup, GroupRole, User | None], object] = (
        lambda _u, _g, _r, _a: None
    )
    failures: Callable[[list[str]], dict[str, str]] = lambda _addresses: {}
    withdrawn: Callable[[str, Withdrawal], int] = lambda _address, _why: 0


def set_invitation_mailer(app: Flask, mailer: InvitationMailer) -> None:
    app.extensions[_MAILER_KEY] = mailer


def invitation_mailer() -> InvitationMailer | None:
    """Return the registered mailer; None when no package sends mail (the link is only shown)."""
    found = current_app.extensions.get(_MAILER_KEY)
    return found if isinstance(found, InvitationMailer) else None
