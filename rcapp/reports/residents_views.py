"""The park's residents page as a workbook: the same list, for the park's own office."""

from __future__ import annotations

from flask import abort
from flask_babel import force_locale
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp.benchmarks import queries as benchmark_queries
from rcapp.benchmarks.permissions import can_see_residents, require
from rcapp.cycles.asked import asked_cycle_id
from rcapp.organisations.models import Organisation
from rcapp.reports.blueprint import XLSX, bp, download, report_lang
from rcapp.reports.data_park import residents_sheet
from rcapp.reports.documents import locale_of
from rcapp.reports.excel import workbook_bytes
from rcapp.reviews import queries
from rcapp.reviews.park_residents import park_residents_overview
from rcapp.web import get_or_404, login_required


@bp.get("/parks/<int:park_id>/residents.xlsx")
@login_required
def park_residents(park_id: int) -> Response:
    """Download the residents page's list of the year shown (the page's own choice of year)."""
    park = get_or_404(Organisation, park_id)
    require(can_see_residents(current_user, park), "benchmarks.park")
    with_results = benchmark_queries.cycles_with_resident_results(park.id)
    cycle = queries.chosen_or_latest(
        queries.cycles(), asked_cycle_id(), lambda c: c.id in with_results
    )
    if cycle is None:
        abort(404)
    lang = report_lang()
    with force_locale(locale_of(lang)):
        overview = park_residents_overview(park, cycle, lang, current_user.is_secretariat)
        data = workbook_bytes(
            [residents_sheet(park.display_name(lang), cycle.year, overview, lang)]
        )
    suffix = "-en" if lang == "en" else ""
    return download(data, f"residents-{park.credit_code}-{cycle.year}{suffix}.xlsx", XLSX)
