"""Reports: Excel workbooks, PDF scorecards and the annual report, built from plain data."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Attach the report pages (the CLI commands are attached by rcapp.cli)."""
    from rcapp.reports import list_views, views  # noqa: F401 - importing attaches the routes
    from rcapp.reports.blueprint import bp

    app.register_blueprint(bp)
