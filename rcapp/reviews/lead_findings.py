"""The lead checks the reviewers' findings before finalising: edits, drops or restores one.

What the reviewers found goes to the organisation as it stands once the review is final
(Review.sent_findings): a required corrective action is binding work. So the lead (or
deputy, or the secretariat) may correct a finding's text, owner or due date, or drop it
with a reason. A dropped finding is kept, marked (who, when, why): the reviewer and the
audit log see it; it is no longer an action. A dropped finding may be restored (the drop was
a mistake): it goes to the organisation again; the audit log keeps who dropped it and why.
The same locks as settling (settling.py):
nothing changes once the review is final or its year closed, and a page showing an older
version of the finding (`seen`, finding_gone.finding_stamp) is refused, not overwritten.
"""

from __future__ import annotations

import datetime as dt

from rcapp import db
from rcapp.accounts.models import User
from rcapp.audit.services import record
from rcapp.db import utcnow
from rcapp.reviews.errors import (
    FindingChanged,
    FindingNotDropped,
    FindingNotSent,
    ReasonRequired,
)
from rcapp.reviews.finding_gone import dropped_stamp, finding_stamp
from rcapp.reviews.finding_hands import last_hand
from rcapp.reviews.models import ActionStatus, Finding, FindingKind, Review
from rcapp.reviews.reviewing import changed_fields, check_finding
from rcapp.reviews.settlers import acting_as
from rcapp.reviews.settling import in_review, not_own_review


def _changeable(review: Review, finding: Finding, actor: User, seen: str, action: str) -> None:
    in_review(review, action)
    not_own_review(review, actor, action)
    if finding not in review.sent_findings:
        raise FindingNotSent(finding.id)
    if seen != finding_stamp(finding):
        raise FindingChanged(finding.id, last_hand(finding, actor.id))


def edit_finding(
    review: Review,
    finding: Finding,
    text: str,
    owner: str,
    due_on: dt.date | None,
    actor: User,
    seen: str,
) -> None:
    """Correct a submitted finding's text, owner or due date (its kind and item stay)."""
    _changeable(review, finding, actor, seen, "edit findings")
    check_finding(finding.kind, text, owner, due_on)
    before, after = changed_fields(finding, text, owner, due_on)
    if len(after) == 1:  # nothing changed: nothing to log
        return
    db.session().flush()
    record(actor, "review", review.id, "review.finding_edit", before=before, after=after)


def drop_finding(review: Review, finding: Finding, reason: str, actor: User, seen: str) -> None:
    """Drop a submitted finding with a reason: kept and marked, not sent to the organisation."""
    _changeable(review, finding, actor, seen, "drop findings")
    if not reason.strip():
        raise ReasonRequired(finding.item_id or "")
    finding.dropped_reason = reason.strip()
    finding.dropped_at = utcnow()
    finding.dropped_by_id = actor.id
    finding.action_status = None  # no longer an action: no list or count takes it up
    db.session().flush()
    record(
        actor,
        "review",
        review.id,
        "review.finding_drop",
        before={"finding": finding.id, "kind": finding.kind, "item": finding.item_id},
        after={"text": finding.text, "reason": finding.dropped_reason, **acting_as(actor, review)},
    )


def restore_finding(review: Review, finding: Finding, actor: User, seen: str) -> None:
    """Restore a dropped finding: it goes to the organisation again (a corrective action open)."""
    in_review(review, "restore findings")
    not_own_review(review, actor, "restore findings")
    if not finding.is_dropped:
        raise FindingNotDropped(finding.id, last_hand(finding, actor.id))
    if finding.assignment_id not in {None, *(a.id for a in review.submitted_assignments)}:
        raise FindingNotSent(finding.id)
    if seen != dropped_stamp(finding):
        raise FindingChanged(finding.id, last_hand(finding, actor.id))
    # The drop (who, when, why) stays in the audit log; the row says what goes now.
    dropped = {
        "finding": finding.id,
        "kind": finding.kind,
        "item": finding.item_id,
        "reason": finding.dropped_reason,
        "dropped_by": finding.dropped_by_id,
        "dropped_at": finding.dropped_at,
    }
    finding.dropped_reason = None
    finding.dropped_at = None
    finding.dropped_by_id = None
    if finding.kind is FindingKind.CORRECTIVE_ACTION:
        finding.action_status = ActionStatus.OPEN
    db.session().flush()
    record(
        actor,
        "review",
        review.id,
        "review.finding_restore",
        before=dropped,
        after={"text": finding.text, **acting_as(actor, review)},
    )
