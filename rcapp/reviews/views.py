"""Working-group lead pages: overview, assign reviewers, discrepancy map, settle, finalise."""

from __future__ import annotations

from decimal import Decimal

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments.data_doubts import data_doubts, declared_na
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.snapshots import appealed_scorecard
from rcapp.assessments.submission_changes import changes_since_last_submission
from rcapp.clock import beijing_today
from rcapp.cycles.asked import asked_cycle_id
from rcapp.errors import InvalidState, NotAllowed
from rcapp.i18n import current_lang, person_text, sentences
from rcapp.mail.tasks import deliver_outbox
from rcapp.organisations.models import WorkingGroup
from rcapp.permissions import Action, can
from rcapp.reviews import (
    calibration_views,  # noqa: F401 - imported for its routes on bp
    conflict_views,  # noqa: F401 - imported for its routes on bp
    decline_views,  # noqa: F401 - imported for its routes on bp
    group_activity,  # noqa: F401 - imported for its routes on bp
    kpi_data_views,  # noqa: F401 - imported for its routes on bp
    lead_findings_views,  # noqa: F401 - imported for its routes on bp
    outcome_mail,
    outcome_views,  # noqa: F401 - imported for its routes on bp
    queries,
    rechecks,
    review_days,
    reviewer_decisions,  # noqa: F401 - imported for its routes on bp
    reviewer_findings,  # noqa: F401 - imported for its routes on bp
    reviewer_page,  # noqa: F401 - imported for its routes on bp
    services,
    settling,
)
from rcapp.reviews.appeal_items import disputed_items
from rcapp.reviews.assign_candidates import Candidates, candidates_of
from rcapp.reviews.assign_taken import taken_by_other_group
from rcapp.reviews.assignment_mail import assignment_composer
from rcapp.reviews.blueprint import bp, load, own_organisation_refusal
from rcapp.reviews.company_mail import company_view, queue_company_notice
from rcapp.reviews.consolidation import DiscrepancyMap, ItemRow, discrepancy_map
from rcapp.reviews.days_form import ReviewDaysForm
from rcapp.reviews.days_told import days_told_text
from rcapp.reviews.declared_late import declared_after_submit
from rcapp.reviews.decline import CAUSES, can_decline, declines_of
from rcapp.reviews.earlier_reviewers import earlier_reviewers
from rcapp.reviews.errors import (
    NaNotClaimed,
    RatingChanged,
    ReviewDaysChanged,
    ReviewFinalised,
    ReviewRefused,
    ReviewTaken,
    SavedMeanwhile,
    YearClosed,
)
from rcapp.reviews.finalcard import self_scorecard
from rcapp.reviews.finding_hands import droppers_of, editors_of
from rcapp.reviews.forms import (
    ActionForm,
    AssignForm,
    FinaliseForm,
    SettleForm,
    WithdrawForm,
    level_choices,
)
from rcapp.reviews.home_panel import open_assignments
from rcapp.reviews.insight_page import insight_context
from rcapp.reviews.lead_findings_page import FailedForm, finding_rows, settled_at_self_actions
from rcapp.reviews.left_year import paused_commitment
from rcapp.reviews.messages import (
    APPEAL_TEXT,
    FINAL_RULE_TEXT,
    FINDING_TEXT,
    capped_note,
    conflict_now_text,
    final_no_assign_text,
    rating_text,
    refusal_text,
    saved_meanwhile_text,
    shortfall_warning,
    single_reviewer_hint,
    stale_withdraw_text,
    submitted_shortfall_warning,
    veto_reasons,
)
from rcapp.reviews.models import FindingKind, Review, ReviewAssignment, ReviewKind
from rcapp.reviews.outcome_rows import overdue_actions, split_shown
from rcapp.reviews.outside_candidates import able_count
from rcapp.reviews.pages import GroupRow, group_overview, scale_of
from rcapp.reviews.permissions import (
    ReviewAction,
    can_review,
    is_lead,
    leads_own_organisation,
    review_group,
)
from rcapp.reviews.rereview import resettled_items, upheld_appeal
from rcapp.reviews.resubmitted import resubmitted_claims
from rcapp.reviews.review_dates import default_due_day, due_days, last_review_day
from rcapp.reviews.review_standing import running, standing_of
from rcapp.reviews.rules import ADVISED_REVIEWERS, MIN_REVIEWERS, NA, ReviewKindRule, Verdict
from rcapp.reviews.services import AssignDates
from rcapp.reviews.settlers import settlers_of
from rcapp.reviews.veto_note import veto_fixed_note, veto_notes
from rcapp.reviews.visit_mail import queue_visit_moved, visit_seen
from rcapp.reviews.withdrawn import already_withdrawn
from rcapp.reviews.year_lock import year_closed
from rcapp.row_locks import lock_row
from rcapp.rubrics.model import ItemKind
from rcapp.web import get_or_404, login_required

__all__ = ["bp"]


