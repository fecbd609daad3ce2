"""Find the audit entry of a reviewer's withdrawal, by the assignment withdrawn.

The assignment row is deleted with the withdrawal; its entry (reviews.services.
remove_assignment) keeps the assignment's, the assessment's and the organisation's ids
beside the reviewer's e-mail address. Entries written before the ids were kept have none.

A lead withdrawing a reviewer another lead (or the same lead in another tab) has just
withdrawn is told so, by whom and when (`already_withdrawn`), not "not found".
"""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.accounts.models import User
from rcapp.audit.models import AuditEntry
from rcapp.audit.queries import actor_name, before_of
from rcapp.i18n import person_text, someone
from rcapp.reviews.models import Review, ReviewAssignment
from rcapp.reviews.permissions import ReviewAction, can_review
from rcapp.web import beijing_time

WITHDRAWN = ("review.withdraw", "review.withdraw_at_final")
_SCANNED = 500  # withdrawals are rare: the newest few hundred reach back well past a year


def withdrawals(reviewer_email: str | None = None) -> list[tuple[AuditEntry, dict[str, object]]]:
    """Return the newest withdrawal entries (of `reviewer_email` only, when given), newest first."""
    rows = db.session().scalars(
        select(AuditEntry)
        .where(AuditEntry.entity == "review", AuditEntry.action.in_(WITHDRAWN))
        .order_by(AuditEntry.id.desc())
        .limit(_SCANNED)
    )
    found = []
    for entry in rows:
        try:
            before = before_of(entry)
        except ValueError:
            continue
        if not isinstance(before, dict):
            continue
        if reviewer_email is None or before.get("reviewer") == reviewer_email:
            found.append((entry, before))
    return found


def withdrawal_of(assignment_id: int) -> tuple[AuditEntry, dict[str, object]] | None:
    """Return the entry that withdrew assignment `assignment_id` (None: none names it)."""
    return next(
        (found for found in withdrawals() if found[1].get("assignment") == assignment_id), None
    )


def already_withdrawn(assignment_id: int) -> Response | None:
    """Answer a withdrawal of an assignment withdrawn meanwhile; None when it is not one.

    Nothing changes: the lead goes back to the review's assignments, told who withdrew the
    reviewer and when. Only someone who may manage the review is told;
    anyone else gets the 404 of a row that is not there.
    """
    if db.session().get(ReviewAssignment, assignment_id) is not None:
        return None
    found = withdrawal_of(assignment_id)
    review = None if found is None else db.session().get(Review, found[0].entity_id)
    if found is None or review is None or not can_review(current_user, ReviewAction.MANAGE, review):
        return None  # not found, as before: only those managing the review are told
    entry, before = found
    email = before.get("reviewer")
    name = db.session().scalar(select(User.name).where(User.email == email))
    reviewer = person_text(name) if name else str(email)
    when = beijing_time(entry.at)
    if entry.actor_id == current_user.id:
        message = _(
            "评审员 %(reviewer)s 已于 %(time)s由您撤回（在另一窗口、标签页或设备中），"
            "无需再次撤回。",
            reviewer=reviewer,
            time=when,
        )
    else:
        message = _(
            "评审员 %(reviewer)s 已于 %(time)s由 %(name)s 撤回，无需再次撤回。",
            reviewer=reviewer,
            time=when,
            name=someone(actor_name(entry)),
        )
    flash(message, "warning")
    return redirect(url_for("reviews.assign", assessment_id=review.assessment_id))
