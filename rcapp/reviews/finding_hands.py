"""Who dropped, edited or sent back a finding, in the role they did it in (not "the lead").

A drop named the lead (组长) though a deputy or the secretariat may drop too, and a finding
the lead reworded still read as the reviewer's words alone. The drop's hand is on the row
(dropped_by_id); an edit's only in the audit log: its latest "review.finding_edit" entry
made by someone other than the reviewer who wrote it (the reviewer's own edits before
submitting are recorded the same way and leave the words hers); a corrective action sent
back, its latest "action.reopen" entry. The role is the one the person settles the review
in (settlers.settler_role).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from rcapp import db
from rcapp.accounts.models import User
from rcapp.audit.models import AuditEntry
from rcapp.audit.queries import Hand, after_of, before_of
from rcapp.audit.queries import hand_of as entry_hand
from rcapp.reviews.models import Finding, Review
from rcapp.reviews.settlers import Settler, settler_role

EDIT = "review.finding_edit"
REOPEN = "action.reopen"


def hand_of(review: Review, user_id: int | None, name: str | None = None) -> Settler:
    """Name who acted on `review` (`name`: as the audit log kept it), in their role there."""
    user = db.session().get(User, user_id) if user_id is not None else None
    if user is None:  # a deleted account: the name the audit log kept, if any
        return Settler("", name or "")
    return Settler(settler_role(user, review), user.name)


def droppers_of(review: Review, findings: Iterable[Finding]) -> dict[int, Settler]:
    """Map each dropped finding among `findings` to who dropped it."""
    return {f.id: hand_of(review, f.dropped_by_id) for f in findings if f.is_dropped}


def _entries(review: Review, *actions: str) -> list[AuditEntry]:
    """Return the review's audit entries of `actions`, oldest first."""
    return list(
        db.session().scalars(
            select(AuditEntry)
            .where(
                AuditEntry.entity == "review",
                AuditEntry.entity_id == review.id,
                AuditEntry.action.in_(actions),
            )
            .order_by(AuditEntry.id)
        )
    )


def editors_of(review: Review) -> dict[int, Settler]:
    """Map each finding of the review whose words someone else changed to who last did."""
    writers = {f.id: f.created_by_id for f in review.findings}
    last: dict[int, AuditEntry] = {}
    for entry in _entries(review, EDIT):
        finding_id = (after_of(entry) or {}).get("finding")
        if finding_id in writers:
            last[finding_id] = entry
    return {
        finding_id: hand_of(review, entry.actor_id, entry.actor_name)
        for finding_id, entry in last.items()
        if entry.actor_id != writers[finding_id]
    }


# What changes a finding's row as a page shows it (finding_gone.finding_stamp, dropped_stamp)
_CHANGES = (EDIT, "review.finding_drop", "review.finding_restore")


def last_hand(finding: Finding, me: int) -> Hand | None:
    """Tell whose hand last edited, dropped or restored `finding`, seen by the user `me`.

    A stale page's refusal names the colleague, or says "you, in another window, tab or
    device" when it is the user. With no such entry, the finding's writer is the user's own
    hand if she wrote it; else None (unknown: "someone else").
    """
    for entry in reversed(_entries(finding.review, *_CHANGES)):
        if finding.id in {
            (before_of(entry) or {}).get("finding"),
            (after_of(entry) or {}).get("finding"),
        }:
            return entry_hand(entry, me)
    return Hand(mine=True, name=None) if finding.created_by_id == me else None


def reopeners_of(review: Review) -> dict[int, Settler]:
    """Map each corrective action of the review sent back to who last sent it back."""
    # The entry's field is the finding's id (settling.accept_action).
    entries = _entries(review, REOPEN)
    last = {int(e.field): e for e in entries if e.field is not None and e.field.isdigit()}
    return {
        finding_id: hand_of(review, entry.actor_id, entry.actor_name)
        for finding_id, entry in last.items()
    }
