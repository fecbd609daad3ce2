"""Password hashing follows the configuration; production keeps scrypt."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from rcapp import create_app
from rcapp.accounts.passwords import check_password, hash_password
from tests.conftest import TEST_PASSWORD_HASH_METHOD


def _app(tmp_path: Path, **overrides: object) -> Flask:
    return create_app(
        {"SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{tmp_path / 'p.sqlite3'}"} | overrides
    )


def test_production_hashes_with_scrypt_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RCAPP_PASSWORD_HASH_METHOD", raising=False)
    app = _app(tmp_path)
    assert app.config["PASSWORD_HASH_METHOD"] == "scrypt"
    with app.app_context():
        stored = hash_password("correct horse battery")
    assert stored.startswith("scrypt:")
    assert check_password(stored, "correct horse battery")
    assert not check_password(stored, "wrong horse battery")


def test_the_method_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RCAPP_PASSWORD_HASH_METHOD", "pbkdf2:sha256:2000")
    with _app(tmp_path).app_context():
        assert hash_password("pw").startswith("pbkdf2:sha256:2000$")


def test_hashes_of_another_method_still_check(app: Flask) -> None:
    assert app.config["PASSWORD_HASH_METHOD"] == TEST_PASSWORD_HASH_METHOD
    with app.app_context():
        cheap = hash_password("pw")
    assert cheap.startswith("pbkdf2:sha256:1000$")
    scrypt = _scrypt_hash("pw")
    assert check_password(scrypt, "pw")


def _scrypt_hash(password: str) -> str:
    from werkzeug.security import generate_password_hash

    return generate_password_hash(password, method="scrypt")
