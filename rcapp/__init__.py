"""rcapp: Responsible Care self-assessment, KPIs and star ratings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build the Flask application; tests pass `overrides` for config."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder="../templates",
        static_folder="../static",
    )
    from rcapp import config, db, errors, i18n, queue, security, web

    config.configure(app, overrides)
    db.init_app(app)
    queue.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    web.init_app(app)
    errors.register_error_handlers(app)
    _register_blueprints(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from rcapp import home
    from rcapp.accounts import admin_views
    from rcapp.accounts import views as accounts_views
    from rcapp.assessments import views as assessments_views
    from rcapp.audit import views as audit_views
    from rcapp.cycles import views as cycles_views
    from rcapp.organisations import group_views
    from rcapp.organisations import views as organisations_views

    app.register_blueprint(home.bp)
    app.register_blueprint(accounts_views.bp)
    app.register_blueprint(assessments_views.bp)
    app.register_blueprint(admin_views.bp)
    app.register_blueprint(organisations_views.bp)
    app.register_blueprint(group_views.bp)
    app.register_blueprint(cycles_views.bp)
    app.register_blueprint(audit_views.bp)
