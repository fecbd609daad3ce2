"""The scorecard-job migration: jobs may be of kind scorecard; the downgrade undoes it."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from rcapp.db import make_engine
from rcapp.dbcli import alembic_config
from tests.test_migration_snapshots import database  # noqa: F401 - the fixture

BEFORE = "9c41e7b2d5a8"
AFTER = "0f044bd6682c"


def _add_job(engine: sa.Engine, kind: str) -> None:
    now = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC).replace(tzinfo=None)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO report_jobs (kind, status, lang, progress, created_at, updated_at)"
                " VALUES (:kind, 'queued', 'zh', 0, :now, :now)"
            ).bindparams(sa.bindparam("now", type_=sa.DateTime())),
            {"kind": kind, "now": now},
        )


def _kinds(engine: sa.Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.scalars(sa.text("SELECT kind FROM report_jobs ORDER BY id")))


def test_scorecard_jobs_are_allowed_after_and_removed_by_the_downgrade(
    database: str,  # noqa: F811 - the fixture
) -> None:
    from alembic import command

    command.upgrade(alembic_config(database), BEFORE)
    engine = make_engine(database)
    with pytest.raises(sa.exc.IntegrityError):
        _add_job(engine, "scorecard")
    _add_job(engine, "audit_log")
    command.upgrade(alembic_config(database), AFTER)
    _add_job(engine, "scorecard")
    with pytest.raises(sa.exc.IntegrityError):
        _add_job(engine, "no_such_kind")
    assert _kinds(engine) == ["audit_log", "scorecard"]
    command.downgrade(alembic_config(database), BEFORE)
    assert _kinds(engine) == ["audit_log"]
    with pytest.raises(sa.exc.IntegrityError):
        _add_job(engine, "scorecard")
    engine.dispose()
