"""Accounts: users, their roles, login and invitations."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Add the login, user-administration, audit-log and group-role pages; load users."""
    from rcapp.accounts import admin_views, audit_views, group_role_views, sections, views
    from rcapp.accounts.models import User
    from rcapp.db import session
    from rcapp.web import login_manager

    def load_user(user_id: str) -> User | None:
        user = session().get(User, int(user_id))
        return user if user is not None and user.is_active else None

    login_manager.user_loader(load_user)

    for blueprint in (views.bp, admin_views.bp, audit_views.bp, group_role_views.bp):
        app.register_blueprint(blueprint)
    sections.register(app)
