"""Reporting-cycle pages (secretariat): list, open a year, move the deadline, close, reopen."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.clock import beijing_today
from rcapp.cycles import auto_reminders, deadline_words, deadlines, services, tally, tasks
from rcapp.cycles.close_mail import queue_close_notices
from rcapp.cycles.deadlines import days_left, opened_on
from rcapp.cycles.forms import (
    FIRST_YEAR,
    LAST_YEAR,
    CloseAgainForm,
    CloseForm,
    CycleForm,
    DeadlineForm,
    ReopenForm,
)
from rcapp.cycles.hooks import close_notices, cycle_results, unconfirmed_cases
from rcapp.cycles.models import ReportingCycle
from rcapp.cycles.participants import count_signatories
from rcapp.db import utcnow
from rcapp.i18n import current_lang
from rcapp.mail.tasks import deliver_outbox
from rcapp.permissions import Action, require
from rcapp.rubrics import app_registry as registry_words
from rcapp.rubrics.app_registry import app_registry
from rcapp.web import get_or_404, login_required

bp = Blueprint("cycles", __name__, url_prefix="/cycles")


@bp.app_template_global()
def rubric_label(rubric_id: str, version: int) -> str:
    """Name a pinned rubric by its title, as users know it; its file id if it will not load."""
    return registry_words.rubric_label(rubric_id, version, current_lang())


@bp.app_template_global()
def auto_reminder_schedule(cycle: ReportingCycle) -> auto_reminders.Schedule:
    """Describe the cycle's automatic reminders, for its page and its list of organisations."""
    days = auto_reminders.days_before(current_app.config)
    return auto_reminders.schedule_of(cycle, beijing_today(), days)


bp.add_app_template_global(deadline_words.last_day, "last_day")


@bp.app_template_global()
def own_deadline(cycle: ReportingCycle, organisation_id: int) -> deadlines.OwnDeadline:
    """Return the day this organisation must submit by, for the pages it reads."""
    return deadlines.own_deadline(cycle, organisation_id)


@bp.get("/")
@login_required
def index() -> str:
    require(current_user, Action.CYCLE_MANAGE)
    return render_template("cycles/index.html", cycles=services.list_cycles())


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create() -> str | Response:
    require(current_user, Action.CYCLE_MANAGE)
    summaries, problems = services.available_rubrics(app_registry())
    form = CycleForm()
    form.set_rubrics(summaries, current_lang(), services.rubric_years())
    form.existing_years = services.cycle_years()
    if form.validate_on_submit() and form.deadline.data is not None:
        company, park = form.chosen()
        try:
            cycle = services.open_cycle(
                form.year.data or 0, company, park, form.deadline.data, current_user
            )
        except services.YearTaken:
            form.year.errors = [_("%(year)d 年度的评价周期已经存在。", year=form.year.data)]
        else:
            db.session().commit()
            flash(_("已开启 %(year)d 年度评价周期。", year=cycle.year), "success")
            return redirect(url_for(".detail", cycle_id=cycle.id))
    # Who takes part: for the year typed, once one was sent back with the form; before
    # that, for the year a secretary usually opens now (the one that just ended).
    typed = form.year.data
    proposed = typed if isinstance(typed, int) and FIRST_YEAR <= typed <= LAST_YEAR else None
    proposed = proposed or beijing_today().year - 1
    return render_template(
        "cycles/form.html",
        form=form,
        problems=problems,
        proposed=proposed,
        signatories=count_signatories(proposed),
    )


@bp.get("/<int:cycle_id>")
@login_required
def detail(cycle_id: int) -> str:
    cycle = get_or_404(ReportingCycle, cycle_id)
    require(current_user, Action.CYCLE_MANAGE)
    form = _deadline_form(cycle, obj=cycle)
    form.shown.data = cycle.deadline.isoformat()
    return _render_detail(cycle, form)


def _deadline_form(cycle: ReportingCycle, **kwargs: object) -> DeadlineForm:
    form = DeadlineForm(**kwargs)
    form.opened_on = opened_on(cycle)
    return form


