"""Shared fixtures: a migrated test database, one savepoint per test, app, client, login."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import refresh as refresh_babel
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from rcapp import create_app
from rcapp.db import ENGINE_KEY, SESSIONMAKER_KEY, make_engine
from rcapp.dbcli import upgrade_database
from rcapp.security import limiter_for
from tests.parallel_workers import use_worker_services, worker_id

# `rcapp` reads no .env of the working directory (rcapp/cli.py: load_dotenv=False); nor may
# anything Flask builds for the tests, should a stray .env or .flaskenv lie about.
os.environ.setdefault("FLASK_SKIP_DOTENV", "1")

TESTS_DIR = Path(__file__).resolve().parent
TEST_RUBRICS_DIR = TESTS_DIR / "data" / "rubrics"
# Hashing with scrypt takes ~50 ms; tests log in hundreds of times (production keeps scrypt).
TEST_PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
# The schema a migration test builds on the suite's PostgreSQL (xdist workers each have a
# database of their own, so one name does).
MIGRATION_SCHEMA = "snapshot_migration_test"


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist, this worker takes a PostgreSQL database and Redis db of its own."""
    worker = worker_id()
    if worker is not None:
        use_worker_services(worker)


def _database_url(tmp_dir: Path) -> str:
    # RCAPP_TEST_DATABASE_URL points the whole suite at PostgreSQL (make test-postgres).
    return os.environ.get("RCAPP_TEST_DATABASE_URL") or f"sqlite:///{tmp_dir / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    tmp_dir = tmp_path_factory.mktemp("rcapp")
    url = _database_url(tmp_dir)
    application = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "DATABASE_URL": url,
            "RUBRICS_DIR": str(TEST_RUBRICS_DIR),
            "UPLOAD_DIR": str(tmp_dir / "uploads"),
            "WTF_CSRF_ENABLED": False,
            "PASSWORD_HASH_METHOD": TEST_PASSWORD_HASH_METHOD,
            # Not the debug server's 8025: a developer's `rcapp mail debug-server` there would
            # take the tests' mails, which would then count as sent (and their links masked).
            "MAIL_PORT": 1,
            # The jobs badge counts afresh on every page (test_jobs_attention_badge keeps it).
            "NAV_ATTENTION_SECONDS": 0,
        }
    )
    # A test's `db_session` keeps an app context open, and Flask lets requests reuse it, so
    # Flask-Babel's locale cached on that context's `g` would outlive the first request and a
    # later `/lang/en` would change nothing. Forget it at the start of every request; the
    # shared database session (and its savepoint isolation) stays as it is.
    application.before_request(refresh_babel)
    _reset_schema(application.extensions[ENGINE_KEY])
    upgrade_database(url)
    yield application
    application.extensions[ENGINE_KEY].dispose()


def _reset_schema(engine: Engine) -> None:
    """Start PostgreSQL runs from an empty schema; SQLite runs use a fresh file anyway."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The migration tests' database of their own, at no revision: a SQLite file, or a fresh
    schema on the suite's PostgreSQL."""
    monkeypatch.setenv("RCAPP_RUBRICS_DIR", str(TEST_RUBRICS_DIR))
    suite_url = os.environ.get("RCAPP_TEST_DATABASE_URL", "")
    if not suite_url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'migrate.sqlite3'}"
        return
    schema = MIGRATION_SCHEMA
    engine = make_engine(suite_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}")
    separator = "&" if "?" in suite_url else "?"
    yield f"{suite_url}{separator}options=-csearch_path%3D{schema}"
    with engine.begin() as conn:
        conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    engine.dispose()


@pytest.fixture
def connection(app: Flask) -> Iterator[Connection]:
    engine: Engine = app.extensions[ENGINE_KEY]
    with engine.connect() as conn:
        outer = conn.begin()
        original = app.extensions[SESSIONMAKER_KEY]
        app.extensions[SESSIONMAKER_KEY] = sessionmaker(
            bind=conn, join_transaction_mode="create_savepoint", expire_on_commit=False
        )
        try:
            yield conn
        finally:
            app.extensions[SESSIONMAKER_KEY] = original
            outer.rollback()


@pytest.fixture
def db_session(app: Flask, connection: Connection) -> Iterator[Session]:
    """The session services see inside an app context; commits become savepoint releases."""
    with app.app_context():
        from rcapp import db

        yield db.session()


@pytest.fixture(autouse=True)
def _tasks_run_at_once() -> None:
    """Tasks run inside the call under test (Huey's immediate mode), on an empty store.

    The mode lives on the one queue object: a test that builds an app of its own with
    production settings switches it off for every test after it (qa16 CI run).
    """
    from rcapp.queue import huey

    huey.immediate = True
    # Huey's store is one in-memory dict for the whole run: what a test left there (a park
    # refresh's marker or reported state) would show on another test's pages ("last
    # updated at"). Emptying a dict is cheap; the database rolls back on its own.
    huey.storage.flush_results()


@pytest.fixture
def client(app: Flask, connection: Connection) -> FlaskClient:
    # Failed logins of earlier tests must not throttle this one (one address: 127.0.0.1).
    limiter_for(app).reset()
    return app.test_client()


class AuthActions:
    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def login(self, email: str, password: str = "correct horse battery") -> None:
        response = self._client.post("/login", data={"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)

    def logout(self) -> None:
        self._client.post("/logout")

    def choose_language(self, lang: str) -> None:
        """Switch the logged-in user's pages to `lang` (zh: left as it is)."""
        if lang == "en":
            self._client.get("/lang/en")


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def no_earlier_imports(app: Flask) -> None:
    """User ids come again in each test's rolled-back database; their uploads must not.

    The organisation import's job tests use it (pytest.mark.usefixtures).
    """
    directory = Path(app.config["UPLOAD_DIR"]) / "organisation-imports"
    for path in directory.glob("*") if directory.is_dir() else []:
        path.unlink()
