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
    from rcapp.template_globals import RcappEnvironment

    app.jinja_environment = RcappEnvironment  # before anything reads app.jinja_env

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
    # Lower domains first; each package adds its own pages and hooks.
    from rcapp import (
        accounts,
        assessments,
        benchmarks,
        cycles,
        home,
        mail,
        organisations,
        reports,
        reviews,
    )

    app.register_blueprint(home.bp)
    organisations.register(app)
    accounts.register(app)
    mail.register(app)
    cycles.register(app)
    assessments.register(app)
    benchmarks.register(app)
    reviews.register(app)
    reports.register(app)
