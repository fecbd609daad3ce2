"""The "Members side by side" workbook: the lead's table as shown, for the group's meeting."""

from __future__ import annotations

from flask import abort, request
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp.benchmarks import pages
from rcapp.benchmarks.permissions import can_compare, require
from rcapp.cycles.asked import asked_cycle_id
from rcapp.i18n import current_lang
from rcapp.organisations.models import WorkingGroup
from rcapp.reports import data_compare
from rcapp.reports.blueprint import XLSX, bp, download
from rcapp.reports.data_section_standing import section_sheets
from rcapp.reports.excel import workbook_bytes
from rcapp.reviews import queries
from rcapp.reviews.compare_filter import compare_filter, filter_form
from rcapp.reviews.group_compare import compare_group
from rcapp.reviews.section_tables import section_order, section_tables
from rcapp.web import get_or_404, login_required


@bp.get("/working-groups/<int:group_id>/side-by-side.xlsx")
@login_required
def side_by_side(group_id: int) -> Response:
    """Download the side-by-side table of the year, with the page's sort, KPIs and filter."""
    group = get_or_404(WorkingGroup, group_id)
    require(can_compare(current_user, group), "benchmarks.compare")
    year = pages.group_year(queries.cycles(), asked_cycle_id(), group)
    if year.cycle is None:  # no reporting year at all: nothing to compare
        abort(404)
    lang = current_lang()
    compared = compare_group(group, year.cycle, request.args.getlist("kpi"), lang)
    sort, descending = request.args.get("sort", "name"), request.args.get("dir") == "desc"
    form = filter_form(request.args, closed=year.cycle.is_closed)
    form.ignored()  # a value the page does not offer is dropped there too
    kept = compare_filter(form)
    rows = kept.rows(pages.sort_rows(compared.data.rows(), sort, descending), compared.states)
    sheet = data_compare.side_by_side_sheet(
        group,
        year.cycle,
        compared.data,
        compared.columns.metrics,
        rows,
        lang,
        compared.late_note,
        compared.no_stats_why,
        compared.columns.overall_note,
        compared.ranks,
        compared.rank_why,
        kept.words,
        compared.finals,
    )
    tables = section_tables(
        compared.sections,
        compared.columns.metrics,
        compared.data.rows(),
        lang,
        *section_order(request.args),
        kept,
        compared.states,
    )
    title = sheet.notes[0]  # the group and the year, as the first sheet names them
    sheets = [sheet, *section_sheets(tables, title, kept.words, lang)]
    name = f"side-by-side-{group.code}-{year.cycle.year}-{lang}.xlsx"
    return download(workbook_bytes(sheets), name, XLSX)
