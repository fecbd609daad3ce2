"""Organisations: companies and chemical parks, their commitment and working groups."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Add the organisation register and working-group pages."""
    from rcapp.organisations import group_views, views

    app.register_blueprint(views.bp)
    app.register_blueprint(group_views.bp)
