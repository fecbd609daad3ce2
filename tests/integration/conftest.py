"""Fixtures of the integration tests that need a database of their own."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import create_engine

from rcapp import create_app
from rcapp.db import ENGINE_KEY
from rcapp.dbcli import upgrade_database
from tests.conftest import TEST_RUBRICS_DIR


@pytest.fixture
def isolated_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """An app on a fresh SQLite file, or a fresh schema when the suite runs on PostgreSQL.

    For races between threads with their own sessions: the usual test transaction
    (conftest `connection`) would hide one thread's work from the other.
    """
    base = os.environ.get("RCAPP_TEST_DATABASE_URL")
    schema = None
    if base:
        schema = f"race_{uuid.uuid4().hex[:10]}"
        admin = create_engine(base)
        with admin.begin() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
        url = f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('race') / 'race.sqlite3'}"
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "race",
            "DATABASE_URL": url,
            "RUBRICS_DIR": str(TEST_RUBRICS_DIR),
            "UPLOAD_DIR": str(tmp_path_factory.mktemp("race-uploads")),
        }
    )
    upgrade_database(url)
    yield app
    app.extensions[ENGINE_KEY].dispose()
    if base and schema:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()
