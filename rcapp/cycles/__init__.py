"""Reporting cycles: the yearly round the secretariat opens, runs and closes."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Add the reporting-cycle pages (the results they freeze are registered by assessments)."""
    from rcapp.cycles import auto_reminders, views

    auto_reminders.days_before(app.config)  # a mistyped setting stops the start, not a page
    app.register_blueprint(views.bp)
