"""Organisations: companies and chemical parks, their commitment and working groups."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Add the organisation register and working-group pages."""
    from rcapp.organisations.contact_phone import tel_uri
    from rcapp.organisations.views import (
        bp,
        groups,
        imports,  # noqa: F401 # its routes are on bp
    )

    app.register_blueprint(bp)
    app.register_blueprint(groups.bp)
    app.jinja_env.filters["tel_uri"] = tel_uri  # the contact phone as a link (_site_contact)
