"""Closing a year and reopening it (secretariat): asked first, then done, with who it affects."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.audit.queries import last_change
from rcapp.clock import beijing_today
from rcapp.cycles import late_allowances, reopen_mail, services, tally, tasks
from rcapp.cycles.close_mail import queue_close_notices
from rcapp.cycles.deadlines import days_left
from rcapp.cycles.forms import CloseAgainForm, CloseForm, ReopenForm
from rcapp.cycles.hooks import close_notices, cycle_results, reopen_notices, unconfirmed_cases
from rcapp.cycles.models import ReportingCycle
from rcapp.cycles.views.blueprint import bp
from rcapp.i18n import current_lang
from rcapp.mail.services import single_stops
from rcapp.mail.tasks import deliver_outbox
from rcapp.permissions import Action, require
from rcapp.web import get_or_404, login_required

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
    running = late_allowances.running_allowances(
        cycle, [row.organisation.id for row in still_open], today
    )
    asked = form.validate_on_submit() and form.confirmed.data == "1"
    # Cases to confirm one by one (a review reopened by an upheld appeal): none left out.
    unconfirmed = unconfirmed_cases(cycle, request.form.getlist("confirm_case")) if asked else []
    if unconfirmed:
        flash(
            single_stops(  # a name ending "Co., Ltd." ended the sentence twice (QA68 #12)
                _(
                    "年度未关闭：请逐一勾选确认以下单位将按所列结果发布：%(names)s。",
                    names=_("、").join(unconfirmed),
                )
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
    reopen_mail.withdraw_reopen_notices(cycle)  # "open again" is no longer true
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
    if cycle.is_open:  # never closed, or a double click, a retry, a colleague was first
        form = ReopenForm()
        typed = (form.reason.data or "").strip() if request.method == "POST" else ""
        # "Reopened already" only of a year that was reopened (QA37 D3: of a year never
        # closed it said something happened that never did).
        if last_change("cycle", cycle.id, None, ("reopen",)) is not None:
            message = _("%(year)d 年度已经重新开放，无需重复操作。", year=cycle.year)
        else:
            message = _("%(year)d 年度尚未关闭：只有已关闭的年度才能重新开放。", year=cycle.year)
        if typed:
            message += " " + _("您填写的原因未记录：%(reason)s", reason=typed)
        flash(message, "success" if not typed else "warning")
        return redirect(url_for(".detail", cycle_id=cycle.id))
    form = ReopenForm()
    form.current_deadline = cycle.deadline
    form.set_example()
    today = beijing_today()
    # Extensions that closing ended come back with the year: named here, audited with it.
    revived = _revived_allowances(cycle, today)
    if form.validate_on_submit():
        days = {row.organisation.id: until for row, until in revived}
        notices = reopen_mail.closure_notices(cycle)  # before reopening clears the close's time
        services.reopen_cycle(cycle, form.reason.data or "", current_user, days)
        if form.deadline.data is not None:  # later only: nobody is made late by it
            services.change_deadline(cycle, form.deadline.data, current_user)
            flash(_("截止日期已改为 %(date)s。", date=form.deadline.data.isoformat()), "success")
        withdrawn = reopen_mail.withdraw(notices)
        told = reopen_mail.queue_reopen_notices(cycle, notices, days, current_user)
        db.session().commit()
        deliver_outbox()  # after the commit that stored the notices
        flash(_("已重新开放 %(year)d 年度；原因已记入审计日志。", year=cycle.year), "success")
        if withdrawn or told:
            flash(
                _(
                    "尚未发出的 %(withdrawn)d 封“年度已关闭”通知已撤回；"
                    "已通过发件箱通知 %(told)d 个单位本年度已重新开放。",
                    withdrawn=withdrawn,
                    told=told,
                ),
                "success",
            )
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
        "cycles/reopen.html",
        cycle=cycle,
        form=form,
        revived=revived,
        allowed=form.allowed_range(),
        today=today,
        days_left=days_left(cycle, today),
        notices=reopen_notices(cycle),  # appeals waiting for the year to be open
        # another year running: companies work on it while this one is reopened (qa45 S5)
        others_open=[c for c in services.list_open_cycles() if c.id != cycle.id],
    )


def _revived_allowances(cycle: ReportingCycle, today: dt.date) -> list[tuple[Any, dt.date | None]]:
    """Return (roster row, last day) of the organisations not submitted that have an allowance."""
    allowed = late_allowances.allowances_of(cycle.id)
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
