"""A migration that adds a kind to report_jobs' CHECK constraint, checked both ways."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from tests.migration_world import check_migration


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


def check_kind_added(database: str, before: str, after: str, kind: str, older: str) -> None:
    """`kind` is refused before `after`, allowed after it, and its jobs go with the downgrade.

    `older` is a kind allowed before: its job stays through the upgrade and the downgrade.
    """

    def rows(engine: sa.Engine) -> None:
        with pytest.raises(sa.exc.IntegrityError):
            _add_job(engine, kind)
        _add_job(engine, older)

    def upgraded(engine: sa.Engine) -> None:
        _add_job(engine, kind)
        with pytest.raises(sa.exc.IntegrityError):
            _add_job(engine, "no_such_kind")
        assert _kinds(engine) == [older, kind]

    def downgraded(engine: sa.Engine) -> None:
        assert _kinds(engine) == [older]
        with pytest.raises(sa.exc.IntegrityError):
            _add_job(engine, kind)

    check_migration(database, before, after, rows=rows, upgraded=upgraded, downgraded=downgraded)
