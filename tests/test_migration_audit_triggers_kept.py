"""The audit log's append-only triggers exist after `db upgrade` to head, and a migration that
rebuilds the table in batch mode keeps them by lifting them with migrations/audit_triggers.py
(without it, the rebuild drops them silently). SQLite, and PostgreSQL with
RCAPP_TEST_DATABASE_URL.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext

import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations

from migrations.audit_triggers import TRIGGER_NAMES, audit_triggers_lifted
from rcapp.db import make_engine
from rcapp.dbcli import alembic_config
from tests.test_migration_audit_append_only import _refused


def _triggers(engine: sa.Engine) -> set[str]:
    if engine.dialect.name == "sqlite":
        query = (
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_entries'"
        )
    else:
        query = (
            "SELECT tgname FROM pg_trigger"
            " WHERE tgrelid = 'audit_entries'::regclass AND NOT tgisinternal"
        )
    with engine.connect() as conn:
        return set(conn.execute(sa.text(query)).scalars())


def _expected(engine: sa.Engine) -> set[str]:
    names = set(TRIGGER_NAMES)
    return names if engine.dialect.name == "postgresql" else names - {"audit_entries_no_truncate"}


def _at_head_with_an_entry(url: str) -> sa.Engine:
    from alembic import command

    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO audit_entries (id, at, entity, entity_id, action)"
                " VALUES (1, CURRENT_TIMESTAMP, 'cycle', 1, 'open')"
            )
        )
    return engine


def _assert_append_only(engine: sa.Engine) -> None:
    assert _triggers(engine) == _expected(engine)
    assert _refused(engine, "UPDATE audit_entries SET action = 'close' WHERE id = 1")
    assert _refused(engine, "DELETE FROM audit_entries WHERE id = 1")
    if engine.dialect.name == "postgresql":
        assert _refused(engine, "TRUNCATE audit_entries")


def test_after_upgrading_to_head_the_log_refuses_update_and_delete(database: str) -> None:
    engine = _at_head_with_an_entry(database)

    _assert_append_only(engine)
    engine.dispose()


def _rebuild(engine: sa.Engine, around: Callable[[], AbstractContextManager[None]]) -> None:
    """Run what a future migration would: rebuild audit_entries in batch mode (a copy)."""
    with engine.begin() as conn:
        context = MigrationContext.configure(conn, opts={"render_as_batch": True})
        with Operations.context(context), around():
            from alembic import op

            with op.batch_alter_table("audit_entries", recreate="always") as batch:
                batch.alter_column("reason", existing_type=sa.Text(), nullable=True)


def test_a_batch_rebuild_inside_the_helper_keeps_the_triggers(database: str) -> None:
    engine = _at_head_with_an_entry(database)

    _rebuild(engine, audit_triggers_lifted)

    _assert_append_only(engine)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT action FROM audit_entries")).scalars().all() == ["open"]
    engine.dispose()


def test_without_the_helper_a_rebuild_drops_them(database: str) -> None:
    engine = _at_head_with_an_entry(database)

    _rebuild(engine, nullcontext)

    assert _triggers(engine) == set()  # what the helper is for
    engine.dispose()
