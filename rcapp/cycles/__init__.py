"""Reporting cycles: the yearly round the secretariat opens, runs and closes."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Add the reporting-cycle pages (the results they freeze are registered by assessments)."""
    # The view modules add their routes to the one blueprint as they are imported.
    from rcapp.cycles import auto_reminders, closed_groups
    from rcapp.cycles.services import list_open_cycles
    from rcapp.cycles.views import closing, guide, year  # noqa: F401
    from rcapp.cycles.views.blueprint import bp
    from rcapp.organisations.hooks import set_open_rounds
    from rcapp.permissions import set_year_groups

    auto_reminders.days_before(app.config)  # a mistyped setting stops the start, not a page
    app.register_blueprint(bp)
    # Permissions read an organisation's groups in an assessment's year (closed_groups).
    set_year_groups(app, closed_groups.groups_of)
    # The commitment form and the invitation say which open round, and until when (qa50).
    set_open_rounds(app, lambda: [(cycle.year, cycle.deadline) for cycle in list_open_cycles()])
