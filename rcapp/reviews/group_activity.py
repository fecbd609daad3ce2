"""本组操作记录: the audit trail of a working group's own reviews, for its lead and deputy.

A deputy taking over from a lead on leave must see what the lead did (QA grouprun 2); the
whole audit log (/audit/) stays the secretariat's. This page shows only the entries on the
reviews the group runs (`Review.working_group_id`; a review from before groups were kept:
one of a member organisation's), and of those only the work of running them: the kind,
visit day and due day, assigning and withdrawing reviewers, reviewers' submissions, the
lead's edits and drops of findings, settlements, finalising, corrective actions and appeals. A
reviewer's drafts (decisions, findings before submitting) and conflict declarations stay
out, as do reviews of the viewer's own organisation (conflict of interest). The rows are
worded by the audit log's own formatter (accounts.views.audit).
"""

from __future__ import annotations

from collections.abc import Collection

from flask import render_template, request
from flask_login import current_user
from sqlalchemy import Select, and_, or_, select

from rcapp import db
from rcapp.accounts.models import User
from rcapp.accounts.views.audit import audit_rows
from rcapp.assessments.models import Assessment
from rcapp.audit.labels import ENTITY_LABELS
from rcapp.audit.models import AuditEntry
from rcapp.audit.queries import ORGANISATION_REVIEW_ACTIONS, changes_of
from rcapp.errors import NotAllowed
from rcapp.i18n import current_lang
from rcapp.organisations.models import WorkingGroup, WorkingGroupMember
from rcapp.pagination import paginate
from rcapp.reviews import queries
from rcapp.reviews.blueprint import bp
from rcapp.reviews.models import Review
from rcapp.web import get_or_404, login_required

# The work of running a review, besides what its organisation sees of it too.
GROUP_ACTIONS = (
    "review.kind",
    "review.visit_on",
    "review.due_on",  # moved alone (review_days): the deputy taking over must see it
    "review.assign",
    "review.withdraw",
    "review.withdraw_at_final",
    "review.decline",  # the reviewer declined it (decline.py): the lead assigns another
    "review.submit",
    "review.finding_edit",
    "review.finding_drop",
    "review.finding_restore",
    *ORGANISATION_REVIEW_ACTIONS,
)


def group_review_ids(group: WorkingGroup, user: User) -> list[int]:
    """Return the ids of the reviews the group runs, less those of the user's own organisations."""
    members = select(WorkingGroupMember.organisation_id).where(
        WorkingGroupMember.working_group_id == group.id
    )
    statement = (
        select(Review.id, Assessment.organisation_id)
        .join(Assessment, Review.assessment_id == Assessment.id)
        .where(
            or_(
                Review.working_group_id == group.id,
                and_(Review.working_group_id.is_(None), Assessment.organisation_id.in_(members)),
            )
        )
    )
    own = set() if user.is_secretariat else {m.organisation_id for m in user.memberships}
    return [rid for rid, org in db.session().execute(statement) if org not in own]


def activity(review_ids: Collection[int]) -> Select[AuditEntry]:
    return changes_of("review", review_ids, None, GROUP_ACTIONS)


@bp.get("/groups/<int:group_id>/activity")
@login_required
def group_activity(group_id: int) -> str:
    group = get_or_404(WorkingGroup, group_id)
    if group not in queries.led_groups(current_user):  # lead, deputy, secretariat
        raise NotAllowed("review.manage")
    page = paginate(
        activity(group_review_ids(group, current_user)), request.args.get("page", 1, type=int)
    )
    return render_template(
        "reviews/group_activity.html",
        group=group,
        page=page,
        rows=audit_rows(page.items),
        entity_labels=ENTITY_LABELS,
        lang=current_lang(),
    )
