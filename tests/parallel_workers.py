"""Give each pytest-xdist worker (`pytest -n 2`) its own PostgreSQL database and Redis db.

The suite resets the PostgreSQL schema it is given (conftest `_reset_schema`), makes fixed
schemas and scratch databases named after it, and its Redis tests count keys: two workers
on one database or one Redis db would trample each other. Each worker therefore rewrites
RCAPP_TEST_DATABASE_URL (database name + "_gw0", "_gw1", …, made here when missing) and
RCAPP_TEST_REDIS_URL (db number counted down from the one given) before any test module
reads them. A run without xdist (`pytest tests/web/test_x.py`) changes nothing.

The task queue's throw-away SQLite file is made by tests/__init__.py before rcapp.queue is
imported. The workers inherit the controller's environment, and with it the controller's
file: each worker makes a file of its own instead (`needs_own_queue`), named after its
process and worker id, so that two workers' queued-mode tests never take each other's tasks.

Everything else is already per process: SQLite files and uploads live under each worker's
own tmp_path (xdist gives each a basetemp of its own), mail servers and live servers take
free ports.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

REDIS_DATABASES = 16  # Redis's default `databases`: numbers 0-15
# Which test process made RCAPP_QUEUE_URL (its pid): set beside it by tests/__init__.py.
QUEUE_OWNER_KEY = "RCAPP_TEST_QUEUE_OWNER"


def worker_id() -> str | None:
    """The xdist worker this process is ("gw0", "gw1", …), None in a plain run."""
    return os.environ.get("PYTEST_XDIST_WORKER")


def needs_own_queue(environ: Mapping[str, str], pid: int) -> bool:
    """Whether this test process makes its own queue file: none is set, or the one set was made
    by another test process (an xdist worker inherits the controller's). A queue URL the
    developer set is kept."""
    if "RCAPP_QUEUE_URL" not in environ:
        return True
    owner = environ.get(QUEUE_OWNER_KEY)
    return owner is not None and owner != str(pid)


def own_queue_file(pid: int, worker: str | None) -> Path:
    """The throw-away queue file of test process `pid` (xdist worker `worker`, if one)."""
    return Path(tempfile.gettempdir()) / f"rcapp-test-queue-{pid}-{worker or 'main'}.sqlite3"


def use_worker_services(worker: str) -> None:
    """Point this worker's test database and Redis URLs at its own database and db."""
    database_url = os.environ.get("RCAPP_TEST_DATABASE_URL")
    if database_url and database_url.startswith("postgresql"):
        own = worker_database_url(database_url, worker)
        _create_database_if_missing(database_url, own)
        os.environ["RCAPP_TEST_DATABASE_URL"] = own
    redis_url = os.environ.get("RCAPP_TEST_REDIS_URL")
    if redis_url:
        os.environ["RCAPP_TEST_REDIS_URL"] = worker_redis_url(redis_url, worker)


def worker_database_url(url: str, worker: str) -> str:
    """The same server and role, on the database `<name>_<worker>`."""
    parsed = make_url(url)
    own = parsed.set(database=f"{parsed.database}_{worker}")
    return own.render_as_string(hide_password=False)


def worker_redis_url(url: str, worker: str) -> str:
    """The same Redis, on the db number the URL gives less the worker's number (mod 16).

    Counted down so that `make test`'s db 15 is followed by 14, away from the db 0 a
    developer's own Redis use is likely to be on.
    """
    match = re.fullmatch(r"(rediss?://[^/]*)(?:/(\d*))?(\?.*)?", url)
    if match is None:
        raise ValueError(f"RCAPP_TEST_REDIS_URL is no redis:// URL: {url!r}")
    server, number, query = match.group(1), match.group(2), match.group(3) or ""
    own = (int(number or 0) - _worker_number(worker)) % REDIS_DATABASES
    return f"{server}/{own}{query}"


def _worker_number(worker: str) -> int:
    return int(worker.removeprefix("gw"))


def _create_database_if_missing(admin_url: str, own_url: str) -> None:
    """Make the worker's database on first use (the role may create databases: postgres.sh)."""
    name = make_url(own_url).database
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            ).scalar()
            if not exists:
                try:
                    conn.execute(text(f'CREATE DATABASE "{name}"'))
                except ProgrammingError as exc:  # a second run racing this one made it first
                    if "already exists" not in str(exc.orig):
                        raise
    finally:
        admin.dispose()
