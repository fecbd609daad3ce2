"""The reviewer's panel on the home page: open review assignments, when each is due.

An assignment is due `REVIEW_DUE_DAYS` days (default 21) after it was made, counted in
Beijing days; the panel says how many days are left or how late it is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app, render_template
from flask_login import current_user

from rcapp.clock import beijing_today, to_beijing
from rcapp.reviews import queries
from rcapp.reviews.models import ReviewAssignment
from rcapp.reviews.permissions import ReviewAction, can_review

DEFAULT_DUE_DAYS = 21


@dataclass(frozen=True)
class OpenAssignment:
    assignment: ReviewAssignment
    due_on: dt.date
    days_left: int  # negative when late


def due_on(assignment: ReviewAssignment, days: int) -> dt.date:
    return to_beijing(assignment.assigned_at).date() + dt.timedelta(days=days)


def open_assignments(today: dt.date, days: int) -> list[OpenAssignment]:
    """List the open assignments of the user (not submitted, review not final), soonest first.

    Assignments of a closed year are left out: its reviews are frozen (year_lock), so
    nothing on them can be done, and counting the days late would only alarm.
    """
    found = [
        OpenAssignment(a, due_on(a, days), (due_on(a, days) - today).days)
        for a in queries.assignments_for(current_user)
        if not a.is_submitted and a.review.assessment.cycle.is_open
    ]
    return sorted(found, key=lambda o: o.due_on)


def render_panel() -> str:
    """Render the panel, or nothing for a user with no open assignment."""
    days = int(current_app.config.get("REVIEW_DUE_DAYS", DEFAULT_DUE_DAYS))
    rows = open_assignments(beijing_today(), days)
    if not rows:
        return ""
    return render_template("reviews/_home_panel.html", rows=rows)


def render_appeals_panel() -> str:
    """Render the secretariat's open appeals (nothing else on its home page says one waits)."""
    if not can_review(current_user, ReviewAction.DECIDE_APPEAL):
        return ""
    waiting = len(queries.open_appeals())
    if not waiting:
        return ""
    return render_template("reviews/_home_appeals.html", waiting=waiting)
