"""Home-page panels of peer review: open assignments, the lead's to-do, open appeals.

The reviewer sees their open assignments and when each is due; the lead the submissions
without reviewers, the reviews to settle and the actions to accept as closed; the
secretariat the appeals waiting for a decision; the reviewed organisation's users the
corrective actions still to carry out (sent back, overdue) and their appeals waiting.

An assignment is due on the day the lead chose when assigning it; one made before that
was asked is due `REVIEW_DUE_DAYS` days (default 21) after it was made, counted in Beijing
days. The panel says how many days are left or how late it is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask import render_template
from flask_login import current_user

from rcapp.accounts.models import User
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import Rated, finals_of_record
from rcapp.clock import beijing_today
from rcapp.organisations.models import WorkingGroup
from rcapp.reviews import queries, reviewing
from rcapp.reviews.action_counts import in_effect, lead_share
from rcapp.reviews.declared_late import declared_after_submit
from rcapp.reviews.left_year import paused_commitment
from rcapp.reviews.models import Appeal, Finding, Review, ReviewAssignment
from rcapp.reviews.outcome_rows import days_overdue
from rcapp.reviews.own_review import OwnReview, own_reviews
from rcapp.reviews.permissions import (
    ReviewAction,
    can_review,
    leads_own_organisation,
    leads_review_of,
)
from rcapp.reviews.rechecks import conflict_of, in_conflict_in_closed_years
from rcapp.reviews.rereview import rereviews_of, upheld_appeal
from rcapp.reviews.resubmitted import items_to_check
from rcapp.reviews.review_dates import due_days

# re-exported: assignment_contacts reads it here (its home before review_dates)
from rcapp.reviews.review_dates import due_on as due_on
from rcapp.reviews.review_standing import DUE_SOON_DAYS, DueCounts, due_counts, running
from rcapp.reviews.rules import MIN_REVIEWERS, ReviewKindRule, undecided


@dataclass(frozen=True)
class OpenAssignment:
    assignment: ReviewAssignment
    due_on: dt.date
    days_left: int  # negative when late
    # in a conflict of interest now (e.g. declared since): nothing to do but wait for the
    # lead to withdraw it, which the row says instead of the days left (qa20 S14)
    in_conflict: bool = False
    # how far along: the sampled items decided of those to decide one by one, so a reviewer
    # coming back the next day sees what is left before opening the review (qa88)
    decided: int = 0
    sampled: int = 0


def _open_row(assignment: ReviewAssignment, today: dt.date, days: int) -> OpenAssignment:
    due = due_on(assignment, days)
    to_check = items_to_check(assignment.review)
    left = undecided(to_check, reviewing.decided_items(assignment))
    return OpenAssignment(
        assignment,
        due,
        (due - today).days,
        conflict_of(assignment) is not None,
        len(to_check) - len(left),
        len(to_check),
    )


def open_assignments(today: dt.date, days: int) -> list[OpenAssignment]:
    """List the open assignments of the user (not submitted, review not final), soonest first.

    Assignments of a closed year are left out: its reviews are frozen (year_lock), so
    nothing on them can be done, and counting the days late would only alarm.
    """
    found = [
        _open_row(a, today, days)
        for a in queries.assignments_for(current_user)
        if not a.is_submitted and a.review.assessment.cycle.is_open
    ]
    return sorted(found, key=lambda o: o.due_on)


def render_panel() -> str:
    """Render the panel, or nothing for a user with no open assignment."""
    rows = open_assignments(beijing_today(), due_days())
    if not rows:
        return ""
    return render_template("reviews/_home_panel.html", rows=rows)


def render_appeals_panel() -> str:
    """Render the secretariat's open appeals (nothing else on its home page says one waits)."""
    if not can_review(current_user, ReviewAction.DECIDE_APPEAL):
        return ""
    waiting = len(queries.open_appeals())
    if not waiting:
        return ""
    return render_template("reviews/_home_appeals.html", waiting=waiting)


