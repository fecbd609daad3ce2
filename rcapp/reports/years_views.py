"""The years page (历年对比) as a workbook, for a board deck: the table as the page shows it."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp.benchmarks.permissions import can_see_position, require
from rcapp.i18n import current_lang
from rcapp.organisations.models import Organisation
from rcapp.reports.blueprint import XLSX, bp, download
from rcapp.reports.data_years import years_sheet
from rcapp.reports.excel import workbook_bytes
from rcapp.reviews.year_rows import kpi_units, organisation_years
from rcapp.web import get_or_404, login_required


@bp.get("/organisations/<int:organisation_id>/years.xlsx")
@login_required
def years_workbook(organisation_id: int) -> Response:
    """Download the organisation's years side by side, in the page's language."""
    found = get_or_404(Organisation, organisation_id)
    require(can_see_position(current_user, found), "benchmarks.view")
    rows = organisation_years(found)
    if not rows:  # no year submitted: the page says so and offers no download
        abort(404)
    lang = current_lang()
    sheet = years_sheet(found, rows, kpi_units(rows, lang), lang)
    name = f"years-{found.display_name(lang)}-{rows[0].year}-{rows[-1].year}-{lang}.xlsx"
    return download(workbook_bytes([sheet]), name, XLSX)
