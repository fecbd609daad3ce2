"""A working group's members in a year, with the year list's filters: for its lead and deputy.

The lead's home panel lists the members of each led group; this page filters them as the
secretariat's list of the year filters every organisation (roster_filter), without the
secretariat's other actions. A lead sees only the groups he leads (Action.GROUP_VIEW), and
the members' work opens to him once submitted, as on his home page. While the year is open
he reminds the members not submitted, as the secretariat does (qa72 M1), and sees whom to
contact at each: its admins' names and addresses.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp.assessments import roster
from rcapp.assessments.roster_filter import RosterFilter
from rcapp.assessments.views.reminding import remind_rows
from rcapp.assessments.views.round import bp, list_form
from rcapp.assessments.year_members import group_year_member_ids
from rcapp.clock import beijing_today
from rcapp.cycles.forms import ReminderForm
from rcapp.cycles.models import ReportingCycle
from rcapp.cycles.reminders import admin_contacts, last_reminders, recipient_count
from rcapp.i18n import current_lang
from rcapp.organisations.models import WorkingGroup
from rcapp.permissions import Action, require
from rcapp.web import get_or_404, login_required


@bp.get("/<int:cycle_id>/groups/<int:group_id>")
@login_required
def group_members(cycle_id: int, group_id: int) -> str:
    cycle = get_or_404(ReportingCycle, cycle_id)
    group = get_or_404(WorkingGroup, group_id)
    require(current_user, Action.GROUP_VIEW, group)
    form = list_form(request.args, groups=[], closed=cycle.is_closed)  # one group: no group filter
    filters = RosterFilter(**form.filters())
    members = roster.roster(cycle, beijing_today(), group_year_member_ids(group.id, cycle))
    sort, descending = form.sort_key(), form.descending()
    if sort in ("progress", "reminded"):  # the secretariat's columns only
        sort = "name"
    rows = roster.listed(members, cycle, filters, sort, descending, current_lang())
    page = roster.page_of(rows, request.args.get("page", 1, type=int))
    shown_ids = [r.organisation.id for r in page.items]
    open_ids = [r.organisation.id for r in members if r.remindable]
    return render_template(
        "cycles/group_members.html",
        cycle=cycle,
        group=group,
        form=form,
        page=page,
        rows=page.items,
        sort=sort,
        descending=descending,
        filtered=filters.narrows,
        lang=current_lang(),
        remindable=cycle.is_open and bool(open_ids),
        open_count=len(open_ids),
        addresses=recipient_count(open_ids) if cycle.is_open else 0,
        reminder_form=ReminderForm(),
        reminders=last_reminders(cycle.id, shown_ids),
        contacts=admin_contacts([r.organisation.id for r in page.items if r.is_open]),
    )


@bp.post("/<int:cycle_id>/groups/<int:group_id>/remind")
@login_required
def remind_group(cycle_id: int, group_id: int) -> Response:
    """Queue reminders to the group's ticked (or all) members not submitted; deliver later."""
    cycle = get_or_404(ReportingCycle, cycle_id)
    group = get_or_404(WorkingGroup, group_id)
    require(current_user, Action.GROUP_VIEW, group)
    form = ReminderForm()
    if not form.validate_on_submit():
        abort(400)
    back = redirect(url_for(".group_members", cycle_id=cycle.id, group_id=group.id))
    if not cycle.is_open:  # closed from another page meanwhile
        flash(_("%(year)d 年度已关闭，不再发送提醒。", year=cycle.year), "error")
        return back
    today = beijing_today()
    # only this group's members of the year: an id of another organisation is ignored
    members = roster.roster(cycle, today, group_year_member_ids(group.id, cycle))
    if form.everyone.data == "1":
        chosen = {r.organisation.id for r in members}
    else:
        chosen = set(form.organisation_ids.data or [])
    remind_rows(cycle, members, chosen, today, secretariat=False)
    return back
