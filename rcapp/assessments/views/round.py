"""The secretariat's working pages of a cycle: who is where, reminders, late submissions.

Also returning an assessment with notes on single items.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments import roster
from rcapp.assessments.answer_words import answer_text
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.assessments.queries import answers_by_item, find_assessment, rated_stars, rubric_of
from rcapp.assessments.return_mail import queue_return_notice
from rcapp.assessments.returns import MAX_COMMENT, return_with_item_comments
from rcapp.assessments.review_hook import final_review_of, review_underway
from rcapp.assessments.roster_filter import RosterFilter
from rcapp.assessments.roster_form import YearListForm
from rcapp.assessments.services import CommentRequired
from rcapp.assessments.views.reminding import remind_rows
from rcapp.audit.queries import Hand, after_of, before_of, hand_of, recent_changes
from rcapp.audit.whose import whose_text
from rcapp.clock import beijing_today
from rcapp.cycles import services
from rcapp.cycles.deadlines import days_left, own_deadline
from rcapp.cycles.forms import (
    STATUS_FILTERS,
    LateAllowanceForm,
    ReminderForm,
    ReturnItemsForm,
    WithdrawLateForm,
)
from rcapp.cycles.late_allowances import (
    LateRefusal,
    find_allowance,
    late_refusal,
    late_state,
    latest_late_date,
    offered_late_date,
)
from rcapp.cycles.late_mail import queue_extension_notice
from rcapp.cycles.models import ReportingCycle
from rcapp.cycles.reminders import last_reminders, recipients_of
from rcapp.cycles.reopened import reopened_on
from rcapp.day_example import example_day
from rcapp.errors import InvalidState
from rcapp.fields import strip_control_chars
from rcapp.i18n import current_lang, person_text, sentences
from rcapp.mail.notices import reachable
from rcapp.mail.tasks import deliver_outbox
from rcapp.organisations.former_names import names_at_close
from rcapp.organisations.models import Organisation, WorkingGroup
from rcapp.organisations.queries import working_groups
from rcapp.permissions import Action, can, require
from rcapp.web import get_or_404, login_required

# The secretariat's pages that need the assessments live here, under /cycles/, because the
# cycles package sits below assessments and cannot import them.
bp = Blueprint("round", __name__, url_prefix="/cycles")


@bp.get("/<int:cycle_id>/organisations")
@login_required
def organisations(cycle_id: int) -> str:
    cycle = get_or_404(ReportingCycle, cycle_id)
    require(current_user, Action.CYCLE_MANAGE)
    form = list_form(request.args, closed=not cycle.is_open)  # closing too (reviews.states)
    filters = RosterFilter(**form.filters())
    all_rows = roster.roster(cycle, beijing_today())
    sort, descending = form.sort_key(), form.descending()
    # The whole year's reminders only when the list is sorted by them; else the page's.
    reminded = last_reminders(cycle.id) if sort == "reminded" else None
    rows = roster.listed(all_rows, cycle, filters, sort, descending, current_lang(), reminded)
    page = roster.page_of(rows, request.args.get("page", 1, type=int))
    # Progress reads answers (some 200 per assessment): for the page shown only, unless the
    # list is sorted by it (then listed() has read it already).
    if sort != "progress":
        page = replace(page, items=roster.with_progress(page.items))
    return render_template(
        "cycles/organisations.html",
        cycle=cycle,
        form=form,
        page=page,
        rows=page.items,
        reminders=reminded
        if reminded is not None
        else last_reminders(cycle.id, [r.organisation.id for r in page.items]),
        open_listed=sum(1 for r in rows if r.remindable),
        paused_listed=sum(1 for r in rows if r.is_open and r.paused),
        counts=roster.counts(all_rows),
        sort=sort,
        descending=descending,
        days_left=days_left(cycle, beijing_today()),
        reminder_form=ReminderForm(),
        status_labels=STATUS_FILTERS,
        filtered=filters.narrows,
        lang=current_lang(),
        year_names=names_at_close(cycle),  # a closed year's: "（原名：…）" beside the renamed
    )


def list_form(
    values: Any, groups: list[WorkingGroup] | None = None, closed: bool = False
) -> YearListForm:
    """Read the list's filters from `values` (the query string, or the reminder form's copy).

    `groups`: the working groups offered (None: every group). A value the list does not
    offer is dropped, and the page says so (not a 500, nor an empty list that looks like
    nobody).
    """
    form = YearListForm(values)
    form.set_groups(working_groups() if groups is None else groups)
    if not closed:  # only a closed (or closing) year has reviews frozen unfinished (FROZEN)
        form.without_frozen()
    for label, value in form.ignored():
        flash(
            _("筛选条件“%(field)s”的值“%(value)s”无效，已忽略。", field=label, value=value),
            "warning",
        )
    return form


@bp.post("/<int:cycle_id>/remind")
@login_required
def remind(cycle_id: int) -> Response:
    """Queue reminders to the ticked organisations that have not submitted; deliver later."""
    cycle = get_or_404(ReportingCycle, cycle_id)
    require(current_user, Action.CYCLE_MANAGE)
    form = ReminderForm()
    if not form.validate_on_submit():
        abort(400)
    today = beijing_today()
    rows = roster.roster(cycle, today)
    if form.everyone.data == "1":  # every open organisation the list's filter shows
        shown = roster.select_rows(rows, RosterFilter(**list_form(request.form).filters()), cycle)
        chosen = {r.organisation.id for r in shown}
    else:
        chosen = set(form.organisation_ids.data or [])
    if not remind_rows(cycle, rows, chosen, today, secretariat=True):
        return redirect(request.referrer or url_for(".organisations", cycle_id=cycle.id))
    back: dict[str, Any] = {"cycle_id": cycle.id, **_list_filters(request.form)}
    return redirect(url_for(".organisations", **back))


# The list's filters the reminder form posts back (organisations.html): the list it returns to.
_LIST_FILTERS = ("status", "review", "stars", "result", "kind", "province", "group", "q")


def _list_filters(posted: Any) -> dict[str, str]:
    """Return the filters the reminders were sent from (QA31 S3); none: those not submitted."""
    kept = {name: str(posted.get(name)) for name in _LIST_FILTERS if posted.get(name)}
    return kept or {"status": "open"}


@bp.route("/<int:cycle_id>/late/<int:organisation_id>", methods=["GET", "POST"])
@login_required
def allow_late(cycle_id: int, organisation_id: int) -> Any:
    """Let one organisation submit after the deadline until a day, or move that day."""
    cycle = get_or_404(ReportingCycle, cycle_id)
    organisation = get_or_404(Organisation, organisation_id)
    require(current_user, Action.CYCLE_MANAGE)
    _on_roster_or_404(organisation, cycle)
    if not cycle.is_open:  # closed from another page meanwhile
        flash(_("该年度已经关闭，不能再允许逾期提交。"), "error")
        return redirect(url_for(".organisations", cycle_id=cycle.id))
    allowance = find_allowance(cycle.id, organisation.id)
    form = LateAllowanceForm()
    form.deadline = cycle.deadline
    _bound_late_day(form, cycle)
    stored = late_state(allowance)
    assessment = find_assessment(organisation.id, cycle.id)
    submitted = assessment is not None and assessment.status is AssessmentStatus.SUBMITTED
    refusal = late_refusal(submitted=submitted)
    if refusal is not None:  # nothing to allow: the page says why (and still offers withdrawing)
        status = 200 if request.method == "GET" else 409
        return _late_page(cycle, organisation, form, stored, refusal, assessment), status
    if request.method == "GET":
        offered = offered_late_date(cycle.deadline, beijing_today())
        form.until.data = allowance.until if allowance and allowance.until else offered
        form.shown.data = stored
        return _late_page(cycle, organisation, form, stored)
    if not (form.validate_on_submit() and form.until.data is not None):
        return _late_page(cycle, organisation, form, stored), 422
    try:
        if form.shown.data != stored:
            raise services.AllowanceChanged(stored)
        changed = services.allow_late_submission(
            cycle, organisation.id, form.until.data, current_user, form.reason.data or ""
        )
    except services.AllowanceChanged:
        db.session().rollback()
        stored = late_state(find_allowance(cycle.id, organisation.id))
        form.until.errors = [_late_overtaken(cycle, organisation, stored)]
        form.shown.data = stored  # based on what is stored now: saving again overwrites
        return _late_page(cycle, organisation, form, stored), 409
    told = (
        queue_extension_notice(
            cycle, organisation, form.until.data, form.reason.data or "", current_user
        )
        if changed
        else None
    )
    db.session().commit()
    deliver_outbox()  # after the commit that stored the notice
    saved = _late_saved(organisation, allowance is None, changed, form.until.data.isoformat())
    flash(sentences((saved, _told_text(told))), "success")
    return redirect(url_for(".organisations", cycle_id=cycle.id))


def _on_roster_or_404(organisation: Organisation, cycle: ReportingCycle) -> None:
    """Refuse a year the organisation takes no part in: a forged URL (the links are the roster's).

    The roster's own rule (roster.organisations_in): the year's signatories, and any that
    started it anyway.
    """
    if not roster.organisations_in(cycle, [organisation.id]):
        abort(404)


def _told_text(told: list[User] | None) -> str:
    """Say who was e-mailed the new day (None: nothing changed, nobody was)."""
    if told is None:
        return ""
    if not told:
        return str(_("本单位没有在用的账号，未发送邮件通知。"))
    return str(_("已发邮件通知：%(names)s。", names=_people(told)))


def _people(users: list[User]) -> str:
    return str(_("、")).join(person_text(user.name) for user in users)


@bp.post("/<int:cycle_id>/late/<int:organisation_id>/withdraw")
@login_required
def withdraw_late(cycle_id: int, organisation_id: int) -> Response:
    """Take back one organisation's late allowance (the button confirms first)."""
    cycle = get_or_404(ReportingCycle, cycle_id)
    organisation = get_or_404(Organisation, organisation_id)
    require(current_user, Action.CYCLE_MANAGE)
    _on_roster_or_404(organisation, cycle)
    if not WithdrawLateForm().validate_on_submit():
        abort(400)
    if not cycle.is_open:  # closed from another page meanwhile: the allowance ended with it
        flash(_("该年度已经关闭，不能再修改逾期提交。"), "error")
        return redirect(url_for(".organisations", cycle_id=cycle.id))
    name = organisation.display_name(current_lang())
    if services.withdraw_late_allowance(cycle, organisation.id, current_user):
        db.session().commit()
        flash(
            _(
                "已撤销“%(name)s”的逾期提交；其截止日期恢复为本年度截止日期 %(date)s。",
                name=name,
                date=cycle.deadline.isoformat(),
            ),
            "success",
        )
    else:  # a double click, or a colleague was first
        flash(_("“%(name)s”没有逾期提交许可，无需撤销。", name=name), "warning")
    return redirect(url_for(".organisations", cycle_id=cycle.id))


def _late_page(
    cycle: ReportingCycle,
    organisation: Organisation,
    form: LateAllowanceForm,
    stored: str,
    refusal: LateRefusal | None = None,
    assessment: Assessment | None = None,
) -> str:
    return render_template(
        "cycles/late.html",
        cycle=cycle,
        organisation=organisation,
        form=form,
        stored=stored,
        refusal=refusal,
        submitted_at=assessment.submitted_at if assessment is not None else None,
        days_left=days_left(cycle, beijing_today()),
        told=_people(reachable(recipients_of(organisation.id))),
        latest=latest_late_date(cycle.deadline, form.reopened),
        reopened=form.reopened,
        withdraw_form=WithdrawLateForm(),
        lang=current_lang(),
    )


def _bound_late_day(form: LateAllowanceForm | ReturnItemsForm, cycle: ReportingCycle) -> None:
    """Count a reopened year's last extension day from its reopening; show an example in range."""
    form.reopened = reopened_on(cycle.id)
    latest = latest_late_date(cycle.deadline, form.reopened)
    form.until.example = example_day(max(beijing_today(), cycle.deadline), latest)


def _late_overtaken(cycle: ReportingCycle, organisation: Organisation, stored: str) -> str:
    if stored == "":
        now = _("未允许逾期提交")
    elif stored == "open":
        now = _("无截止日期")
    else:
        now = _("延期至 %(date)s", date=stored)
    return whose_text(
        _late_hand(cycle, organisation),
        mine=_(
            "您已在另一窗口、标签页或设备中修改本单位的逾期提交（现为：%(now)s）；"
            "本页填写的日期未保存，仍显示在此。再次保存将以本页的日期为准。",
            now=now,
        ),
        named=lambda name: _(
            "本单位的逾期提交在您打开本页后已被 %(name)s 修改（现为：%(now)s）；"
            "您填写的日期未保存，仍显示在此。再次保存将以您的日期为准。",
            name=name,
            now=now,
        ),
        unknown=_(
            "本单位的逾期提交在您打开本页后已被他人修改（现为：%(now)s）；"
            "您填写的日期未保存，仍显示在此。再次保存将以您的日期为准。",
            now=now,
        ),
    )


# What changes an organisation's late allowance; the entries name it in `after` or `before`.
_LATE_ACTIONS = ("late.allow", "late.change", "late.withdraw", "late.superseded")


def _late_hand(cycle: ReportingCycle, organisation: Organisation) -> Hand | None:
    """Tell whose hand last changed the organisation's late allowance in the year."""
    for entry in recent_changes("cycle", cycle.id, None, _LATE_ACTIONS, limit=200):
        values = [after_of(entry), before_of(entry)]
        if any(isinstance(v, dict) and v.get("organisation_id") == organisation.id for v in values):
            return hand_of(entry, current_user.id)
    return None


def _late_saved(organisation: Organisation, granted: bool, changed: bool, until: str) -> str:
    name = organisation.display_name(current_lang())
    if granted:
        text = _("已允许“%(name)s”逾期提交，延期至 %(date)s。", name=name, date=until)
    elif changed:
        text = _("已将“%(name)s”的延期日期改为 %(date)s。", name=name, date=until)
    else:
        text = _("“%(name)s”的延期日期本来就是 %(date)s，未作修改。", name=name, date=until)
    return str(text)


@bp.route("/assessments/<int:assessment_id>/return", methods=["GET", "POST"])
@login_required
def return_with_notes(assessment_id: int) -> Any:
    """Return a submitted assessment with a general comment and notes on single items.

    After the organisation's own deadline it could not resubmit: the form then asks for the
    day of a late allowance, granted with the return in one step.
    """
    assessment = get_or_404(Assessment, assessment_id)
    # A colleague returned it (or the organisation is editing it) since this page was
    # opened: the secretariat gets the page back with what it typed, not a 403.
    overtaken = (
        request.method == "POST"
        and assessment.status is not AssessmentStatus.SUBMITTED
        and can(current_user, Action.CYCLE_MANAGE)
    )
    if not assessment.cycle.is_open and can(current_user, Action.CYCLE_MANAGE):
        # A link opened before the close (or bookmarked): say why, not 403 (QA31 S2).
        flash(_("该年度已经关闭，不能再退回自评。"), "error")
        return redirect(url_for(".organisations", cycle_id=assessment.cycle_id))
    if not overtaken:
        require(current_user, Action.ASSESSMENT_RETURN, assessment)
    rubric = rubric_of(assessment)
    item_ids = [i.id for s in rubric.sections for e in s.elements for i in e.items]
    form = ReturnItemsForm()
    cycle, today = assessment.cycle, beijing_today()
    own = own_deadline(cycle, assessment.organisation_id)
    if cycle.is_open and not own.may_submit(today):
        form.deadline = cycle.deadline
        _bound_late_day(form, cycle)
        if request.method == "GET":
            form.until.data = offered_late_date(cycle.deadline, today)
    # A finished peer review's final rating stays (not withdrawn); the form says so first.
    final = rated_stars([assessment.id]).get(assessment.id)
    final = final if final is not None and final.final else None
    form.final_shown = final is not None and assessment.status is AssessmentStatus.SUBMITTED
    # Read beside the form (one field per item), so cleaned here as CleanForm cleans its own.
    notes = {i: strip_control_chars(request.form.get(f"note-{i}", "")) for i in item_ids}
    too_long = [i for i, text in notes.items() if len(text) > MAX_COMMENT]
    status = 200
    if not overtaken and form.validate_on_submit() and not too_long:
        try:
            count = return_with_item_comments(
                assessment, form.comment.data or "", notes, current_user
            )
            if form.deadline is not None and form.until.data is not None:
                services.allow_late_submission(
                    cycle, assessment.organisation_id, form.until.data, current_user
                )
            queue_return_notice(assessment, current_user, notes)
        except CommentRequired:
            form.comment.errors = [_("请填写退回意见，告诉单位需要修改什么。")]
        except (InvalidState, services.AllowanceChanged):  # a colleague at the same moment
            db.session().rollback()
            overtaken = True
        else:
            db.session().commit()
            deliver_outbox()  # after the commit that stored the notices
            flash(_returned_text(count, form), "success")
            return redirect(url_for("assessments.overview", assessment_id=assessment.id))
    if request.method == "POST":
        status = 422
    if overtaken:
        status = 409
        flash(
            _(
                "本自评在您打开本页后已被退回或不再是“已提交”状态，不能再退回；"
                "您的退回意见和批注未保存，仍显示在下面。"
            ),
            "error",
        )
    return render_template(
        "cycles/return.html",
        assessment=assessment,
        rubric=rubric,
        form=form,
        notes=notes,
        too_long=set(too_long),
        max_comment=MAX_COMMENT,
        lang=current_lang(),
        submitted=assessment.status is AssessmentStatus.SUBMITTED,
        kept=overtaken,
        answers=answers_by_item(assessment),
        answer_text=answer_text,
        underway=review_underway(assessment),
        own=own,
        latest=latest_late_date(cycle.deadline, form.reopened),
        reopened=form.reopened,
        final=final,
        final_review=final_review_of(assessment, current_user),
    ), status


def _returned_text(count: int, form: ReturnItemsForm) -> str:
    if form.deadline is not None and form.until.data is not None:
        return str(
            ngettext(
                "已退回，附 %(num)d 条逐项意见；并已允许其逾期提交，延期至 %(date)s。",
                "已退回，附 %(num)d 条逐项意见；并已允许其逾期提交，延期至 %(date)s。",
                count,
                date=form.until.data.isoformat(),
            )
        )
    return str(
        ngettext("已退回，附 %(num)d 条逐项意见。", "已退回，附 %(num)d 条逐项意见。", count)
    )
