"""The secretariat's guide to a year: its steps in order, each with its live state and page.

The figures are the year page's own (cycles.hooks.cycle_results, and in the template the
year page's panels' globals: year_figures, group_review_figures, benchmarks_computed,
year_editions); nothing is counted again here.
"""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from rcapp.clock import beijing_today
from rcapp.cycles.deadlines import days_left
from rcapp.cycles.hooks import cycle_results
from rcapp.cycles.late_allowances import allowances_of
from rcapp.cycles.models import ReportingCycle
from rcapp.cycles.participants import count_signatories
from rcapp.cycles.views.blueprint import bp
from rcapp.permissions import Action, require
from rcapp.web import get_or_404, login_required


@bp.get("/<int:cycle_id>/guide")
@login_required
def guide(cycle_id: int) -> str:
    cycle = get_or_404(ReportingCycle, cycle_id)
    require(current_user, Action.CYCLE_MANAGE)
    today = beijing_today()
    return render_template(
        "cycles/guide.html",
        cycle=cycle,
        today=today,
        counts=cycle_results().roster_counts(cycle, today),
        days_left=days_left(cycle, today),
        signatories=count_signatories(cycle.year),
        extensions=len(allowances_of(cycle.id)),  # granted, as the year's list marks them
        progress=cycle_results().freeze_progress(cycle) if cycle.is_closing else None,
    )
