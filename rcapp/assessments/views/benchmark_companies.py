"""The year's benchmark companies page (标杆企业名单): the five-star list and its candidates.

The secretariat sees it any time, with the candidates she may verify or publish a case of;
once the year is closed its results are published, and every member of the programme may
read the list (as the annual report: ANNUAL_REPORT_READ), without the candidates.
"""

from __future__ import annotations

from flask import abort, render_template

from rcapp.assessments.benchmark_list import benchmark_list
from rcapp.assessments.views.round import bp
from rcapp.assessments.views.top_band_words import top_band
from rcapp.cycles.models import ReportingCycle
from rcapp.permissions import Action, can
from rcapp.web import get_or_404, login_required, user_object


@bp.get("/<int:cycle_id>/benchmark-companies")
@login_required
def benchmark_companies(cycle_id: int) -> str:
    cycle = get_or_404(ReportingCycle, cycle_id)
    user = user_object()
    secretariat = can(user, Action.CYCLE_MANAGE)
    if not secretariat and not (cycle.is_closed and can(user, Action.ANNUAL_REPORT_READ)):
        abort(403)
    return render_template(
        "cycles/benchmark_companies.html",
        cycle=cycle,
        found=benchmark_list(cycle, with_candidates=secretariat),
        secretariat=secretariat,
        top=top_band(cycle),
    )
