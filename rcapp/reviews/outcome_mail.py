"""Notices after finalisation: the final rating, corrective actions, appeals.

Each `queue_*` is called by the view right after the action succeeded, in its transaction
(a refused or rolled-back action queues nothing); the view starts delivery after commit.
The organisation's notices go to its active users (the final rating, an action confirmed
or sent back, an appeal decided); a submitted review, a closed action and an appeal decided
to the review's lead and deputy; a new appeal to the secretariat.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from rcapp.accounts.models import User
from rcapp.accounts.queries import secretariat_users
from rcapp.assessments.models import SnapshotKind
from rcapp.assessments.rating_words import vetoed
from rcapp.assessments.snapshots import find_snapshot, snapshot_scorecard
from rcapp.clock import beijing_today
from rcapp.cycles.reminders import recipients_of
from rcapp.links import external_url
from rcapp.mail.models import OutboxMessage
from rcapp.mail.notices import compose_notice, queue_notices
from rcapp.reviews.appeal_items import named_items
from rcapp.reviews.errors import AssignmentInConflict
from rcapp.reviews.finding_item import finding_item
from rcapp.reviews.messages import conflict_now_text
from rcapp.reviews.models import (
    ActionStatus,
    Appeal,
    AppealStatus,
    Finding,
    FindingKind,
    Review,
    ReviewAssignment,
)
from rcapp.reviews.rereview import rerated_after
from rcapp.reviews.settlers import Settler, leads_of, runner_role, settler_role
from rcapp.scoring import Scorecard


def _queue(
    kind: str,
    review: Review,
    users: list[User],
    template: str,
    subject: Callable[[str, int], Any],
    actor: User | None,
    **context: Any,
) -> list[OutboxMessage]:
    """Compose `template` for each reader; `subject(organisation name, year)`."""
    assessment = review.assessment
    organisation, year = assessment.organisation, assessment.cycle.year
    compose = compose_notice(
        template,
        lambda lang: subject(organisation.display_name(lang), year),
        organisation=organisation,
        year=year,
        **context,
    )
    return queue_notices(
        kind,
        users,
        compose,
        organisation_id=organisation.id,
        cycle_id=assessment.cycle_id,
        actor=actor,
    )


def _final_link(review: Review, anchor: str = "") -> str:
    return external_url("reviews.final", review_id=review.id) + anchor


@dataclass(frozen=True)
class EarlierRating:
    """The final rating an upheld appeal reopened, as the re-rating mail names it."""

    rated: bool
    vetoed: bool
    stars: int


def earlier_rating(review: Review) -> EarlierRating | None:
    """Return the final rating kept when the appeal was upheld (None: none kept)."""
    kept = find_snapshot(review.assessment, SnapshotKind.APPEALED)
    if kept is None:
        return None
    rating = snapshot_scorecard(kept).rating
    return EarlierRating(rating.rated, vetoed(rating), rating.stars)


def queue_final_notice(review: Review, card: Scorecard, actor: User) -> list[OutboxMessage]:
    """Tell the organisation its final rating: the first one, or the re-rating after an appeal."""
    if rerated_after(review) is not None:
        return queue_rerated_notice(review, card, actor)
    actions = [f for f in review.sent_findings if f.kind is FindingKind.CORRECTIVE_ACTION]
    return _queue(
        "review.final",
        review,
        recipients_of(review.assessment.organisation_id),
        "reviews/mail_final.txt",
        lambda name, year: _("同行评审结果已确定：%(name)s（%(year)d 年度）", name=name, year=year),
        actor,
        rated=card.rating.rated,
        stars=card.rating.stars,
        vetoed=vetoed(card.rating),
        actions=len(actions),
        appeal_until=review.appeal_until.isoformat() if review.appeal_until else "",
        link=_final_link(review),
    )


def queue_reviewers_final_notice(
    review: Review, card: Scorecard, actor: User
) -> list[OutboxMessage]:
    """Tell each reviewer whose submitted work counted that the review is final.

    In the reader's language: the organisation and year, the final stars, and a link to
    his own work, read only now (finalised_work). A withdrawn reviewer has no assignment
    left and is told of the withdrawal instead.
    """
    return [
        message
        for assignment in review.submitted_assignments
        for message in _queue(
            "review.final_reviewer",
            review,
            [assignment.reviewer],
            "reviews/mail_final_reviewer.txt",
            lambda name, year: _(
                "您评审的自评已定级：%(name)s（%(year)d 年度）", name=name, year=year
            ),
            actor,
            rated=card.rating.rated,
            stars=card.rating.stars,
            vetoed=vetoed(card.rating),
            link=external_url("reviews.review_page", assignment_id=assignment.id),
        )
    ]


def queue_rerated_notice(review: Review, card: Scorecard, actor: User) -> list[OutboxMessage]:
    """Queue the re-rating after an upheld appeal: earlier and new stars, actions still open."""
    still_open = [
        f
        for f in review.sent_findings
        if f.kind is FindingKind.CORRECTIVE_ACTION and f.action_status is ActionStatus.OPEN
    ]
    return _queue(
        "review.final",
        review,
        recipients_of(review.assessment.organisation_id),
        "reviews/mail_rerated.txt",
        lambda name, year: _(
            "申诉后的重新评级结果：%(name)s（%(year)d 年度）", name=name, year=year
        ),
        actor,
        earlier=earlier_rating(review),
        runner=runner_role(review),
        rated=card.rating.rated,
        stars=card.rating.stars,
        vetoed=vetoed(card.rating),
        open_actions=len(still_open),
        appeal_until=review.appeal_until.isoformat() if review.appeal_until else "",
        link=_final_link(review),
    )


def queue_action_reopened_notice(
    finding: Finding, actor: User, earlier_due: dt.date | None = None
) -> list[OutboxMessage]:
    """Tell the organisation an action was sent back: why, and by when (the stored due date).

    `earlier_due`: the due date before it was sent back; named beside the new one
    when the lead gave more time, so the company sees the date moved.
    """
    review = finding.review
    return _queue(
        "action.reopen",
        review,
        recipients_of(review.assessment.organisation_id),
        "reviews/mail_action_reopened.txt",
        lambda name, year: _("整改项被退回：%(name)s（%(year)d 年度）", name=name, year=year),
        actor,
        finding=finding,
        item=finding_item(finding),
        # who sent it back, by role and name: a deputy or the secretariat may, not only the lead
        reopener=Settler(settler_role(actor, review), actor.name),
        reason=finding.reopen_reason or "",
        due=finding.due_on.isoformat() if finding.due_on else "",
        earlier_due=(
            earlier_due.isoformat() if earlier_due and earlier_due != finding.due_on else ""
        ),
        link=_final_link(review, f"#action-{finding.id}"),
    )


def queue_action_accepted_notice(finding: Finding, actor: User) -> list[OutboxMessage]:
    """Tell the organisation that the lead (or deputy) confirmed a closed action."""
    review = finding.review
    return _queue(
        "action.accept",
        review,
        recipients_of(review.assessment.organisation_id),
        "reviews/mail_action_accepted.txt",
        lambda name, year: _("整改项已确认关闭：%(name)s（%(year)d 年度）", name=name, year=year),
        actor,
        finding=finding,
        item=finding_item(finding),
        by=actor.name,
        link=_final_link(review, f"#action-{finding.id}"),
    )


def queue_action_closed_notice(finding: Finding, actor: User) -> list[OutboxMessage]:
    review = finding.review
    return _queue(
        "action.close",
        review,
        leads_of(review),
        "reviews/mail_action_closed.txt",
        lambda name, year: _("整改项待确认关闭：%(name)s（%(year)d 年度）", name=name, year=year),
        actor,
        finding=finding,
        item=finding_item(finding),
        evidence=finding.closing_evidence or "",
        file_name=finding.closing_file_name or "",
        link=_final_link(review, f"#action-{finding.id}"),
    )


def queue_appeal_filed_notice(appeal: Appeal, actor: User) -> list[OutboxMessage]:
    """Ask the secretariat to decide, tell the leads, confirm it to the organisation.

    The organisation's active users are told it was filed, who decides and what happens
    next, with the items it disputes (it had no word of it until the decision). The leads,
    who settled the rating and settle it again if the appeal is upheld, learnt of an
    appeal only from its decision; their notice says who decides, and that nothing
    waits for them until then. A lead of the secretariat is mailed once, to decide.
    """
    review = appeal.review
    deciders = secretariat_users()
    asked = {user.id for user in deciders}

    def subject(name: str, year: int) -> str:
        return str(_("新的申诉：%(name)s（%(year)d 年度）", name=name, year=year))

    filed_on = beijing_today().isoformat()
    items = named_items(appeal)  # the items it disputes, or none
    sent = _queue(
        "appeal.file",
        review,
        deciders,
        "reviews/mail_appeal_filed.txt",
        subject,
        actor,
        reason=appeal.reason,
        filed_on=filed_on,
        items=items,
        link=external_url("reviews.appeals"),
    )
    leads = [user for user in leads_of(review) if user.id not in asked]
    asked |= {user.id for user in leads}
    sent += _queue(
        "appeal.file",
        review,
        leads,
        "reviews/mail_appeal_filed_lead.txt",
        subject,
        actor,
        reason=appeal.reason,
        filed_on=filed_on,
        items=items,
        link=_final_link(review, "#appeal"),
    )
    return sent + _queue(
        "appeal.filed",  # the organisation's confirmation
        review,
        [u for u in recipients_of(review.assessment.organisation_id) if u.id not in asked],
        "reviews/mail_appeal_filed_company.txt",
        lambda name, year: _("申诉已提交：%(name)s（%(year)d 年度）", name=name, year=year),
        actor,
        filer=actor.name,
        reason=appeal.reason,
        filed_on=filed_on,
        items=items,
        link=_final_link(review, "#appeal"),
    )


def queue_submitted_notice(assignment: ReviewAssignment, actor: User) -> list[OutboxMessage]:
    """Tell the review's lead and deputies that a reviewer submitted (qa66 #4)."""
    review = assignment.review
    return _queue(
        "review.submit",
        review,
        leads_of(review),
        "reviews/mail_submitted.txt",
        lambda name, year: _("评审员已提交评审：%(name)s（%(year)d 年度）", name=name, year=year),
        actor,
        reviewer=assignment.reviewer.name,
        done=len(review.submitted_assignments),
        all=len(review.assignments),
        link=external_url("reviews.consolidate", review_id=review.id),
    )


