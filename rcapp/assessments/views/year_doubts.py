"""The year's KPI figures to check (qa87 2): the secretariat's one list, not one page each."""

from __future__ import annotations

from flask import render_template

from rcapp.assessments.views.round import bp
from rcapp.assessments.year_kpi_doubts import year_kpi_doubts
from rcapp.cycles.models import ReportingCycle
from rcapp.i18n import current_lang
from rcapp.permissions import Action, require
from rcapp.web import get_or_404, login_required, user_object


@bp.get("/<int:cycle_id>/kpi-doubts")
@login_required
def kpi_doubts(cycle_id: int) -> str:
    cycle = get_or_404(ReportingCycle, cycle_id)
    require(user_object(), Action.CYCLE_MANAGE)
    return render_template(
        "cycles/kpi_doubts.html", cycle=cycle, found=year_kpi_doubts(cycle, current_lang())
    )