@bp.get("/")
@login_required
def index() -> str:
    own = [m.organisation_id for m in current_user.memberships]
    finals = queries.final_reviews_of(own)
    assignments = queries.assignments_for(current_user)
    return render_template(
        "reviews/index.html",
        assignments=assignments,
        # the open ones' due day and progress, as the home page's panel shows them (qa88)
        open_rows={o.assignment.id: o for o in open_assignments(beijing_today(), due_days())},
        completed=queries.completed_assignments_for(current_user),
        groups=queries.led_groups(current_user) if is_lead(current_user) else [],
        finals=finals,
        unrated=queries.unrated_finals(finals),
        vetoed=queries.vetoed_finals(finals),
        appeals=queries.open_appeals() if current_user.is_secretariat else [],
        # the secretariat's: every group's reviews at a glance, on the newest year's page
        year_page=next(iter(queries.cycles()), None) if current_user.is_secretariat else None,
        can_declare_conflicts=bool(conflict_views.declarers(current_user)),
        # not started yet: each may still be declined, with a reason (decline.py)
        declinable={a.id for a in assignments if can_decline(a)},
    )


@bp.get("/groups/<int:group_id>")
@login_required
def group(group_id: int) -> str:
    found = get_or_404(WorkingGroup, group_id)
    if found not in queries.led_groups(current_user):
        raise NotAllowed("review.manage")
    cycles = queries.cycles()
    # By default the latest year with submitted assessments in the group.
    cycle = queries.chosen_or_latest(
        cycles, asked_cycle_id(), lambda c: queries.group_assessments(found, c)
    )
    overview = group_overview(found, cycle)
    in_conflict: dict[int, str] = {}
    for row in overview.rows:  # a reviewer who never submits: the lead sees why here too
        in_conflict |= _in_conflict(row.review)
    rows = [(r.assessment, r.review) for r in (*overview.rows, *overview.returned)]
    return render_template(
        "reviews/group.html",
        overview=overview,
        # the reviews under way that this user runs: not another group's, not her own company's
        running=running(
            [
                r.review
                for r in overview.rows
                if can_review(current_user, ReviewAction.MANAGE, r.assessment)
            ],
            beijing_today(),
        ),
        # the count the lead follows up, and her own organisation's left out (lead_share)
        action_total=overview.actions_for(current_user),
        cycles=cycles,
        in_conflict=in_conflict,
        run_by={a.id: _run_by(a, review) for a, review in rows},
        capped_notes={
            final: capped_note(final, cycle is not None and cycle.is_closed)
            for final in (False, True)
        },
        veto_notes=_veto_notes(overview.rows),
    )


def _veto_notes(rows: list[GroupRow]) -> dict[tuple[int, str], Markup]:
    """Which veto left a row's self or final result without any star, linked where she may."""
    results = [(row.assessment.id, "self", row.self_vetoes) for row in rows]
    results += [
        (row.assessment.id, "final", row.final_vetoes)
        for row in rows
        if row.final is not None and row.final.vetoed
    ]
    return veto_notes(results, current_user, current_lang())


def _run_by(assessment: Assessment, review: Review | None) -> WorkingGroup | str:
    """Say who runs a review the user may not manage.

    "own": the user's organisation; the group it was set up in; "other": another lead or
    the secretariat.
    """
    if any(m.organisation_id == assessment.organisation_id for m in current_user.memberships):
        return "own"
    group_id = None if review is None else review_group(review)
    found = None if group_id is None else db.session().get(WorkingGroup, group_id)
    return "other" if found is None else found


def _own_organisation(assessment_id: int) -> tuple[str, int] | None:
    """Refuse a lead their own organisation's review, saying why (QA47 S15: a bare 403)."""
    assessment = db.session().get(Assessment, assessment_id)
    if assessment is None or not leads_own_organisation(current_user, assessment):
        return None
    return own_organisation_refusal()


def _own_review(review_id: int) -> tuple[str, int] | None:
    """Refuse the same where the review is decided: map, settling, finalising (qa54)."""
    review = db.session().get(Review, review_id)
    return None if review is None else _own_organisation(review.assessment_id)