@bp.post("/<int:cycle_id>/deadline")
@login_required
def change_deadline(cycle_id: int) -> str | tuple[str, int] | Response:
    cycle = get_or_404(ReportingCycle, cycle_id)
    require(current_user, Action.CYCLE_MANAGE)
    if not cycle.is_open:  # closed from another page meanwhile
        flash(_("该年度已经关闭，截止日期未修改。"), "error")
        return redirect(url_for(".detail", cycle_id=cycle.id))
    form = _deadline_form(cycle)
    if not (form.validate_on_submit() and form.deadline.data is not None):
        return _render_detail(cycle, form), 422
    stored = cycle.deadline.isoformat()
    overtaken = form.shown.name in request.form and form.shown.data != stored
    if overtaken and form.deadline.data != cycle.deadline:
        form.deadline.errors = [
            _(
                "截止日期在您打开本页后已被改为 %(date)s；您填写的日期未保存，仍显示在此。"
                "再次保存将以您的日期覆盖。",
                date=stored,
            )
        ]
        form.shown.data = stored  # based on the stored deadline now: saving overwrites
        return _render_detail(cycle, form), 409
    today = beijing_today()
    # Only a day that has passed can make anyone late: the whole roster is read only then.
    rows = cycle_results().roster(cycle, today) if form.deadline.data < today else []
    made_late = deadlines.newly_overdue(rows, form.deadline.data, today)
    if made_late and form.confirmed.data != form.deadline.data.isoformat():
        # Shown first: who the new day makes late; saved only from the confirming button.
        if current_lang() == "en":  # the roster comes by Chinese name; English reads A to Z
            made_late.sort(key=lambda row: row.organisation.display_name("en").casefold())
        return _render_detail(cycle, form, made_late=made_late)
    ended = services.change_deadline(
        cycle, form.deadline.data, current_user, [row.organisation.id for row in made_late]
    )
    db.session().commit()
    flash(_("截止日期已改为 %(date)s。", date=form.deadline.data.isoformat()), "success")
    if ended:
        flash(
            ngettext(
                "%(num)d 个单位的逾期提交延期不晚于新的截止日期，已随之结束："
                "它们按新的截止日期提交。",
                "%(num)d 个单位的逾期提交延期不晚于新的截止日期，已随之结束："
                "它们按新的截止日期提交。",
                ended,
            ),
            "warning",
        )
    return redirect(url_for(".detail", cycle_id=cycle.id))


CLOSE_PAGE_LISTS = 100  # organisations named on the close page; the rest are counted


@bp.route("/<int:cycle_id>/close", methods=["GET", "POST"])
@login_required
def close(cycle_id: int) -> tuple[str, int] | Response:
    """Ask first, listing who has not submitted; close only from the confirmation form."""
    cycle = get_or_404(ReportingCycle, cycle_id)
    require(current_user, Action.CYCLE_MANAGE)
    if not cycle.is_open:
        flash(_("该年度已经关闭。"), "error")
        return redirect(url_for(".detail", cycle_id=cycle.id))
    form = CloseForm()
    results, today = cycle_results(), beijing_today()
    still_open = tally.open_rows(results.roster(cycle, today))
    # Extensions still running: closing now takes the granted days away (said first, told after).
    running = deadlines.running_allowances(
        cycle, [row.organisation.id for row in still_open], today
    )
    asked = form.validate_on_submit() and form.confirmed.data == "1"
    # Cases to confirm one by one (a review reopened by an upheld appeal): none left out.
    unconfirmed = unconfirmed_cases(cycle, request.form.getlist("confirm_case")) if asked else []
    if unconfirmed:
        flash(
            _(
                "年度未关闭：请逐一勾选确认以下单位将按所列结果发布：%(names)s。",
                names=_("、").join(unconfirmed),
            ),
            "error",
        )
    if not asked or unconfirmed:
        if current_lang() == "en":  # the roster comes by Chinese name; English reads A to Z
            still_open.sort(key=lambda row: row.organisation.display_name("en").casefold())
        return render_template(
            "cycles/close.html",
            cycle=cycle,
            form=form,
            open_count=len(still_open),
            still_open=results.with_progress(still_open[:CLOSE_PAGE_LISTS]),
            extended=[
                (row.organisation, running[row.organisation.id])
                for row in still_open
                if row.organisation.id in running
            ],
            told=sum(
                1
                for row in still_open
                if row.assessment is not None or row.organisation.id in running
            ),
            today=today,
            days_left=days_left(cycle, today),
            notices=close_notices(cycle),  # unfinished peer reviews and appeals
            ticked=set(request.form.getlist("confirm_case")),
        ), (422 if unconfirmed else 200)
    services.start_closing(cycle, current_user)
    queue_close_notices(cycle, still_open, running, current_user)
    db.session().commit()
    deliver_outbox()  # after the commit that stored the notices
    tasks.enqueue_close(cycle, current_user)
    db.session().refresh(cycle)  # closed already when the queue runs tasks at once (tests)
    if cycle.is_closing:
        flash(
            _(
                "%(year)d 年度已关闭，各单位不能再修改；正在后台冻结自评结果，"
                "完成后本页显示“已关闭”。",
                year=cycle.year,
            ),
            "success",
        )
    else:
        flash(_closed_message(cycle), "success")
    return redirect(url_for(".detail", cycle_id=cycle.id))


