"""An organisation admin adds an address whose account is not theirs to see: nothing is said.

Naming that account (or its organisations) would tell the admin that the address has an
account in rcapp. So the admin gets the page a new address gets (an invitation, its link
shown once); the account is not created, changed or moved; its owner is told by e-mail
(accounts.hooks) and the secretariat, who moves accounts between organisations, finds the
attempt in the audit log ("member.add_attempt").
"""

from __future__ import annotations

from dataclasses import dataclass

from rcapp.accounts.models import OrgRole, User
from rcapp.accounts.services import new_token, normalise_email
from rcapp.audit.services import record


@dataclass(frozen=True)
class Invitee:
    """Whom the invitation page names: as typed, as a new account would store them."""

    name: str
    email: str


def invitee_as_typed(name: str, email: str) -> Invitee:
    return Invitee(name.strip(), normalise_email(email))


def belongs_elsewhere(owner: User | None, organisation_id: int) -> bool:
    """Whether `owner` holds the address but is no member of the admin's organisation."""
    return owner is not None and all(
        m.organisation_id != organisation_id for m in owner.memberships
    )


def record_attempt(owner: User, organisation_id: int, role: OrgRole, actor: User | None) -> None:
    """Put the attempt in the audit log, as "member.add" is put: on the organisation."""
    record(
        actor,
        "organisation",
        organisation_id,
        "member.add_attempt",
        field=f"user:{owner.id}",
        after=role.value,
    )


def stand_in_token() -> str:
    """Return a token shaped as an invitation's, stored nowhere (its link opens no account)."""
    return new_token()