@bp.route("/assessments/<int:assessment_id>/assign", methods=["GET", "POST"])
@login_required
def assign(assessment_id: int) -> str | tuple[str, int] | Response:
    if request.method == "POST" and (taken := taken_by_other_group(assessment_id)) is not None:
        return taken
    if (conflicted := _own_organisation(assessment_id)) is not None:
        return conflicted
    assessment = load(Assessment, assessment_id, ReviewAction.MANAGE)
    existing = queries.find_review(assessment)
    listed, form = _assign_form(assessment, existing)
    candidates = listed.listed
    if request.method == "POST" and existing is not None and existing.is_final:
        # No form is offered once final; an older page or a crafted request is told why.
        flash(final_no_assign_text(), "error")
        return redirect(url_for("reviews.assign", assessment_id=assessment.id))
    if form.validate_on_submit():
        chosen = [u for u, _reason in candidates if u.id in (form.reviewers.data or [])]
        try:
            compose = assignment_composer()
            before = company_view(existing)  # the company is told what this changes
            seen = visit_seen(existing)  # and the earlier reviewers a moved visit day
            assigned = services.assign_reviewers(
                assessment,
                ReviewKind(form.kind.data),
                chosen,
                current_user,
                compose,
                request.args.get("group", type=int),  # the group page it was set up from
                AssignDates(form.due_on.data or default_due_day(), form.visit_on.data),
            )
            queue_company_notice(assigned, before, current_user)
            queue_visit_moved(assigned, seen, current_user)
        except ReviewTaken as refused:
            # Another group's lead was first, this very instant (qa41 D10): said as when
            # the page was opened before their assignment, on this lead's group page.
            db.session().rollback()
            if (taken := taken_by_other_group(assessment_id)) is not None:
                return taken
            flash(refusal_text(refused), "error")
        except ReviewRefused as refused:
            db.session().rollback()
            flash(refusal_text(refused), "error")
        else:
            db.session().commit()
            deliver_outbox()  # on the task queue, after the commit that stored the messages
            flash(_("已指派评审员，并已通知。"), "success")
            return redirect(url_for("reviews.assign", assessment_id=assessment.id))
    return _assign_page(assessment, existing, form, listed)


def _assign_form(assessment: Assessment, existing: Review | None) -> tuple[Candidates, AssignForm]:
    """Return the reviewers to choose from and the assign form, as posted or to fill in."""
    # too few of the group's own can serve: other groups' reviewers free of conflict (qa51 M2)
    listed = candidates_of(assessment, existing, current_lang())
    # An open review keeps its kind unless the lead changes it: the choice starts there,
    # not at desk review, so adding a reviewer does not quietly turn on site into desk.
    form = (
        AssignForm(due_on=default_due_day())
        if existing is None
        else AssignForm(
            kind=existing.kind.value, due_on=default_due_day(), visit_on=existing.visit_on
        )
    )
    form.set_bounds(last_review_day(assessment))
    form.reviewers.choices = [(u.id, u.name) for u, _reason in listed.listed]
    return listed, form


def _days_form(review: Review | None) -> ReviewDaysForm | None:
    """Return the form moving a running review's days, filled in; None when none may move."""
    if review is None or review.is_final or not review.assignments or year_closed(review):
        return None
    if review.kind is ReviewKind.DESK and all(a.is_submitted for a in review.assignments):
        return None  # no visit, and nobody left to be due
    now = review_days.days_of(review)
    form = ReviewDaysForm(
        formdata=None,
        prefix="days",
        data={"visit_on": now.visit_on, "due_on": now.due_on},
    )
    form.seen.data = review_days.days_stamp(review)
    return form


def _assign_page(
    assessment: Assessment,
    review: Review | None,
    form: AssignForm,
    listed: Candidates,
    days_form: ReviewDaysForm | None = None,
) -> str:
    candidates, outside = listed.listed, listed.outside
    owner = None if review is None else review_group(review)
    load_ = queries.workload(assessment.cycle_id)
    assigned_ids = {a.reviewer_id for a in review.assignments} if review else set()
    group_id = request.args.get("group", type=int)
    declines = [] if review is None else declines_of(review)
    return render_template(
        "reviews/assign.html",
        # who declined, when and why; the candidates list marks them (decline.py)
        declines=declines,
        declined_by={d.reviewer_id: d for d in declines if d.reviewer_id is not None},
        causes=CAUSES,
        assessment=assessment,
        review=review,
        form=form,
        days_form=days_form or _days_form(review),
        candidates=candidates,
        # The button only when someone can be chosen (a park is in no working group).
        # (an outside reviewer assigned already is listed without a reason: not one to choose)
        can_choose=any(not reason and u.id not in assigned_ids for u, reason in candidates),
        in_no_group=not assessment.organisation.working_groups,
        paused=paused_commitment(assessment),  # no work of the year's (qa62 1)
        # assigned here already: no conflict of interest, and said so (qa20 S1)
        assigned_ids=assigned_ids,
        # what one reviewer alone costs, said beside the choice, before notifying (qa20 S11)
        single_hint=single_reviewer_hint(
            rubric_of(assessment), len(review.assignments) if review else 0
        ),
        workload=load_,
        in_conflict=_in_conflict(review),
        # each reviewer's due day and state (QA grouprun 1)
        standing={a.id: standing_of(a, beijing_today()) for a in review.assignments}
        if review
        else {},
        conflict_from=_conflict_from(review),
        # Planning: fewer reviewers than the process plans (a desk review may have one).
        shortfall=""
        if review is None or review.is_final or not review.assignments
        else shortfall_warning(rubric_of(assessment), len(review.assignments)),
        year_closed=year_closed(assessment),
        owner=None if owner is None else db.session().get(WorkingGroup, owner),
        group_id=group_id,
        # QA47: who reviewed it in earlier years; why another group's reviewer is offered
        earlier=earlier_reviewers(assessment.organisation_id, assessment.cycle.year),
        other_groups=_other_groups(assessment, group_id or owner),
        outside={i: str(_("、")).join(names) for i, (_user, names, _why) in outside.items()},
        # still fewer than the plan who can serve: the secretariat gives the group reviewers
        too_few_able=able_count(candidates, review) < ADVISED_REVIEWERS,
        ask_group=db.session().get(WorkingGroup, group_id or owner or 0),
        veto_note=_veto_note(assessment),
        **insight_context(assessment),
    )


