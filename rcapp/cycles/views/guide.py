"""The secretariat's guide to a year: its steps in order, each with its live state and page.

The figures are the year page's own: cycles.hooks.cycle_results, and the globals the year
page's panels read (year_figures, group_review_figures, open_appeal_count,
benchmarks_computed, year_editions, year_produced_files). Those come from the packages
above cycles (reviews, benchmarks, reports), which cycles does not import: the view reads
them as the panels do, from the app's template globals, only when the package is
installed. Nothing is counted again here. Each step's state is decided by
cycles.guide_steps from these figures; the template only shows them.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template
from flask_login import current_user

from rcapp.clock import beijing_today
from rcapp.cycles.deadlines import days_left
from rcapp.cycles.guide_steps import Phase, ReviewFacts, YearFacts, step_states
from rcapp.cycles.hooks import cycle_results
from rcapp.cycles.models import ReportingCycle
from rcapp.cycles.participants import count_signatories
from rcapp.cycles.views.blueprint import bp
from rcapp.permissions import Action, require
from rcapp.web import get_or_404, login_required

OUTPUT_KINDS = ("annual_workbook", "scorecards")  # the "files" step's outputs (JobKind values)


def _figures(name: str, endpoint: str) -> Any:
    """Return the template global `name` of the package serving `endpoint`, or None."""
    if endpoint not in current_app.view_functions:
        return None
    return current_app.jinja_env.globals.get(name)


@bp.get("/<int:cycle_id>/guide")
@login_required
def guide(cycle_id: int) -> str:
    cycle = get_or_404(ReportingCycle, cycle_id)
    require(current_user, Action.CYCLE_MANAGE)
    today = beijing_today()
    counts = cycle_results().roster_counts(cycle, today)
    left = days_left(cycle, today)
    year_figures = _figures("year_figures", "reviews.index")
    figures = year_figures(cycle.id) if year_figures else None
    appeal_count = _figures("open_appeal_count", "reviews.index")
    computed = _figures("benchmarks_computed", "benchmarks.compute")
    summary = computed(cycle.id) if computed else None
    editions_of = _figures("year_editions", "reports.job_list")
    editions = editions_of(cycle) if editions_of else []
    produced = _figures("year_produced_files", "reports.job_list")
    made = [e.job for e in editions] + (produced(cycle) if produced else [])
    outputs_made = [job for job in made if job.kind in OUTPUT_KINDS]
    in_force = [e for e in editions if e.withdrawal is None and e.replaced_by is None]
    reports_in_force = [e for e in in_force if e.job.kind == "annual_report"]
    facts = YearFacts(
        phase=Phase(cycle.shown_status),
        days_left=left,
        submitted=counts.get("submitted", 0),
        not_submitted=counts.get("open", 0),
        overdue=counts.get("overdue", 0),
        reviews=None
        if figures is None
        else ReviewFacts(figures.not_reviewed, figures.reviews_in_progress),
        benchmarks_computed=None if summary is None else bool(summary.computed),
        outputs_made=len(outputs_made),
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
        figures=figures,
        open_appeals=appeal_count(cycle.id) if appeal_count else None,
        summary=summary,
        outputs_made=len(outputs_made),
        reports_in_force=reports_in_force,
    )
