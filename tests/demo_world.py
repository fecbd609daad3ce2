"""The demo data set (`rcapp demo`) made once for a test module and rolled back after it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from click.testing import Result
from flask import Flask
from sqlalchemy.orm import sessionmaker

from rcapp.db import ENGINE_KEY, SESSIONMAKER_KEY
from rcapp.demo import demo_command
from tests.real_rubrics import RUBRICS


@pytest.fixture(scope="module")
def demo(app: Flask) -> Iterator[Result]:
    """Run `rcapp demo` once for the module, inside a transaction rolled back at the end."""
    original_dir, original_maker = app.config["RUBRICS_DIR"], app.extensions[SESSIONMAKER_KEY]
    app.config["RUBRICS_DIR"] = str(RUBRICS)
    with app.extensions[ENGINE_KEY].connect() as conn:
        outer = conn.begin()
        app.extensions[SESSIONMAKER_KEY] = sessionmaker(
            bind=conn, join_transaction_mode="create_savepoint", expire_on_commit=False
        )
        try:
            with app.app_context():
                yield app.test_cli_runner().invoke(demo_command)
        finally:
            app.extensions[SESSIONMAKER_KEY] = original_maker
            app.config["RUBRICS_DIR"] = original_dir
            outer.rollback()
