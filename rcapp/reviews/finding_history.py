"""A finding dropped and then restored, as the lead's map tells it: read from the audit log.

Restoring clears the drop on the finding's row (lead_findings.restore_finding); only the
audit log keeps who dropped it, when and why. The map says so under the finding, for those
who manage the review; the reviewer's and the organisation's pages leave it out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from rcapp import db
from rcapp.audit.models import AuditEntry
from rcapp.audit.queries import before_of
from rcapp.reviews.models import Review

DROP = "review.finding_drop"
RESTORE = "review.finding_restore"


@dataclass(frozen=True)
class DropUndone:
    """A drop of one finding and the restore that undid it."""

    dropped_by: str | None  # None: the CLI, or an account the log no longer names
    dropped_at: dt.datetime
    reason: str
    restored_by: str | None
    restored_at: dt.datetime


def drops_undone(review: Review) -> dict[int, DropUndone]:
    """Return the latest undone drop of each restored finding of the review, by finding id.

    One query for the whole map: the review's drops and restores, oldest first, each restore
    paired with the drop of the same finding just before it.
    """
    entries = db.session().scalars(
        select(AuditEntry)
        .where(
            AuditEntry.entity == "review",
            AuditEntry.entity_id == review.id,
            AuditEntry.action.in_((DROP, RESTORE)),
        )
        .order_by(AuditEntry.id)
    )
    drops: dict[int, AuditEntry] = {}
    undone: dict[int, DropUndone] = {}
    for entry in entries:
        before = before_of(entry) or {}
        finding_id = before.get("finding")
        if not isinstance(finding_id, int):
            continue
        if entry.action == DROP:
            drops[finding_id] = entry
            continue
        drop = drops.pop(finding_id, None)
        undone[finding_id] = DropUndone(
            dropped_by=None if drop is None else drop.actor_name,
            dropped_at=_dropped_at(drop, before),
            reason=str(before.get("reason") or ""),
            restored_by=entry.actor_name,
            restored_at=entry.at,
        )
    return undone


def _dropped_at(drop: AuditEntry | None, undone: dict[str, object]) -> dt.datetime:
    # The drop's own entry, read back as every audit time is; the restore's copy otherwise.
    if drop is not None:
        return drop.at
    return dt.datetime.fromisoformat(str(undone["dropped_at"]))
