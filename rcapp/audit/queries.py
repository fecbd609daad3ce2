"""Read the audit log: who last changed one thing, to name them when a stale page is refused."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from rcapp import db
from rcapp.audit.models import AuditEntry


def last_change(
    entity: str, entity_id: int, field: str | None, actions: tuple[str, ...]
) -> AuditEntry | None:
    """Return the newest entry of one of `actions` on `field` (None: any) of the entity."""
    found = recent_changes(entity, entity_id, field, actions, limit=1)
    return found[0] if found else None


def recent_changes(
    entity: str, entity_id: int, field: str | None, actions: tuple[str, ...], limit: int = 20
) -> list[AuditEntry]:
    """Return the newest entries of `actions` on `field` (None: any) of the entity."""
    statement = select(AuditEntry).where(
        AuditEntry.entity == entity,
        AuditEntry.entity_id == entity_id,
        AuditEntry.action.in_(actions),
    )
    if field is not None:
        statement = statement.where(AuditEntry.field == field)
    return list(db.session().scalars(statement.order_by(AuditEntry.id.desc()).limit(limit)))


def before_of(entry: AuditEntry) -> Any:
    """Return the `before` value an entry recorded (a removed row's last values), decoded."""
    return None if entry.before is None else json.loads(entry.before)


def after_of(entry: AuditEntry) -> Any:
    """Return the `after` value an entry recorded, decoded."""
    return None if entry.after is None else json.loads(entry.after)


def actor_name(entry: AuditEntry) -> str | None:
    """Return the name of who made the entry (None: the CLI, or a deleted account).

    Read through the entry's foreign key: the audit log sits below the accounts package
    (import-linter), yet pages above and beside accounts name who changed something.
    """
    if entry.actor_id is None:
        return None
    users = next(iter(AuditEntry.__table__.c.actor_id.foreign_keys)).column.table
    return db.session().scalar(select(users.c.name).where(users.c.id == entry.actor_id))


def last_actor_name(
    entity: str, entity_id: int, field: str, actions: tuple[str, ...]
) -> str | None:
    """Name who made the newest of `actions` on `field` (None: nobody known)."""
    entry = last_change(entity, entity_id, field, actions)
    return None if entry is None else actor_name(entry)


@dataclass(frozen=True)
class Deed:
    """Who did something to one row, and when, as the audit log recorded it."""

    by: str | None  # the user's name; None: the CLI, or an account deleted since
    at: datetime


def last_deed(
    entity: str, entity_id: int, kind: str, subject_id: int, actions: tuple[str, ...]
) -> Deed | None:
    """Tell who last did one of `actions` to the `kind` row `subject_id` of the entity.

    The question a stale page asks ("was this event deleted, and by whom"): the rows an
    entity holds (an assessment's events and targets, an organisation's partners) are logged
    on the entity with the field `kind:id`. None: the audit log saw no such action.
    """
    entry = last_change(entity, entity_id, f"{kind}:{subject_id}", actions)
    return None if entry is None else Deed(by=actor_name(entry), at=entry.at)
