"""A reviewer declines an assignment they have not started, with a reason.

Declining deletes the assignment as a withdrawal does (`services.remove_assignment`): every
figure that counts assignments (the year's and the group's, the lead's to-do, the reviewer's
list and home card) stops counting it without a rule of its own, and the lead may ask the
same person again (the assign page offers them as any candidate). The audit entry
`review.decline` keeps who declined, when and why (a cause from `CAUSES` and the text typed);
the lead's assign page reads the declines back from it (`declines_of`), so the reviewer is
not offered again unawares.

Only before any work: once the reviewer saved a decision or a finding, the lead withdraws
them instead (the withdraw page names the work deleted with them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from rcapp import db
from rcapp.accounts.models import User
from rcapp.audit.models import AuditEntry
from rcapp.audit.queries import after_of, before_of
from rcapp.reviews.errors import AssignmentSubmitted, ReviewFinalised, ReviewRefused
from rcapp.reviews.models import Review, ReviewAssignment
from rcapp.reviews.services import remove_assignment, unsubmitted_work
from rcapp.reviews.year_lock import require_open_year

DECLINE = "review.decline"
OTHER = "other"
# Why a reviewer cannot take a review: the choice is the lead's quick read, the text the detail.
CAUSES = {
    "time": _l("时间冲突"),
    "conflict": _l("利益冲突"),
    "expertise": _l("专业不符"),
    OTHER: _l("其他"),
}


class WorkStarted(ReviewRefused):
    """The reviewer saved a decision or finding: no longer declined, the lead withdraws them."""

    def __init__(self, decisions: int, findings: int) -> None:
        super().__init__(f"{decisions} decisions and {findings} findings saved")
        self.decisions = decisions
        self.findings = findings


@dataclass(frozen=True)
class Decline:
    """One reviewer's decline, as the lead's assign page lists it."""

    reviewer: str  # the name, as the user is now (the e-mail when the account is gone)
    reviewer_id: int | None
    at: dt.datetime
    cause: str  # a key of CAUSES ("" for one the list no longer knows)
    note: str


def can_decline(assignment: ReviewAssignment) -> bool:
    """Tell whether the page offers declining: open, not submitted, nothing saved yet."""
    return (
        not assignment.review.is_final
        and not assignment.is_submitted
        and not any(unsubmitted_work(assignment))
    )


def decline_assignment(assignment: ReviewAssignment, actor: User, cause: str, note: str) -> None:
    """Delete the reviewer's own untouched assignment, audited with the cause and the text.

    YearClosed in a closed year, ReviewFinalised / AssignmentSubmitted when either happened
    since the page was opened, WorkStarted once anything was saved.
    """
    review = assignment.review
    require_open_year(review.assessment, "decline")
    if review.is_final:
        raise ReviewFinalised("decline")
    if assignment.is_submitted:
        raise AssignmentSubmitted("decline")
    decisions, findings = unsubmitted_work(assignment)
    if decisions or findings:
        raise WorkStarted(decisions, findings)
    remove_assignment(assignment, actor, DECLINE, note, told={"cause": cause})


def declined_entry(assignment_id: int, email: str) -> AuditEntry | None:
    """Return the entry of `email`'s decline of assignment `assignment_id` (None: not declined)."""
    for entry in _entries(AuditEntry.actor_email == email):
        before = before_of(entry)
        if isinstance(before, dict) and before.get("assignment") == assignment_id:
            return entry
    return None


def declines_of(review: Review) -> list[Decline]:
    """List the review's declines, oldest first, with the reviewer as named today."""
    found = []
    for entry in reversed(_entries(AuditEntry.entity_id == review.id)):
        before, after = before_of(entry), after_of(entry)
        email = before.get("reviewer") if isinstance(before, dict) else None
        cause = after.get("cause") if isinstance(after, dict) else None
        user = (
            None if email is None else db.session().scalar(select(User).where(User.email == email))
        )
        found.append(
            Decline(
                reviewer=user.name if user is not None else str(email or entry.actor_name or ""),
                reviewer_id=None if user is None else user.id,
                at=entry.at,
                cause=cause if cause in CAUSES else "",
                note=entry.reason or "",
            )
        )
    return found


def _entries(*where: object) -> list[AuditEntry]:
    """Return the newest decline entries matching `where`, newest first."""
    return list(
        db.session().scalars(
            select(AuditEntry)
            .where(AuditEntry.entity == "review", AuditEntry.action == DECLINE, *where)  # type: ignore[arg-type]
            .order_by(AuditEntry.id.desc())
            .limit(200)
        )
    )