@dataclass
class LeadTodo:
    """What waits for a lead or deputy in the open years of the groups they lead."""

    unassigned: list[Assessment] = field(default_factory=list)  # no reviewer on it
    to_settle: list[Review] = field(default_factory=list)  # every reviewer submitted
    reopened: list[Review] = field(default_factory=list)  # an upheld appeal: settle again
    # Appeals of the groups' reviews waiting for the secretariat (any year): nothing to do
    # yet, but the lead who settled the rating knows one is pending.
    appeals: list[Appeal] = field(default_factory=list)
    to_confirm: list[Finding] = field(default_factory=list)  # actions the organisation closed
    # Final ratings that data resubmitted since lowered (scoring.record): a re-review may
    # be needed. Each with its rating of record (stars, and the peer-reviewed ones).
    lowered: list[tuple[Assessment, Rated]] = field(default_factory=list)
    # The groups' corrective actions not closed yet, and those of them past due with their
    # days overdue (qa72 M2): chased by the lead, though the organisation carries them out.
    open_actions: int = 0
    own_open: int = 0  # the lead's own organisation's, left out of the count (lead_share)
    overdue: list[tuple[Finding, int]] = field(default_factory=list)
    groups: list[WorkingGroup] = field(default_factory=list)  # the groups led (their pages)
    # Reviewers who declared a conflict after submitting, with their reason: the review no
    # longer counts until the lead withdraws them or finalises without them (declared_late).
    declared_late: list[tuple[ReviewAssignment, str]] = field(default_factory=list)
    # Open assignments in conflict in a closed or closing year: the review cannot go on and
    # the lead can neither withdraw nor assign until the secretariat reopens the year.
    stopped_frozen: list[ReviewAssignment] = field(default_factory=list)
    # The lead's own organisation's reviews, which another runs (conflict of interest):
    # said, never offered as work (own_review).
    own: list[OwnReview] = field(default_factory=list)
    # Per group led, its reviewers' reviews past due and due within the week (review_standing):
    # a review waiting for a reviewer is the lead's to chase (QA grouprun 1).
    reviews_due: list[tuple[WorkingGroup, DueCounts]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(
            self.own
            or self.reviews_due
            or self.stopped_frozen
            or self.unassigned
            or self.to_settle
            or self.reopened
            or self.appeals
            or self.to_confirm
            or self.lowered
            or self.open_actions
            or self.declared_late
        )


def _ready(review: Review) -> bool:
    """Every reviewer submitted, and enough of them to finalise."""
    submitted = len(review.submitted_assignments)
    needed = MIN_REVIEWERS[ReviewKindRule(review.kind.value)]
    return submitted == len(review.assignments) and submitted >= needed


def lead_todo(user: object) -> LeadTodo:
    """Collect a lead's work in the groups they lead: only what they may do (not their own).

    The secretariat, which may manage every review, has its own panel (appeals) instead.
    """
    todo = LeadTodo()
    if not isinstance(user, User) or user.is_secretariat:
        return todo
    groups = queries.led_groups(user)
    if not groups:
        return todo
    seen: set[int] = set()
    finals: list[Assessment] = []
    held: list[Review] = []  # the reviews under way, for those declared in conflict late
    own: list[Assessment] = []  # her own organisation's: another runs their review
    own_review: dict[int, Review] = {}
    by_group: dict[int, list[Review]] = {}  # the reviews under way, for their due days
    for cycle in (c for c in queries.cycles() if c.is_open):
        for group in groups:
            assessments = queries.group_assessments(group, cycle)
            reviews = queries.reviews_by_assessment([a.id for a in assessments])
            for assessment in assessments:
                if assessment.id in seen:
                    continue
                if not can_review(user, ReviewAction.MANAGE, assessment):
                    if leads_own_organisation(user, assessment):
                        seen.add(assessment.id)
                        own.append(assessment)
                        if assessment.id in reviews:
                            own_review[assessment.id] = reviews[assessment.id]
                    continue
                seen.add(assessment.id)
                review = reviews.get(assessment.id)
                held += [] if review is None else [review]
                if review is not None:
                    by_group.setdefault(group.id, []).append(review)
                if review is None or not review.assignments:
                    if not paused_commitment(assessment):  # out of the year's work (qa62 1)
                        todo.unassigned.append(assessment)
                elif review.is_final:
                    finals.append(assessment)
                elif upheld_appeal(review) is not None:
                    todo.reopened.append(review)
                elif _ready(review):
                    todo.to_settle.append(review)
    todo.own = own_reviews(own, own_review)
    today = beijing_today()
    todo.reviews_due = [
        (g, counts)
        for g in groups
        if (counts := due_counts(running(by_group.get(g.id, []), today)))
    ]
    todo.stopped_frozen = [
        a
        for a in in_conflict_in_closed_years()
        if can_review(user, ReviewAction.MANAGE, a.review.assessment)
    ]
    late = declared_after_submit(held)
    todo.declared_late = [(a, late[a.id]) for r in held for a in r.assignments if a.id in late]
    rated = finals_of_record([a.id for a in finals])
    todo.lowered = [
        (a, rated[a.id]) for a in finals if a.id in rated and rated[a.id].lowered_from is not None
    ]
    todo.appeals = [
        a for a in queries.open_appeals() if can_review(user, ReviewAction.MANAGE, a.review)
    ]
    todo.to_confirm = [
        f
        for f in queries.closed_actions_of(groups)
        if can_review(user, ReviewAction.ACCEPT_ACTION, f)
    ]
    # not the lead's own organisation's, as for those to confirm (leads_review_of): the
    # count says how many of those it leaves out, as review planning does
    share = lead_share(user, [f for f in queries.open_group_actions_of(groups) if in_effect(f)])
    still_open = [f for f in share.followed if leads_review_of(user, f)]
    todo.open_actions, todo.own_open, todo.groups = len(still_open), share.own_open, list(groups)
    todo.overdue = [(f, days) for f in still_open if (days := days_overdue(f, today))]
    return todo


def render_lead_panel() -> str:
    """Render the lead's to-do, or nothing when nothing waits for them."""
    todo = lead_todo(current_user)
    if not todo:
        return ""
    return render_template("reviews/_home_lead.html", todo=todo, due_soon_days=DUE_SOON_DAYS)


@dataclass(frozen=True)
class OpenAction:
    """A corrective action the user's organisation still has to carry out (qa14 D8)."""

    finding: Finding
    days_overdue: int  # 0: not past its due date


@dataclass
class CompanyTodo:
    """What the peer review left an organisation's users: open actions, appeals waiting."""

    actions: list[OpenAction] = field(default_factory=list)
    appeals: list[Appeal] = field(default_factory=list)
    # Appeals upheld: the review is open again until the new final rating (rereview.py).
    rereviews: list[Review] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.actions or self.appeals or self.rereviews)


def company_todo(user: object, today: dt.date) -> CompanyTodo:
    """Collect the open corrective actions the user may close and their organisations' appeals."""
    todo = CompanyTodo()
    if not isinstance(user, User) or user.is_secretariat:
        return todo
    own = [m.organisation_id for m in user.memberships]
    for finding in queries.open_actions_of(own):
        if in_effect(finding) and can_review(user, ReviewAction.CLOSE_ACTION, finding):
            todo.actions.append(OpenAction(finding, days_overdue(finding, today)))
    todo.appeals = [
        a
        for a in queries.open_appeals_of(own)
        if can_review(user, ReviewAction.SEE_FINAL, a.review)
    ]
    todo.rereviews = [r for r in rereviews_of(own) if can_review(user, ReviewAction.SEE_FINAL, r)]
    return todo


def render_company_panel() -> str:
    """Render the organisation's corrective actions and waiting appeals, or nothing."""
    todo = company_todo(current_user, beijing_today())
    if not todo:
        return ""
    return render_template("reviews/_home_company.html", todo=todo, upheld_appeal=upheld_appeal)
