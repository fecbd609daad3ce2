"""The AUTOINCREMENT migration: a deleted row's id never comes back, and no row is lost on the way.

SQLite reuses the highest rowid after a delete, so a stale delete form (a bare id) removed the
newer record that got it (qa41 D1). The rebuild keeps every row, also the rows of the tables
that reference a rebuilt one (their DROP TABLE cascades with foreign keys on).
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

import rcapp.all_models  # noqa: F401 - registers every table
from rcapp.db import ENGINE_KEY, Base, make_engine
from rcapp.dbcli import alembic_config

BEFORE = "6bee1a535c67"
AFTER = "ff232b4dc449"
NOW = "2025-10-01 08:00:00.000000"


def _autoincrement_tables(conn: sa.Connection) -> set[str]:
    rows = conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all()
    return {name for name, sql in rows if "AUTOINCREMENT" in (sql or "").upper()}


def _world(conn: sa.Connection) -> None:
    """An organisation with a group, a review with two assignments, a decision and findings."""
    run = conn.exec_driver_sql
    run(
        "INSERT INTO organisations (id, name_zh, kind, credit_code, province, city,"
        " commitment_status, created_at) VALUES (1, '甲化工', 'company', '91320000000000001X',"
        " '江苏', '南京', 'signed', ?)",
        (NOW,),
    )


def test_ids_are_never_reused_and_every_row_survives(database: str) -> None:
    from alembic import command

    command.upgrade(alembic_config(database), BEFORE)
    engine = make_engine(database)
    if engine.dialect.name != "sqlite":
        # PostgreSQL's sequences never reuse an id: the migration changes nothing there.
        command.upgrade(alembic_config(database), AFTER)
        command.downgrade(alembic_config(database), BEFORE)
        engine.dispose()
        return
    with engine.begin() as conn:
        _fill(conn)
    with engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM events WHERE id = 2")
        conn.exec_driver_sql("DELETE FROM working_group_roles WHERE id = 2")
    before = _counts(engine)
    command.upgrade(alembic_config(database), AFTER)
    assert _counts(engine) == before
    with engine.begin() as conn:
        assert "events" in _autoincrement_tables(conn)
        assert _decision_and_finding(conn) == (1, 1)
        conn.exec_driver_sql("DELETE FROM events WHERE id = 1")
        conn.exec_driver_sql(
            "INSERT INTO events (organisation_id, event_type, occurred_on, fatalities, injuries,"
            " description, is_resolved, created_at, version)"
            " VALUES (1, 'pse_tier1', '2025-11-11', 0, 0, '新事件NEW', 0, ?, 1)",
            (NOW,),
        )
        new_id = conn.exec_driver_sql("SELECT id FROM events WHERE description = '新事件NEW'")
        assert new_id.scalar() == 2  # never the deleted 1 again
    command.downgrade(alembic_config(database), BEFORE)
    with engine.connect() as conn:
        assert _autoincrement_tables(conn) == set()
        assert _decision_and_finding(conn) == (1, 1)
    engine.dispose()


def _fill(conn: sa.Connection) -> None:
    run = conn.exec_driver_sql
    _world(conn)
    run(
        "INSERT INTO users (id, email, name, is_active, is_secretariat, must_change_password,"
        " created_at) VALUES (1, 'a@example.cn', '王磊', 1, 0, 0, ?)",
        (NOW,),
    )
    run(
        "INSERT INTO working_groups (id, code, name_zh, name_en, kind) VALUES"
        " (1, 'ps', '工艺安全工作组', 'Process safety', 'code')"
    )
    run("INSERT INTO working_group_members (id, working_group_id, organisation_id) VALUES (1,1,1)")
    run(
        "INSERT INTO working_group_roles (id, user_id, working_group_id, role) VALUES"
        " (1, 1, 1, 'lead'), (2, 1, 1, 'reviewer')"
    )
    for event_id in (1, 2):
        run(
            "INSERT INTO events (id, organisation_id, event_type, occurred_on, fatalities,"
            " injuries, description, is_resolved, created_at, version)"
            " VALUES (?, 1, 'pse_tier1', '2025-10-01', 0, 0, '旧事件OLD', 0, ?, 1)",
            (event_id, NOW),
        )
    run(
        "INSERT INTO reporting_cycles (id, year, company_rubric_id, company_rubric_version,"
        " park_rubric_id, park_rubric_version, deadline, status, created_at)"
        " VALUES (1, 2025, 'mini-company', 1, 'mini-park', 1, '2026-03-31', 'open', ?)",
        (NOW,),
    )
    run(
        "INSERT INTO assessments (id, organisation_id, cycle_id, rubric_id, rubric_version,"
        " rubric_sha256, status, created_at, updated_at) VALUES"
        " (1, 1, 1, 'mini-company', 1, 'x', 'submitted', ?, ?)",
        (NOW, NOW),
    )
    run(
        "INSERT INTO reviews (id, assessment_id, kind, status, created_at, sample_items,"
        " sample_kpis) VALUES (1, 1, 'desk', 'in_review', ?, '[]', '[]')",
        (NOW,),
    )
    run(
        "INSERT INTO review_assignments (id, review_id, reviewer_id, reviewer_organisation_id,"
        " status, assigned_at) VALUES (1, 1, 1, 1, 'assigned', ?)",
        (NOW,),
    )
    run(
        "INSERT INTO review_item_decisions (id, assignment_id, item_id, decision, decided_at)"
        " VALUES (1, 1, 'MS.G1.1', 'accept', ?)",
        (NOW,),
    )
    run(
        "INSERT INTO review_findings (id, review_id, assignment_id, kind, text, created_at)"
        " VALUES (1, 1, 1, 'strength', '好', ?)",
        (NOW,),
    )


def _counts(engine: sa.Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            table: conn.exec_driver_sql(f'SELECT COUNT(*) FROM "{table}"').scalar() or 0  # noqa: S608
            for table in Base.metadata.tables
            if table in sa.inspect(conn).get_table_names()
        }


def _decision_and_finding(conn: sa.Connection) -> tuple[int, int]:
    decisions = conn.exec_driver_sql("SELECT COUNT(*) FROM review_item_decisions").scalar()
    finding = conn.exec_driver_sql("SELECT assignment_id FROM review_findings WHERE id = 1")
    return int(decisions or 0), int(finding.scalar() or 0)


def test_the_models_say_autoincrement_for_the_migrated_tables(app: Flask) -> None:
    """compare_metadata does not look at AUTOINCREMENT: the models and the schema agree here."""
    engine = app.extensions[ENGINE_KEY]
    wanted = {
        name
        for name, table in Base.metadata.tables.items()
        if table.dialect_options["sqlite"]["autoincrement"]
    }
    assert "attachments" in wanted
    assert "events" in wanted
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as conn:
        assert _autoincrement_tables(conn) == wanted