@bp.post("/<int:cycle_id>/close/again")
@login_required
def close_again(cycle_id: int) -> Response:
    """Hand a close that stopped (a failed or lost task) to the worker again."""
    cycle = get_or_404(ReportingCycle, cycle_id)
    require(current_user, Action.CYCLE_MANAGE)
    form = CloseAgainForm()
    if form.validate_on_submit() and cycle.is_closing:
        tasks.enqueue_close(cycle, current_user)
        db.session().refresh(cycle)
        flash(_("已重新开始冻结结果，已冻结的不会重复。"), "success")
    return redirect(url_for(".detail", cycle_id=cycle.id))


def _closed_message(cycle: ReportingCycle) -> str:
    frozen, _submitted = cycle_results().freeze_progress(cycle)
    return str(
        ngettext(
            "已关闭 %(year)d 年度，%(num)d 份自评结果已冻结。",
            "已关闭 %(year)d 年度，%(num)d 份自评结果已冻结。",
            frozen,
            year=cycle.year,
        )
    )


@bp.route("/<int:cycle_id>/reopen", methods=["GET", "POST"])
@login_required
def reopen(cycle_id: int) -> str | Response:
    cycle = get_or_404(ReportingCycle, cycle_id)
    require(current_user, Action.CYCLE_MANAGE)
    if cycle.is_open:  # a double click, a retry, or a colleague was first
        form = ReopenForm()
        typed = (form.reason.data or "").strip() if request.method == "POST" else ""
        message = _("%(year)d 年度已经重新开放，无需重复操作。", year=cycle.year)
        if typed:
            message += " " + _("您填写的原因未记录：%(reason)s", reason=typed)
        flash(message, "success" if not typed else "warning")
        return redirect(url_for(".detail", cycle_id=cycle.id))
    form = ReopenForm()
    today = beijing_today()
    # Extensions that closing ended come back with the year: named here, audited with it.
    revived = _revived_allowances(cycle, today)
    if form.validate_on_submit():
        services.reopen_cycle(
            cycle,
            form.reason.data or "",
            current_user,
            {row.organisation.id: until for row, until in revived},
        )
        db.session().commit()
        flash(_("已重新开放 %(year)d 年度；原因已记入审计日志。", year=cycle.year), "success")
        if revived:
            flash(
                ngettext(
                    "%(num)d 个单位的逾期提交延期随之恢复，见各单位进展。",
                    "%(num)d 个单位的逾期提交延期随之恢复，见各单位进展。",
                    len(revived),
                ),
                "warning",
            )
        return redirect(url_for(".detail", cycle_id=cycle.id))
    return render_template(
        "cycles/reopen.html", cycle=cycle, form=form, revived=revived, today=today
    )


def _revived_allowances(cycle: ReportingCycle, today: dt.date) -> list[tuple[Any, dt.date | None]]:
    """Return (roster row, last day) of the organisations not submitted that have an allowance."""
    allowed = deadlines.allowances_of(cycle.id)
    if not allowed:
        return []
    rows = cycle_results().roster(cycle, today, list(allowed))
    return [
        (row, until)
        for row in rows
        # Open rows only, and not an allowance the year's deadline has made pointless.
        if row.is_open
        and ((until := allowed[row.organisation.id]) is None or until > cycle.deadline)
    ]


def _render_detail(
    cycle: ReportingCycle, form: DeadlineForm, made_late: list[Any] | None = None
) -> str:
    today = beijing_today()
    counts = cycle_results().roster_counts(cycle, today)
    progress = cycle_results().freeze_progress(cycle) if cycle.is_closing else None
    return render_template(
        "cycles/detail.html",
        cycle=cycle,
        form=form,
        counts=counts,
        days_left=days_left(cycle, today),
        progress=progress,
        # The restart only once the freeze looks stuck (tasks.freeze_looks_stuck).
        stuck=cycle.is_closing
        and tasks.freeze_looks_stuck(cycle_results().freeze_moved_at(cycle), utcnow()),
        stuck_minutes=tasks.FREEZE_STUCK_AFTER.seconds // 60,
        again=CloseAgainForm(),
        made_late=made_late,
        made_late_shown=(made_late or [])[:CLOSE_PAGE_LISTS],
    )
