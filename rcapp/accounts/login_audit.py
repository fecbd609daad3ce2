"""Write logins, failed logins and log-outs to the audit log, with the network address.

An auditor asks who was logged in when a change was made (a shared office computer) and
who tried whose password below the lockout's threshold (QA47 D7). What is recorded:

- a login and a log-out: against the account, by it, with the address;
- a failed login to an existing account (wrong password, or the right one to a deactivated
  account): against the account, by nobody (it was not proven who typed it), with the
  address. The password typed is never recorded;
- a failed login with an e-mail that has no account: against no account (NO_ACCOUNT), by
  nobody, with the address only: the typed text may be a password typed in the wrong box.
  It is written all the same so that both failures cost the database the same work, and the
  time a refusal takes does not hint whether the account exists. A flood of them is held by
  the address's limit, whose lockout is recorded (credentials).
"""

from __future__ import annotations

from rcapp.accounts.models import User
from rcapp.audit.labels import NO_ACCOUNT
from rcapp.audit.services import record


def _field(address: str) -> str:
    return f"address:{address}"[:100]


def record_login(user: User, address: str) -> None:
    record(user, "user", user.id, "login", field=_field(address))


def record_logout(user: User, address: str) -> None:
    record(user, "user", user.id, "logout", field=_field(address))


def record_failed_login(user: User, address: str, *, deactivated: bool = False) -> None:
    """Record a wrong password for `user`, or the right one to a deactivated account."""
    action = "login.deactivated" if deactivated else "login.failed"
    record(None, "user", user.id, action, field=_field(address))


def record_unknown_login(address: str) -> None:
    """Record a failed login with an e-mail that has no account (nothing typed is kept)."""
    record(None, "user", NO_ACCOUNT, "login.unknown", field=_field(address))