def queue_appeal_decided_notice(appeal: Appeal, actor: User) -> list[OutboxMessage]:
    """Tell the organisation the decision, and the review's lead and deputies too.

    Dismissed, the leads get the organisation's notice (qa66 #4: the lead who finalised
    was not told); upheld, the notice that they must settle again. The organisation's
    result page stays open (the decision, its actions), so its links go there; the
    lead's upheld one goes to the discrepancy map, where the appeal is shown.
    """
    review = appeal.review
    upheld = appeal.status is AppealStatus.UPHELD
    leads = leads_of(review)
    # a lead who is also the organisation's own member is told once (leads_of leaves them out)
    sent = _queue(
        "appeal.decide",
        review,
        recipients_of(review.assessment.organisation_id) + ([] if upheld else leads),
        "reviews/mail_appeal_decided.txt",
        lambda name, year: _("申诉已决定：%(name)s（%(year)d 年度）", name=name, year=year),
        actor,
        upheld=upheld,
        runner=runner_role(review),
        reason=appeal.decision_reason or "",
        link=_final_link(review, "#reopened" if upheld else "#appeal"),
    )
    if not upheld:
        return sent
    return sent + _queue(
        "appeal.reopen",
        review,
        leads,
        "reviews/mail_appeal_reopened.txt",
        lambda name, year: _(
            "申诉成立，请重新裁定：%(name)s（%(year)d 年度）", name=name, year=year
        ),
        actor,
        appeal=appeal.reason,
        reason=appeal.decision_reason or "",
        link=external_url("reviews.consolidate", review_id=review.id) + "#appeals",
    )


