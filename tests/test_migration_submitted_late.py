"""QA15 D2: the submitted-late migration judges existing submissions by their year's deadline."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from rcapp.db import make_engine
from rcapp.dbcli import alembic_config
from tests.test_migration_snapshots import database  # noqa: F401 - the fixture

BEFORE = "0f044bd6682c"
AFTER = "41f7aeff2ee3"

_NOW = sa.bindparam("now", type_=sa.DateTime())
_AT = sa.bindparam("at", type_=sa.DateTime())


def _rows(conn: sa.Connection) -> None:
    now = dt.datetime(2026, 1, 1)  # noqa: DTZ001 - stored naive, as UTC
    for id_ in (1, 2, 3):
        conn.execute(
            sa.text(
                "INSERT INTO organisations (id, kind, name_zh, credit_code, province, city,"
                " commitment_status, created_at) VALUES (:id, 'company', :name, :code,"
                " '福建', '福州', 'signed', :now)"
            ).bindparams(_NOW),
            {"id": id_, "name": f"公司{id_}", "code": f"CODE{id_}", "now": now},
        )
    conn.execute(
        sa.text(
            "INSERT INTO reporting_cycles (id, year, company_rubric_id, company_rubric_version,"
            " park_rubric_id, park_rubric_version, deadline, status, created_at)"
            " VALUES (1, 2025, 'mini-company', 1, 'mini-company', 1, :deadline, 'open', :now)"
        ).bindparams(_NOW, sa.bindparam("deadline", type_=sa.Date())),
        {"now": now, "deadline": dt.date(2026, 3, 31)},
    )
    submitted = {
        1: dt.datetime(2026, 3, 31, 15, 59),  # noqa: DTZ001 - 23:59 in Beijing: on time
        2: dt.datetime(2026, 3, 31, 16, 0),  # noqa: DTZ001 - midnight in Beijing: late
        3: None,  # a draft
    }
    for id_, at in submitted.items():
        conn.execute(
            sa.text(
                "INSERT INTO assessments (id, organisation_id, cycle_id, rubric_id,"
                " rubric_version, rubric_sha256, status, created_at, updated_at, submitted_at)"
                " VALUES (:id, :id, 1, 'mini-company', 1, 'x', :status, :now, :now, :at)"
            ).bindparams(_NOW, _AT),
            {"id": id_, "status": "draft" if at is None else "submitted", "now": now, "at": at},
        )


def test_existing_submissions_are_late_only_after_the_deadline_day_in_beijing(
    database: str,  # noqa: F811 - the fixture
) -> None:
    from alembic import command

    command.upgrade(alembic_config(database), BEFORE)
    engine = make_engine(database)
    with engine.begin() as conn:
        _rows(conn)
    command.upgrade(alembic_config(database), AFTER)
    with engine.begin() as conn:
        rows = conn.execute(sa.text("SELECT id, submitted_late FROM assessments ORDER BY id"))
        assert [(r.id, bool(r.submitted_late)) for r in rows] == [(1, False), (2, True), (3, False)]
    command.downgrade(alembic_config(database), BEFORE)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM assessments")).scalar_one() == 3
        columns = {c["name"] for c in sa.inspect(conn).get_columns("assessments")}
        assert "submitted_late" not in columns
    engine.dispose()