@bp.post("/<int:review_id>/days")
@login_required
def move_days(review_id: int) -> str | tuple[str, int] | Response:
    """Move a running review's visit day or due day, adding nobody (qa85 #1)."""
    if (conflicted := _own_review(review_id)) is not None:
        return conflicted
    review = load(Review, review_id, ReviewAction.MANAGE)
    assessment = review.assessment
    back = redirect(url_for("reviews.assign", assessment_id=assessment.id, _anchor="days"))
    form = ReviewDaysForm(prefix="days")
    form.kind = review.kind
    form.set_bounds(last_review_day(assessment))
    form.current_due = review_days.days_of(review).due_on
    if review.is_final:  # finalised since the page was opened: no form is offered now
        flash(refusal_text(ReviewFinalised("move review days")), "error")
        return back
    if not form.validate_on_submit():  # the rule broken named beside the field, input kept
        return _days_page(review, form), 400
    try:
        if not lock_row(review):  # another lead at the same instant: theirs stored first
            abort(404)
        before, seen = company_view(review), visit_seen(review)
        wanted = review_days.ReviewDays(form.visit_on.data, form.due_on.data)
        moved = review_days.move_days(review, wanted, current_user, form.seen.data or "")
        company = queue_company_notice(review, before, current_user)
        told = queue_visit_moved(review, seen, current_user, due_before=moved.due_before)
    except ReviewDaysChanged as refused:
        db.session().rollback()
        flash(refusal_text(refused), "error")
        return _days_page(review, form), 409
    except ReviewRefused as refused:  # finalised or the year closed since the page opened
        db.session().rollback()
        flash(refusal_text(refused), "error")
        return back
    db.session().commit()
    deliver_outbox()  # after the commit that stored the mails
    done = days_told_text(review, told, company) if moved.changed else _("日期未变，未发送通知。")
    flash(done, "success")
    return back


def _days_page(review: Review, typed: ReviewDaysForm) -> str:
    """Render the assign page with the days form as posted (input and errors kept)."""
    assessment = review.assessment
    listed, form = _assign_form(assessment, review)
    if typed.seen.data != review_days.days_stamp(review):
        typed.seen.data = review_days.days_stamp(review)  # checked against what it shows now
    return _assign_page(assessment, review, form, listed, typed)


def _veto_note(assessment: Assessment) -> str:
    """Say that a veto fixed the stars before a costly review is assigned (qa66 #1)."""
    if assessment.status is not AssessmentStatus.SUBMITTED:
        return ""
    rubric = rubric_of(assessment)
    return veto_fixed_note(self_scorecard(assessment, rubric).rating, rubric, current_lang())


def _other_groups(assessment: Assessment, group_id: int | None) -> dict[int, str]:
    """Name, per candidate not a reviewer of the page's group, the group they are offered from.

    Candidates are the reviewers of every working group the organisation is in
    (_candidates): one of another group is offered because the organisation is in it too.
    """
    groups = assessment.organisation.working_groups
    if group_id is None or group_id not in {g.id for g in groups}:
        return {}
    here = {u.id for g in groups if g.id == group_id for u in queries.candidate_reviewers(g)}
    found: dict[int, list[str]] = {}
    for group_ in groups:
        if group_.id == group_id:
            continue
        for user in queries.candidate_reviewers(group_):
            if user.id not in here:
                found.setdefault(user.id, []).append(group_.display_name(current_lang()))
    return {user_id: str(_("、")).join(names) for user_id, names in found.items()}


def _conflict_from(review: Review | None) -> dict[int, str]:
    """Name the organisations an open assignment's conflict comes from, but the one assigned.

    The reviewer joined the reviewed organisation (or one related to it) after being
    assigned: the list names the assigned organisation, the lead needs the new one too.
    """
    found = {}
    for assignment in [] if review is None else review.assignments:
        conflict = rechecks.conflict_of(assignment)
        if conflict is None:
            continue
        others = [
            m.organisation
            for m in assignment.reviewer.memberships
            if m.organisation_id in conflict.organisation_ids
            and m.organisation_id != assignment.reviewer_organisation_id
        ]
        if others:
            names = [o.display_name(current_lang()) for o in others]
            found[assignment.id] = str(_("、")).join(names)
    return found


def _in_conflict(review: Review | None) -> dict[int, str]:
    """Open assignments in conflict now (the reviewer's organisations changed), with why."""
    found = {}
    for assignment in [] if review is None else review.assignments:
        conflict = rechecks.conflict_of(assignment)
        if conflict is not None:
            found[assignment.id] = conflict_now_text(conflict)
    return found


