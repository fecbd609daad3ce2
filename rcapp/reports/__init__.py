"""Reports: Excel workbooks, PDF scorecards and the annual report, built from plain data."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Attach the report pages (the CLI commands are attached by rcapp.cli)."""
    from rcapp.reports import views

    app.register_blueprint(views.bp)
