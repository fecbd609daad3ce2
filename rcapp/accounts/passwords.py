"""Password hashing with the configured method (scrypt in production, cheap in tests)."""

from __future__ import annotations

import secrets
from functools import cache

from flask import current_app, has_app_context
from werkzeug.security import check_password_hash, generate_password_hash

DEFAULT_METHOD = "scrypt"  # noqa: S105 - a method name, not a password


def hash_method() -> str:
    if has_app_context():
        return str(current_app.config.get("PASSWORD_HASH_METHOD") or DEFAULT_METHOD)
    return DEFAULT_METHOD


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=hash_method())


def check_password(stored: str, password: str) -> bool:
    """Check against a stored hash of any method, so changing the method keeps old logins."""
    return check_password_hash(stored, password)


@cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash(secrets.token_hex(16), method=method)


def dummy_hash() -> str:
    """Return a real hash of a random password: unknown e-mails cost as much as wrong passwords."""
    return _dummy_hash(hash_method())