@bp.get("/assignments/<int:assignment_id>/withdraw")
@login_required
def confirm_withdraw(assignment_id: int) -> str | Response:
    """Name the reviewer and the work withdrawing deletes, and ask to confirm (no JS needed)."""
    if (gone := already_withdrawn(assignment_id)) is not None:
        return gone
    assignment = load(ReviewAssignment, assignment_id, ReviewAction.MANAGE)
    return _withdraw_page(assignment)


def _withdraw_page(assignment: ReviewAssignment, typed: WithdrawForm | None = None) -> str:
    """Render the confirmation page; `typed`: the form as posted, its reason (and error) kept."""
    decisions, findings = services.unsubmitted_work(assignment)
    stamp = services.work_stamp(assignment)
    form = WithdrawForm(formdata=None, data={"confirmed": "1", "seen": stamp})
    if typed is not None:
        form.reason.data, form.reason.errors = typed.reason.data, list(typed.reason.errors)
    return render_template(
        "reviews/withdraw.html",
        assignment=assignment,
        decisions=decisions,
        findings=findings,
        form=form,
        year_closed=year_closed(assignment.review),
    )


@bp.post("/assignments/<int:assignment_id>/withdraw")
@login_required
def withdraw(assignment_id: int) -> Response | tuple[str, int]:
    if (gone := already_withdrawn(assignment_id)) is not None:
        return gone  # by another lead, or in another tab: nothing else changes
    assignment = load(ReviewAssignment, assignment_id, ReviewAction.MANAGE)
    assessment_id = assignment.review.assessment_id
    if not lock_row(assignment):  # withdrawn at the same instant by another request
        db.session().rollback()
        return already_withdrawn(assignment_id) or abort(404)
    form = WithdrawForm()
    if not form.validate_on_submit() and set(form.errors) == {"reason"}:
        return _withdraw_page(assignment, form), 400  # too long: said, the text kept
    if form.errors:
        return redirect(url_for("reviews.assign", assessment_id=assessment_id))
    if not form.confirmed.data:  # an older page's one-click button: ask first
        return redirect(url_for("reviews.confirm_withdraw", assignment_id=assignment.id))
    reviewer, review = assignment.reviewer, assignment.review
    if form.seen.data and form.seen.data != services.work_stamp(assignment):
        # Saved since the page was shown: ask again, naming what would now be deleted.
        decisions, findings = services.unsubmitted_work(assignment)
        flash(stale_withdraw_text(reviewer.name, decisions, findings), "error")
        return _withdraw_page(assignment, form), 409
    try:
        before = company_view(review)  # the company is told its reviewers changed
        seen = visit_seen(review)  # and those visiting with them, whom they lose (qa85 #2)
        decisions, findings = services.withdraw_assignment(
            assignment, current_user, form.reason.data
        )
        outcome_mail.queue_withdrawn_notice(review, reviewer, decisions, findings, current_user)
        queue_company_notice(review, before, current_user)
        queue_visit_moved(review, seen, current_user, left=[reviewer.name])
    except ReviewRefused as refused:  # the year was closed since the page was opened
        db.session().rollback()
        flash(refusal_text(refused), "error")
    except InvalidState:  # submitted (or finalised) since the page was opened
        db.session().rollback()
        flash(
            _("%(name)s 的评审已提交或已定级，不能再撤回。", name=person_text(reviewer.name)),
            "error",
        )
    else:
        db.session().commit()
        deliver_outbox()  # after the commit that stored the notice
        flash(_("已撤回评审员 %(name)s，并已通知。", name=person_text(reviewer.name)), "success")
    return redirect(url_for("reviews.assign", assessment_id=assessment_id))


