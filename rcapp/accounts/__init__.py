"""Accounts: users, their roles, login and invitations."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Add the login, user-administration, audit-log and group-role pages; load users."""
    from rcapp.accounts.models import User
    from rcapp.accounts.queries import user_for_request
    from rcapp.accounts.views import (
        admin,
        audit,
        group_roles,
        memberships,  # noqa: F401 - its views are on admin.bp
        resets,  # noqa: F401 - its views are on the accounts blueprint
        sections,
    )
    from rcapp.accounts.views import bp as accounts_bp
    from rcapp.web import login_manager

    def load_user(login_id: str) -> User | None:
        """Load `<id>.<session_version>`; a revoked (older) version is an anonymous visitor."""
        user_id, _, version = login_id.partition(".")
        if not user_id.isdigit() or not version.isdigit():
            return None
        # Every page checks permissions against the user's memberships and group roles:
        # read as plain values with the user row, in one query (ORM collections cost more).
        user = user_for_request(int(user_id))
        if user is None or not user.is_active or user.session_version != int(version):
            return None
        return user

    login_manager.user_loader(load_user)
    for blueprint in (accounts_bp, admin.bp, audit.bp, group_roles.bp):
        app.register_blueprint(blueprint)
    sections.register(app)
