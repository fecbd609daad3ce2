"""Accounts: users, their roles, login and invitations."""

from __future__ import annotations

from flask import Flask
from flask_login import user_logged_in


def register(app: Flask) -> None:
    """Add the login, user-administration, audit-log and group-role pages; load users."""
    from rcapp.accounts.models import User, parse_login_id
    from rcapp.accounts.queries import user_for_request
    from rcapp.accounts.services import store_language
    from rcapp.accounts.views import (
        admin,
        audit,
        group_roles,
        memberships,  # noqa: F401 - its views are on admin.bp
        resets,  # noqa: F401 - its views are on the accounts blueprint
        sections,
        unused,  # noqa: F401 - its views are on admin.bp
        user_history,  # noqa: F401 - its view is on admin.bp
    )
    from rcapp.accounts.views import bp as accounts_bp
    from rcapp.accounts.views.ended_logins import ended_login_message, remember_password_mark
    from rcapp.home import set_language_store
    from rcapp.web import LOGIN_ENDED_KEY, login_manager

    def load_user(login_id: str) -> User | None:
        """Load `<id>.<session_version>`; a revoked (older) version is an anonymous visitor."""
        parsed = parse_login_id(login_id)
        if parsed is None:
            return None
        user_id, version = parsed
        # Every page checks permissions against the user's memberships and group roles:
        # read as plain values with the user row, in one query (ORM collections cost more).
        user = user_for_request(user_id)
        if user is None or not user.is_active or user.session_version != version:
            return None
        return user

    login_manager.user_loader(load_user)
    # Why a login ended (deactivated, password changed elsewhere), for the login page.
    user_logged_in.connect(remember_password_mark, app)
    app.extensions[LOGIN_ENDED_KEY] = ended_login_message
    set_language_store(app, store_language)  # the language switch (rcapp.home) keeps it here
    for blueprint in (accounts_bp, admin.bp, audit.bp, group_roles.bp):
        app.register_blueprint(blueprint)
    sections.register(app)
