"""Who stopped an account, when and why: read back from the audit log.

An account the secretariat stopped (a person left, misuse) may be started again only by
the secretariat; one the organisation's admin stopped, by that admin too. The audit entry
of the deactivation is the record: it names the actor, the time and the reason given.
An entry without an actor was written on the command line, by the operator: it counts as
the secretariat's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select

from rcapp import db
from rcapp.accounts.models import User
from rcapp.audit.models import AuditEntry
from rcapp.audit.services import record
from rcapp.errors import RcappError


class StoppedBySecretariat(RcappError):
    """An organisation admin tried to reactivate an account the secretariat deactivated."""

    def __init__(self, deactivation: Deactivation) -> None:
        super().__init__("stopped by the secretariat")
        self.deactivation = deactivation


@dataclass(frozen=True)
class Deactivation:
    at: dt.datetime
    by_secretariat: bool
    reason: str | None


def record_deactivation(user: User, actor: User | None, reason: str | None) -> None:
    # Active -> Deactivated, as the users page words an account's status (QA47 D5).
    before, after = {"status": "active"}, {"status": "deactivated"}
    record(actor, "user", user.id, "deactivate", before=before, after=after, reason=reason or None)


def check_reactivation_allowed(user: User, actor: User | None) -> None:
    """Raise StoppedBySecretariat when `actor` is not the secretariat and it stopped `user`."""
    if actor is None or actor.is_secretariat or user.is_active:
        return
    found = deactivations_of([user.id]).get(user.id)
    if found is not None and found.by_secretariat:
        raise StoppedBySecretariat(found)


def deactivations_of(user_ids: Iterable[int]) -> dict[int, Deactivation]:
    """Return each user's latest deactivation (for accounts stopped now)."""
    ids = list(user_ids)
    if not ids:
        return {}
    latest = (
        select(func.max(AuditEntry.id))
        .where(
            AuditEntry.entity == "user",
            AuditEntry.action == "deactivate",
            AuditEntry.entity_id.in_(ids),
        )
        .group_by(AuditEntry.entity_id)
    )
    rows = db.session().execute(
        select(AuditEntry, User.is_secretariat)
        .outerjoin(User, User.id == AuditEntry.actor_id)
        .where(AuditEntry.id.in_(latest))
    )
    return {
        entry.entity_id: _read(entry, actor_is_secretariat) for entry, actor_is_secretariat in rows
    }


def _read(entry: AuditEntry, actor_is_secretariat: bool | None) -> Deactivation:
    by_secretariat = entry.actor_id is None or bool(actor_is_secretariat)
    return Deactivation(entry.at, by_secretariat, entry.reason)
