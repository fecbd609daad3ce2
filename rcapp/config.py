"""Configuration: defaults, then RCAPP_* environment variables, then test overrides."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MAX_UPLOAD_MB = 20


def configure(app: Flask, overrides: Mapping[str, Any] | None) -> None:
    instance = Path(app.instance_path)
    app.config.update(
        DATABASE_URL=f"sqlite:///{instance / 'rcapp.sqlite3'}",
        RUBRICS_DIR=str(PROJECT_ROOT / "rubrics"),
        UPLOAD_DIR=str(instance / "uploads"),
        MAX_CONTENT_LENGTH=MAX_UPLOAD_MB * 1024 * 1024 + 64 * 1024,
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
    app.config.from_prefixed_env("RCAPP")
    if overrides:
        app.config.update(overrides)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret_key(instance)


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
