"""Configuration: defaults, then RCAPP_* environment variables, then test overrides."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MAX_UPLOAD_MB = 20
# Evidence files one press of "Save and upload" may send (all upload boxes of a page together).
MAX_FILES_PER_UPLOAD = 5
# Room in a request for the page's typed answers beside its files.
FORM_ALLOWANCE_BYTES = 1024 * 1024


# Issue 10 (hardening); each key can be set as RCAPP_<KEY>. See docs/deployment.md.
_HARDENING_DEFAULTS: dict[str, Any] = {
    # SQLite: how long a writer waits for the write lock before giving up.
    "SQLITE_BUSY_TIMEOUT_MS": 30_000,
    # SQLite: refuse at once any write inside a transaction begun deferred (a GET page's),
    # which otherwise fails only when another writer came first. On in the browser tests.
    "SQLITE_GUARD_WRITES": False,
    # Login throttling (the limits library). memory:// per process; redis://host:6379/0 when
    # several app servers share the work, so every server sees the same counts.
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_STRATEGY": "moving-window",
    # Failed logins: the first limit slows guessing down, the second locks out for a while.
    # The account limits protect each account. The address limits only stop guessing across
    # many accounts (password spraying) from one place, and a whole office or training room
    # behind one address shares them: sized so colleagues' typing errors never reach them
    # (docs/deployment.md, "Login throttling").
    "LOGIN_SLOWDOWN_PER_ACCOUNT": "5 per minute",
    "LOGIN_SLOWDOWN_PER_ADDRESS": "60 per 5 minutes",
    "LOGIN_LOCKOUT_PER_ACCOUNT": "10 per 15 minutes",
    "LOGIN_LOCKOUT_PER_ADDRESS": "200 per hour",
    "LOGIN_LOCKOUT_PER_ADDRESS_DAY": "500 per day",
    # A browser where an account logged in is known to it for this long (accounts.devices).
    "KNOWN_DEVICE_DAYS": 180,
    # Forgotten passwords: how long a reset link opens, and how many links may be asked for
    # per e-mail address typed (whether or not it has an account) and per network address.
    "PASSWORD_RESET_MINUTES": 60,
    "PASSWORD_RESET_PER_ACCOUNT": "3 per hour",
    "PASSWORD_RESET_PER_ADDRESS": "20 per hour",
    # Served over HTTPS (behind a TLS proxy): Secure cookies and HSTS.
    "HTTPS": False,
    "HSTS_MAX_AGE": 365 * 24 * 3600,
    # Number of reverse proxies in front of the app whose X-Forwarded-* headers are trusted.
    "TRUSTED_PROXIES": 0,
}


def configure(app: Flask, overrides: Mapping[str, Any] | None) -> None:
    instance = Path(app.instance_path)
    app.config.update(
        DATABASE_URL=f"sqlite:///{instance / 'rcapp.sqlite3'}",
        RUBRICS_DIR=str(PROJECT_ROOT / "rubrics"),
        UPLOAD_DIR=str(instance / "uploads"),
        MAX_UPLOAD_BYTES=MAX_UPLOAD_MB * 1024 * 1024,
        MAX_FILES_PER_UPLOAD=MAX_FILES_PER_UPLOAD,
        BABEL_DEFAULT_LOCALE="zh_CN",
        BABEL_TRANSLATION_DIRECTORIES=str(PROJECT_ROOT / "rcapp" / "translations"),
        LANGUAGES=("zh_CN", "en"),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=False,
        WTF_CSRF_TIME_LIMIT=None,
        PERMANENT_SESSION_LIFETIME=8 * 3600,
        # werkzeug method string (RCAPP_PASSWORD_HASH_METHOD); tests use a cheap pbkdf2
        PASSWORD_HASH_METHOD="scrypt",  # noqa: S106 - a method name, not a password
    )
    app.config.update(_HARDENING_DEFAULTS)
    app.config.from_prefixed_env("RCAPP")
    if overrides:
        app.config.update(overrides)
    if app.config.get("MAX_CONTENT_LENGTH") is None:
        # The whole request follows the per-file limits: every allowed file at its largest.
        app.config["MAX_CONTENT_LENGTH"] = request_limit(app.config)
    if app.config["HTTPS"]:
        app.config.update(
            SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True, PREFERRED_URL_SCHEME="https"
        )
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret_key(instance)


def request_limit(config: Mapping[str, Any]) -> int:
    """Return the largest request the upload limits allow: every file at its largest, plus form."""
    files = int(config["MAX_FILES_PER_UPLOAD"]) * int(config["MAX_UPLOAD_BYTES"])
    return files + FORM_ALLOWANCE_BYTES


def _instance_secret_key(instance: Path) -> str:
    """Generate a secret key once and keep it in the instance folder."""
    key_file = instance / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key, encoding="utf-8")
    key_file.chmod(0o600)
    return key
