"""A year's pages (secretariat): the list of years, open a year, its page, its deadline."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.clock import beijing_today
from rcapp.cycles import deadline_mail, deadlines, rubric_choice, services, tasks
from rcapp.cycles.deadlines import days_left, opened_on
from rcapp.cycles.forms import FIRST_YEAR, LAST_YEAR, CloseAgainForm, CycleForm, DeadlineForm
from rcapp.cycles.hooks import cycle_results
from rcapp.cycles.models import ReportingCycle
from rcapp.cycles.participants import count_signatories
from rcapp.cycles.reopened import reopened_on
from rcapp.cycles.views.blueprint import bp
from rcapp.cycles.views.closing import CLOSE_PAGE_LISTS
from rcapp.db import utcnow
from rcapp.i18n import current_lang
from rcapp.mail.tasks import deliver_outbox
from rcapp.permissions import Action, require
from rcapp.rubrics.app_registry import app_registry
from rcapp.web import get_or_404, login_required


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
    latest = services.latest_cycle()
    form.latest_rubrics = rubric_choice.latest_rubrics(latest)
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
    # An empty field names no year that is already open or closed (QA31 S4): the one that
    # just ended, else the current one; none when both exist.
    typed = form.year.data
    this_year = beijing_today().year
    proposed = typed if isinstance(typed, int) and FIRST_YEAR <= typed <= LAST_YEAR else None
    if proposed is None:
        free = [y for y in (this_year - 1, this_year) if y not in form.existing_years]
        proposed = free[0] if free else None
    if request.method == "GET":
        # Pre-filled with what a secretary nearly always chooses (qa45 S1): the year that
        # can be opened now, and the newest versions of the rubrics the latest year used.
        form.propose(
            proposed if proposed is not None and proposed < this_year else None,
            None if latest is None else latest.company_rubric_id,
            None if latest is None else latest.park_rubric_id,
        )
    return render_template(
        "cycles/form.html",
        form=form,
        problems=problems,
        proposed=proposed,
        signatories=count_signatories(proposed) if proposed is not None else 0,
        this_year=this_year,
        latest=latest,
        against_latest=rubric_choice.against_latest(app_registry(), summaries, form.latest_rubrics),
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
    form.reopened_on = reopened_on(cycle.id)
    form.current = cycle.deadline
    form.set_example()
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
    before = cycle.deadline
    told_rows = form.tell.data and form.deadline.data != before
    rows = cycle_results().roster(cycle, today) if form.deadline.data < today or told_rows else []
    made_late = deadlines.newly_overdue(rows, form.deadline.data, today)
    kept = deadlines.kept_on_time(rows, form.deadline.data)
    if (made_late or kept) and form.confirmed.data != form.deadline.data.isoformat():
        # Shown first: who the new day makes late, and who submitted after it but stays on
        # time (QA17 D7); saved only from the confirming button.
        if current_lang() == "en":  # the roster comes by Chinese name; English reads A to Z
            for listed in (made_late, kept):
                listed.sort(key=lambda row: row.organisation.display_name("en").casefold())
        return _render_detail(cycle, form, made_late=made_late, kept=kept)
    ended = services.change_deadline(
        cycle,
        form.deadline.data,
        current_user,
        [row.organisation.id for row in made_late],
        [row.organisation.id for row in kept],
    )
    told = 0
    if told_rows:
        moved = deadline_mail.moved_for(rows, before, form.deadline.data)
        told = deadline_mail.queue_deadline_notices(cycle, before, moved, current_user)
    db.session().commit()
    flash(_("截止日期已改为 %(date)s。", date=form.deadline.data.isoformat()), "success")
    if told:
        deliver_outbox()  # after the commit that stored the notices
        flash(
            ngettext(
                "已安排通知 %(num)d 个截止日期改变的未提交单位，可在发件箱查看发送情况。",
                "已安排通知 %(num)d 个截止日期改变的未提交单位，可在发件箱查看发送情况。",
                told,
            ),
            "success",
        )
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


def _render_detail(
    cycle: ReportingCycle,
    form: DeadlineForm,
    made_late: list[Any] | None = None,
    kept: list[Any] | None = None,
) -> str:
    today = beijing_today()
    counts = cycle_results().roster_counts(cycle, today)
    progress = cycle_results().freeze_progress(cycle) if cycle.is_closing else None
    return render_template(
        "cycles/detail.html",
        cycle=cycle,
        form=form,
        today=today,
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
        kept=kept,
        kept_shown=(kept or [])[:CLOSE_PAGE_LISTS],
    )
