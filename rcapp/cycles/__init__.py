"""Reporting cycles: the yearly round the secretariat opens, runs and closes."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Add the reporting-cycle pages (the results they freeze are registered by assessments)."""
    from rcapp.cycles import views

    app.register_blueprint(views.bp)
