"""The late-allowance date migration keeps existing allowances, without an end date."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from rcapp.db import make_engine
from rcapp.dbcli import alembic_config
from tests.test_migration_snapshots import database  # noqa: F401 - the fixture

BEFORE = "a36e6b27e6e4"
AFTER = "b4c6e8f0a2d3"

_NOW = sa.bindparam("now", type_=sa.DateTime())


def _rows(conn: sa.Connection) -> None:
    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC).replace(tzinfo=None)
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
            "INSERT INTO reporting_cycles (id, year, company_rubric_id, company_rubric_version,"
            " park_rubric_id, park_rubric_version, deadline, status, created_at)"
            " VALUES (1, 2025, 'mini-company', 1, 'mini-company', 1, :deadline, 'open', :now)"
        ).bindparams(_NOW, sa.bindparam("deadline", type_=sa.Date())),
        {"now": now, "deadline": dt.date(2026, 3, 31)},
    )
    conn.execute(
        sa.text(
            "INSERT INTO late_allowances (cycle_id, organisation_id, allowed_at)"
            " VALUES (1, 1, :now)"
        ).bindparams(_NOW),
        {"now": now},
    )


def test_existing_allowances_get_no_end_date_and_keep_it_through_a_downgrade(
    database: str,  # noqa: F811 - the fixture
) -> None:
    from alembic import command

    command.upgrade(alembic_config(database), BEFORE)
    engine = make_engine(database)
    with engine.begin() as conn:
        _rows(conn)
    command.upgrade(alembic_config(database), AFTER)
    with engine.begin() as conn:
        rows = conn.execute(sa.text("SELECT cycle_id, organisation_id, until FROM late_allowances"))
        assert [tuple(r) for r in rows] == [(1, 1, None)]
        conn.execute(
            sa.text("UPDATE late_allowances SET until = :until").bindparams(
                sa.bindparam("until", type_=sa.Date())
            ),
            {"until": dt.date(2026, 4, 14)},
        )
        until = conn.execute(sa.text("SELECT until FROM late_allowances")).scalar_one()
        assert str(until) == "2026-04-14"
    command.downgrade(alembic_config(database), BEFORE)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM late_allowances")).scalar_one() == 1
        columns = {c["name"] for c in sa.inspect(conn).get_columns("late_allowances")}
        assert "until" not in columns
    engine.dispose()
