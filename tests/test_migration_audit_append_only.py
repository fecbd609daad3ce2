"""The audit log keeps who acted in each entry and refuses UPDATE and DELETE (QA47 D6).

The migration backfills the name and e-mail from the users table and adds the triggers;
deleting a user still works (the foreign key sets actor_id to NULL, the name stays); the
downgrade removes both. Run on SQLite, and on PostgreSQL with RCAPP_TEST_DATABASE_URL.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from rcapp.db import make_engine
from rcapp.dbcli import alembic_config
from tests.migration_world import check_migration, columns, in_one_transaction

BEFORE = "ba042f68516f"
AFTER = "4479c52a44b1"


@in_one_transaction
def _world(conn: sa.Connection) -> None:
    conn.execute(
        sa.text(
            "INSERT INTO users (id, email, name, is_secretariat, is_active, created_at,"
            " must_change_password, session_version)"
            " VALUES (1, 'wang@example.cn', '王磊', :no, :yes, CURRENT_TIMESTAMP, :no, 0),"
            " (2, 'li@example.cn', '李娜', :no, :yes, CURRENT_TIMESTAMP, :no, 0)"
        ),
        {"no": False, "yes": True},
    )
    conn.execute(
        sa.text(
            "INSERT INTO audit_entries (id, at, actor_id, entity, entity_id, action)"
            " VALUES (1, CURRENT_TIMESTAMP, 1, 'user', 2, 'deactivate'),"
            " (2, CURRENT_TIMESTAMP, NULL, 'cycle', 1, 'remind.auto')"
        )
    )


def _refused(engine: sa.Engine, statement: str) -> bool:
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(statement))
    except sa.exc.DBAPIError as error:
        return "append-only" in str(error)
    return False


def _upgraded(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT id, actor_name, actor_email FROM audit_entries ORDER BY id")
        ).all()
    assert [tuple(r) for r in rows] == [(1, "王磊", "wang@example.cn"), (2, None, None)]

    assert _refused(engine, "UPDATE audit_entries SET reason = 'changed' WHERE id = 1")
    assert _refused(engine, "UPDATE audit_entries SET actor_id = 2 WHERE id = 1")
    assert _refused(engine, "DELETE FROM audit_entries WHERE id = 2")
    if engine.dialect.name == "postgresql":
        assert _refused(engine, "TRUNCATE audit_entries")
    # A new entry is still written; a user row may still be deleted: the entry keeps the name.
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO audit_entries (id, at, actor_id, actor_name, entity, entity_id,"
                " action) VALUES (3, CURRENT_TIMESTAMP, 1, '王磊', 'user', 1, 'login')"
            )
        )
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA foreign_keys = ON")
    with engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM users WHERE id = 1"))
    with engine.connect() as conn:
        kept = conn.execute(
            sa.text("SELECT actor_id, actor_name FROM audit_entries WHERE id = 1")
        ).one()
    assert tuple(kept) == (None, "王磊")


def _downgraded(engine: sa.Engine) -> None:
    assert not {"actor_name", "actor_email"} & columns(engine, "audit_entries")
    assert not _refused(engine, "DELETE FROM audit_entries WHERE id = 2")


def test_the_snapshot_is_backfilled_and_the_table_is_append_only(database: str) -> None:
    check_migration(
        database, BEFORE, AFTER, rows=_world, upgraded=_upgraded, downgraded=_downgraded
    )


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_entries SET at = at", "DELETE FROM audit_entries"]
)
def test_the_guard_holds_on_an_empty_table_too(database: str, statement: str) -> None:
    from alembic import command

    command.upgrade(alembic_config(database), AFTER)
    engine = make_engine(database)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO audit_entries (at, entity, entity_id, action)"
                " VALUES (CURRENT_TIMESTAMP, 'cycle', 1, 'open')"
            )
        )
    assert _refused(engine, statement)
    engine.dispose()