def consolidation_page(
    review: Review,
    failed: tuple[str, SettleForm] | None = None,
    status: int = 200,
    finding_failed: FailedForm | None = None,
) -> tuple[str, int]:
    rubric = rubric_of(review.assessment)
    card = self_scorecard(review.assessment, rubric)
    found = discrepancy_map(review, rubric, card)
    changes = changes_since_last_submission(review.assessment)
    items = rubric.item_index()
    forms = {}
    # Only flagged or settled rows carry a settle form: building all 190 items' forms cost
    # more than the rest of the page. Reopened by an upheld appeal, the appeal may concern
    # any item: every row shown does (the disputed ones, or all of them when asked).
    show_all = request.args.get("all") == "1"
    rereview = upheld_appeal(review)
    # A refused settlement of a row the map shows only with "all" (a re-review's undisputed
    # item) is shown with all rows: its form, its message and the input are not lost.
    if failed is not None and not any(r.disputed for r in found.rows if r.item_id == failed[0]):
        show_all = True
    for row in (r for r in found.rows if _settleable(r, rereview is not None, show_all)):
        if failed is not None and failed[0] == row.item_id:
            form = failed[1]
        else:
            value = "" if row.settled is None else str(row.settled)
            stamp = settling.settlement_stamp(settling.settlement_of(review, row.item_id))
            form = SettleForm(
                formdata=None,
                prefix=f"s-{row.item_id}",
                data={"level": value, "reason": row.settlement_reason or "", "seen": stamp},
            )
        item = items[row.item_id]
        with_na = item.na_allowed and row.na_claimed  # N/A upholds a claim, never invents one
        binary = item.kind is ItemKind.YES_NO
        form.level.choices = level_choices(scale_of(item), with_na=with_na, binary=binary)
        forms[row.item_id] = form
    late = declared_after_submit([review])
    return render_template(
        "reviews/consolidate.html",
        review=review,
        final_rule_text=FINAL_RULE_TEXT,
        rereview=rereview,
        # Settled again since the appeal was upheld: the map marks them.
        resettled=resettled_items(review),
        found=found,
        forms=forms,
        items=items,
        lang=current_lang(),
        action_form=ActionForm(),
        NA=NA,
        show_all=show_all,
        reviews_needed=MIN_REVIEWERS[ReviewKindRule(review.kind.value)],
        # Declared after submitting: said apart, with the reason (declared_late.py).
        declared_late=late,
        in_conflict={k: v for k, v in _in_conflict(review).items() if k not in late},
        year_closed=year_closed(review),
        appeal_text=APPEAL_TEXT,
        # each appeal's disputed items, with their levels and reasons (appeal_items)
        disputed={a.id: disputed_items(a) for a in review.appeals},
        settlers=settlers_of(review),
        # A link to each flagged item's answer and evidence, for whoever may read them
        # there (the lead of a group the organisation belongs to, the secretariat).
        answers_shown=can(current_user, Action.ASSESSMENT_VIEW, review.assessment),
        # marked as on the reviewer's page; ?changed=1 lists only them
        changed=resubmitted_claims(changes),
        only_changed=request.args.get("changed") == "1",
        doubts=data_doubts(review.assessment, rubric, current_lang(), declared_na(card)),
        page_url=_consolidation_url(review, failed, show_all, finding_failed),
        # Every submitted finding, which the lead may correct or drop before finalising.
        finding_rows=finding_rows(review, found, finding_failed),
        droppers=droppers_of(review, review.findings),
        editors=editors_of(review),
        finding_text=FINDING_TEXT,
        **insight_context(review.assessment, changes),
    ), status


def _consolidation_url(
    review: Review,
    failed: tuple[str, SettleForm] | None,
    show_all: bool,
    finding_failed: FailedForm | None = None,
) -> str | None:
    """Return the map's own address for a refused settlement shown in reply to a POST, or None.

    The browser stayed on …/items/<item>/settle, whose reload offered to send the form again
    (qa62 3b); forms.js puts this address in its place, the input typed still in sight.
    """
    if request.method != "POST":
        return None
    anchor = None if failed is None else f"row-{failed[0]}"
    if finding_failed is not None:
        anchor = f"finding-{finding_failed[0]}"
    return url_for(
        "reviews.consolidate", review_id=review.id, all="1" if show_all else None, _anchor=anchor
    )


def _settleable(row: ItemRow, reopened: bool, show_all: bool) -> bool:
    """Whether the map offers the row a settle form (the template shows the ones it has)."""
    if row.flagged or row.settled is not None:
        return True
    return reopened and (show_all or row.disputed)


@bp.get("/<int:review_id>/consolidate")
@login_required
def consolidate(review_id: int) -> tuple[str, int]:
    if (conflicted := _own_review(review_id)) is not None:
        return conflicted
    return consolidation_page(load(Review, review_id, ReviewAction.MANAGE))


@bp.post("/<int:review_id>/items/<item_id>/settle")
@login_required
def settle(review_id: int, item_id: str) -> tuple[str, int] | Response:
    if (conflicted := _own_review(review_id)) is not None:
        return conflicted
    review = load(Review, review_id, ReviewAction.MANAGE)
    form = SettleForm(prefix=f"s-{item_id}")
    form.level.choices = level_choices(4, with_na=True)
    status = 422
    if form.validate_on_submit():
        verdict: Verdict = NA if form.level.data == NA else int(form.level.data or 0)
        seen = form.seen.data if form.seen.name in request.form else None
        reason = form.reason.data or ""
        try:
            settling.settle_item(review, item_id, verdict, reason, current_user, seen)
        except SavedMeanwhile as meanwhile:
            db.session().rollback()
            by = db.session().get(User, meanwhile.by_id) if meanwhile.by_id else None
            yourself = meanwhile.by_id == current_user.id
            text = saved_meanwhile_text(meanwhile, by.name if by else None, yourself=yourself)
            form.reason.errors = [text]
            # Based on the stored settlement now: submitting again overwrites on purpose.
            form.seen.data = settling.settlement_stamp(settling.settlement_of(review, item_id))
            status = 409
        except (ReviewFinalised, YearClosed) as refused:  # no form for the item any more
            db.session().rollback()
            flash(refusal_text(refused) + " " + _typed_input(item_id, form), "error")
            return consolidation_page(review, status=409)
        except NaNotClaimed as refused:
            db.session().rollback()
            form.level.errors = [refusal_text(refused)]
        except ReviewRefused as refused:
            db.session().rollback()
            form.reason.errors = [refusal_text(refused)]
        else:
            db.session().commit()
            flash(_("%(item)s 已裁定。", item=item_id), "success")
            return redirect(url_for("reviews.consolidate", review_id=review.id) + f"#row-{item_id}")
    elif review.is_final or year_closed(review):  # refused, and no form shows it again
        year = review.assessment.cycle.year
        gone = ReviewFinalised("settle") if review.is_final else YearClosed("settle", year)
        flash(refusal_text(gone) + " " + _typed_input(item_id, form), "error")
        return consolidation_page(review, status=409)
    return consolidation_page(review, (item_id, form), status)


