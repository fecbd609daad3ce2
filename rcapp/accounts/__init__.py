"""Accounts: users, their roles, login and invitations."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Add the login, user-administration, audit-log and group-role pages; load users."""
    from rcapp.accounts.models import User
    from rcapp.accounts.views import admin, audit, group_roles, sections
    from rcapp.accounts.views import bp as accounts_bp
    from rcapp.db import session
    from rcapp.web import login_manager

    def load_user(user_id: str) -> User | None:
        user = session().get(User, int(user_id))
        return user if user is not None and user.is_active else None

    login_manager.user_loader(load_user)
    for blueprint in (accounts_bp, admin.bp, audit.bp, group_roles.bp):
        app.register_blueprint(blueprint)
    sections.register(app)
