"""The secretariat's guide to a year: its steps in order, each with its live state and page.

The figures are the year page's own: the roster counts (cycles.hooks.cycle_results), and
what the packages above cycles (reviews, benchmarks, reports) add through
cycles.guide_hooks: the year's peer-review figures and open appeals, the benchmarks
computed, the outputs made and the annual reports in force. A package not registered adds
nothing, and its step is left out or counts nothing. Nothing is counted again here. Each
step's state is decided by cycles.guide_steps from these figures; the template only shows
them.
"""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from rcapp.clock import beijing_today
from rcapp.cycles.deadlines import days_left
from rcapp.cycles.guide_hooks import guide_figures
from rcapp.cycles.guide_steps import Phase, YearFacts, step_states
from rcapp.cycles.hooks import cycle_results
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
    counts = cycle_results().roster_counts(cycle, today)
    left = days_left(cycle, today)
    found = guide_figures(cycle)
    outputs_made = found.outputs_made or 0
    reports_in_force = found.reports_in_force or ()
    facts = YearFacts(
        phase=Phase(cycle.shown_status),
        days_left=left,
        submitted=counts.get("submitted", 0),
        not_submitted=counts.get("open", 0),
        overdue=counts.get("overdue", 0),
        reviews=found.reviews,
        benchmarks_computed=found.benchmarks_computed,
        outputs_made=outputs_made,
        reports_in_force=len(reports_in_force),
    )
    return render_template(
        "cycles/guide.html",
        cycle=cycle,
        today=today,
        counts=counts,
        days_left=left,
        signatories=count_signatories(cycle.year),
        progress=cycle_results().freeze_progress(cycle) if cycle.is_closing else None,
        states=step_states(facts),
        figures=found.review_figures,
        open_appeals=found.open_appeals,
        summary=found.benchmark_summary,
        outputs_made=outputs_made,
        reports_in_force=reports_in_force,
    )
