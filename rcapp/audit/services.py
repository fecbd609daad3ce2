"""Write audit entries; every service that changes user data calls `record`."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from rcapp import db
from rcapp.audit.models import AuditEntry
from rcapp.permissions import Principal


def _dump(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=_jsonable)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot record {type(value).__name__} in the audit log")


def record(
    actor: Principal | None,
    entity: str,
    entity_id: int,
    action: str,
    *,
    field: str | None = None,
    before: Any = None,
    after: Any = None,
    reason: str | None = None,
) -> AuditEntry:
    """Add one audit entry (who, when, what, before, after); flushed with the caller's work."""
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        # who it was, as they were then: kept when the account is gone
        actor_name=getattr(actor, "name", None),
        actor_email=getattr(actor, "email", None),
        entity=entity,
        entity_id=entity_id,
        action=action,
        field=field,
        before=_dump(before),
        after=_dump(after),
        reason=reason,
    )
    db.session().add(entry)
    return entry