def _already_final(review: Review) -> Response:
    flash(_("该评审已定级，无需重复操作。"), "success")
    return redirect(url_for("reviews.final", review_id=review.id))


def _typed_input(item_id: str, form: SettleForm) -> str:
    """Quote the level chosen and the reason typed when no form can show them again."""
    level, reason = form.level.data or "", form.reason.data or ""
    typed = str(
        _("您为 %(item)s 填写的理由：%(reason)s", item=item_id, reason=reason or _("（无）"))
    )
    if not level:
        return typed
    chosen = _("不适用") if level == NA else level
    return str(_("您为 %(item)s 选择的等级：%(level)s。", item=item_id, level=chosen)) + " " + typed


def _appeal_days() -> int:
    return int(current_app.config.get("REVIEW_APPEAL_DAYS", 30))


def _discrepancies(review: Review) -> DiscrepancyMap:
    rubric = rubric_of(review.assessment)
    return discrepancy_map(review, rubric, self_scorecard(review.assessment, rubric))


def _finalise_blocked(review: Review, found: DiscrepancyMap) -> bool:
    """Whether finalising would be refused for a reason the discrepancy map page shows."""
    if year_closed(review) or review.assessment.status is not AssessmentStatus.SUBMITTED:
        return True
    needed = MIN_REVIEWERS[ReviewKindRule(review.kind.value)]
    return bool(found.unsettled) or len(review.submitted_assignments) < needed


def _confirm_page(
    review: Review,
    status: int = 200,
    found: DiscrepancyMap | None = None,
    form: FinaliseForm | None = None,
) -> tuple[str, int]:
    """Name the organisation and the rating finalising gives, before it is given.

    The self levels are scored once for the map, which the final scoring reuses. `form`:
    the one posted, shown again with the reason typed and its errors.
    """
    found = found if found is not None else _discrepancies(review)
    card = settling.final_scorecard(review, found)
    if form is None:
        form = FinaliseForm(formdata=None)
    form.shown.data = settling.rating_stamp(card)  # the rating this page shows
    before = found.self_scores
    upheld = upheld_appeal(review)
    overdue_new, overdue_shown = split_shown(
        overdue_actions(review, beijing_today()), None if upheld is None else upheld.decided_at
    )
    return render_template(
        "reviews/confirm_finalise.html",
        # The sections the review moves, self score beside final, and the items settled N/A:
        # an N/A takes an item out of its section's score, which the stars alone do not show.
        moved=[
            (s, before.get(s.section_id))
            for s in card.sections
            if s.score != before.get(s.section_id)
        ],
        settled_na=[row.item_id for row in found.rows if row.settled == NA],
        review=review,
        card=card,
        form=form,
        stars=rating_text(card.rating),
        stars_said=rating_text(card.rating, in_sentence=True),  # the button's sentence
        vetoes=veto_reasons(card.rating, rubric_of(review.assessment), current_lang()),
        changed=sum(1 for row in found.rows if row.changed),
        shortfall=submitted_shortfall_warning(
            rubric_of(review.assessment), len(review.submitted_assignments), len(review.assignments)
        ),
        actions=sum(1 for f in review.sent_findings if f.kind is FindingKind.CORRECTIVE_ACTION),
        # What goes to the organisation, as the lead left it on the map (lead_findings).
        sent_findings=review.sent_findings,
        # Corrective actions on items settled at the self level, warned of as on the map.
        at_self=settled_at_self_actions(review, found),
        dropped=sum(1 for f in review.findings if f.is_dropped),
        finding_text=FINDING_TEXT,
        # Corrective actions already past due: overdue on the company's page at once (qa23 S6),
        # or already shown as overdue there, those of the rating an appeal reopened (QA37 S6).
        overdue_actions=overdue_new,
        overdue_shown=overdue_shown,
        # Reviewers who never submitted: finalising withdraws them (qa20 D4), said before.
        unsubmitted=[
            (a, *services.unsubmitted_work(a)) for a in review.assignments if not a.is_submitted
        ],
        in_conflict=_in_conflict(review),
        appeal_days=_appeal_days(),
        upheld=upheld,
        # The rating the re-rating replaces, beside the new one (QA52 p7).
        replaced=_replaced(review) if upheld is not None else None,
        lang=current_lang(),
    ), status


