"""Every list page as .xlsx, with the page's own filters and permissions applied."""

from __future__ import annotations

from flask import abort, request
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.assessments import roster as round_roster
from rcapp.assessments.queries import assessments_for
from rcapp.assessments.roster_filter import RosterFilter
from rcapp.assessments.roster_form import YearListForm
from rcapp.clock import beijing_today
from rcapp.cycles import services as cycle_services
from rcapp.cycles.asked import asked_cycle, asked_year
from rcapp.cycles.models import ReportingCycle
from rcapp.cycles.reminders import last_reminders
from rcapp.i18n import current_lang
from rcapp.organisations import queries as org_queries
from rcapp.organisations.former_names import names_at_close
from rcapp.organisations.forms import OrganisationFilterForm
from rcapp.organisations.models import WorkingGroup
from rcapp.organisations.views import filters_from, led_groups
from rcapp.permissions import Action, require
from rcapp.reports import data_actions, data_lists
from rcapp.reports.blueprint import XLSX, bp, download
from rcapp.reports.excel import Sheet, workbook_bytes
from rcapp.web import get_or_404, login_required


def _xlsx(sheet: Sheet, stem: str) -> Response:
    stamp = beijing_today().strftime("%Y%m%d")
    return download(workbook_bytes([sheet]), f"{stem}-{stamp}.xlsx", XLSX)


def _form_notes(fields: list[tuple[str, str]]) -> tuple[str, ...]:
    return data_lists.filter_notes(fields)


@bp.get("/organisations.xlsx")
@login_required
def organisations() -> Response:
    require(current_user, Action.ORG_LIST)
    form = OrganisationFilterForm(request.args)
    form.set_groups(org_queries.working_groups())
    statement = org_queries.matching_organisations(filters_from(form), led_groups(), current_lang())
    rows = db.session().scalars(statement)
    notes = _form_notes([(str(f.label.text), data_lists.shown_value(f)) for f in form if f.data])
    return _xlsx(data_lists.organisations_sheet(rows, current_lang(), notes), "organisations")


@bp.get("/assessments.xlsx")
@login_required
def assessments() -> Response:
    year = asked_year()  # the page's year (?cycle=<id>), as every year page names it
    rows = list(assessments_for(current_user, year))
    notes = data_lists.filter_notes([(data_lists._("年度"), str(year) if year else "")])
    sheet = data_lists.assessments_sheet(rows, current_lang(), notes)
    return _xlsx(sheet, f"assessments-{year}" if year else "assessments")


@bp.get("/cycles/<int:cycle_id>/organisations.xlsx")
@login_required
def roster(cycle_id: int) -> Response:
    """Download the year's roster as its page lists it: same filters and sort, every page."""
    cycle = get_or_404(ReportingCycle, cycle_id)
    require(current_user, Action.CYCLE_MANAGE)
    form = YearListForm(request.args)
    form.set_groups(org_queries.working_groups())
    form.ignored()  # as the page: a value it does not offer filters nothing
    lang = current_lang()
    all_rows = round_roster.roster(cycle, beijing_today())
    reminded = last_reminders(cycle.id)  # the whole year's: the file may list every row
    sort, descending = form.sort_key(), form.descending()
    filters = RosterFilter(**form.filters())
    rows = round_roster.listed(all_rows, cycle, filters, sort, descending, lang, reminded)
    if sort != "progress":  # sorting by progress has read it already
        rows = round_roster.with_progress(rows)
    shown_fields = (
        form.status,
        form.review,
        form.stars,
        form.result,
        form.kind,
        form.province,
        form.group,
        form.q,
    )
    chosen = [f for f in shown_fields if f.data and f.data != "all"]
    notes = _form_notes(
        [(data_lists._("年度"), str(cycle.year))]
        + [(str(f.label.text), data_lists.shown_value(f)) for f in chosen]
    )
    names = names_at_close(cycle)  # a closed year's renamed say their name then
    sheet = data_lists.roster_sheet(rows, lang, notes, reminded, cycle.deadline, names)
    return _xlsx(sheet, f"roster-{cycle.year}")


@bp.get("/working-groups/<int:group_id>/members.xlsx")
@login_required
def group_members(group_id: int) -> Response:
    """Download the group's members in a year: asked for (`cycle`: its id), open, else the latest.

    A closed year's members are those kept at its close (closed_groups).
    """
    group = get_or_404(WorkingGroup, group_id)
    require(current_user, Action.GROUP_VIEW, group)
    cycle = asked_cycle() or cycle_services.open_or_latest_cycle()
    sheet = data_lists.group_members_sheet(group, current_lang(), cycle)
    stem = f"members-{group.code}" if cycle is None else f"members-{group.code}-{cycle.year}"
    return _xlsx(sheet, stem)


@bp.get("/corrective-actions.xlsx")
@login_required
def corrective_actions() -> Response:
    """Download the corrective actions the user may see (own organisation, led groups, all)."""
    filters = data_actions.ActionFilters.from_args(request.args, asked_year())
    if not data_actions.may_filter(current_user, filters):
        abort(404)  # a filter the user may not see is neither named nor confirmed
    lang = current_lang()
    rows = data_actions.visible_actions(current_user, filters)
    notes = data_lists.filter_notes(filters.notes(lang))
    scope = data_actions.scope_note(current_user)
    if scope is not None:
        notes = (*notes, scope)
    raisers = data_actions.raisers_of(current_user, rows, lang)
    sheet = data_actions.actions_sheet(rows, lang, notes, raisers=raisers)
    return _xlsx(sheet, filters.file_stem(lang))
