"""A working group's members in a year, with the year list's filters: for its lead and deputy.

The lead's home panel lists the members of each led group; this page filters them as the
secretariat's list of the year filters every organisation (roster_filter), without the
secretariat's actions. A lead sees only the groups he leads (Action.GROUP_VIEW), and the
members' work opens to him once submitted, as on his home page.
"""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from rcapp.assessments import roster
from rcapp.assessments.roster_filter import RosterFilter
from rcapp.assessments.views.round import bp, list_form
from rcapp.assessments.year_members import group_year_member_ids
from rcapp.clock import beijing_today
from rcapp.cycles.models import ReportingCycle
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
    rows = roster.listed(members, filters, sort, descending, current_lang())
    page = roster.page_of(rows, request.args.get("page", 1, type=int))
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
    )