def queue_withdrawn_notice(
    review: Review, reviewer: User, decisions: int, findings: int, actor: User
) -> list[OutboxMessage]:
    """Tell a withdrawn reviewer, in their language, and what of their work was deleted."""
    return _queue(
        "review.withdraw",
        review,
        [reviewer],
        "reviews/mail_withdrawn.txt",
        lambda name, year: _("评审指派已撤回：%(name)s（%(year)d 年度）", name=name, year=year),
        actor,
        by=actor.name,
        decisions=decisions,
        findings=findings,
        link=external_url("reviews.index"),
    )


def queue_declined_notice(
    review: Review, reviewer: User, cause: object, note: str
) -> list[OutboxMessage]:
    """Tell the review's lead and deputies that `reviewer` declined it, and why (decline.py).

    `cause`: the lazy label of the cause chosen, read in each recipient's language.
    """
    return _queue(
        "review.decline",
        review,
        leads_of(review),
        "reviews/mail_declined.txt",
        lambda name, year: _("评审员谢绝评审：%(name)s（%(year)d 年度）", name=name, year=year),
        reviewer,
        reviewer=reviewer.name,
        cause=cause,
        note=note,
        link=external_url("reviews.assign", assessment_id=review.assessment_id),
    )


def queue_conflict_notice(
    assignment: ReviewAssignment,
    found: AssignmentInConflict,
    actor: User | None,
    declared: bool = False,
    stage: str = "open",
) -> list[OutboxMessage]:
    """Tell the lead and deputy that an assignment is in conflict now.

    `declared`: the reviewer declared it (qa70 m5); else a membership change caused it.
    `stage`: "open", or declared after she "submitted" (her review no longer counts), once
    the review was "final" (nothing changes) or while its year is closed, "frozen" (nothing
    changes until the year is reopened; the secretariat, who reopens it, is told too), as
    declared_late.py handles them; "stopped_frozen": an open assignment in a closed year,
    which can be neither withdrawn nor replaced until the year is reopened (rechecks.py;
    the secretariat told too).
    """
    review = assignment.review
    readers = leads_of(review)
    if stage in ("frozen", "stopped_frozen"):
        readers += [u for u in secretariat_users() if u not in readers]
    if stage == "final":
        link = _final_link(review)
    elif stage in ("submitted", "frozen"):
        link = external_url("reviews.consolidate", review_id=review.id)
    else:
        link = external_url("reviews.assign", assessment_id=review.assessment_id)
    return _queue(
        "review.conflict",
        review,
        readers,
        "reviews/mail_conflict.txt",
        lambda name, year: _("评审员存在利益冲突：%(name)s（%(year)d 年度）", name=name, year=year),
        actor,
        reviewer=assignment.reviewer.name,
        reasons=lambda: conflict_now_text(found),
        declared=declared,
        stage=stage,
        link=link,
    )


def queue_conflict_ended_notice(
    assignment: ReviewAssignment,
    ended: AssignmentInConflict,
    actor: User | None,
    withdrawn: bool = False,
) -> list[OutboxMessage]:
    """Tell the lead and deputy that a membership change ended an open assignment's conflict.

    In a closed (or closing) year the reviewer still cannot go on: nothing of the review
    changes until the secretariat reopens the year (year_lock). The mail says so, and goes
    to the secretariat too, who were told of the conflict ("stopped_frozen") and reopen it.
    """
    review = assignment.review
    frozen = not review.assessment.cycle.is_open
    readers = leads_of(review)
    if frozen:
        readers += [u for u in secretariat_users() if u not in readers]
    return _queue(
        "review.conflict_ended",
        review,
        readers,
        "reviews/mail_conflict_ended.txt",
        lambda name, year: _(
            "评审员利益冲突已解除：%(name)s（%(year)d 年度）", name=name, year=year
        ),
        actor,
        reviewer=assignment.reviewer.name,
        reasons=lambda: conflict_now_text(ended),
        frozen=frozen,
        withdrawn=withdrawn,  # the declaration withdrawn, not a membership changed
        link=external_url("reviews.assign", assessment_id=review.assessment_id),
    )