def _replaced(review: Review) -> tuple[str, Decimal | None] | None:
    """Return the final rating an upheld appeal reopened (stars in words, score), if kept."""
    kept = appealed_scorecard(review.assessment)
    return None if kept is None else (rating_text(kept.card.rating), kept.card.overall)


@bp.get("/<int:review_id>/finalise")
@login_required
def confirm_finalise(review_id: int) -> tuple[str, int] | Response:
    if (conflicted := _own_review(review_id)) is not None:
        return conflicted
    review = load(Review, review_id, ReviewAction.MANAGE)
    if review.is_final:
        return _already_final(review)
    found = _discrepancies(review)
    if _finalise_blocked(review, found):  # the discrepancy map says what is missing
        if (why := _not_yet_text(review, found)) is not None:  # said at the top (QA33 S11)
            flash(why, "warning")
        return redirect(url_for("reviews.consolidate", review_id=review.id) + "#finalise-h")
    return _confirm_page(review, found=found)


def _not_yet_text(review: Review, found: DiscrepancyMap) -> str | None:
    """Say why the review cannot be rated yet: reviews missing, items unsettled (None: other).

    A closed year or answers returned for revision are said by the map page itself.
    """
    needed = MIN_REVIEWERS[ReviewKindRule(review.kind.value)]
    done = len(review.submitted_assignments)
    reasons = []
    if done < needed:
        reasons.append(
            ngettext(
                "须至少有 %(num)d 份已提交的评审，目前 %(done)d 份。",
                "须至少有 %(num)d 份已提交的评审，目前 %(done)d 份。",
                needed,
                done=done,
            )
        )
    if found.unsettled:
        reasons.append(
            ngettext(
                "还有 %(num)d 个差异项未裁定：%(items)s。",
                "还有 %(num)d 个差异项未裁定：%(items)s。",
                len(found.unsettled),
                items=_("、").join(found.unsettled),
            )
        )
    if not reasons:
        return None
    joined = sentences(reasons)
    return str(_("尚不能定级：%(reasons)s", reasons=joined))


@bp.post("/<int:review_id>/finalise")
@login_required
def finalise(review_id: int) -> tuple[str, int] | Response:
    """Finalise the rating the lead confirmed; without a confirmation, check and ask first.

    A POST without the confirmed rating (an older page's one-click button, a script) runs
    every check of finalising and shows its refusal, or the confirmation page.
    """
    if (conflicted := _own_review(review_id)) is not None:
        return conflicted
    review = load(Review, review_id, ReviewAction.MANAGE)
    if review.is_final:  # a double click, a retry, or a colleague was first
        return _already_final(review)
    form = FinaliseForm()
    if not form.validate_on_submit():
        if form.reason.errors:  # too long: shown again with what was typed
            return _confirm_page(review, 400, form=form)
        return redirect(url_for("reviews.consolidate", review_id=review.id))
    confirmed = form.shown.data or ""
    # Rated again after an upheld appeal: the lead says why (kept in the audit log). A POST
    # without a confirmed rating only shows the page, which asks for it.
    if confirmed and not form.reason.data and upheld_appeal(review) is not None:
        form.reason.errors = [*form.reason.errors, _("请填写重新定级的理由。")]
        return _confirm_page(review, 400, form=form)
    # Finalising withdraws the reviewers who never submitted: each is told, as on withdrawal.
    unsubmitted = [
        (a.reviewer, *services.unsubmitted_work(a))
        for a in review.assignments
        if not a.is_submitted
    ]
    try:
        card = settling.finalise_review(
            review, _appeal_days(), current_user, confirmed, reason=form.reason.data
        )
        outcome_mail.queue_final_notice(review, card, current_user)
        outcome_mail.queue_reviewers_final_notice(review, card, current_user)
        for reviewer, decisions, findings in unsubmitted:
            outcome_mail.queue_withdrawn_notice(review, reviewer, decisions, findings, current_user)
    except ReviewFinalised:
        db.session().rollback()
        return _already_final(review)
    except RatingChanged as changed:  # not confirmed yet, or settled again since: ask
        db.session().rollback()
        if confirmed:
            flash(refusal_text(changed), "warning")
        return _confirm_page(review, 409 if confirmed else 200, form=form)
    except ReviewRefused as refused:
        db.session().rollback()
        flash(refusal_text(refused), "error")
        return redirect(url_for("reviews.consolidate", review_id=review.id))
    db.session().commit()
    deliver_outbox()  # after the commit that stored the notices
    flash(
        _(
            "%(organisation)s 的评审已定级：%(stars)s。",
            organisation=review.assessment.organisation.display_name(current_lang()),
            stars=rating_text(card.rating, in_sentence=True),
        ),
        "success",
    )
    return redirect(url_for("reviews.final", review_id=review.id))
