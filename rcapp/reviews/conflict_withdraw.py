"""Withdrawing a declared conflict of interest: declared by mistake, or no longer so.

Whoever may declare for the reviewer (conflict_views.declarers: the reviewer, an admin of
their organisation) may withdraw it. The row goes; the audit entry
`review.conflict_withdrawn` keeps the organisation and the reason declared. Conflicts are
not stored otherwise, so the reviewer is a candidate for the organisation again at once
unless another rule keeps them off; an open assignment the declaration had stopped can go on,
and its lead and deputies are told so (rechecks.after_declaration_withdrawn).
"""

from __future__ import annotations

from rcapp import db
from rcapp.accounts.models import User
from rcapp.audit.services import record
from rcapp.reviews import rechecks
from rcapp.reviews.models import DeclaredConflict, ReviewAssignment


def withdraw_declaration(declared: DeclaredConflict, actor: User) -> list[ReviewAssignment]:
    """Delete the declaration, audited; return the open assignments it no longer stops."""
    user = db.session().get(User, declared.user_id)
    earlier = []
    if user is not None:
        for assignment in rechecks.open_assignments_of(user):
            if assignment.review.assessment.organisation_id != declared.organisation_id:
                continue
            found = rechecks.conflict_of(assignment)
            if found is not None:
                earlier.append((assignment, found))
    record(
        actor,
        "user",
        declared.user_id,
        "review.conflict_withdrawn",
        before={"organisation": declared.organisation_id},
        reason=declared.reason,
    )
    db.session().delete(declared)
    db.session().flush()
    return rechecks.after_declaration_withdrawn(earlier, actor)
