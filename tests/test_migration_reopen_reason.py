"""The reopen-reason migration adds a nullable column to corrective actions, and removes it."""

from __future__ import annotations

import sqlalchemy as sa

from rcapp.db import make_engine
from rcapp.dbcli import alembic_config
from tests.test_migration_snapshots import database  # noqa: F401 - the fixture

BEFORE = "5b1d7e3a9c20"
AFTER = "e2a4c6b8d0f1"


def _columns(engine: sa.Engine) -> dict[str, bool]:
    with engine.connect() as conn:
        found = sa.inspect(conn).get_columns("review_findings")
    return {c["name"]: bool(c["nullable"]) for c in found}


def test_the_reopen_reason_column_comes_and_goes(database: str) -> None:  # noqa: F811
    from alembic import command

    command.upgrade(alembic_config(database), BEFORE)
    engine = make_engine(database)
    assert "reopen_reason" not in _columns(engine)
    command.upgrade(alembic_config(database), AFTER)
    columns = _columns(engine)
    assert columns["reopen_reason"] is True
    assert "closing_file_name" in columns  # the table rebuilt by batch keeps its columns
    command.downgrade(alembic_config(database), BEFORE)
    assert "reopen_reason" not in _columns(engine)
    assert "closing_file_name" in _columns(engine)
    engine.dispose()
