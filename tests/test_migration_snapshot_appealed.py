"""The appealed-snapshot migration: snapshots may be of kind appealed; the downgrade drops them."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from rcapp.db import make_engine
from rcapp.dbcli import alembic_config
from tests.test_migration_snapshots import database  # noqa: F401 - the fixture

BEFORE = "41f7aeff2ee3"
AFTER = "5601044d1e51"

_NOW = sa.bindparam("now", type_=sa.DateTime())


def _world(engine: sa.Engine) -> None:
    now = dt.datetime(2026, 12, 5, tzinfo=dt.UTC).replace(tzinfo=None)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO organisations (id, kind, name_zh, credit_code, province, city,"
                " commitment_status, created_at) VALUES (1, 'company', '公司', 'CODE1',"
                " '福建', '福州', 'signed', :now)"
            ).bindparams(_NOW),
            {"now": now},
        )
        conn.execute(
            sa.text(
                "INSERT INTO reporting_cycles (id, year, company_rubric_id,"
                " company_rubric_version, park_rubric_id, park_rubric_version, deadline,"
                " status, created_at) VALUES (1, 2025, 'mini-company', 1, 'mini-company', 1,"
                " :deadline, 'open', :now)"
            ).bindparams(_NOW, sa.bindparam("deadline", type_=sa.Date())),
            {"now": now, "deadline": dt.date(2026, 3, 31)},
        )
        conn.execute(
            sa.text(
                "INSERT INTO assessments (id, organisation_id, cycle_id, rubric_id,"
                " rubric_version, rubric_sha256, status, created_at, updated_at)"
                " VALUES (1, 1, 1, 'mini-company', 1, 'x', 'submitted', :now, :now)"
            ).bindparams(_NOW),
            {"now": now},
        )


def _add(engine: sa.Engine, kind: str) -> None:
    now = dt.datetime(2026, 12, 5, tzinfo=dt.UTC).replace(tzinfo=None)
    with engine.begin() as conn:
        snapshot = conn.execute(
            sa.text(
                "INSERT INTO scorecard_snapshots (assessment_id, kind, rubric_id,"
                " rubric_version, rubric_sha256, codec_version, computed_at, scorecard,"
                " review_context, overall_score, stars, rated) VALUES (1, :kind,"
                " 'mini-company', 1, 'x', 1, :now, '{}', '{}', 80, 3, true) RETURNING id"
            ).bindparams(_NOW),
            {"kind": kind, "now": now},
        ).scalar_one()
        conn.execute(
            sa.text(
                "INSERT INTO snapshot_section_scores (snapshot_id, section_id, score)"
                " VALUES (:id, 'MS', 80)"
            ),
            {"id": snapshot},
        )


def _kinds(engine: sa.Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.scalars(sa.text("SELECT kind FROM scorecard_snapshots ORDER BY id")))


def _scores(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(sa.text("SELECT count(*) FROM snapshot_section_scores")) or 0)


def test_appealed_snapshots_are_allowed_after_and_dropped_by_the_downgrade(
    database: str,  # noqa: F811 - the fixture
) -> None:
    from alembic import command

    command.upgrade(alembic_config(database), BEFORE)
    engine = make_engine(database)
    _world(engine)
    with pytest.raises(sa.exc.IntegrityError):
        _add(engine, "appealed")
    _add(engine, "final")
    command.upgrade(alembic_config(database), AFTER)
    assert _scores(engine) == 1  # kept through SQLite's copy of the table
    _add(engine, "appealed")
    with pytest.raises(sa.exc.IntegrityError):
        _add(engine, "no_such_kind")
    assert _kinds(engine) == ["final", "appealed"]
    command.downgrade(alembic_config(database), BEFORE)
    assert _kinds(engine) == ["final"]
    assert _scores(engine) == 1
    with pytest.raises(sa.exc.IntegrityError):
        _add(engine, "appealed")
    engine.dispose()
